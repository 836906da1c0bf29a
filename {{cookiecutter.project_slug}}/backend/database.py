"""Engine, session factory and the request session: the one transaction boundary.

On SQLite (one writer at a time for the whole file) a file database runs in WAL mode, so readers
never wait for the writer nor it for them; a request that only reads begins a deferred transaction
and takes no lock. Any other request begins an immediate one, after waiting its turn behind the
process's other writers in an `asyncio.Lock` (in order, holding no connection while it waits).
A request that cannot get its turn or the database's lock within `BUSY_SECONDS` answers 503.
"""

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import URL, event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from backend.error import ServiceUnavailableError

SessionFactory = async_sessionmaker[AsyncSession]

# How long a write waits for its turn, and a SQLite statement for another process's lock.
BUSY_SECONDS = 30
# The execution option that tells `_sqlite_on_begin` how to begin: "DEFERRED" or "IMMEDIATE" (the default).
SQLITE_BEGIN = "sqlite_begin"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def create_engine(url: str | URL, **options: Any) -> AsyncEngine:
    """An async engine; SQLite gets real transactions, savepoints and foreign keys.

    On other databases a pooled connection is checked before use, so one that a server restart
    closed is replaced instead of failing a request. Statements' bound values never reach a log line
    or an error message (``ECHO_SQL`` shows the statements only).
    """
    options.setdefault("hide_parameters", True)
    if make_url(url).get_backend_name() != "sqlite":
        options.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 driver's own transaction handling breaks SAVEPOINT; take it over. With it off,
    # no transaction is open here, which changing the journal mode requires.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL on a file (an in-memory database stays "memory"); there a commit need not wait for
    # fsync (NORMAL): a power cut may lose the last commits, never corrupt the file.
    cursor.execute("PRAGMA journal_mode=WAL")
    if cursor.fetchone()[0] == "wal":
        cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: two transactions that read and then write
    # wait for each other instead of one failing as "locked". DEFERRED, for a transaction
    # that only reads, takes no lock at all under WAL.
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")


def create_session_factory(bind: Any) -> SessionFactory:
    """Sessions that keep loaded values after commit (no lazy reloads in async code)."""
    return async_sessionmaker(bind=bind, class_=AsyncSession, expire_on_commit=False)


async def get_session_factory(request: Request) -> SessionFactory:
    """The application's session factory (tests put one on their own transaction in its place)."""
    factory: SessionFactory = request.app.state.session_factory
    return factory


async def get_write_lock(request: Request) -> asyncio.Lock | None:
    """The lock the application's SQLite writers take in turn (None on a server database)."""
    lock: asyncio.Lock | None = request.app.state.write_lock
    return lock


async def get_session(
    request: Request,
    factory: Annotated[SessionFactory, Depends(get_session_factory)],
    write_lock: Annotated[asyncio.Lock | None, Depends(get_write_lock)],
) -> AsyncGenerator[AsyncSession, None]:
    """One session per request: commit when the handler succeeds, roll back when it raises."""
    reads_only = request.method in READ_ONLY_METHODS
    begin = {SQLITE_BEGIN: "DEFERRED" if reads_only else "IMMEDIATE"}
    async with _turn(None if reads_only else write_lock), factory(execution_options=begin) as session:
        try:
            yield session
        except Exception:
            await session.rollback()
            raise
        await session.commit()


@asynccontextmanager
async def _turn(lock: asyncio.Lock | None) -> AsyncIterator[None]:
    """Hold ``lock`` (if any) for the block, after waiting at most `BUSY_SECONDS` for it."""
    if lock is None:
        yield
        return
    try:
        await asyncio.wait_for(lock.acquire(), BUSY_SECONDS)
    except TimeoutError:
        raise ServiceUnavailableError("The database is busy with other writes; retry shortly.") from None
    try:
        yield
    finally:
        lock.release()


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
