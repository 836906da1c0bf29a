"""Alembic's entry point: runs the revisions in migrations/versions against the configured database.

The database is `DATABASE_URL` (see backend/config.py) unless the caller sets `sqlalchemy.url`, or
hands over an open connection in ``config.attributes["connection"]`` (as the tests do).
"""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from backend.config import get_settings
from backend.database import create_engine
from backend.domain import load_routers
from backend.migration import render_item

config = context.config
if config.config_file_name is not None and "connection" not in config.attributes:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
load_routers()  # imports every domain's model, so the metadata knows every table
target_metadata = SQLModel.metadata


def database_url() -> str:
    """The URL given to alembic, else the application's own."""
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations_offline() -> None:
    """Write the SQL to standard output instead of running it (``alembic upgrade head --sql``)."""
    url = database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations(connection: Connection) -> None:
    """Run the revisions on an open connection; SQLite alters tables in batch mode (copy and move)."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online() -> None:
    """Connect with the application's engine settings and run the revisions."""
    engine = create_engine(database_url(), poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_migrations)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
elif (connection := config.attributes.get("connection")) is not None:
    run_migrations(connection)
else:
    asyncio.run(run_migrations_online())
