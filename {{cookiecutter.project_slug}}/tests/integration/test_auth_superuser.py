"""The superuser command on a migrated database, committing as it does when run by hand."""

import asyncio
import getpass
import runpy
import sys
import uuid
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from httpx2 import AsyncClient
from sqlalchemy import URL

from backend.config import Settings
from backend.domain.auth.superuser import DESCRIPTION, main
from tests.conftest import http_client, settings_for_tests
from tests.databases import plain
from tests.users import PASSWORD

URL_PREFIX = "/api/v1/auth"
NEW_PASSWORD = "a brand new superuser password"


@pytest.fixture
def command_settings(live_database: URL) -> Settings:
    """The settings the command runs with: ``live_database``, which ``live_app`` serves."""
    return settings_for_tests(database_url=plain(live_database))


@pytest.fixture
async def guest(live_app: FastAPI) -> AsyncIterator[AsyncClient]:
    """A client for ``live_app`` that is not signed in."""
    async with http_client(live_app) as client:
        yield client


@pytest.fixture
def email() -> str:
    """An address no user of ``live_database`` has yet."""
    return f"root-{uuid.uuid4().hex}@example.com"


async def run(argv: list[str], settings: Settings) -> int:
    """The command's exit code; it runs its own event loop, as from a shell, in a thread of its own."""
    return await asyncio.to_thread(main, argv, settings)


async def who_signs_in(client: AsyncClient, email: str, password: str) -> dict[str, object] | None:
    """The /auth/me body of the user who signs in with ``email`` and ``password``, or None when refused."""
    response = await client.post(f"{URL_PREFIX}/token", data={"username": email, "password": password})
    if response.status_code != 200:
        return None
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    me: dict[str, object] = (await client.get(f"{URL_PREFIX}/me", headers=headers)).json()
    return me


class TestSuperuserCommand:
    async def test_main_with_new_email_and_password_from_environment_creates_superuser_who_signs_in(
        self,
        command_settings: Settings,
        guest: AsyncClient,
        email: str,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        # Arrange
        monkeypatch.setenv("SUPERUSER_PASSWORD", NEW_PASSWORD)

        # Act
        code = await run([email], command_settings)

        # Assert
        me = await who_signs_in(guest, email, NEW_PASSWORD)
        assert code == 0
        assert me is not None
        assert (me["email"], me["is_superuser"], me["is_active"]) == (email, True, True)
        assert capsys.readouterr().out == f"{email} is a superuser (id {me['id']}).\n"

    async def test_main_when_user_exists_promotes_them_with_the_password_typed_at_the_prompt(
        self,
        command_settings: Settings,
        guest: AsyncClient,
        email: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # Arrange
        registered = await guest.post(f"{URL_PREFIX}/register", json={"email": email, "password": PASSWORD})
        prompts: list[str] = []

        def typed(prompt: str = "Password: ") -> str:
            prompts.append(prompt)
            return NEW_PASSWORD

        monkeypatch.delenv("SUPERUSER_PASSWORD", raising=False)
        monkeypatch.setattr(getpass, "getpass", typed)

        # Act
        code = await run([email.upper()], command_settings)

        # Assert
        me = await who_signs_in(guest, email, NEW_PASSWORD)
        assert code == 0
        assert prompts == ["Password: "]
        assert me is not None
        assert (me["id"], me["is_superuser"]) == (registered.json()["id"], True)
        assert await who_signs_in(guest, email, PASSWORD) is None

    @pytest.mark.parametrize(
        ("address", "password", "message"),
        [
            ("not-an-email", NEW_PASSWORD, "error: email: Value error, is not a valid email address: An email address"),
            ("root@example.com", "short", "error: password: String should have at least 8 characters"),
        ],
        ids=["bad-email", "short-password"],
    )
    async def test_main_with_unusable_email_or_password_returns_2_saying_why_and_stores_nothing(
        self,
        command_settings: Settings,
        guest: AsyncClient,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        address: str,
        password: str,
        message: str,
    ) -> None:
        # Arrange
        monkeypatch.setenv("SUPERUSER_PASSWORD", password)

        # Act
        code = await run([address], command_settings)

        # Assert
        captured = capsys.readouterr()
        assert code == 2
        assert captured.err.startswith(message)
        assert captured.out == ""
        assert await who_signs_in(guest, address, password) is None

    def test_module_run_with_help_prints_usage_and_exits_0(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        # Arrange: run as `python -m`, which executes a fresh copy of the module
        monkeypatch.setattr(sys, "argv", ["superuser", "--help"])
        monkeypatch.delitem(sys.modules, "backend.domain.auth.superuser")

        # Act
        with pytest.raises(SystemExit) as exited:
            runpy.run_module("backend.domain.auth.superuser", run_name="__main__")

        # Assert
        out = capsys.readouterr().out
        assert exited.value.code == 0
        assert out.startswith("usage: python -m backend.domain.auth.superuser [-h] email")
        assert DESCRIPTION in out
