"""The databases the suite runs on, and Alembic driven on an open connection.

`TEST_DATABASE_URL` chooses the server (`DEFAULT_TEST_DATABASE_URL` when it is unset). On PostgreSQL the
suite creates databases of its own on that server, named after the URL's database: that name
itself (with `_gw0`, `_gw1`, ... under pytest-xdist, one per worker) and the same name plus a
suffix for the migration and concurrency tests. It marks each one (a comment, and a connection
limit set by the statement that creates it), drops it when the suite is done, and drops marked
ones a killed run left behind (see `ServerHold`); it never drops a database it did not mark. The
suite connects to the server's `postgres` database to create and drop them. On SQLite the tests'
database is in memory and the other databases are files in pytest's temporary directory.
"""

import asyncio
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
from sqlalchemy import URL, Connection, make_url, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
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
DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
RESERVED_DATABASES = frozenset({"postgres", "template0", "template1"})
# The longest suffix the suite adds to the database name: worker and purpose.
LONGEST_SUFFIX = "_gw99_migrations"
# Each database the suite creates carries this comment; only such databases are ever dropped.
MARK = "scratch database of the test suite; dropped when the suite ends"
# ... and this connection limit, set by CREATE DATABASE itself: a run killed between creating a
# database and commenting on it leaves one that the next run still knows as its own.
MARK_CONNECTION_LIMIT = 9173
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


def url_problem() -> str | None:
    """What is wrong with `TEST_DATABASE_URL` itself, or None."""
    try:
        url = configured_url()
    except (ArgumentError, ValueError) as error:
        return f"TEST_DATABASE_URL cannot be read as a database URL ({error}); quote special characters in the password"
    if url.drivername not in DRIVERS:
        return f"TEST_DATABASE_URL uses {url.drivername!r}; use one of: {', '.join(DRIVERS)}"
    if is_sqlite(url):
        return None
    name = url.database or ""
    if not DATABASE_NAME.match(name) or name in RESERVED_DATABASES or len(name + LONGEST_SUFFIX) > 63:
        return (
            f"TEST_DATABASE_URL names the database {name!r}; give a name of lowercase letters, digits and underscores "
            f"of at most {63 - len(LONGEST_SUFFIX)} characters, other than {', '.join(sorted(RESERVED_DATABASES))} "
            "(the suite creates databases of that name and drops them again)"
        )
    return None


class ServerHold:
    """The run's hold on a PostgreSQL test server, taken once before any test (and not by xdist workers).

    It checks that the server answers and lets the user create databases, takes an advisory lock
    that keeps a second run on the same database name out, and drops the databases a killed run
    left behind. Databases of that name that the suite did not create are never touched.
    """

    def __init__(self, url: URL) -> None:
        self.url = url
        self._loop = asyncio.new_event_loop()
        self._engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None

    def open(self) -> str | None:
        """Take hold of the server; why it cannot be used, or None."""
        problem = self._loop.run_until_complete(self._open())
        if problem is not None:
            self.close()
        return problem

    def close(self) -> None:
        """Let go of the server (the lock ends with its connection)."""
        if not self._loop.is_closed():
            self._loop.run_until_complete(self._close())
            self._loop.close()

    async def _open(self) -> str | None:
        name = self.url.database or ""
        self._engine = _maintenance_engine(self.url)
        try:
            self._connection = await self._engine.connect()
        except (OSError, SQLAlchemyError) as error:
            reason = str(error).splitlines()[0] or type(error).__name__
            return (
                f"cannot connect to the test database server at {shown(self.url)} ({reason}). "
                "Check that PostgreSQL runs there and accepts this user, or set TEST_DATABASE_URL to a server "
                "where you may create databases, e.g. TEST_DATABASE_URL=postgresql+asyncpg://user:password@host/name_test"
            )
        connection = self._connection
        creates = await connection.scalar(
            text("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
        )
        if not creates:
            return (
                f"the user of TEST_DATABASE_URL ({shown(self.url)}) may not create databases, and the suite "
                "creates its own: grant it CREATEDB (ALTER ROLE ... CREATEDB) or use another user"
            )
        locked = await connection.scalar(text("SELECT pg_try_advisory_lock(hashtext(:name))"), {"name": name})
        if not locked:
            return (
                f"another test run is using the databases named {name}* on the server of {shown(self.url)}; "
                "wait for it to end, or give this run another database name in TEST_DATABASE_URL"
            )
        rows = await connection.execute(
            text(
                "SELECT datname, shobj_description(oid, 'pg_database') = :mark OR datconnlimit = :limit "
                "FROM pg_database WHERE datname ~ :pattern ORDER BY datname"
            ),
            {"mark": MARK, "limit": MARK_CONNECTION_LIMIT, "pattern": f"^{name}(_gw[0-9]+)?(_live|_migrations)?$"},
        )
        found = rows.all()
        foreign = [database for database, marked in found if not marked]
        if foreign:
            return (
                f"the database {foreign[0]} exists on the server of {shown(self.url)} and was not created by "
                "this suite, which would drop it: give TEST_DATABASE_URL a database name of its own"
            )
        for database, _marked in found:  # left behind by a run that was killed
            await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        return None

    async def _close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
        if self._engine is not None:
            await self._engine.dispose()


@asynccontextmanager
async def own_database(base: URL, *suffixes: str, directory: Path) -> AsyncIterator[URL]:
    """A new, empty database named after ``base`` and ``suffixes``, dropped afterwards."""
    if is_sqlite(base):
        path = directory / f"{'_'.join(['test', *filter(None, suffixes)])}.db"
        path.unlink(missing_ok=True)
        yield base.set(database=str(path))
        path.unlink(missing_ok=True)
        return
    name = "_".join([str(base.database), *filter(None, suffixes)])  # a name `url_problem` accepted
    async with _maintenance(base) as connection:
        await connection.exec_driver_sql(f'CREATE DATABASE "{name}" CONNECTION LIMIT {MARK_CONNECTION_LIMIT}')
        await connection.exec_driver_sql(f"COMMENT ON DATABASE \"{name}\" IS '{MARK}'")
    try:
        yield base.set(database=name)
    finally:
        async with _maintenance(base) as connection:
            await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _maintenance_engine(url: URL) -> AsyncEngine:
    """An engine on the server's maintenance database, outside any transaction."""
    return create_async_engine(
        url.set(database=MAINTENANCE_DATABASE),
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
        connect_args={"timeout": CONNECT_TIMEOUT},
    )


@asynccontextmanager
async def _maintenance(url: URL) -> AsyncIterator[AsyncConnection]:
    """A connection to the server's maintenance database, outside any transaction."""
    engine = _maintenance_engine(url)
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
