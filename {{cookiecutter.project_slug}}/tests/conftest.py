"""Fixtures every test can use.

engine (one per session: the run's own database, tables created once; see tests/databases.py)
  -> connection (per test: an outer transaction, rolled back afterwards)
    -> session_factory / db_session (commits become savepoint releases)
app (a fresh application per test; a domain's router tests share one per module)
  -> client (HTTP on the test's event loop)
served_app (the whole application, built once) + session_factory -> api_client
live_app (a database of its own, migrated, whose requests really commit) -> live_client
"""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx2 import ASGITransport, AsyncClient
from sqlalchemy import URL
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from backend.config import Settings
from backend.database import SessionFactory, create_engine, get_session_factory
from backend.domain import load_routers
from backend.main import create_application
from tests.databases import (
    ServerHold,
    configured_url,
    engine_options,
    is_sqlite,
    migrate,
    own_database,
    plain,
    url_problem,
    worker_suffix,
)

SERVER = pytest.StashKey[ServerHold]()


def pytest_configure(config: pytest.Config) -> None:
    """Before any test: check TEST_DATABASE_URL and take hold of its server, or stop with one message."""
    if worker_suffix() or config.option.help or config.option.collectonly:
        return  # workers run under the hold of the process that started them
    problem = url_problem()
    if problem is None and not is_sqlite(configured_url()):
        config.stash[SERVER] = ServerHold(configured_url())
        problem = config.stash[SERVER].open()
    if problem is not None:
        raise pytest.UsageError(problem)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Let go of the test server."""
    if SERVER in config.stash:
        config.stash[SERVER].close()


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Settings for an application under test (its own engine is never connected)."""
    return Settings(_env_file=None, database_url=plain(configured_url()))


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[URL]:
    """The run's own database (in memory on SQLite), dropped at the end."""
    base = configured_url()
    if is_sqlite(base):
        yield base.set(database=None)
        return
    async with own_database(base, worker_suffix(), directory=tmp_path_factory.getbasetemp()) as url:
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: URL) -> AsyncIterator[AsyncEngine]:
    """The engine on the run's database, with every domain's tables."""
    load_routers()  # imports every domain's model, so the metadata knows all tables
    engine = create_engine(database_url, **engine_options(database_url))
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
def session_factory(connection: AsyncConnection) -> SessionFactory:
    """Sessions joined to the test's transaction: their commits only release savepoints."""
    return async_sessionmaker(
        bind=connection,
        class_=AsyncSession,
        expire_on_commit=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def db_session(session_factory: SessionFactory) -> AsyncIterator[AsyncSession]:
    """A session on the test's transaction, for repository tests and for checking what an API call stored."""
    async with session_factory() as session:
        yield session


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    """A fresh application; tests set `dependency_overrides` on it freely."""
    return create_application(settings)


def http_client(app: FastAPI) -> AsyncClient:
    """An HTTP client calling ``app`` in process; unexpected errors arrive as 500 responses."""
    return AsyncClient(transport=ASGITransport(app=app, raise_app_exceptions=False), base_url="http://test")


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    """An HTTP client for ``app``, on the test's event loop."""
    async with http_client(app) as client:
        yield client


@pytest.fixture(scope="session")
def served_app(settings: Settings) -> FastAPI:
    """The whole application, built once (routes are compiled on first use); never add routes to it."""
    return create_application(settings)


@pytest.fixture
async def api_client(served_app: FastAPI, session_factory: SessionFactory) -> AsyncIterator[AsyncClient]:
    """A client for the whole application whose requests use the test's database transaction."""

    async def on_test_transaction() -> SessionFactory:
        return session_factory

    served_app.dependency_overrides[get_session_factory] = on_test_transaction
    try:
        async with http_client(served_app) as client:
            yield client
    finally:
        served_app.dependency_overrides.clear()


@pytest.fixture(scope="session")
async def live_database(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[URL]:
    """A database of its own, brought up to date by the migrations, that requests really commit to."""
    directory = tmp_path_factory.getbasetemp()
    async with own_database(configured_url(), worker_suffix(), "live", directory=directory) as url:
        await migrate(url)
        yield url


@pytest.fixture(scope="session")
async def live_app(live_database: URL) -> AsyncIterator[FastAPI]:
    """The whole application on ``live_database``, started and shut down like a served one."""
    app = create_application(Settings(_env_file=None, database_url=plain(live_database)))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def live_client(live_app: FastAPI) -> AsyncIterator[AsyncClient]:
    """A client for ``live_app``: each request has its own connection and transaction."""
    async with http_client(live_app) as client:
        yield client


@pytest.fixture
def live_session_factory(live_app: FastAPI) -> SessionFactory:
    """Sessions on ``live_database`` whose commits are real."""
    factory: SessionFactory = live_app.state.session_factory
    return factory
