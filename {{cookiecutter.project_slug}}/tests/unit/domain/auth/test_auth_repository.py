"""`UserRepository` against a real database session, rolled back after each test."""

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from backend.domain.auth.model import User
from backend.domain.auth.repository import UserRepository
from backend.error import UniqueValueError
from tests.users import UserFactory


@pytest.fixture
def repository(db_session: AsyncSession) -> UserRepository:
    return UserRepository(db_session)


class TestAdd:
    async def test_add_with_new_user_stores_row_active_and_not_superuser(
        self,
        repository: UserRepository,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        user = User(email="ann@example.com", hashed_password="$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA")

        # Act
        stored = await repository.add(user)

        # Assert
        rows = (await db_session.exec(select(User))).all()
        assert rows == [stored]
        assert (stored.is_active, stored.is_superuser) == (True, False)

    async def test_add_when_email_taken_raises_unique_value_error_from_database(
        self,
        repository: UserRepository,
        make_user: UserFactory,
    ) -> None:
        # Arrange
        existing = await make_user()
        duplicate = User(email=existing.email, hashed_password="-")

        # Act
        with pytest.raises(UniqueValueError) as caught:
            await repository.add(duplicate)

        # Assert
        assert caught.value.field == "email"
        assert caught.value.detail == "Another user already has this email."
        assert await repository.count() == 1


class TestGetByEmail:
    async def test_get_by_email_when_stored_returns_that_user(
        self,
        repository: UserRepository,
        make_user: UserFactory,
    ) -> None:
        # Arrange
        user = await make_user()
        await make_user()

        # Act
        found = await repository.get_by_email(user.email)

        # Assert
        assert found == user

    async def test_get_by_email_when_unknown_returns_none(
        self,
        repository: UserRepository,
        make_user: UserFactory,
    ) -> None:
        # Arrange
        await make_user()

        # Act
        found = await repository.get_by_email("nobody@example.com")

        # Assert
        assert found is None

    async def test_get_by_email_compares_exactly_not_ignoring_case(
        self,
        repository: UserRepository,
        make_user: UserFactory,
    ) -> None:
        # Arrange
        user = await make_user()

        # Act
        found = await repository.get_by_email(user.email.upper())

        # Assert
        assert found is None
