"""Every error becomes one problem+json body (`backend.problem`), with the status the OpenAPI document lists.

`AppError` subclasses keep their status and detail; request validation becomes a 422 listing
each error; routing errors (unknown path, wrong method) keep their status, and a 405 lists every
method the path has; a database that is down or busy past its wait is a 503 with ``Retry-After``;
anything else is a 500 that says nothing about its cause, logged once.
"""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.error import AppError, InvalidReferenceError, ServiceUnavailableError{% if cookiecutter.auth == "jwt" %}, UnauthorizedError{% endif %}
from backend.problem import FieldError, problem_response

HTTP_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE")
UNEXPECTED_DETAIL = "An unexpected error occurred."
# The most errors a 422 lists.
MAX_FIELD_ERRORS = 50
UNAVAILABLE_DETAIL = "The database cannot serve the request now; retry shortly."
# Errors that may say the database is down, unreachable or busy rather than that the code is wrong.
UNAVAILABLE_ERRORS = (DBAPIError, PoolTimeoutError, ConnectionError, TimeoutError)
# PostgreSQL error codes (SQLSTATE) of a server that cannot serve the service now, by prefix: a
# connection failure, too many connections or no disk or memory left, a server shutting down or
# starting, a database that does not exist, a login that is refused.
UNAVAILABLE_SQLSTATES = ("08", "53", "57P", "3D000", "28")
# SQLite's words for a database file it cannot use.
UNAVAILABLE_SQLITE = ("locked", "unable to open database file", "disk i/o error", "database or disk is full")

logger = logging.getLogger(__name__)


async def handle_app_error(request: Request, exc: Exception) -> JSONResponse:
    """An `AppError`: its own status and detail; a bad reference also lists its field like any 422."""
    assert isinstance(exc, AppError)
    if isinstance(exc, InvalidReferenceError):
        errors = [FieldError(loc=["body", exc.field], msg=exc.detail, type="invalid_reference")]
        return problem_response(request, exc.status_code, exc.detail, errors=errors)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, ServiceUnavailableError) else None
{%- if cookiecutter.auth == "jwt" %}
    if isinstance(exc, UnauthorizedError):
        headers = {"WWW-Authenticate": "Bearer"}
{%- endif %}
    return problem_response(request, exc.status_code, exc.detail, headers=headers)


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    """Invalid input: 422 with where and why for each error (the first `MAX_FIELD_ERRORS`), without
    echoing the input: a body of many unknown fields does not get an answer larger than itself."""
    assert isinstance(exc, RequestValidationError)
    found = exc.errors()
    errors = [FieldError(loc=list(error["loc"]), msg=error["msg"], type=error["type"]) for error in found]
    detail = "The request is not valid."
    if len(found) > MAX_FIELD_ERRORS:
        detail = f"The request is not valid; the first {MAX_FIELD_ERRORS} of its {len(found)} errors are listed."
    return problem_response(request, 422, detail, errors=errors[:MAX_FIELD_ERRORS])


async def handle_http_error(request: Request, exc: Exception) -> JSONResponse:
    """Errors raised by routing or parsing (404 unknown path, 405 wrong method, 400 unreadable body)."""
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem_response(request, exc.status_code, str(exc.detail), headers=headers or None)


def allowed_methods(request: Request) -> list[str]:
    """Every method the application answers at the request's path: HEAD too wherever GET is (see
    `backend.middleware.head`), though no route declares it.

    Each method is tried against the routes (Starlette answers a 405 with the methods of the
    first route that matches the path only, although others may match it too).
    """
    routes = request.app.router.routes

    def answered(method: str) -> bool:
        return any(route.matches(dict(request.scope, method=method))[0] is Match.FULL for route in routes)

    return [method for method in HTTP_METHODS if answered(method) or (method == "HEAD" and answered("GET"))]


def database_unavailable(exc: Exception) -> bool:
    """Whether ``exc`` says the database cannot serve now: no free connection, a refused, lost or
    rejected connection, a server out of resources or shutting down, a missing or unopenable
    database, or a lock held past the wait. Any other database error (a missing table, a bad
    statement) is a fault of the service, not the database's state."""
    if not isinstance(exc, DBAPIError):
        return True  # the pool's timeout, or the server refusing or dropping the connection
    sqlstate = str(getattr(exc.orig, "sqlstate", None) or "")
    message = str(exc.orig).lower()
    return (
        exc.connection_invalidated
        or (bool(sqlstate) and sqlstate.startswith(UNAVAILABLE_SQLSTATES))
        or any(words in message for words in UNAVAILABLE_SQLITE)
    )


async def handle_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database is down, unreachable or stayed busy past its wait: 503, worth retrying.

    Other database errors go on to `UnexpectedErrorMiddleware` (500, logged).
    """
    if not database_unavailable(exc):
        raise exc
    logger.warning("Database unavailable on %s %s: %s", request.method, request.url.path, exc)
    error = ServiceUnavailableError(UNAVAILABLE_DETAIL)
    return await handle_app_error(request, error)


class UnexpectedErrorMiddleware:
    """Answers any other exception with a 500 problem, logged once here.

    Unlike an exception handler for ``Exception`` (which Starlette re-raises to the server after
    answering, so the error is logged twice and the connection dropped), the error ends here and
    the connection stays usable.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as exc:
            if started:
                raise  # part of the response is out: only the server can end it
            request = Request(scope)
            logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
            await problem_response(request, 500, UNEXPECTED_DETAIL)(scope, receive, send)


def register_error_handlers(app: FastAPI) -> None:
    """Install the handlers and the last-resort middleware on ``app``."""
    app.add_exception_handler(AppError, handle_app_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(HTTPException, handle_http_error)
    for error in UNAVAILABLE_ERRORS:
        app.add_exception_handler(error, handle_unavailable)
    app.add_middleware(UnexpectedErrorMiddleware)
