"""The queries every domain's repository shares.

A repository works inside the session's transaction: it flushes so that the
database checks each write at once, and never commits (the request's session
dependency does).

When the database refuses a write that the service's checks let through (another
request changed the data in between), the repository finds out why and raises the
error those checks raise: a missing referenced row is `InvalidReferenceError`, a
taken unique value `UniqueValueError`, a row others still refer to
`StillReferencedError`. The same condition always gets the same answer.
"""

import re
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, Table, func, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from backend.entity import Entity
from backend.error import AppError, ConflictError, InvalidReferenceError, StillReferencedError, UniqueValueError

EntityT = TypeVar("EntityT", bound=Entity)


class Repository(Generic[EntityT]):
    """Create, read, update and delete rows of ``model``."""

    model: ClassVar[type[Any]]

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, entity: EntityT) -> EntityT:
        """Insert ``entity``; a refused write raises the error that explains it."""
        async with self._checked_write(entity):
            self._session.add(entity)
        return entity

    async def get(self, entity_id: uuid.UUID, *, for_update: bool = False) -> EntityT | None:
        """The row with this id, or None.

        ``for_update`` locks the row until the transaction ends (on servers; SQLite has one writer at
        a time anyway): a concurrent delete then waits for this change, or this read waits for the
        delete and finds nothing.
        """
        entity: EntityT | None = await self._session.get(self.model, entity_id, with_for_update=for_update)
        return entity

    async def list(self, *, limit: int, offset: int, filters: Mapping[str, object] | None = None) -> Sequence[EntityT]:
        """One page of rows matching ``filters`` (column -> value; None matches any), oldest first.

        Ties are broken by id, so pages never overlap.
        """
        statement = (
            select(self.model)
            .where(*self._conditions(filters))
            .order_by(col(self.model.created_at), col(self.model.id))
            .offset(offset)
            .limit(limit)
        )
        rows: Sequence[EntityT] = (await self._session.exec(statement)).all()
        return rows

    async def count(self, filters: Mapping[str, object] | None = None) -> int:
        """How many rows match ``filters``."""
        statement = select(func.count()).select_from(self.model).where(*self._conditions(filters))
        return (await self._session.exec(statement)).one()

    def _conditions(self, filters: Mapping[str, object] | None) -> Sequence[Any]:
        return [getattr(self.model, name) == value for name, value in (filters or {}).items() if value is not None]

    async def update(self, entity: EntityT, changes: dict[str, Any]) -> EntityT:
        """Apply ``changes`` to ``entity``; a refused write raises the error that explains it."""
        async with self._checked_write(entity):
            entity.sqlmodel_update(changes)
            self._session.add(entity)
        return entity

    async def delete(self, entity: EntityT) -> None:
        """Delete ``entity``; rows that still refer to it raise `StillReferencedError`."""
        async with self._checked_write(entity, deleting=True):
            await self._session.delete(entity)

    @asynccontextmanager
    async def _checked_write(self, entity: EntityT, *, deleting: bool = False) -> AsyncIterator[None]:
        # The savepoint is flushed on exit, so the database checks the write here; a refused
        # write rolls back to it (expiring the entity), so its values are read before the flush.
        values: dict[str, Any] = {}
        try:
            async with self._session.begin_nested():
                yield
                values = {column.key: getattr(entity, column.key) for column in self._table.columns}
        except IntegrityError as error:
            refusal = await (self._referrers_error(values) if deleting else self._write_error(values))
            raise refusal from error

    @property
    def _table(self) -> Table:
        table: Table = self.model.__table__
        return table

    async def _write_error(self, values: dict[str, Any]) -> AppError:
        """Why an insert or update of a row with ``values`` was refused."""
        for column in self._table.columns:
            value = values[column.key]
            for key in column.foreign_keys:
                if value is not None and not await self._any(key.column.table, key.column == value):
                    return InvalidReferenceError(column.key, self._noun(key.column.table), value)
        for column in self._table.columns:
            value = values[column.key]
            others = (column == value, self._table.c.id != values["id"])
            if column.unique and value is not None and await self._any(self._table, *others):
                return UniqueValueError(self._noun(self._table), column.key)
        return ConflictError(f"The {self._noun(self._table)} conflicts with the current data.")

    async def _referrers_error(self, values: dict[str, Any]) -> AppError:
        """Why a delete of the row with ``values`` was refused: the columns that still refer to it."""
        referrers = []
        for table in self._table.metadata.sorted_tables:
            for key in table.foreign_keys:
                if key.column.table is self._table and await self._any(table, key.parent == values["id"]):
                    referrers.append(f"{self._noun(table)}.{key.parent.key}")
        return StillReferencedError(self._noun(self._table), values["id"], referrers)

    async def _any(self, table: Table, *conditions: ColumnElement[bool]) -> bool:
        """Whether some row of ``table`` matches every condition."""
        statement = select(*table.primary_key.columns).where(*conditions).limit(1)
        return (await self._session.exec(statement)).first() is not None

    def _noun(self, table: Table) -> str:
        """The domain name of ``table``'s model class (``ExhibitItem`` -> ``exhibit_item``)."""
        mappers = inspect(self.model).registry.mappers
        name = next(mapper.class_.__name__ for mapper in mappers if mapper.local_table is table)
        return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
