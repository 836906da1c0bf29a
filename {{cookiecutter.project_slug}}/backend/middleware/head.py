"""HEAD answered wherever GET is, as RFC 9110 asks of every server: the same status and headers, no body."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadMiddleware:
    """Runs a HEAD request as a GET and sends its status and headers without the body.

    Load balancers and uptime checks often probe with HEAD; the OpenAPI document lists GET only, as
    frameworks commonly leave HEAD implicit. A path without GET answers 405 as before.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # a part of a streamed body: only the end is sent, empty
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)
