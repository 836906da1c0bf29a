"""Valid rows of any table, for tests that need a row to point at.

`make_row` reads the model's columns: required columns get a fresh valid value
of their type, optional ones stay empty, and a foreign key gets a new row of the
table it refers to (stored first).
"""

import itertools
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Column, Table
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.main import default_registry

from backend.entity import Entity

EntityT = TypeVar("EntityT", bound=Entity)

_numbers = itertools.count(1)


async def make_row(session: AsyncSession, model: type[EntityT], **given: Any) -> EntityT:
    """Store a row of ``model`` with valid values for its required columns (``given`` ones as given), and return it."""
    values: dict[str, Any] = dict(given)
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        if column.name in {"id", "created_at", *given} or column.nullable:
            continue
        if column.foreign_keys:
            target = _model_of(next(iter(column.foreign_keys)).column.table)
            values[column.name] = (await make_row(session, target)).id
        else:
            values[column.name] = _value(column)
    row = model(**values)
    session.add(row)
    await session.flush()
    return row


def _model_of(table: Table) -> type[Entity]:
    for mapper in default_registry.mappers:
        if mapper.local_table is table:
            model: type[Entity] = mapper.class_
            return model
    raise LookupError(f"no model maps the table {table.name}")


def _value(column: Column[Any]) -> object:
    n = next(_numbers)
    kind = getattr(column.type, "impl", column.type).python_type  # a TypeDecorator's own type says `object`
    values: dict[type, object] = {
        # Shaped like an email address, so that it is also valid for an email field.
        str: f"{column.name}-{n}@example.com"[-(getattr(column.type, "length", None) or 255) :],
        int: n,
        float: n + 0.5,
        Decimal: Decimal(n) + Decimal("0.25"),
        bool: n % 2 == 0,
        date: date(2024, 1, 1) + timedelta(days=n),
        datetime: datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n),
        uuid.UUID: uuid.UUID(int=n),
    }
    return values[kind]
