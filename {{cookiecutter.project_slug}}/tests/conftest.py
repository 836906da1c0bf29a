"""Fixtures every test can use.

engine (one per session, tables created once)
  -> connection (per test: an outer transaction, rolled back afterwards)
    -> session_factory / db_session (commits become savepoint releases)
      -> app (a fresh application) -> client (HTTP on the test's event loop)
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
    return Settings(database_url=TEST_DATABASE_URL)


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


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[AsyncClient]:
    """An HTTP client calling ``app`` in process, on the test's event loop."""
    transport = ASGITransport(app=app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.fixture
def api_client(app: FastAPI, client: AsyncClient, session_factory: SessionFactory) -> AsyncClient:
    """``client`` with every request's session on the test's database transaction."""
    app.dependency_overrides[get_session_factory] = lambda: session_factory
    return client
