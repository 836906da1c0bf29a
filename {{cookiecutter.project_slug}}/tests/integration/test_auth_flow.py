"""Registering, signing in and being recognised, over HTTP against the real database, rolled back after each test.

Who may change which domain row is each domain's own API test; here, what a token is worth.
"""

import base64
import json
import logging
import re
from datetime import timedelta
from typing import Any

import jwt
import pytest
from fastapi import FastAPI
from httpx2 import AsyncClient
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from backend import security
from backend.config import Settings
from backend.domain.auth.model import User
from backend.domain.auth.service import INVALID_TOKEN, WRONG_CREDENTIALS
from backend.utils.time import utc_now
from tests.users import PASSWORD, UserFactory, bearer

URL = "/api/v1/auth"
JSON = {"content-type": "application/json"}
PUBLIC_FIELDS = {"id", "email", "is_active", "is_superuser", "created_at"}
OTHER_KEY = "another-signing-key-of-at-least-32-bytes"


@pytest.fixture
def guest(api_client: AsyncClient) -> AsyncClient:
    """``api_client`` signed out: requests carry no token unless they send one."""
    api_client.headers.pop("Authorization")
    return api_client


async def register(client: AsyncClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    """Register through the API and return the body; fails the test when the API refuses."""
    response = await client.post(f"{URL}/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def sign_in(client: AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    """Sign in through the token form and return the header that uses the token; fails the test when refused."""
    response = await client.post(f"{URL}/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def protected_list_paths(app: FastAPI) -> list[str]:
    """The paths of every GET operation that needs a token and takes no path parameter (/auth/me among them)."""
    paths = app.openapi()["paths"]
    return [path for path, item in paths.items() if "security" in item.get("get", {}) and "{" not in path]


def segment(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


class TestAuthFlow:
    async def test_register_sign_in_and_me_with_valid_data_round_trip(
        self,
        guest: AsyncClient,
        settings: Settings,
    ) -> None:
        # Act
        registered = await register(guest, "ann@example.com")
        response = await guest.post(f"{URL}/token", data={"username": "ann@example.com", "password": PASSWORD})
        token = response.json()
        me = await guest.get(f"{URL}/me", headers={"Authorization": f"Bearer {token['access_token']}"})

        # Assert
        assert set(registered) == PUBLIC_FIELDS
        assert (registered["email"], registered["is_active"], registered["is_superuser"]) == (
            "ann@example.com",
            True,
            False,
        )
        assert response.status_code == 200
        assert (token["token_type"], token["expires_in"]) == ("bearer", settings.access_token_minutes * 60)
        assert me.status_code == 200
        assert me.json() == registered

    async def test_token_from_sign_in_opens_every_protected_route_that_refuses_a_guest(
        self,
        guest: AsyncClient,
        served_app: FastAPI,
        make_user: UserFactory,
    ) -> None:
        # Arrange
        user = await make_user()
        paths = protected_list_paths(served_app)
        headers = await sign_in(guest, user.email)

        # Act
        signed_in = {path: (await guest.get(path, headers=headers)).status_code for path in paths}
        anonymous = {path: (await guest.get(path)).status_code for path in paths}

        # Assert
        assert f"{URL}/me" in paths
        assert signed_in == dict.fromkeys(paths, 200)
        assert anonymous == dict.fromkeys(paths, 401)

    async def test_sign_in_with_email_in_other_case_and_spaces_succeeds(
        self,
        guest: AsyncClient,
        make_user: UserFactory,
    ) -> None:
        # Arrange
        user = await make_user()

        # Act
        headers = await sign_in(guest, f" {user.email.upper()} ")
        me = await guest.get(f"{URL}/me", headers=headers)

        # Assert
        assert me.json()["id"] == str(user.id)

    async def test_register_with_email_taken_in_other_case_returns_409_and_stores_one(
        self,
        guest: AsyncClient,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        await register(guest, "ann@example.com")

        # Act
        response = await guest.post(f"{URL}/register", json={"email": "Ann@Example.com", "password": PASSWORD + "!"})

        # Assert
        assert response.status_code == 409
        assert response.json()["detail"] == "Another user already has this email."
        stored = (await db_session.exec(select(User).where(User.email == "ann@example.com"))).all()
        assert len(stored) == 1

    async def test_sign_in_when_user_inactive_returns_401(
        self,
        guest: AsyncClient,
        make_user: UserFactory,
    ) -> None:
        # Arrange
        user = await make_user(is_active=False)

        # Act
        response = await guest.post(f"{URL}/token", data={"username": user.email, "password": PASSWORD})

        # Assert
        assert response.status_code == 401
        assert response.json()["detail"] == WRONG_CREDENTIALS

    async def test_token_of_user_deactivated_after_sign_in_is_refused_at_once(
        self,
        guest: AsyncClient,
        make_user: UserFactory,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        user = await make_user()
        headers = await sign_in(guest, user.email)
        before = await guest.get(f"{URL}/me", headers=headers)
        user.is_active = False
        await db_session.flush()

        # Act
        after = await guest.get(f"{URL}/me", headers=headers)

        # Assert
        assert before.status_code == 200
        assert after.status_code == 401
        assert after.headers["www-authenticate"] == "Bearer"
        assert after.json()["detail"] == INVALID_TOKEN

    async def test_token_past_its_minutes_is_refused(
        self,
        guest: AsyncClient,
        make_user: UserFactory,
        settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # Arrange: signed in just longer ago than a token lasts
        user = await make_user()
        issued = utc_now() - timedelta(minutes=settings.access_token_minutes, seconds=1)
        with monkeypatch.context() as patched:
            patched.setattr(security, "utc_now", lambda: issued)
            headers = await sign_in(guest, user.email)

        # Act
        response = await guest.get(f"{URL}/me", headers=headers)

        # Assert
        assert response.status_code == 401
        assert response.json()["detail"] == INVALID_TOKEN

    async def test_token_of_user_that_no_longer_exists_is_refused(
        self,
        guest: AsyncClient,
        make_user: UserFactory,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        user = await make_user()
        headers = await sign_in(guest, user.email)
        await db_session.delete(user)
        await db_session.flush()

        # Act
        response = await guest.get(f"{URL}/me", headers=headers)

        # Assert
        assert response.status_code == 401
        assert response.json()["detail"] == INVALID_TOKEN


@pytest.mark.security
class TestAuthSecurity:
    async def test_token_with_tampered_signature_returns_401(
        self,
        guest: AsyncClient,
        owner: User,
        settings: Settings,
    ) -> None:
        # Arrange: the first signature character carries whole bits (the last may carry only padding)
        header, claims, signature = bearer(owner, settings)["Authorization"].removeprefix("Bearer ").split(".")
        tampered = f"{header}.{claims}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"

        # Act
        response = await guest.get(f"{URL}/me", headers={"Authorization": f"Bearer {tampered}"})

        # Assert
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_token_with_alg_none_returns_401(self, guest: AsyncClient, owner: User) -> None:
        # Arrange
        now = int(utc_now().timestamp())
        claims = {"sub": str(owner.id), "iat": now, "exp": now + 300}
        unsigned = f"{segment({'alg': 'none', 'typ': 'JWT'})}.{segment(claims)}."

        # Act
        response = await guest.get(f"{URL}/me", headers={"Authorization": f"Bearer {unsigned}"})

        # Assert
        assert response.status_code == 401
        assert response.json()["detail"] == INVALID_TOKEN

    async def test_token_signed_with_another_key_returns_401(self, guest: AsyncClient, owner: User) -> None:
        # Arrange
        now = utc_now()
        claims = {"sub": str(owner.id), "iat": now, "exp": now + timedelta(minutes=5)}
        forged = jwt.encode(claims, OTHER_KEY, algorithm="HS256")

        # Act
        response = await guest.get(f"{URL}/me", headers={"Authorization": f"Bearer {forged}"})

        # Assert
        assert response.status_code == 401
        assert response.json()["detail"] == INVALID_TOKEN

    async def test_unknown_email_and_wrong_password_get_the_same_answer(
        self,
        guest: AsyncClient,
        owner: User,
    ) -> None:
        # Act
        unknown = await guest.post(f"{URL}/token", data={"username": "nobody@example.com", "password": PASSWORD})
        wrong = await guest.post(f"{URL}/token", data={"username": owner.email, "password": PASSWORD + "!"})

        # Assert
        assert (unknown.status_code, wrong.status_code) == (401, 401)
        assert unknown.json() == wrong.json()
        assert unknown.headers["www-authenticate"] == wrong.headers["www-authenticate"] == "Bearer"

    async def test_password_and_its_hash_appear_in_no_response_and_no_log_line(
        self,
        guest: AsyncClient,
        db_session: AsyncSession,
        caplog: pytest.LogCaptureFixture,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        # Arrange
        caplog.set_level(logging.DEBUG)
        password = "a password that must stay secret"

        # Act
        registered = await guest.post(f"{URL}/register", json={"email": "ann@example.com", "password": password})
        token = await guest.post(f"{URL}/token", data={"username": "ann@example.com", "password": password})
        me = await guest.get(f"{URL}/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"})

        # Assert
        user = (await db_session.exec(select(User).where(User.email == "ann@example.com"))).one()
        captured = capsys.readouterr()
        hashed = user.hashed_password
        assert (registered.status_code, token.status_code, me.status_code) == (201, 200, 200)
        for text in (registered.text, token.text, me.text, caplog.text, captured.out, captured.err):
            assert hashed not in text
            assert password not in text
        assert re.search(r"POST .*/auth/token", caplog.text)

    async def test_sql_looking_password_is_an_ordinary_password(self, guest: AsyncClient) -> None:
        # Arrange
        await register(guest, "ann@example.com", password="' OR 1=1 --")

        # Act
        right = await guest.post(f"{URL}/token", data={"username": "ann@example.com", "password": "' OR 1=1 --"})
        wrong = await guest.post(f"{URL}/token", data={"username": "ann@example.com", "password": "' OR 1=2 --"})

        # Assert
        assert (right.status_code, wrong.status_code) == (200, 401)

    async def test_sql_looking_email_is_stored_verbatim(self, guest: AsyncClient) -> None:
        # Arrange
        email = "x'or'1'='1--@example.com"

        # Act
        registered = await register(guest, email)
        headers = await sign_in(guest, email)
        me = await guest.get(f"{URL}/me", headers=headers)

        # Assert
        assert registered["email"] == email
        assert me.json() == registered

    async def test_quoted_sql_email_returns_422_and_leaves_users_intact(
        self,
        guest: AsyncClient,
        owner: User,
    ) -> None:
        # Act
        response = await guest.post(
            f"{URL}/register", json={"email": '"x\'; DROP TABLE user; --"@example.com', "password": PASSWORD}
        )

        # Assert
        assert response.status_code == 422
        assert [error["loc"] for error in response.json()["errors"]] == [["body", "email"]]
        assert (await sign_in(guest, owner.email))["Authorization"].startswith("Bearer ")

    @pytest.mark.parametrize("raw", ['"\\ud800 and more"', '"nul \\u0000 inside"'], ids=["surrogate", "nul"])
    async def test_register_with_password_no_database_can_store_returns_422(
        self,
        guest: AsyncClient,
        db_session: AsyncSession,
        raw: str,
    ) -> None:
        # Arrange
        body = json.dumps({"email": "ann@example.com", "password": None}).replace("null", raw).encode()

        # Act
        response = await guest.post(f"{URL}/register", content=body, headers=JSON)

        # Assert
        assert response.status_code == 422
        assert [error["loc"] for error in response.json()["errors"]] == [["body", "password"]]
        assert (await db_session.exec(select(User).where(User.email == "ann@example.com"))).first() is None

    @pytest.mark.parametrize(
        "form",
        [b"username=a%00b%40example.com&password=x", b"username=ann%40example.com&password=nul%00inside"],
        ids=["nul-email", "nul-password"],
    )
    async def test_sign_in_with_nul_in_form_returns_401_not_a_database_error(
        self,
        guest: AsyncClient,
        form: bytes,
    ) -> None:
        # Act
        response = await guest.post(
            f"{URL}/token", content=form, headers={"content-type": "application/x-www-form-urlencoded"}
        )

        # Assert
        assert response.status_code == 401
        assert response.json()["detail"] == WRONG_CREDENTIALS
