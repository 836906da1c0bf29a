"""`AuthService` with its repository replaced by an autospec mock."""

import uuid
from datetime import timedelta
from typing import Any
from unittest.mock import Mock

import jwt
import pytest

from backend import security
from backend.config import Settings
from backend.domain.auth.model import User
from backend.domain.auth.service import INVALID_TOKEN, WRONG_CREDENTIALS, AuthService
from backend.dtos.auth import MAX_PASSWORD, UserRegister
from backend.error import UnauthorizedError, UniqueValueError
from backend.security import create_access_token, password_hasher
from backend.utils.time import utc_now
from tests.users import PASSWORD, new_user

OTHER_KEY = "another-signing-key-of-at-least-32-bytes"


@pytest.fixture
def service(user_repository: Any, settings: Settings) -> AuthService:
    return AuthService(user_repository, settings)


@pytest.fixture
def stored(settings: Settings) -> User:
    """A user as the repository returns it, with the password `PASSWORD`."""
    return new_user(settings)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> Mock:
    """The hasher a service built after this fixture uses: the real one, with its calls recorded."""
    spy = Mock(wraps=password_hasher(settings))
    monkeypatch.setattr("backend.domain.auth.service.password_hasher", lambda _settings: spy)
    return spy


class TestRegister:
    async def test_register_with_free_email_adds_active_ordinary_user_with_hashed_password(
        self,
        service: AuthService,
        user_repository: Any,
        settings: Settings,
    ) -> None:
        # Arrange
        user_repository.add.side_effect = lambda user: user
        data = UserRegister(email="Ann@Example.com", password=PASSWORD)

        # Act
        user = await service.register(data)

        # Assert
        user_repository.get_by_email.assert_awaited_once_with("ann@example.com")
        user_repository.add.assert_awaited_once_with(user)
        assert (user.email, user.is_active, user.is_superuser) == ("ann@example.com", True, False)
        assert PASSWORD not in user.hashed_password
        assert password_hasher(settings).verify(PASSWORD, user.hashed_password)

    async def test_register_when_email_taken_raises_unique_value_error_without_adding(
        self,
        service: AuthService,
        user_repository: Any,
        stored: User,
    ) -> None:
        # Arrange
        user_repository.get_by_email.return_value = stored

        # Act
        with pytest.raises(UniqueValueError) as caught:
            await service.register(UserRegister(email=stored.email, password=PASSWORD))

        # Assert
        assert caught.value.field == "email"
        user_repository.add.assert_not_awaited()


class TestAuthenticate:
    async def test_authenticate_with_right_password_returns_user(
        self,
        service: AuthService,
        user_repository: Any,
        stored: User,
    ) -> None:
        # Arrange
        user_repository.get_by_email.return_value = stored

        # Act
        user = await service.authenticate(stored.email, PASSWORD)

        # Assert
        assert user is stored
        user_repository.get_by_email.assert_awaited_once_with(stored.email)

    async def test_authenticate_with_email_in_other_case_and_spaces_looks_up_lower_case(
        self,
        service: AuthService,
        user_repository: Any,
        stored: User,
    ) -> None:
        # Arrange
        user_repository.get_by_email.return_value = stored

        # Act
        user = await service.authenticate(f"  {stored.email.upper()} ", PASSWORD)

        # Assert
        assert user is stored
        user_repository.get_by_email.assert_awaited_once_with(stored.email)

    async def test_authenticate_with_password_decomposed_matches_the_composed_one_registered(
        self,
        service: AuthService,
        user_repository: Any,
        settings: Settings,
    ) -> None:
        # Arrange: registration stores the NFC form ("é" as one character)
        registered = UserRegister(email="ann@example.com", password="caf\u00e9-au-lait")
        stored = User(email=registered.email, hashed_password=password_hasher(settings).hash(registered.password))
        user_repository.get_by_email.return_value = stored

        # Act
        user = await service.authenticate(registered.email, "cafe\u0301-au-lait")

        # Assert
        assert user is stored

    async def test_authenticate_with_wrong_password_raises_unauthorized_error(
        self,
        service: AuthService,
        user_repository: Any,
        stored: User,
    ) -> None:
        # Arrange
        user_repository.get_by_email.return_value = stored

        # Act / Assert
        with pytest.raises(UnauthorizedError) as caught:
            await service.authenticate(stored.email, PASSWORD + "!")
        assert caught.value.detail == WRONG_CREDENTIALS

    async def test_authenticate_with_unknown_email_still_hashes_and_raises_the_same_error(
        self,
        hasher: Mock,
        user_repository: Any,
        settings: Settings,
    ) -> None:
        # Arrange
        service = AuthService(user_repository, settings)

        # Act
        with pytest.raises(UnauthorizedError) as caught:
            await service.authenticate("nobody@example.com", PASSWORD)

        # Assert
        assert caught.value.detail == WRONG_CREDENTIALS
        hasher.hash.assert_called_once_with(PASSWORD)
        user_repository.get_by_email.assert_awaited_once_with("nobody@example.com")

    async def test_authenticate_when_user_inactive_raises_the_same_error_with_right_password(
        self,
        service: AuthService,
        user_repository: Any,
        settings: Settings,
    ) -> None:
        # Arrange
        user_repository.get_by_email.return_value = new_user(settings, is_active=False)

        # Act / Assert
        with pytest.raises(UnauthorizedError) as caught:
            await service.authenticate("user@example.com", PASSWORD)
        assert caught.value.detail == WRONG_CREDENTIALS

    @pytest.mark.parametrize(
        ("email", "password"),
        [
            ("ann@example.com", "x" * (MAX_PASSWORD + 1)),
            ("ann@example.com", "lone \ud800 surrogate"),
            ("ann@example.com", "nul \x00 character"),
            ("a\x00b@example.com", PASSWORD),
            ("not an email", PASSWORD),
            ("x" * 5000 + "@example.com", PASSWORD),
        ],
        ids=["password-too-long", "password-surrogate", "password-nul", "email-nul", "email-invalid", "email-too-long"],
    )
    async def test_authenticate_with_credentials_no_user_can_have_raises_the_same_error_without_lookup(
        self,
        hasher: Mock,
        user_repository: Any,
        settings: Settings,
        email: str,
        password: str,
    ) -> None:
        # Arrange
        service = AuthService(user_repository, settings)

        # Act
        with pytest.raises(UnauthorizedError) as caught:
            await service.authenticate(email, password)

        # Assert
        assert caught.value.detail == WRONG_CREDENTIALS
        user_repository.get_by_email.assert_not_awaited()
        hasher.hash.assert_not_called()


class TestIssueToken:
    async def test_issue_token_returns_bearer_token_naming_user_valid_for_configured_minutes(
        self,
        service: AuthService,
        stored: User,
        settings: Settings,
    ) -> None:
        # Act
        token = service.issue_token(stored)

        # Assert
        assert (token.token_type, token.expires_in) == ("bearer", settings.access_token_minutes * 60)
        assert security.read_access_token(token.access_token, settings) == stored.id


class TestCurrentUser:
    async def test_current_user_with_valid_token_returns_user(
        self,
        service: AuthService,
        user_repository: Any,
        stored: User,
        settings: Settings,
    ) -> None:
        # Arrange
        user_repository.get.return_value = stored

        # Act
        user = await service.current_user(create_access_token(stored.id, settings))

        # Assert
        assert user is stored
        user_repository.get.assert_awaited_once_with(stored.id)

    async def test_current_user_with_token_signed_by_another_key_raises_without_lookup(
        self,
        service: AuthService,
        user_repository: Any,
        stored: User,
    ) -> None:
        # Arrange
        now = utc_now()
        claims = {"sub": str(stored.id), "iat": now, "exp": now + timedelta(minutes=5)}
        forged = jwt.encode(claims, OTHER_KEY, algorithm="HS256")
        user_repository.get.return_value = stored

        # Act
        with pytest.raises(UnauthorizedError) as caught:
            await service.current_user(forged)

        # Assert
        assert caught.value.detail == INVALID_TOKEN
        user_repository.get.assert_not_awaited()

    async def test_current_user_with_expired_token_raises_unauthorized_error(
        self,
        service: AuthService,
        user_repository: Any,
        stored: User,
        settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # Arrange: issued long enough ago to have expired
        issued = utc_now() - timedelta(minutes=settings.access_token_minutes + 1)
        with monkeypatch.context() as patched:
            patched.setattr(security, "utc_now", lambda: issued)
            expired = create_access_token(stored.id, settings)
        user_repository.get.return_value = stored

        # Act / Assert
        with pytest.raises(UnauthorizedError, match=INVALID_TOKEN):
            await service.current_user(expired)

    async def test_current_user_when_user_gone_raises_unauthorized_error(
        self,
        service: AuthService,
        user_repository: Any,
        settings: Settings,
    ) -> None:
        # Arrange
        gone = uuid.uuid4()
        user_repository.get.return_value = None

        # Act
        with pytest.raises(UnauthorizedError, match=INVALID_TOKEN):
            await service.current_user(create_access_token(gone, settings))

        # Assert
        user_repository.get.assert_awaited_once_with(gone)

    async def test_current_user_when_user_inactive_raises_unauthorized_error(
        self,
        service: AuthService,
        user_repository: Any,
        settings: Settings,
    ) -> None:
        # Arrange
        inactive = new_user(settings, is_active=False)
        user_repository.get.return_value = inactive

        # Act / Assert
        with pytest.raises(UnauthorizedError, match=INVALID_TOKEN):
            await service.current_user(create_access_token(inactive.id, settings))


class TestMakeSuperuser:
    async def test_make_superuser_when_email_unknown_creates_active_superuser_with_password(
        self,
        service: AuthService,
        user_repository: Any,
        settings: Settings,
    ) -> None:
        # Arrange
        user_repository.add.side_effect = lambda user: user

        # Act
        superuser = await service.make_superuser(UserRegister(email="root@example.com", password=PASSWORD))

        # Assert
        created = user_repository.add.await_args.args[0]
        assert superuser is created
        assert created.email == "root@example.com"
        user_repository.update.assert_not_awaited()
        assert (created.is_active, created.is_superuser) == (True, True)
        assert password_hasher(settings).verify(PASSWORD, created.hashed_password)

    async def test_make_superuser_when_user_exists_promotes_and_reactivates_with_new_password(
        self,
        service: AuthService,
        user_repository: Any,
        settings: Settings,
    ) -> None:
        # Arrange
        existing = new_user(settings, is_active=False)
        user_repository.get_by_email.return_value = existing
        user_repository.update.side_effect = lambda user, changes: user.sqlmodel_update(changes)
        new_password = "a new password for root"

        # Act
        superuser = await service.make_superuser(UserRegister(email=existing.email, password=new_password))

        # Assert
        assert superuser is existing
        user_repository.add.assert_not_awaited()
        user_repository.update.assert_awaited_once()
        assert (existing.is_active, existing.is_superuser) == (True, True)
        assert password_hasher(settings).verify(new_password, existing.hashed_password)
        assert not password_hasher(settings).verify(PASSWORD, existing.hashed_password)
