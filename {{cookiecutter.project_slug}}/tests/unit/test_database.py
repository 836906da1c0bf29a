"""The request session commits on success and rolls back on error; SQLite gets real transactions."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, event, insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from backend.database import (
    SessionFactory,
    _sqlite_on_begin,
    _sqlite_on_connect,
    create_engine,
    create_session_factory,
    get_session,
)

scratch = Table("scratch", MetaData(), Column("value", Integer))


@pytest.fixture
async def scratch_table(connection: AsyncConnection) -> Table:
    """A table that lives only inside the test's transaction."""
    await connection.run_sync(scratch.create)
    return scratch


async def stored_values(session: AsyncSession, table: Table) -> list[int]:
    return list((await session.exec(select(table.c.value))).all())


class TestGetSession:
    async def test_get_session_when_request_succeeds_commits(
        self, scratch_table: Table, session_factory: SessionFactory, db_session: AsyncSession
    ) -> None:
        # Arrange
        sessions = get_session(session_factory)
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
        sessions = get_session(session_factory)
        session = await anext(sessions)
        await session.exec(insert(scratch_table).values(value=1))

        # Act
        with pytest.raises(RuntimeError, match="handler failed"):
            await sessions.athrow(RuntimeError("handler failed"))

        # Assert
        assert await stored_values(db_session, scratch_table) == []


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


class TestSqliteConcurrency:
    @pytest.fixture
    async def file_engine(self, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
        """An engine on a database file, where transactions really compete for the write lock."""
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
        async with engine.begin() as connection:
            await connection.run_sync(scratch.create)
        yield engine
        await engine.dispose()

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
        await engine.dispose()
