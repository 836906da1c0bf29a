"""Every error leaves the app as one problem+json body."""

from http import HTTPStatus

import pytest
from fastapi import FastAPI
from httpx2 import AsyncClient

from backend.error import AppError, ConflictError, InvalidReferenceError, NotFoundError
from backend.middleware.error_handler import PROBLEM_JSON, UNEXPECTED_DETAIL


@pytest.fixture
def failing_app(app: FastAPI) -> FastAPI:
    """``app`` with routes that raise on purpose."""

    @app.get("/raise/not-found")
    async def raise_not_found() -> None:
        raise NotFoundError("thing 7 was not found")

    @app.get("/raise/conflict")
    async def raise_conflict() -> None:
        raise ConflictError("thing 7 exists")

    @app.get("/raise/invalid-reference")
    async def raise_invalid_reference() -> None:
        raise InvalidReferenceError("owner_id: no owner has the id 7.")

    @app.get("/raise/app-error")
    async def raise_app_error() -> None:
        raise AppError("generic failure")

    @app.get("/raise/unexpected")
    async def raise_unexpected() -> None:
        raise RuntimeError("password=hunter2 at /srv/secret.py line 3")

    @app.get("/needs-int")
    async def needs_int(number: int) -> int:
        return number

    return app


class TestAppErrors:
    @pytest.mark.parametrize(
        ("path", "status", "title", "detail"),
        [
            ("/raise/not-found", 404, "Not Found", "thing 7 was not found"),
            ("/raise/conflict", 409, "Conflict", "thing 7 exists"),
            ("/raise/invalid-reference", 422, HTTPStatus(422).phrase, "owner_id: no owner has the id 7."),
            ("/raise/app-error", 500, "Internal Server Error", "generic failure"),
        ],
    )
    async def test_app_error_when_raised_returns_problem_with_its_status(
        self, failing_app: FastAPI, client: AsyncClient, path: str, status: int, title: str, detail: str
    ) -> None:
        # Act
        response = await client.get(path)

        # Assert
        assert response.status_code == status
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.json() == {
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": path,
        }


class TestValidationErrors:
    async def test_invalid_query_when_parsed_returns_422_listing_errors(
        self, failing_app: FastAPI, client: AsyncClient
    ) -> None:
        # Act
        response = await client.get("/needs-int", params={"number": "seven"})

        # Assert
        body = response.json()
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM_JSON
        assert body["title"] == HTTPStatus(422).phrase
        assert body["errors"] == [
            {
                "loc": ["query", "number"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "type": "int_parsing",
            }
        ]


class TestRoutingErrors:
    async def test_unknown_path_when_requested_returns_404_problem(self, client: AsyncClient) -> None:
        # Act
        response = await client.get("/no/such/path")

        # Assert
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.json()["instance"] == "/no/such/path"

    async def test_wrong_method_when_requested_returns_405_problem(self, client: AsyncClient) -> None:
        # Act
        response = await client.delete("/health")

        # Assert
        assert response.status_code == 405
        assert response.json()["title"] == "Method Not Allowed"
        assert response.headers["allow"] == "GET"


@pytest.mark.security
class TestUnexpectedErrors:
    async def test_unexpected_error_when_raised_returns_500_without_internals(
        self, failing_app: FastAPI, client: AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        # Act
        response = await client.get("/raise/unexpected")

        # Assert
        assert response.status_code == 500
        assert response.json()["detail"] == UNEXPECTED_DETAIL
        assert "hunter2" not in response.text
        assert "RuntimeError" not in response.text
        assert "hunter2" in caplog.text
