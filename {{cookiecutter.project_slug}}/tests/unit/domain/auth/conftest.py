"""Stand-ins and the app of the auth unit tests."""

from typing import Any

import pytest
from fastapi import FastAPI

from backend.config import Settings
from backend.domain.auth.repository import UserRepository
from backend.domain.auth.router import router
from backend.domain.auth.service import AuthService
from backend.main import create_application
from tests.mocks import stand_in


@pytest.fixture(scope="module")
def app(settings: Settings) -> FastAPI:
    """An application serving only the auth routes (overrides the project-wide ``app``).

    Built once per module, since FastAPI compiles its routes on first use; tests change only its
    ``dependency_overrides``, and clear them.
    """
    return create_application(settings, routers=[router])


@pytest.fixture
def user_repository() -> Any:
    """The repository's stand-in, with its exact signatures: no user is stored."""
    repository = stand_in(UserRepository)
    repository.get_by_email.return_value = None
    repository.get.return_value = None
    return repository


@pytest.fixture
def auth_service_mock() -> Any:
    """A stand-in for `AuthService` with its exact method signatures."""
    return stand_in(AuthService)
