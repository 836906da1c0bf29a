"""The databases the suite runs on, and Alembic driven on an open connection.

`TEST_DATABASE_URL` chooses the server (`DEFAULT_TEST_DATABASE_URL` when it is unset). On PostgreSQL the
suite creates databases of its own on that server, named after the URL's database: that name
itself (with `_gw0`, `_gw1`, ... under pytest-xdist, one per worker) and the same name plus a
suffix for the migration and concurrency tests. Each is dropped when the suite is done, and one
left behind by a killed run is dropped and created afresh by the next. The suite connects to the
server's `postgres` database to create and drop them. On SQLite the tests' database is in memory
and the other databases are files in pytest's temporary directory.
"""

import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata, produce_migrations, render_python_code
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import URL, Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool, StaticPool
from sqlmodel import SQLModel

from backend.database import create_engine
from backend.migration import render_item

{% if cookiecutter.database == "postgresql" -%}
DEFAULT_TEST_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1/{{ cookiecutter.project_slug }}_test"
{% else -%}
DEFAULT_TEST_DATABASE_URL = "sqlite+aiosqlite://"
{% endif -%}
MAINTENANCE_DATABASE = "postgres"
CONNECT_TIMEOUT = 10
DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}\Z")
ALEMBIC_INI = Path(__file__).resolve().parent.parent / "alembic.ini"


def configured_url() -> URL:
    """The URL of `TEST_DATABASE_URL`, else the default."""
    return make_url(os.environ.get("TEST_DATABASE_URL") or DEFAULT_TEST_DATABASE_URL)


def worker_suffix() -> str:
    """`gw0`, `gw1`, ... inside a pytest-xdist worker; empty otherwise."""
    return os.environ.get("PYTEST_XDIST_WORKER", "")


def is_sqlite(url: URL) -> bool:
    """Whether ``url`` names a SQLite database."""
    return url.get_backend_name() == "sqlite"


def engine_options(url: URL) -> dict[str, Any]:
    """Options for an engine on ``url``: one shared connection for an in-memory SQLite database."""
    if is_sqlite(url):
        return {"poolclass": StaticPool} if url.database in {None, "", ":memory:"} else {}
    return {"connect_args": {"timeout": CONNECT_TIMEOUT}}


def shown(url: URL) -> str:
    """``url`` for messages: the password masked."""
    return url.render_as_string(hide_password=True)


def plain(url: URL) -> str:
    """``url`` as settings take it: the password included."""
    return url.render_as_string(hide_password=False)


async def unreachable(url: URL) -> str | None:
    """Why the test database server cannot be used, or None when it can."""
    if is_sqlite(url):
        return None
    try:
        async with _maintenance(url):
            pass
    except (OSError, SQLAlchemyError) as error:
        reason = str(error).splitlines()[0] or type(error).__name__
        return (
            f"cannot connect to the test database server at {shown(url)} ({reason}). "
            "Start PostgreSQL there, or set TEST_DATABASE_URL to a server you can create databases on, "
            "e.g. TEST_DATABASE_URL=postgresql+asyncpg://user:password@host:5432/name_test"
        )
    return None


@asynccontextmanager
async def own_database(base: URL, *suffixes: str, directory: Path) -> AsyncIterator[URL]:
    """A new, empty database named after ``base`` and ``suffixes``, dropped afterwards."""
    name = "_".join(part for part in (base.database or "test", *suffixes) if part)
    if is_sqlite(base):
        path = directory / f"{name}.db"
        path.unlink(missing_ok=True)
        yield base.set(database=str(path))
        path.unlink(missing_ok=True)
        return
    if not DATABASE_NAME.match(name):
        raise ValueError(
            f"cannot use {name!r} as a test database name (lowercase letters, digits and underscores, "
            "at most 63 characters): shorten the database name in TEST_DATABASE_URL"
        )
    async with _maintenance(base) as connection:
        await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name)
    finally:
        async with _maintenance(base) as connection:
            await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@asynccontextmanager
async def _maintenance(url: URL) -> AsyncIterator[AsyncConnection]:
    """A connection to the server's maintenance database, outside any transaction."""
    engine = create_async_engine(
        url.set(database=MAINTENANCE_DATABASE),
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
        connect_args={"timeout": CONNECT_TIMEOUT},
    )
    try:
        async with engine.connect() as connection:
            yield connection
    finally:
        await engine.dispose()


def alembic_config(connection: Connection | None = None, **options: Any) -> Config:
    """The project's Alembic configuration; with ``connection``, migrations run on it."""
    config = Config(ALEMBIC_INI, **options)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection, revision: str = "base") -> None:
    command.downgrade(alembic_config(connection), revision)


def schema_drift(connection: Connection) -> list[Any]:
    """What `alembic check` reports: the differences between the database and the models."""
    return list(compare_metadata(MigrationContext.configure(connection), SQLModel.metadata))


def autogenerated_upgrade(connection: Connection) -> str:
    """The body of the `upgrade()` that `alembic revision --autogenerate` would write (its first line unindented)."""
    migrations = produce_migrations(MigrationContext.configure(connection), SQLModel.metadata)
    assert migrations.upgrade_ops is not None
    return render_python_code(migrations.upgrade_ops, render_item=render_item)


async def migrate(url: URL) -> None:
    """Bring the database at ``url`` up to the newest revision."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(upgrade)
            await connection.commit()
    finally:
        await engine.dispose()
