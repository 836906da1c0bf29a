"""Request bodies larger than `MAX_BODY_BYTES` are refused with 413 before they are read."""

from collections.abc import AsyncIterator

import pytest
from fastapi import APIRouter, FastAPI, Request
from httpx2 import ASGITransport, AsyncClient
from starlette.types import Message, Receive, Scope, Send

from backend.config import Settings
from backend.main import create_application
from backend.middleware.body_limit import BodyLimitMiddleware
from backend.problem import PROBLEM_JSON
from tests.asgi import scopes_passed_on

LIMIT = 10


@pytest.fixture(scope="module")
def small_app() -> FastAPI:
    """The application accepting bodies of at most ``LIMIT`` bytes, with a route that reads its body."""
    router = APIRouter()

    @router.post("/echo")
    async def echo(request: Request) -> int:
        return len(await request.body())

    settings = Settings(_env_file=None, database_url="sqlite+aiosqlite://", max_body_bytes=LIMIT)
    return create_application(settings, [router])


@pytest.fixture
async def small_client(small_app: FastAPI) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(transport=ASGITransport(app=small_app), base_url="http://test") as client:
        yield client


async def chunks(*parts: bytes) -> AsyncIterator[bytes]:
    """A body streamed in ``parts``, sent without a Content-Length."""
    for part in parts:
        yield part


class TestBodyLimit:
    @pytest.mark.parametrize("size", [0, LIMIT])
    async def test_body_up_to_the_limit_is_read(self, small_client: AsyncClient, size: int) -> None:
        # Act
        response = await small_client.post("/api/v1/echo", content=b"x" * size)

        # Assert
        assert (response.status_code, response.json()) == (200, size)

    async def test_declared_length_over_the_limit_is_a_413_problem(self, small_client: AsyncClient) -> None:
        # Act
        response = await small_client.post("/api/v1/echo", content=b"x" * (LIMIT + 1))

        # Assert
        assert response.status_code == 413
        assert response.headers["content-type"] == PROBLEM_JSON
        assert response.json()["detail"] == f"The body is larger than the {LIMIT} bytes this service accepts."

    async def test_streamed_body_is_refused_when_it_passes_the_limit(self, small_client: AsyncClient) -> None:
        # Act
        response = await small_client.post("/api/v1/echo", content=chunks(b"x" * LIMIT, b"y"))

        # Assert
        assert response.status_code == 413

    async def test_streamed_body_up_to_the_limit_is_read(self, small_client: AsyncClient) -> None:
        # Act
        response = await small_client.post("/api/v1/echo", content=chunks(b"x" * (LIMIT - 1), b"y"))

        # Assert
        assert (response.status_code, response.json()) == (200, LIMIT)

    async def test_declared_length_over_the_limit_is_refused_before_any_byte_is_read(self) -> None:
        # Arrange: an inner app that reads the body, and a client whose body must never be asked for
        reads: list[str] = []

        async def inner(scope: Scope, receive: Receive, send: Send) -> None:
            await receive()

        async def receive() -> Message:
            reads.append("read")
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            raise AssertionError("nothing is sent by the middleware itself")

        scope: Scope = {"type": "http", "headers": [(b"content-length", str(LIMIT + 1).encode())]}

        # Act
        with pytest.raises(Exception, match="larger than the 10 bytes") as raised:
            await BodyLimitMiddleware(inner, max_bytes=LIMIT)(scope, receive, send)

        # Assert
        assert getattr(raised.value, "status_code", None) == 413
        assert reads == []

    async def test_non_http_scope_is_passed_through_untouched(self) -> None:
        # Act
        passed = await scopes_passed_on(lambda app: BodyLimitMiddleware(app, max_bytes=LIMIT), [{"type": "lifespan"}])

        # Assert
        assert passed == [{"type": "lifespan"}]
