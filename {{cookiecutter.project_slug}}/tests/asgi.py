"""A recording ASGI application, for tests of middleware."""

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send


async def scopes_passed_on(middleware: Callable[[ASGIApp], ASGIApp], scopes: list[Scope]) -> list[Scope]:
    """The scopes ``middleware`` hands the application it wraps, when called once with each of ``scopes``
    (nothing to receive, nowhere to send)."""
    seen: list[Scope] = []

    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope)

    async def receive() -> Message:
        return {"type": "lifespan.startup"}

    async def send(message: Message) -> None:
        return None

    wrapped = middleware(recording)
    for scope in scopes:
        await wrapped(scope, receive, send)
    return seen
