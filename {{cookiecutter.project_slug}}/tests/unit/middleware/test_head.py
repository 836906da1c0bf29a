"""HEAD is answered wherever GET is, with GET's status and headers and no body."""

from collections.abc import AsyncIterator

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.responses import StreamingResponse
from httpx2 import ASGITransport, AsyncClient
from starlette.types import Scope

from backend.config import Settings
from backend.main import create_application
from backend.middleware.head import HeadMiddleware
from tests.asgi import scopes_passed_on


@pytest.fixture(scope="module")
def head_app() -> FastAPI:
    """The application with a plain GET route, a streamed one and a POST-only one."""
    router = APIRouter()

    @router.get("/thing")
    async def thing() -> dict[str, str]:
        return {"name": "thing"}

    @router.get("/stream")
    async def stream() -> StreamingResponse:
        async def parts() -> AsyncIterator[bytes]:
            yield b"one"
            yield b"two"

        return StreamingResponse(parts(), media_type="text/plain")

    @router.post("/only-post")
    async def only_post() -> None:
        return None

    return create_application(Settings(_env_file=None, database_url="sqlite+aiosqlite://"), [router])


@pytest.fixture
async def head_client(head_app: FastAPI) -> AsyncIterator[AsyncClient]:
    async with AsyncClient(transport=ASGITransport(app=head_app), base_url="http://test") as client:
        yield client


class TestHead:
    @pytest.mark.parametrize("path", ["/api/v1/thing", "/health/live"])
    async def test_head_where_get_exists_answers_get_status_and_headers_without_body(
        self, head_client: AsyncClient, path: str
    ) -> None:
        # Act
        got = await head_client.get(path)
        head = await head_client.head(path)

        # Assert
        assert head.status_code == got.status_code == 200
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["content-length"] == got.headers["content-length"]

    async def test_head_of_a_streamed_body_sends_none_of_it(self, head_client: AsyncClient) -> None:
        # Act
        response = await head_client.head("/api/v1/stream")

        # Assert
        assert (response.status_code, response.content) == (200, b"")

    async def test_head_where_there_is_no_get_answers_405(self, head_client: AsyncClient) -> None:
        # Act
        response = await head_client.head("/api/v1/only-post")

        # Assert
        assert (response.status_code, response.headers["allow"], response.content) == (405, "POST", b"")

    async def test_other_methods_and_scopes_are_passed_through_untouched(self) -> None:
        # Arrange
        scopes: list[Scope] = [{"type": "lifespan"}, {"type": "http", "method": "POST"}]

        # Act
        passed = await scopes_passed_on(HeadMiddleware, scopes)

        # Assert
        assert passed == scopes
