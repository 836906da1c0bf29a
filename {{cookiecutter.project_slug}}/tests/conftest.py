"""Fixtures every test can use.

engine (one per session, tables created once)
  -> connection (per test: an outer transaction, rolled back afterwards)
    -> session_factory / db_session (commits become savepoint releases)
app (a fresh application per test) -> client (HTTP on the test's event loop)
served_app (the whole application, built once) + session_factory -> api_client
"""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx2 import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from backend.config import Settings
from backend.database import SessionFactory, create_engine, get_session_factory
from backend.domain import load_routers
from backend.main import create_application

TEST_DATABASE_URL = "sqlite+aiosqlite://"


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Settings for an application under test (its own engine is never connected)."""
    return Settings(_env_file=None, database_url=TEST_DATABASE_URL)


@pytest.fixture(scope="session")
async def engine() -> AsyncIterator[AsyncEngine]:
    """One in-memory database for the whole run, with every domain's tables."""
    load_routers()  # imports every domain's model, so the metadata knows all tables
    engine = create_engine(TEST_DATABASE_URL, poolclass=StaticPool)
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
    served_app.dependency_overrides[get_session_factory] = lambda: session_factory
    try:
        async with http_client(served_app) as client:
            yield client
    finally:
        served_app.dependency_overrides.clear()
