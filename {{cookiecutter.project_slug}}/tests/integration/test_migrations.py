"""The migrations in migrations/versions against a real, empty database of their own."""

import io
from collections.abc import AsyncIterator

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from backend.database import create_engine
from backend.domain import domain_names
from tests.databases import (
    alembic_config,
    configured_url,
    downgrade,
    own_database,
    plain,
    schema_drift,
    upgrade,
    worker_suffix,
)


@pytest.fixture
async def empty_engine(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[AsyncEngine]:
    """An engine on a new database with no tables at all."""
    directory = tmp_path_factory.getbasetemp()
    async with own_database(configured_url(), worker_suffix(), "migrations", directory=directory) as url:
        engine = create_engine(url, poolclass=NullPool)
        yield engine
        await engine.dispose()


class TestMigrations:
    async def test_upgrade_head_when_database_empty_creates_exactly_the_models_schema(
        self, empty_engine: AsyncEngine
    ) -> None:
        # Arrange
        async with empty_engine.connect() as connection:
            # Act
            await connection.run_sync(upgrade)
            drift = await connection.run_sync(schema_drift)
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))

        # Assert
        assert drift == []
        assert tables == {*SQLModel.metadata.tables, "alembic_version"}

    async def test_downgrade_base_when_at_head_removes_every_table(self, empty_engine: AsyncEngine) -> None:
        # Arrange
        async with empty_engine.connect() as connection:
            await connection.run_sync(upgrade)

            # Act
            await connection.run_sync(downgrade)
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))

        # Assert
        assert tables == {"alembic_version"}

    def test_revisions_when_read_form_one_chain_with_one_revision_per_domain(self) -> None:
        # Arrange
        scripts = ScriptDirectory.from_config(alembic_config())

        # Act
        chain = list(scripts.walk_revisions())

        # Assert
        assert len(scripts.get_heads()) == 1
        assert chain[-1].down_revision is None
        assert len(chain) >= len(domain_names())

    def test_upgrade_head_when_offline_writes_a_create_table_per_model(self) -> None:
        # Arrange
        output = io.StringIO()
        config = alembic_config(output_buffer=output)
        config.set_main_option("sqlalchemy.url", plain(configured_url()).replace("%", "%%"))

        # Act
        command.upgrade(config, "head", sql=True)

        # Assert
        script = output.getvalue()
        for table in SQLModel.metadata.tables:
            assert f"CREATE TABLE {table} " in script
