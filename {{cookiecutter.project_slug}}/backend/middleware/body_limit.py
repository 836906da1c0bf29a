"""A bound on the size of request bodies: 413 as soon as a body is known to be too large."""

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_LENGTH = b"content-length"


class BodyLimitMiddleware:
    """Refuses a request body of more than ``max_bytes`` with 413 (a problem, like every error).

    A declared ``Content-Length`` over the limit is refused before any byte is read; a body sent
    without one (chunked) is counted as it arrives and refused when it passes the limit. The error
    is raised where the application reads the body, so its exception handlers answer it.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = next((value for name, value in scope["headers"] if name == CONTENT_LENGTH), b"")
        received = int(declared) if declared.isdigit() else 0

        async def limited() -> Message:
            nonlocal received
            if received > self.max_bytes:
                raise self._too_large()
            message = await receive()
            if message["type"] == "http.request" and not declared.isdigit():
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise self._too_large()
            return message

        await self.app(scope, limited, send)

    def _too_large(self) -> HTTPException:
        return HTTPException(413, f"The body is larger than the {self.max_bytes} bytes this service accepts.")
