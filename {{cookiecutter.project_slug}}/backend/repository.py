"""The queries every domain's repository shares.

A repository works inside the session's transaction: it flushes so that the
database checks each write at once, and never commits (the request's session
dependency does).
"""

import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from backend.entity import Entity
from backend.error import ConflictError

EntityT = TypeVar("EntityT", bound=Entity)


class Repository(Generic[EntityT]):
    """Create, read, update and delete rows of ``model``."""

    model: ClassVar[type[Any]]

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, entity: EntityT) -> EntityT:
        """Insert ``entity``; a constraint violation raises `ConflictError`."""
        async with self._checked_write():
            self._session.add(entity)
        return entity

    async def get(self, entity_id: uuid.UUID) -> EntityT | None:
        """The row with this id, or None."""
        entity: EntityT | None = await self._session.get(self.model, entity_id)
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
        """Apply ``changes`` to ``entity``; a constraint violation raises `ConflictError`."""
        async with self._checked_write():
            entity.sqlmodel_update(changes)
            self._session.add(entity)
        return entity

    async def delete(self, entity: EntityT) -> None:
        """Delete ``entity``; a row that still refers to it raises `ConflictError`."""
        async with self._checked_write():
            await self._session.delete(entity)

    @asynccontextmanager
    async def _checked_write(self) -> AsyncIterator[None]:
        # The savepoint is flushed on exit, so the database checks the write here;
        # a refused write rolls back to it and leaves the session usable.
        try:
            async with self._session.begin_nested():
                yield
        except IntegrityError as error:
            name = self.model.__name__.lower()
            raise ConflictError(f"The {name} conflicts with an existing one.") from error
