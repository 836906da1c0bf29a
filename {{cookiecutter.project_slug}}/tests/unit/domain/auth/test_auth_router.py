"""The auth routes on an app of their own; `AuthService` is an autospec mock."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from httpx2 import AsyncClient

from backend.domain.auth.dependencies import get_auth_service, get_current_user
from backend.domain.auth.model import User
from backend.domain.auth.service import INVALID_TOKEN, WRONG_CREDENTIALS
from backend.dtos.auth import MAX_PASSWORD, MIN_PASSWORD, Token, UserRegister
from backend.error import UnauthorizedError, UniqueValueError
from tests.users import PASSWORD

URL = "/api/v1/auth"
PUBLIC_FIELDS = {"id", "email", "is_active", "is_superuser", "created_at"}
HASH = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA"


@pytest.fixture
def service(app: FastAPI, auth_service_mock: Any) -> Iterator[Any]:
    """The routes' service, replaced by the mock for this test."""

    async def mock_service() -> Any:
        return auth_service_mock

    app.dependency_overrides[get_auth_service] = mock_service
    yield auth_service_mock
    app.dependency_overrides.clear()


@pytest.fixture
def user() -> User:
    """A user as the service returns it, hash included."""
    return User(email="ann@example.com", hashed_password=HASH)


def public(user: User) -> dict[str, Any]:
    """What the API returns for ``user``."""
    return user.model_dump(mode="json", include=PUBLIC_FIELDS)


class TestRegister:
    async def test_register_with_valid_body_returns_201_and_user_without_hash(
        self,
        client: AsyncClient,
        service: Any,
        user: User,
    ) -> None:
        # Arrange
        service.register.return_value = user

        # Act
        response = await client.post(f"{URL}/register", json={"email": "Ann@Example.com", "password": PASSWORD})

        # Assert
        assert response.status_code == 201
        assert response.json() == public(user)
        assert HASH not in response.text
        assert "password" not in response.text
        service.register.assert_awaited_once_with(UserRegister(email="ann@example.com", password=PASSWORD))

    async def test_register_when_email_taken_returns_409_problem(
        self,
        client: AsyncClient,
        service: Any,
    ) -> None:
        # Arrange
        service.register.side_effect = UniqueValueError("user", "email")

        # Act
        response = await client.post(f"{URL}/register", json={"email": "ann@example.com", "password": PASSWORD})

        # Assert
        assert response.status_code == 409
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"] == "Another user already has this email."

    @pytest.mark.parametrize("length", [MIN_PASSWORD, MAX_PASSWORD])
    async def test_register_with_password_at_a_length_bound_passes_it_to_service(
        self,
        client: AsyncClient,
        service: Any,
        user: User,
        length: int,
    ) -> None:
        # Arrange
        service.register.return_value = user

        # Act
        response = await client.post(f"{URL}/register", json={"email": "ann@example.com", "password": "p" * length})

        # Assert
        assert response.status_code == 201
        assert service.register.await_args.args[0].password == "p" * length

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"email": "not-an-email", "password": PASSWORD}, "email"),
            ({"email": "ann@example.com", "password": "p" * (MIN_PASSWORD - 1)}, "password"),
            ({"email": "ann@example.com", "password": "p" * (MAX_PASSWORD + 1)}, "password"),
            ({"email": "ann@example.com", "password": "nul \x00 in password"}, "password"),
            ({"email": "ann@example.com", "password": PASSWORD, "is_superuser": True}, "is_superuser"),
            ({"password": PASSWORD}, "email"),
            ({"email": "ann@example.com"}, "password"),
        ],
        ids=["bad-email", "short-password", "long-password", "nul-password", "extra-field", "no-email", "no-password"],
    )
    async def test_register_with_invalid_body_returns_422_naming_field(
        self,
        client: AsyncClient,
        service: Any,
        body: dict[str, Any],
        field: str,
    ) -> None:
        # Act
        response = await client.post(f"{URL}/register", json=body)

        # Assert
        assert response.status_code == 422
        assert [error["loc"] for error in response.json()["errors"]] == [["body", field]]
        service.register.assert_not_awaited()

    async def test_register_with_body_not_sent_as_json_returns_415(
        self,
        client: AsyncClient,
        service: Any,
    ) -> None:
        # Act
        response = await client.post(f"{URL}/register", data={"email": "ann@example.com", "password": PASSWORD})

        # Assert
        assert response.status_code == 415
        service.register.assert_not_awaited()


class TestToken:
    async def test_token_with_matching_form_returns_200_and_bearer_token(
        self,
        client: AsyncClient,
        service: Any,
        user: User,
    ) -> None:
        # Arrange
        service.authenticate.return_value = user
        service.issue_token.return_value = Token(access_token="a.b.c", expires_in=1800)

        # Act
        response = await client.post(f"{URL}/token", data={"username": "ann@example.com", "password": PASSWORD})

        # Assert
        assert response.status_code == 200
        assert response.json() == {"access_token": "a.b.c", "token_type": "bearer", "expires_in": 1800}
        service.authenticate.assert_awaited_once_with("ann@example.com", PASSWORD)
        service.issue_token.assert_called_once_with(user)

    async def test_token_with_wrong_credentials_returns_401_with_www_authenticate(
        self,
        client: AsyncClient,
        service: Any,
    ) -> None:
        # Arrange
        service.authenticate.side_effect = UnauthorizedError(WRONG_CREDENTIALS)

        # Act
        response = await client.post(f"{URL}/token", data={"username": "ann@example.com", "password": "wrong"})

        # Assert
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["detail"] == WRONG_CREDENTIALS
        service.issue_token.assert_not_called()

    @pytest.mark.parametrize(
        ("form", "missing"),
        [
            ({"password": PASSWORD}, "username"),
            ({"username": "ann@example.com"}, "password"),
            ({"username": "", "password": PASSWORD}, "username"),
            ({"username": "ann@example.com", "password": ""}, "password"),
        ],
    )
    async def test_token_without_form_field_returns_422_naming_it(
        self,
        client: AsyncClient,
        service: Any,
        form: dict[str, str],
        missing: str,
    ) -> None:
        # Act
        response = await client.post(f"{URL}/token", data=form)

        # Assert
        assert response.status_code == 422
        assert [error["loc"] for error in response.json()["errors"]] == [["body", missing]]
        service.authenticate.assert_not_awaited()

    def test_token_form_documents_that_username_and_password_are_not_empty(self, app: FastAPI) -> None:
        # Act
        fields = app.openapi()["components"]["schemas"]["Body_auth-token"]["properties"]

        # Assert
        assert (fields["username"]["minLength"], fields["password"]["minLength"]) == (1, 1)
        assert fields["password"]["format"] == "password"

    async def test_token_with_grant_type_other_than_password_returns_422(
        self,
        client: AsyncClient,
        service: Any,
    ) -> None:
        # Arrange
        form = {"grant_type": "client_credentials", "username": "ann@example.com", "password": PASSWORD}

        # Act
        response = await client.post(f"{URL}/token", data=form)

        # Assert
        assert response.status_code == 422
        assert [error["loc"] for error in response.json()["errors"]] == [["body", "grant_type"]]
        service.authenticate.assert_not_awaited()


class TestMe:
    async def test_me_when_signed_in_returns_200_and_user_without_hash(
        self,
        app: FastAPI,
        client: AsyncClient,
        service: Any,
        user: User,
    ) -> None:
        # Arrange
        async def current_user() -> User:
            return user

        app.dependency_overrides[get_current_user] = current_user

        # Act
        response = await client.get(f"{URL}/me")

        # Assert
        assert response.status_code == 200
        assert response.json() == public(user)
        assert HASH not in response.text

    async def test_me_with_bearer_token_asks_service_for_its_user(
        self,
        client: AsyncClient,
        service: Any,
        user: User,
    ) -> None:
        # Arrange
        service.current_user.return_value = user

        # Act
        response = await client.get(f"{URL}/me", headers={"Authorization": "Bearer a.b.c"})

        # Assert
        assert response.status_code == 200
        assert response.json() == public(user)
        service.current_user.assert_awaited_once_with("a.b.c")

    async def test_me_without_token_returns_401_with_www_authenticate(
        self,
        client: AsyncClient,
        service: Any,
    ) -> None:
        # Act
        response = await client.get(f"{URL}/me")

        # Assert
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.headers["content-type"] == "application/problem+json"
        service.current_user.assert_not_awaited()

    async def test_me_when_service_refuses_token_returns_401_with_www_authenticate(
        self,
        client: AsyncClient,
        service: Any,
    ) -> None:
        # Arrange
        service.current_user.side_effect = UnauthorizedError(INVALID_TOKEN)

        # Act
        response = await client.get(f"{URL}/me", headers={"Authorization": "Bearer forged"})

        # Assert
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["detail"] == INVALID_TOKEN
