"""The OpenAPI document, completed with every error each operation can answer and the body it has.

FastAPI documents the success response, the responses a route declares, and a 422 in its own
format. Here every 4xx and 5xx becomes a `Problem` (a 422 a `ValidationProblem`) sent as
``application/problem+json``, and the statuses that come from the stack rather than the route
are added: 400, 413 and 415 for a body that cannot be read as JSON, 500, and 503 with ``Retry-After``.
A 5xx body is a `ServerProblem` (with the request's id), and every response has ``X-Request-ID``.
"""

from typing import Any

from fastapi import FastAPI
from pydantic.json_schema import models_json_schema

from backend.problem import PROBLEM_JSON, Problem, ServerProblem, ValidationProblem

# The ``responses`` a route declares: status -> OpenAPI response object (FastAPI merges in the rest).
Responses = dict[int | str, dict[str, Any]]

SCHEMAS = "#/components/schemas/"
REQUEST_ID = {
    "X-Request-ID": {
        "description": "The request's id: the client's own when it sent a valid one, else a new one.",
        "schema": {"type": "string"},
    }
}
{%- if cookiecutter.auth == "jwt" %}
WWW_AUTHENTICATE = {"WWW-Authenticate": {"description": "How to authenticate: `Bearer`.", "schema": {"type": "string"}}}
{%- endif %}
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer", "minimum": 0}}
}
# Statuses every operation with a JSON body can answer, and every operation at all.
BODY_ERRORS = {
    400: "The body cannot be read (not UTF-8, JSON nested too deeply, or a number too long to parse).",
    413: "The body is larger than the service accepts (MAX_BODY_BYTES).",
    415: "The body is not sent as application/json.",
}
ANY_ERRORS = {
    500: "An unexpected error; the body says nothing about its cause.",
    503: "The database is unavailable or stayed busy; retry after the Retry-After seconds.",
}


def install_openapi(app: FastAPI) -> None:
    """Make ``app`` serve the completed document (built once, on first request)."""

    document = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = with_problems(document())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def with_problems(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with problem+json error responses on every operation."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    _, problems = models_json_schema(
        [(model, "serialization") for model in (Problem, ValidationProblem, ServerProblem)],
        ref_template=SCHEMAS + "{model}",
    )
    schemas.update(problems["$defs"])
    for operation in _operations(document):
        responses = operation.setdefault("responses", {})
        body = operation.get("requestBody", {}).get("content", {})
        extra = ({**BODY_ERRORS, 422: "The body is not valid."} if body else {}) | ANY_ERRORS
        if body and "application/json" not in body:
            del extra[415]  # only a JSON body is refused for its content type; a form's fields are then missing (422)
        for status, description in extra.items():
            responses.setdefault(str(status), {"description": description})
        for status, response in responses.items():
            if int(status) >= 400:
                _as_problem(int(status), response)
            response.setdefault("headers", {}).update(REQUEST_ID)
    return document


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return [
        operation
        for path_item in document.get("paths", {}).values()
        for method, operation in path_item.items()
        if method in methods
    ]


def _as_problem(status: int, response: dict[str, Any]) -> None:
    """Give an error response the problem body, unless the route declared a body of its own."""
    content = response.get("content", {})
    fastapi_422 = content.get("application/json", {}).get("schema", {}).get("$ref") == SCHEMAS + "HTTPValidationError"
    if not content or fastapi_422:
        model = ValidationProblem if status == 422 else ServerProblem if status >= 500 else Problem
        response["content"] = {PROBLEM_JSON: {"schema": {"$ref": SCHEMAS + model.__name__}}}
    if status == 503:
        response.setdefault("headers", {}).update(RETRY_AFTER)
{%- if cookiecutter.auth == "jwt" %}
    if status == 401:
        response.setdefault("headers", {}).update(WWW_AUTHENTICATE)
{%- endif %}
