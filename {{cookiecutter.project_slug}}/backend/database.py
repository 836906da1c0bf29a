"""Engine, session factory and the request session: the one transaction boundary."""

from collections.abc import AsyncGenerator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import URL, event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

SessionFactory = async_sessionmaker[AsyncSession]


def create_engine(url: str | URL, **options: Any) -> AsyncEngine:
    """An async engine; SQLite gets real transactions, savepoints and foreign keys.

    On other databases a pooled connection is checked before use, so one that a server restart
    closed is replaced instead of failing a request.
    """
    if make_url(url).get_backend_name() != "sqlite":
        options.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 driver's own transaction handling breaks SAVEPOINT; take it over.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: two transactions that read and then write
    # wait for each other (up to the driver's timeout) instead of one failing as "locked".
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_session_factory(bind: Any) -> SessionFactory:
    """Sessions that keep loaded values after commit (no lazy reloads in async code)."""
    return async_sessionmaker(bind=bind, class_=AsyncSession, expire_on_commit=False)


def get_session_factory(request: Request) -> SessionFactory:
    """The application's session factory (tests override this dependency)."""
    factory: SessionFactory = request.app.state.session_factory
    return factory


async def get_session(
    factory: Annotated[SessionFactory, Depends(get_session_factory)],
) -> AsyncGenerator[AsyncSession, None]:
    """One session per request: commit when the handler succeeds, roll back when it raises."""
    async with factory() as session:
        try:
            yield session
        except Exception:
            await session.rollback()
            raise
        await session.commit()


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
