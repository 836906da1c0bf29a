"""The OpenAPI document tells the truth: every route is in it, and every answer a route gives is one it lists.

Each operation is called with the requests that reach its error paths (an unknown id, a malformed
id, a body that is not JSON, not UTF-8, not valid or too large, a bad query); each answer's status, media
type, headers and body must be what the document says for that operation.
"""

import re
import uuid
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from httpx2 import AsyncClient, Response

from backend import health
from backend.config import Settings
from backend.domain import load_routers
from backend.main import API_PREFIX
from backend.problem import PROBLEM_JSON, Problem, ServerProblem, ValidationProblem

METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")
ACTIONS = "create|list|get|update|delete|live|ready{% if cookiecutter.auth == "jwt" %}|register|token|me{% endif %}"
OPERATION_ID = re.compile(rf"(?P<tag>[a-z][a-z0-9_]*)-(?P<action>{ACTIONS})")
PATH_PARAMETER = re.compile(r"\{[^}]+\}")
# The suite's applications accept bodies of the default size.
MAX_BODY_BYTES: int = Settings.model_fields["max_body_bytes"].default
# The body of each error status that is not a plain `Problem`.
PROBLEMS: dict[int, type[Problem]] = {422: ValidationProblem, 500: ServerProblem, 503: ServerProblem}

Operation = tuple[str, str, dict[str, Any]]


def operations(app: FastAPI) -> list[Operation]:
    """Each operation of the app's document as (path, METHOD, operation object)."""
    return [
        (path, method.upper(), operation)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def probes(path: str, method: str, operation: dict[str, Any]) -> list[dict[str, Any]]:
    """Requests that reach the operation's success and error paths (as keyword arguments of `request`)."""
    urls = [PATH_PARAMETER.sub(str(uuid.uuid4()), path)]
    if PATH_PARAMETER.search(path):
        urls.append(PATH_PARAMETER.sub("not-an-id", path))
    requests: list[dict[str, Any]] = [{"method": method, "url": url} for url in urls]
    if "requestBody" in operation:
        bodies: list[dict[str, Any]] = [
            {"json": {}},
            {"json": {"not a field": 1}},
            {"json": []},
            {"content": b'{"x": "\xff"}', "headers": {"content-type": "application/json"}},
            {"content": b"{", "headers": {"content-type": "application/json"}},
            {"content": b"{}", "headers": {"content-type": "text/plain"}},
            {"content": b" " * (MAX_BODY_BYTES + 1), "headers": {"content-type": "application/json"}},
        ]
        requests = [{**request, **body} for request in requests for body in bodies]
    if any(parameter["in"] == "query" for parameter in operation.get("parameters", [])):
        requests += [{"method": method, "url": urls[0], "params": {"limit": limit}} for limit in ("0", "x", "101")]
    return requests


def mismatch(operation: dict[str, Any], response: Response) -> str | None:
    """What in ``response`` the operation does not document, or None."""
    documented = operation["responses"].get(str(response.status_code))
    if documented is None:
        return f"status {response.status_code} is not documented"
    media = response.headers.get("content-type", "").split(";")[0] or None
    content = documented.get("content", {})
    if media not in content and not (media is None and not content):
        return f"{response.status_code} sent {media}, documented {sorted(content)}"
    missing = [header for header in documented.get("headers", {}) if header.lower() not in response.headers]
    if missing:
        return f"{response.status_code} lacks documented headers {missing}"
    if media == PROBLEM_JSON:
        PROBLEMS.get(response.status_code, Problem).model_validate(response.json())
    return None


class TestDocument:
    def test_every_route_is_documented(self, served_app: FastAPI) -> None:
        # Arrange
        mounted = [(API_PREFIX, router) for router in load_routers()] + [("", health.router)]
        routes = {
            (prefix + route.path, method)
            for prefix, router in mounted
            for route in router.routes
            if isinstance(route, APIRoute)
            for method in route.methods or ()
        }

        # Act
        documented = {(path, method) for path, method, _ in operations(served_app)}

        # Assert
        assert documented == routes

    def test_operation_ids_are_unique_and_named_tag_dash_action(self, served_app: FastAPI) -> None:
        # Act
        ids = [operation["operationId"] for _, _, operation in operations(served_app)]

        # Assert
        assert len(ids) == len(set(ids))
        for _, _, operation in operations(served_app):
            match = OPERATION_ID.fullmatch(operation["operationId"])
            assert match is not None, operation["operationId"]
            assert match["tag"] == operation["tags"][0]

    def test_every_error_response_is_a_problem(self, served_app: FastAPI) -> None:
        for path, method, operation in operations(served_app):
            for status, response in operation["responses"].items():
                if int(status) < 400 or (path, status) == ("/health/ready", "503"):
                    continue
                # Act
                schema = response["content"][PROBLEM_JSON]["schema"]["$ref"]

                # Assert
                expected = PROBLEMS.get(int(status), Problem).__name__
                assert schema == f"#/components/schemas/{expected}", f"{method} {path} {status}"

    def test_update_bodies_are_nullable_exactly_where_the_model_allows_null(self, served_app: FastAPI) -> None:
        # Arrange
        schemas = served_app.openapi()["components"]["schemas"]
        updates = [name for name in schemas if name.endswith("Update")]

        for name in updates:
            required = set(schemas[name.removesuffix("Update") + "Create"].get("required", []))
            for field, schema in schemas[name]["properties"].items():
                # Act
                nullable = {"type": "null"} in schema.get("anyOf", [])

                # Assert
                assert nullable == (field not in required), f"{name}.{field}"
                assert nullable or "default" not in schema, f"{name}.{field}"
        assert updates


class TestAnswers:
    async def test_each_operation_answers_only_what_it_documents(
        self, served_app: FastAPI, api_client: AsyncClient
    ) -> None:
        # Arrange
        problems: list[str] = []

        for path, method, operation in operations(served_app):
            for request in probes(path, method, operation):
                # Act
                response = await api_client.request(**request)

                # Assert (collected, so that one run names every mismatch)
                found = mismatch(operation, response)
                if found is not None:
                    problems.append(f"{method} {request['url']} {request.get('headers', '')}: {found}")
        assert problems == []

    async def test_each_path_answers_other_methods_with_405_allowing_its_documented_ones_and_head_with_get(
        self, served_app: FastAPI, api_client: AsyncClient
    ) -> None:
        for path, item in served_app.openapi()["paths"].items():
            # Arrange: HEAD is answered wherever GET is, though the document leaves it out
            documented = sorted(method.upper() for method in item if method in METHODS)
            allowed = sorted(documented + (["HEAD"] if "GET" in documented else []))
            url = PATH_PARAMETER.sub(str(uuid.uuid4()), path)

            for method in sorted({"PUT", "OPTIONS", "TRACE"} - set(documented)):
                # Act
                response = await api_client.request(method, url)

                # Assert
                assert (response.status_code, response.headers.get("allow")) == (405, ", ".join(allowed)), (
                    f"{method} {path}"
                )
{%- if cookiecutter.auth == "jwt" %}


class TestAuthentication:
    def test_document_declares_the_bearer_scheme_with_the_token_route(self, served_app: FastAPI) -> None:
        # Act
        schemes = served_app.openapi()["components"]["securitySchemes"]

        # Assert
        token_url = f"{API_PREFIX}/auth/token"
        assert schemes == {
            "OAuth2PasswordBearer": {"type": "oauth2", "flows": {"password": {"scopes": {}, "tokenUrl": token_url}}}
        }

    def test_every_operation_but_health_and_sign_up_needs_the_token_and_documents_401_and_owner_403(
        self, served_app: FastAPI
    ) -> None:
        # Arrange
        open_operations = set()

        for path, method, operation in operations(served_app):
            if "security" not in operation:
                open_operations.add((method, path))
                continue
            # Act
            responses = operation["responses"]

            # Assert
            assert operation["security"] == [{"OAuth2PasswordBearer": []}], f"{method} {path}"
            assert "WWW-Authenticate" in responses["401"]["headers"], f"{method} {path}"
            assert ("403" in responses) == (method in {"PATCH", "DELETE"}), f"{method} {path}"
        assert open_operations == {
            ("GET", "/health/live"),
            ("GET", "/health/ready"),
            ("POST", f"{API_PREFIX}/auth/register"),
            ("POST", f"{API_PREFIX}/auth/token"),
        }

    async def test_each_protected_operation_without_a_token_answers_the_documented_401(
        self, served_app: FastAPI, api_client: AsyncClient
    ) -> None:
        # Arrange
        api_client.headers.pop("Authorization")
        problems: list[str] = []

        for path, method, operation in operations(served_app):
            if "security" not in operation:
                continue
            # Act
            response = await api_client.request(method, PATH_PARAMETER.sub(str(uuid.uuid4()), path), json={})

            # Assert (collected, so that one run names every mismatch)
            found = f"{response.status_code}, not 401" if response.status_code != 401 else mismatch(operation, response)
            if found is not None:
                problems.append(f"{method} {path}: {found}")
        assert problems == []
{%- endif %}
