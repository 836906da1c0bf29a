"""Every error leaves the app as one problem+json body."""

import logging
import uuid
from http import HTTPStatus

import pytest
from fastapi import FastAPI
from httpx2 import ASGITransport, AsyncClient
from pydantic import BaseModel, ConfigDict
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.types import Message, Receive, Scope, Send

from backend.error import (
    AppError,
    ConflictError,
    InvalidReferenceError,
    NotFoundError,
    ServiceUnavailableError,
    StillReferencedError,
    UniqueValueError,
    UnsupportedMediaTypeError,
)
from backend.middleware.error_handler import (
    MAX_FIELD_ERRORS,
    UNAVAILABLE_DETAIL,
    UNEXPECTED_DETAIL,
    UnexpectedErrorMiddleware,
)
from backend.problem import PROBLEM_JSON
from tests.asgi import scopes_passed_on


class Strict(BaseModel):
    """A body that takes no fields but ``name``."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None


class ServerError(Exception):
    """A driver's error that carries PostgreSQL's error code (SQLSTATE), as asyncpg's do."""

    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def server_error(sqlstate: str, message: str = "server error") -> DBAPIError:
    return DBAPIError("SELECT 1", {}, ServerError(message, sqlstate))


ERRORS: dict[str, Exception] = {
    "not-found": NotFoundError("thing 7 was not found"),
    "conflict": ConflictError("thing 7 exists"),
    "unique": UniqueValueError("thing", "name"),
    "still-referenced": StillReferencedError("thing", uuid.UUID(int=7), ["part.thing_id"]),
    "unsupported": UnsupportedMediaTypeError("send JSON"),
    "app-error": AppError("generic failure"),
    "busy": ServiceUnavailableError("try later"),
    "locked": OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked")),
    "lost": OperationalError("SELECT 1", {}, Exception("server closed the connection"), connection_invalidated=True),
    "no-table": OperationalError("SELECT * FROM thing", {}, Exception("no such table: thing")),
    "unopenable": OperationalError("SELECT 1", {}, Exception("unable to open database file")),
    "disk-full": OperationalError("INSERT INTO thing", {}, Exception("database or disk is full")),
    "no-database": server_error("3D000", 'database "app" does not exist'),
    "login-refused": server_error("28P01", "password authentication failed"),
    "too-many-connections": server_error("53300", "sorry, too many clients already"),
    "shutting-down": server_error("57P01", "terminating connection due to administrator command"),
    "connection-failure": server_error("08006"),
    "duplicate": server_error("23505", "duplicate key value violates unique constraint"),
    "syntax": server_error("42601", "syntax error at or near"),
    "pool": PoolTimeoutError("QueuePool limit reached"),
    "refused": ConnectionRefusedError("connection refused"),
    "unexpected": RuntimeError("password=hunter2 at /srv/secret.py line 3"),
}


@pytest.fixture
def failing_app(app: FastAPI) -> FastAPI:
    """``app`` with a route that raises the error of ERRORS named in its path, and typed routes."""

    @app.get("/raise/{name}")
    async def raise_error(name: str) -> None:
        raise ERRORS[name]

    @app.get("/raise/invalid-reference/{field}")
    async def raise_invalid_reference(field: str) -> None:
        raise InvalidReferenceError(field, "owner", uuid.UUID(int=7))

    @app.get("/needs-int")
    async def needs_int(number: int) -> int:
        return number

    @app.post("/needs-int")
    async def post_int(number: int) -> int:
        return number

    @app.post("/strict")
    async def strict(body: Strict) -> None:
        return None

    return app


class TestAppErrors:
    @pytest.mark.parametrize(
        ("name", "status", "detail"),
        [
            ("not-found", 404, "thing 7 was not found"),
            ("conflict", 409, "thing 7 exists"),
            ("unique", 409, "Another thing already has this name."),
            (
                "still-referenced",
                409,
                f"The thing {uuid.UUID(int=7)} is still referred to by part.thing_id; "
                "delete or change those rows first.",
            ),
            ("unsupported", 415, "send JSON"),
            ("app-error", 500, "generic failure"),
        ],
    )
    async def test_app_error_when_raised_returns_problem_with_its_status(
        self, failing_app: FastAPI, client: AsyncClient, name: str, status: int, detail: str
    ) -> None:
        # Act
        response = await client.get(f"/raise/{name}")

        # Assert
        assert response.status_code == status
        assert response.headers["content-type"] == PROBLEM_JSON
        problem = {
            "type": "about:blank",
            "title": HTTPStatus(status).phrase,
            "status": status,
            "detail": detail,
            "instance": f"/raise/{name}",
        }
        # A 5xx also names the request, for its log lines.
        server = {"request_id": response.headers["x-request-id"]} if status >= 500 else {}
        assert response.json() == problem | server

    async def test_invalid_reference_when_raised_returns_422_listing_the_field(
        self, failing_app: FastAPI, client: AsyncClient
    ) -> None:
        # Act
        response = await client.get("/raise/invalid-reference/owner_id")

        # Assert
        detail = f"owner_id: no owner has the id {uuid.UUID(int=7)}."
        assert response.status_code == 422
        assert response.json()["detail"] == detail
        assert response.json()["errors"] == [{"loc": ["body", "owner_id"], "msg": detail, "type": "invalid_reference"}]


class TestUnavailable:
    @pytest.mark.parametrize(
        ("name", "detail"),
        [
            ("busy", "try later"),
            ("locked", UNAVAILABLE_DETAIL),
            ("pool", UNAVAILABLE_DETAIL),
            ("refused", UNAVAILABLE_DETAIL),
            ("lost", UNAVAILABLE_DETAIL),
            ("unopenable", UNAVAILABLE_DETAIL),
            ("disk-full", UNAVAILABLE_DETAIL),
            ("no-database", UNAVAILABLE_DETAIL),
            ("login-refused", UNAVAILABLE_DETAIL),
            ("too-many-connections", UNAVAILABLE_DETAIL),
            ("shutting-down", UNAVAILABLE_DETAIL),
            ("connection-failure", UNAVAILABLE_DETAIL),
        ],
    )
    async def test_database_unavailable_when_raised_returns_503_with_retry_after(
        self, failing_app: FastAPI, client: AsyncClient, name: str, detail: str
    ) -> None:
        # Act
        response = await client.get(f"/raise/{name}")

        # Assert
        assert response.status_code == 503
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.headers["retry-after"] == str(ServiceUnavailableError.retry_after)
        assert response.json()["detail"] == detail

    @pytest.mark.parametrize("name", ["no-table", "duplicate", "syntax"])
    async def test_other_database_error_is_a_500_not_unavailable(
        self, failing_app: FastAPI, client: AsyncClient, name: str
    ) -> None:
        # Act
        response = await client.get(f"/raise/{name}")

        # Assert
        assert response.status_code == 500
        assert "retry-after" not in response.headers
        assert response.json()["detail"] == UNEXPECTED_DETAIL


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

    async def test_body_with_more_errors_than_listed_returns_the_first_and_says_how_many(
        self, failing_app: FastAPI, client: AsyncClient
    ) -> None:
        # Arrange: a body of unknown fields, each one an error
        body = {f"field{n}": n for n in range(MAX_FIELD_ERRORS + 5)}

        # Act
        response = await client.post("/strict", json=body)

        # Assert
        problem = response.json()
        assert response.status_code == 422
        assert len(problem["errors"]) == MAX_FIELD_ERRORS
        assert problem["errors"][0] == {
            "loc": ["body", "field0"],
            "msg": "Extra inputs are not permitted",
            "type": "extra_forbidden",
        }
        assert problem["detail"] == (
            f"The request is not valid; the first {MAX_FIELD_ERRORS} of its {MAX_FIELD_ERRORS + 5} errors are listed."
        )


class TestRoutingErrors:
    async def test_unknown_path_when_requested_returns_404_problem(self, client: AsyncClient) -> None:
        # Act
        response = await client.get("/no/such/path")

        # Assert
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.json()["instance"] == "/no/such/path"

    @pytest.mark.parametrize("method", ["DELETE", "PUT", "OPTIONS", "TRACE"])
    async def test_wrong_method_when_path_has_several_routes_returns_405_allowing_all_of_them(
        self, failing_app: FastAPI, client: AsyncClient, method: str
    ) -> None:
        # Act
        response = await client.request(method, "/needs-int")

        # Assert
        assert response.status_code == 405
        assert response.headers["allow"] == "GET, HEAD, POST"


@pytest.mark.security
class TestUnexpectedErrors:
    async def test_unexpected_error_when_raised_returns_500_without_internals(
        self, failing_app: FastAPI, client: AsyncClient
    ) -> None:
        # Act
        response = await client.get("/raise/unexpected")

        # Assert
        assert response.status_code == 500
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.json()["detail"] == UNEXPECTED_DETAIL
        assert "hunter2" not in response.text
        assert "RuntimeError" not in response.text

    async def test_unexpected_error_when_raised_is_logged_once_and_not_passed_to_the_server(
        self, failing_app: FastAPI, caplog: pytest.LogCaptureFixture
    ) -> None:
        # Arrange: a transport that re-raises whatever reaches the server, as uvicorn would log it
        transport = ASGITransport(app=failing_app, raise_app_exceptions=True)

        # Act
        with caplog.at_level(logging.ERROR):
            async with AsyncClient(transport=transport, base_url="http://test") as client:
                response = await client.get("/raise/unexpected")

        # Assert
        assert response.status_code == 500
        assert [record.getMessage() for record in caplog.records] == ["Unhandled error on GET /raise/unexpected"]
        assert "hunter2" in caplog.text


class TestUnexpectedErrorMiddleware:
    async def test_non_http_scope_is_passed_through_untouched(self) -> None:
        # Act
        passed = await scopes_passed_on(UnexpectedErrorMiddleware, [{"type": "lifespan"}])

        # Assert
        assert passed == [{"type": "lifespan"}]

    async def test_error_after_response_started_is_left_to_the_server(self) -> None:
        # Arrange
        sent: list[Message] = []

        async def inner(scope: Scope, receive: Receive, send: Send) -> None:
            await send({"type": "http.response.start", "status": 200, "headers": []})
            raise RuntimeError("midway")

        async def nothing() -> Message:
            return {}

        async def record(message: Message) -> None:
            sent.append(message)

        scope: Scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "query_string": b""}

        # Act
        with pytest.raises(RuntimeError, match="midway"):
            await UnexpectedErrorMiddleware(inner)(scope, nothing, record)

        # Assert
        assert [message["type"] for message in sent] == ["http.response.start"]
