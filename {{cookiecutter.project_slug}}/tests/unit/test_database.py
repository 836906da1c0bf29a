"""The request session commits on success and rolls back on error; SQLite gets real transactions.

On SQLite a request that only reads begins a deferred transaction, any other an immediate one
after its turn behind the process's other writers; a file database runs in WAL mode.
"""

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import Request
from sqlalchemy import Column, Integer, MetaData, Table, event, insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from backend import database
from backend.database import (
    SessionFactory,
    _sqlite_on_begin,
    _sqlite_on_connect,
    create_engine,
    create_session_factory,
    get_session,
)
from backend.error import ServiceUnavailableError

scratch = Table("scratch", MetaData(), Column("value", Integer))


@pytest.fixture
async def scratch_table(connection: AsyncConnection) -> Table:
    """A table that lives only inside the test's transaction."""
    await connection.run_sync(scratch.create)
    return scratch


async def stored_values(session: AsyncSession, table: Table) -> list[int]:
    return list((await session.exec(select(table.c.value))).all())


def request_with(method: str) -> Request:
    """A bare request with ``method``, as the session dependency sees it."""
    return Request({"type": "http", "method": method, "headers": []})


@pytest.fixture
async def file_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An engine on a database file, where transactions really compete for the write lock."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
    async with engine.begin() as connection:
        await connection.run_sync(scratch.create)
    yield engine
    await engine.dispose()


class TestGetSession:
    async def test_get_session_when_request_succeeds_commits(
        self, scratch_table: Table, session_factory: SessionFactory, db_session: AsyncSession
    ) -> None:
        # Arrange
        sessions = get_session(request_with("POST"), session_factory, asyncio.Lock())
        session = await anext(sessions)
        await session.exec(insert(scratch_table).values(value=1))

        # Act
        with pytest.raises(StopAsyncIteration):
            await anext(sessions)

        # Assert
        assert await stored_values(db_session, scratch_table) == [1]

    async def test_get_session_when_request_fails_rolls_back_and_reraises(
        self, scratch_table: Table, session_factory: SessionFactory, db_session: AsyncSession
    ) -> None:
        # Arrange
        sessions = get_session(request_with("POST"), session_factory, None)
        session = await anext(sessions)
        await session.exec(insert(scratch_table).values(value=1))

        # Act
        with pytest.raises(RuntimeError, match="handler failed"):
            await sessions.athrow(RuntimeError("handler failed"))

        # Assert
        assert await stored_values(db_session, scratch_table) == []


class TestSqliteTurns:
    @pytest.mark.parametrize(
        ("method", "begin"),
        [
            ("GET", "BEGIN DEFERRED"),
            ("HEAD", "BEGIN DEFERRED"),
            ("POST", "BEGIN IMMEDIATE"),
            ("DELETE", "BEGIN IMMEDIATE"),
        ],
    )
    async def test_get_session_begins_deferred_only_for_methods_that_read(
        self, file_engine: AsyncEngine, method: str, begin: str
    ) -> None:
        # Arrange
        statements: list[str] = []
        event.listen(file_engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        sessions = get_session(request_with(method), create_session_factory(file_engine), asyncio.Lock())
        session = await anext(sessions)

        # Act
        await session.exec(select(scratch.c.value))
        await sessions.aclose()

        # Assert
        assert statements[0] == begin

    async def test_get_session_reading_while_another_connection_writes_does_not_wait(
        self, file_engine: AsyncEngine
    ) -> None:
        # Arrange: a writer holds the file's write lock with an uncommitted row
        async with file_engine.begin() as writer:
            await writer.execute(insert(scratch).values(value=1))
            sessions = get_session(request_with("GET"), create_session_factory(file_engine), asyncio.Lock())
            session = await anext(sessions)

            # Act
            values = await asyncio.wait_for(stored_values(session, scratch), timeout=1)
            await sessions.aclose()

        # Assert
        assert values == []

    async def test_get_session_writers_take_turns_in_arrival_order(self, file_engine: AsyncEngine) -> None:
        # Arrange
        lock, factory, order = asyncio.Lock(), create_session_factory(file_engine), []

        async def write(value: int) -> None:
            sessions = get_session(request_with("POST"), factory, lock)
            session = await anext(sessions)
            order.append(value)
            await asyncio.sleep(0.01)
            await session.exec(insert(scratch).values(value=value))
            with pytest.raises(StopAsyncIteration):
                await anext(sessions)

        # Act
        await asyncio.gather(*(write(value) for value in range(5)))

        # Assert
        assert order == [0, 1, 2, 3, 4]
        async with factory() as session:
            assert sorted(await stored_values(session, scratch)) == [0, 1, 2, 3, 4]

    async def test_get_session_when_turn_does_not_come_in_time_raises_service_unavailable(
        self, file_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Arrange
        monkeypatch.setattr(database, "BUSY_SECONDS", 0.05)
        lock = asyncio.Lock()
        await lock.acquire()
        sessions = get_session(request_with("PATCH"), create_session_factory(file_engine), lock)

        # Act
        with pytest.raises(ServiceUnavailableError):
            await anext(sessions)

        # Assert
        assert lock.locked()
        lock.release()


class TestSqliteEngine:
    @pytest.fixture
    async def sqlite_connection(self) -> AsyncIterator[AsyncConnection]:
        """A connection to an in-memory SQLite database, whatever database the suite runs on."""
        engine = create_engine("sqlite+aiosqlite://")
        async with engine.connect() as connection:
            await connection.run_sync(scratch.create)
            yield connection
        await engine.dispose()

    async def test_engine_connection_when_opened_enforces_foreign_keys(
        self, sqlite_connection: AsyncConnection
    ) -> None:
        # Act
        enabled = await sqlite_connection.scalar(text("PRAGMA foreign_keys"))

        # Assert
        assert enabled == 1

    async def test_savepoint_when_rolled_back_keeps_outer_work(self, sqlite_connection: AsyncConnection) -> None:
        # Arrange
        await sqlite_connection.execute(insert(scratch).values(value=1))

        # Act
        savepoint = await sqlite_connection.begin_nested()
        await sqlite_connection.execute(insert(scratch).values(value=2))
        await savepoint.rollback()

        # Assert
        assert (await sqlite_connection.execute(select(scratch.c.value))).scalars().all() == [1]


class TestSqliteConnectionSettings:
    """The connect event's work, called directly on a plain sqlite3 connection as the driver's event calls it."""

    @pytest.mark.parametrize("where", ["file", "memory"])
    def test_sqlite_on_connect_sets_pragmas_and_wal_on_a_file_only(self, tmp_path: Path, where: str) -> None:
        # Arrange
        target = str(tmp_path / "app.db") if where == "file" else ":memory:"
        connection = sqlite3.connect(target)
        untouched = sqlite3.connect(":memory:")

        def pragma(name: str, on: sqlite3.Connection = connection) -> object:
            return on.execute(f"PRAGMA {name}").fetchone()[0]

        try:
            # Act
            _sqlite_on_connect(connection, None)

            # Assert
            assert connection.isolation_level is None
            assert pragma("busy_timeout") == database.BUSY_SECONDS * 1000
            assert pragma("foreign_keys") == 1
            if where == "file":
                assert (pragma("journal_mode"), pragma("synchronous")) == ("wal", 1)
            else:
                assert (pragma("journal_mode"), pragma("synchronous")) == ("memory", pragma("synchronous", untouched))
        finally:
            connection.close()
            untouched.close()


class TestSqliteConcurrency:
    @pytest.mark.parametrize(("url", "mode"), [("file", "wal"), ("memory", "memory")])
    async def test_engine_journal_is_wal_on_a_file_only(self, tmp_path: Path, url: str, mode: str) -> None:
        # Arrange
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}" if url == "file" else "sqlite+aiosqlite://")

        # Act
        async with engine.connect() as connection:
            journal = await connection.scalar(text("PRAGMA journal_mode"))
        await engine.dispose()

        # Assert
        assert journal == mode

    async def test_concurrent_read_then_write_transactions_on_file_database_all_commit(
        self, file_engine: AsyncEngine
    ) -> None:
        # Arrange
        factory = create_session_factory(file_engine)

        async def read_then_write(value: int) -> None:
            async with factory() as session:
                await session.exec(select(scratch.c.value))
                await asyncio.sleep(0.01)
                await session.exec(insert(scratch).values(value=value))
                await session.commit()

        # Act
        await asyncio.gather(*(read_then_write(value) for value in range(5)))

        # Assert
        async with factory() as session:
            assert sorted((await session.exec(select(scratch.c.value))).all()) == [0, 1, 2, 3, 4]


class TestCreateEngine:
    @pytest.mark.parametrize(
        ("url", "patched"),
        [("sqlite+aiosqlite://", True), ("postgresql+asyncpg://user@127.0.0.1:5432/app", False)],
    )
    async def test_create_engine_patches_transactions_only_for_sqlite(self, url: str, patched: bool) -> None:
        # Act
        engine = create_engine(url)

        # Assert
        assert event.contains(engine.sync_engine, "connect", _sqlite_on_connect) is patched
        assert event.contains(engine.sync_engine, "begin", _sqlite_on_begin) is patched
        assert engine.sync_engine.pool._pre_ping is not patched
        assert engine.sync_engine.hide_parameters is True
        await engine.dispose()
