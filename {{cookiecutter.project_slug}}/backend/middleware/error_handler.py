"""Every error becomes one RFC 9457 problem+json body.

`AppError` subclasses keep their status and detail; request validation becomes
a 422 listing each error; HTTP errors raised by routing (unknown path, wrong
method) keep their status; anything else is a 500 that says nothing about its cause.
"""

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from backend.error import AppError

PROBLEM_JSON = "application/problem+json"
UNEXPECTED_DETAIL = "An unexpected error occurred."

logger = logging.getLogger(__name__)


def problem(
    request: Request, status: int, detail: str, *, headers: Mapping[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """A problem+json response for ``request``."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def handle_app_error(request: Request, exc: Exception) -> JSONResponse:
    """An `AppError`: its own status and detail."""
    assert isinstance(exc, AppError)
    return problem(request, exc.status_code, exc.detail)


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    """Invalid input: 422 with where and why for each error, without echoing the input."""
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]} for error in exc.errors()]
    return problem(request, 422, "The request is not valid.", errors=errors)


async def handle_http_error(request: Request, exc: Exception) -> JSONResponse:
    """Errors raised by routing itself (404 unknown path, 405 wrong method, with its Allow header)."""
    assert isinstance(exc, HTTPException)
    return problem(request, exc.status_code, str(exc.detail), headers=exc.headers)


async def handle_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """Anything else: logged with its traceback, answered with a 500 that leaks nothing."""
    logger.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(request, 500, UNEXPECTED_DETAIL)


def register_error_handlers(app: FastAPI) -> None:
    """Install the handlers on ``app``."""
    app.add_exception_handler(AppError, handle_app_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(HTTPException, handle_http_error)
    app.add_exception_handler(Exception, handle_unexpected_error)
