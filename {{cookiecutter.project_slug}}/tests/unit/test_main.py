"""The application factory: routes of every domain, error handlers, no schema changes on startup."""

import logging
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from httpx2 import ASGITransport, AsyncClient, Response

from backend.config import Settings
from backend.domain import domain_names, load_routers
from backend.main import API_PREFIX, create_application


class TestCreateApplication:
    def test_create_application_mounts_every_domain_router_under_api_prefix(self, served_app: FastAPI) -> None:
        # Arrange
        routers = load_routers()

        # Act
        paths = served_app.openapi()["paths"]

        # Assert
        assert len(routers) == len(domain_names()) > 0
        for router in routers:
            assert {f"{API_PREFIX}{route.path}" for route in router.routes if isinstance(route, APIRoute)} <= set(paths)

    async def test_lifespan_when_started_leaves_the_schema_to_migrations(self, tmp_path: Path) -> None:
        # Arrange
        database = tmp_path / "app.db"
        app = create_application(Settings(database_url=f"sqlite+aiosqlite:///{database}"))

        # Act
        async with app.router.lifespan_context(app):
            pass

        # Assert
        with sqlite3.connect(database) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == set()


REQUEST_ID = "0123456789abcdef0123456789abcdef"
ORIGIN = "https://app.example.com"


def boom_app(**settings: Any) -> FastAPI:
    """The application on an unconnected database, with one route that fails unexpectedly."""
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        logging.getLogger("backend.test").info("about to fail")
        raise RuntimeError("boom")

    return create_application(Settings(_env_file=None, database_url="sqlite+aiosqlite://", **settings), [router])


async def send(app: FastAPI, method: str, path: str, headers: dict[str, str] | None = None) -> Response:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        return await client.request(method, path, headers=headers)


class TestPaths:
    async def test_path_with_a_trailing_slash_is_a_404_problem_not_a_redirect(self) -> None:
        # Act
        response = await send(boom_app(), "GET", "/health/live/")

        # Assert
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


class TestRequestId:
    async def test_request_with_valid_id_gets_the_same_id_back(self) -> None:
        # Act
        response = await send(boom_app(), "GET", "/health/live", {"X-Request-ID": REQUEST_ID})

        # Assert
        assert response.headers["x-request-id"] == REQUEST_ID

    @pytest.mark.parametrize("given", [None, "'; DROP TABLE artist; --", "x" * 5000])
    async def test_request_without_a_valid_id_gets_a_new_one(self, given: str | None) -> None:
        # Act
        response = await send(boom_app(), "GET", "/health/live", {"X-Request-ID": given} if given else None)

        # Assert
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])

    async def test_unexpected_error_body_and_log_lines_carry_the_request_id(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # Arrange
        app = boom_app()
        capsys.readouterr()

        # Act
        response = await send(app, "GET", f"{API_PREFIX}/boom", {"X-Request-ID": REQUEST_ID})

        # Assert
        assert response.status_code == 500
        assert response.headers["x-request-id"] == REQUEST_ID
        assert response.json()["request_id"] == REQUEST_ID
        lines = capsys.readouterr().err.splitlines()
        assert any(f"INFO [{REQUEST_ID}] backend.test: about to fail" in line for line in lines)
        assert any(f"ERROR [{REQUEST_ID}] backend.middleware.error_handler: Unhandled error" in line for line in lines)

    async def test_client_error_body_has_no_request_id(self) -> None:
        # Act
        response = await send(boom_app(), "GET", "/no-such-path")

        # Assert
        assert response.status_code == 404
        assert "request_id" not in response.json()
        assert "x-request-id" in response.headers


class TestCors:
    async def test_preflight_from_a_configured_origin_is_allowed(self) -> None:
        # Arrange
        headers = {"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}

        # Act
        response = await send(boom_app(cors_origins=[ORIGIN]), "OPTIONS", "/health/live", headers)

        # Assert
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == ORIGIN

    async def test_preflight_from_another_origin_is_refused(self) -> None:
        # Arrange
        headers = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}

        # Act
        response = await send(boom_app(cors_origins=[ORIGIN]), "OPTIONS", "/health/live", headers)

        # Assert
        assert response.status_code == 400
        assert "access-control-allow-origin" not in response.headers

    async def test_response_to_a_configured_origin_exposes_the_request_id(self) -> None:
        # Act
        response = await send(boom_app(cors_origins=[ORIGIN]), "GET", "/health/live", {"Origin": ORIGIN})

        # Assert
        assert response.headers["access-control-allow-origin"] == ORIGIN
        assert "X-Request-ID" in response.headers["access-control-expose-headers"]

    async def test_no_configured_origin_sends_no_cors_headers(self) -> None:
        # Act
        response = await send(boom_app(), "GET", "/health/live", {"Origin": ORIGIN})

        # Assert
        assert response.status_code == 200
        assert "access-control-allow-origin" not in response.headers
