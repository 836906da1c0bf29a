"""Fixtures every test can use.

engine (one per session: the run's own database, tables created once; see tests/databases.py)
  -> connection (per test: an outer transaction, rolled back afterwards)
    -> session_factory / db_session (commits become savepoint releases)
app (a fresh application without domain routes per test; a domain's router tests share one of
     their own per module)
  -> client (HTTP on the test's event loop)
served_app (the whole application, built once) + session_factory -> api_client
live_app (a database of its own, migrated, whose requests really commit) -> live_client
{%- if cookiecutter.auth == "jwt" %}
signed_in (a user that is not stored, for unit tests); make_user -> owner (stored): api_client signs in as
owner, live_client as a user stored in live_app's database; bearer(user, settings) for any other user
{%- endif %}
"""

import gc
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx2 import ASGITransport, AsyncClient
{%- if cookiecutter.auth == "jwt" %}
from pydantic import SecretStr
{%- endif %}
from sqlalchemy import URL
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from backend.config import Settings
from backend.database import SessionFactory, create_engine
from backend.domain import load_routers
{%- if cookiecutter.auth == "jwt" %}
from backend.domain.auth.model import User
{%- endif %}
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
{%- if cookiecutter.auth == "jwt" %}
from tests.users import UserFactory, bearer, new_user
{%- endif %}

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


def pytest_collection_finish(session: pytest.Session) -> None:
    """Keep what collection built (modules, classes, test items) out of the garbage collector's walks:
    it lives as long as the run, and each full collection would traverse it again (about 3% of a run)."""
    gc.collect()
    gc.freeze()


def pytest_unconfigure(config: pytest.Config) -> None:
    """Let go of the test server."""
    if SERVER in config.stash:
        config.stash[SERVER].close()


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Settings for an application under test (its own engine is never connected)."""
{%- if cookiecutter.auth == "jwt" %}
    return settings_for_tests(database_url=plain(configured_url()))


def settings_for_tests(**values: object) -> Settings:
    """Settings for tests: a real signing key, and the cheapest Argon2 cost (the suite hashes often)."""
    cheap = {"password_time_cost": 1, "password_memory_kib": 8, "password_parallelism": 1}
    key = SecretStr("a-signing-key-for-tests-only-0123456789")
    return Settings.model_validate({"environment": "test", "secret_key": key} | cheap | values)
{%- else %}
    return Settings(_env_file=None, database_url=plain(configured_url()))
{%- endif %}


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
    """A fresh application without domain routes (middleware, error handlers, health routes): tests add
    routes and set `dependency_overrides` freely, and its cost does not grow with the domains."""
    return create_application(settings, routers=[])


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
{%- if cookiecutter.auth == "jwt" %}
async def api_client(
    served_app: FastAPI, session_factory: SessionFactory, owner: User, settings: Settings
) -> AsyncIterator[AsyncClient]:
    """A client for the whole application, signed in as ``owner``, whose requests use the test's transaction."""
{%- else %}
async def api_client(served_app: FastAPI, session_factory: SessionFactory) -> AsyncIterator[AsyncClient]:
    """A client for the whole application whose requests use the test's database transaction."""
{%- endif %}

    # The application's own factory is swapped, not overridden as a dependency: FastAPI would inspect
    # an override's signature again on every request.
    own_factory = served_app.state.session_factory
    served_app.state.session_factory = session_factory
    try:
        async with http_client(served_app) as client:
{%- if cookiecutter.auth == "jwt" %}
            client.headers.update(bearer(owner, settings))
{%- endif %}
            yield client
    finally:
        served_app.state.session_factory = own_factory


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
{%- if cookiecutter.auth == "jwt" %}
    app = create_application(settings_for_tests(database_url=plain(live_database)))
{%- else %}
    app = create_application(Settings(_env_file=None, database_url=plain(live_database)))
{%- endif %}
    async with app.router.lifespan_context(app):
        yield app


{% if cookiecutter.auth == "jwt" -%}
@pytest.fixture(scope="session")
async def live_user(live_app: FastAPI) -> User:
    """A user committed in ``live_app``'s database."""
    factory: SessionFactory = live_app.state.session_factory
    async with factory() as session:
        user = new_user(live_app.state.settings)
        session.add(user)
        await session.commit()
    return user


@pytest.fixture
async def live_client(live_app: FastAPI, live_user: User) -> AsyncIterator[AsyncClient]:
    """A client for ``live_app``, signed in as ``live_user``: each request has its own connection and transaction."""
    async with http_client(live_app) as client:
        client.headers.update(bearer(live_user, live_app.state.settings))
        yield client
{%- else -%}
@pytest.fixture
async def live_client(live_app: FastAPI) -> AsyncIterator[AsyncClient]:
    """A client for ``live_app``: each request has its own connection and transaction."""
    async with http_client(live_app) as client:
        yield client
{%- endif %}


@pytest.fixture
def live_session_factory(live_app: FastAPI) -> SessionFactory:
    """Sessions on ``live_database`` whose commits are real."""
    factory: SessionFactory = live_app.state.session_factory
    return factory
{%- if cookiecutter.auth == "jwt" %}


@pytest.fixture
def signed_in() -> User:
    """The user a router or service unit test acts as (never stored)."""
    return User(email="signed-in@example.com", hashed_password="-")


@pytest.fixture
def make_user(db_session: AsyncSession, settings: Settings) -> UserFactory:
    """Stores a user (in the test's transaction) with the password `PASSWORD`; keywords set its flags."""

    async def make(**flags: bool) -> User:
        user = new_user(settings, **flags)
        db_session.add(user)
        await db_session.flush()
        return user

    return make


@pytest.fixture
async def owner(make_user: UserFactory) -> User:
    """The stored user that `api_client` signs in as, and so the owner of what it creates."""
    return await make_user()
{%- endif %}
