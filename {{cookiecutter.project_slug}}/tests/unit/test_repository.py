"""The shared `Repository` explains each write the database refuses, on tables of its own.

The tables live in a registry of their own, so the application's metadata (and the migrations
checked against it) never see them; they are created inside the test's transaction.
"""

import uuid
from typing import Any

import pytest
from sqlalchemy import CheckConstraint
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from backend.entity import Entity
from backend.error import ConflictError, InvalidReferenceError, StillReferencedError, UniqueValueError
from backend.repository import Repository

own = registry()


class OwnTables(SQLModel, registry=own):
    """Base of the tables of this module only."""


class ShelfUnit(OwnTables, Entity, table=True):
    code: str = Field(unique=True)
    slots: int


class Book(OwnTables, Entity, table=True):
    title: str
    copies: int = 1
    shelf_unit_id: uuid.UUID | None = Field(default=None, foreign_key="shelfunit.id")

    __table_args__ = (CheckConstraint("copies >= 0", name="copies_not_negative"),)


class Loan(OwnTables, Entity, table=True):
    book_id: uuid.UUID = Field(foreign_key="book.id")


class ShelfUnitRepository(Repository[ShelfUnit]):
    model = ShelfUnit


class BookRepository(Repository[Book]):
    model = Book


@pytest.fixture
async def tables(connection: AsyncConnection) -> None:
    await connection.run_sync(own.metadata.create_all)


@pytest.fixture
def shelves(tables: None, db_session: AsyncSession) -> ShelfUnitRepository:
    return ShelfUnitRepository(db_session)


@pytest.fixture
def books(tables: None, db_session: AsyncSession) -> BookRepository:
    return BookRepository(db_session)


class TestRefusedWrites:
    async def test_add_with_missing_reference_raises_invalid_reference_error_naming_column_and_domain(
        self, books: BookRepository
    ) -> None:
        # Arrange
        missing = uuid.uuid4()

        # Act
        with pytest.raises(InvalidReferenceError) as caught:
            await books.add(Book(title="Dune", shelf_unit_id=missing))

        # Assert
        assert caught.value.field == "shelf_unit_id"
        assert caught.value.detail == f"shelf_unit_id: no shelf_unit has the id {missing}."
        assert await books.count() == 0

    async def test_add_with_taken_unique_value_raises_unique_value_error_naming_it(
        self, shelves: ShelfUnitRepository
    ) -> None:
        # Arrange
        await shelves.add(ShelfUnit(code="A1", slots=3))

        # Act
        with pytest.raises(UniqueValueError) as caught:
            await shelves.add(ShelfUnit(code="A1", slots=4))

        # Assert
        assert (caught.value.field, caught.value.detail) == ("code", "Another shelf_unit already has this code.")
        assert await shelves.count() == 1

    async def test_update_to_own_unique_value_is_accepted(self, shelves: ShelfUnitRepository) -> None:
        # Arrange
        shelf = await shelves.add(ShelfUnit(code="A1", slots=3))

        # Act
        updated = await shelves.update(shelf, {"code": "A1", "slots": 5})

        # Assert
        assert (updated.code, updated.slots) == ("A1", 5)

    @pytest.mark.parametrize("on_shelf", [True, False], ids=["existing-reference", "no-reference"])
    async def test_write_refused_for_another_reason_raises_plain_conflict_error(
        self, shelves: ShelfUnitRepository, books: BookRepository, on_shelf: bool
    ) -> None:
        # Arrange
        shelf = await shelves.add(ShelfUnit(code="A1", slots=3))
        book = Book(title="Dune", copies=-1, shelf_unit_id=shelf.id if on_shelf else None)

        # Act
        with pytest.raises(ConflictError) as caught:
            await books.add(book)

        # Assert
        assert type(caught.value) is ConflictError
        assert caught.value.detail == "The book conflicts with the current data."

    async def test_delete_of_referenced_row_raises_still_referenced_error_naming_referrers(
        self, shelves: ShelfUnitRepository, books: BookRepository
    ) -> None:
        # Arrange
        shelf = await shelves.add(ShelfUnit(code="A1", slots=3))
        await books.add(Book(title="Dune", shelf_unit_id=shelf.id))

        # Act
        with pytest.raises(StillReferencedError) as caught:
            await shelves.delete(shelf)

        # Assert
        assert caught.value.referrers == ["book.shelf_unit_id"]
        assert str(shelf.id) in caught.value.detail
        assert await shelves.get(shelf.id) == shelf


class TestGet:
    @pytest.mark.parametrize("for_update", [False, True])
    async def test_get_with_or_without_lock_returns_the_row(
        self, shelves: ShelfUnitRepository, for_update: bool
    ) -> None:
        # Arrange
        shelf = await shelves.add(ShelfUnit(code="A1", slots=3))

        # Act
        found = await shelves.get(shelf.id, for_update=for_update)

        # Assert
        assert found == shelf

    @pytest.mark.parametrize("for_update", [False, True])
    async def test_get_asks_the_session_for_a_row_lock_only_when_told(
        self, shelves: ShelfUnitRepository, db_session: AsyncSession, monkeypatch: pytest.MonkeyPatch, for_update: bool
    ) -> None:
        # Arrange: the lock is SELECT ... FOR UPDATE on servers; SQLite ignores it, so the request is checked
        shelf = await shelves.add(ShelfUnit(code="A1", slots=3))
        asked: list[object] = []
        get = db_session.get

        async def recording_get(*args: Any, **options: Any) -> Any:
            asked.append(options.get("with_for_update"))
            return await get(*args, **options)

        monkeypatch.setattr(db_session, "get", recording_get)

        # Act
        await shelves.get(shelf.id, for_update=for_update)

        # Assert
        assert asked == [for_update]
