"""The body of every error response: an RFC 9457 problem, sent as ``application/problem+json``."""

from http import HTTPStatus

from asgi_correlation_id import correlation_id
from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

PROBLEM_JSON = "application/problem+json"


class Problem(BaseModel):
    """What went wrong, for a person (``detail``) and for a program (``status``)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str


class FieldError(BaseModel):
    """One invalid part of a request: where (``loc``, e.g. ``["body", "name"]``), why, and the kind of error."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationProblem(Problem):
    """A 422: the request is well-formed but some of its values are not valid."""

    errors: list[FieldError]


class ServerProblem(Problem):
    """A 5xx: the service could not answer. ``request_id`` (also the ``X-Request-ID`` header) finds its log lines."""

    request_id: str | None


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """The problem+json response for ``request``: a `ValidationProblem` when ``errors`` are given, a
    `ServerProblem` for a 5xx."""
    title, instance = HTTPStatus(status).phrase, request.url.path
    body: Problem
    if errors is not None:
        body = ValidationProblem(title=title, status=status, detail=detail, instance=instance, errors=errors)
    elif status >= 500:
        request_id = correlation_id.get()
        body = ServerProblem(title=title, status=status, detail=detail, instance=instance, request_id=request_id)
    else:
        body = Problem(title=title, status=status, detail=detail, instance=instance)
    return JSONResponse(body.model_dump(), status_code=status, media_type=PROBLEM_JSON, headers=headers)
