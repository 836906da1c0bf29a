"""`backend.openapi` completes the document FastAPI builds with the problem responses."""

from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from backend.openapi import REQUEST_ID, RETRY_AFTER, Responses, install_openapi, with_problems
from backend.problem import PROBLEM_JSON


class Thing(BaseModel):
    name: str


def build_app() -> FastAPI:
    """An app with a body route, a parameter route, a route without either, and one declared error."""
    router = APIRouter()
    declared: Responses = {404: {"description": "No such thing."}, 503: {"model": Thing, "description": "Own body."}}

    @router.post("/things", operation_id="things-create")
    async def create(thing: Thing) -> Thing:
        return thing

    @router.get("/things/{number}", operation_id="things-get", responses=declared)
    async def get(number: int) -> Thing:
        return Thing(name=str(number))

    @router.get("/ping", operation_id="ping-get")
    async def ping() -> str:
        return "pong"

    app = FastAPI()
    app.include_router(router)
    install_openapi(app)
    return app


def problem_schema(response: dict[str, Any]) -> str:
    schema: str = response["content"][PROBLEM_JSON]["schema"]["$ref"]
    return schema.rsplit("/", 1)[-1]


class TestWithProblems:
    def test_body_operation_gets_400_413_415_422_500_and_503_as_problems(self) -> None:
        # Act
        responses = build_app().openapi()["paths"]["/things"]["post"]["responses"]

        # Assert
        assert set(responses) == {"200", "400", "413", "415", "422", "500", "503"}
        assert {status: problem_schema(responses[status]) for status in ("400", "413", "415")} == dict.fromkeys(
            ("400", "413", "415"), "Problem"
        )
        assert problem_schema(responses["422"]) == "ValidationProblem"
        assert problem_schema(responses["500"]) == problem_schema(responses["503"]) == "ServerProblem"
        assert responses["503"]["headers"] == RETRY_AFTER | REQUEST_ID

    def test_every_response_documents_the_request_id_header(self) -> None:
        # Act
        paths = build_app().openapi()["paths"]

        # Assert
        for item in paths.values():
            for operation in item.values():
                for response in operation["responses"].values():
                    assert response["headers"]["X-Request-ID"] == REQUEST_ID["X-Request-ID"]

    def test_parameter_operation_keeps_declared_errors_and_own_bodies(self) -> None:
        # Act
        responses = build_app().openapi()["paths"]["/things/{number}"]["get"]["responses"]

        # Assert
        assert set(responses) == {"200", "404", "422", "500", "503"}
        assert problem_schema(responses["404"]) == "Problem"
        assert responses["404"]["description"] == "No such thing."
        assert problem_schema(responses["422"]) == "ValidationProblem"
        assert list(responses["503"]["content"]) == ["application/json"]
        assert responses["503"]["headers"] == RETRY_AFTER | REQUEST_ID

    def test_operation_without_input_gets_only_500_and_503(self) -> None:
        # Act
        responses = build_app().openapi()["paths"]["/ping"]["get"]["responses"]

        # Assert
        assert set(responses) == {"200", "500", "503"}

    def test_components_hold_problem_schemas_instead_of_fastapi_validation_error(self) -> None:
        # Act
        schemas = build_app().openapi()["components"]["schemas"]

        # Assert
        assert {"Problem", "ValidationProblem", "ServerProblem", "FieldError"} <= set(schemas)
        assert not {"HTTPValidationError", "ValidationError"} & set(schemas)
        assert set(schemas["ValidationProblem"]["required"]) >= {"title", "status", "detail", "instance", "errors"}
        assert set(schemas["ServerProblem"]["required"]) >= {"title", "status", "detail", "instance", "request_id"}

    def test_document_when_asked_twice_is_built_once(self) -> None:
        # Arrange
        app = build_app()

        # Act
        first, second = app.openapi(), app.openapi()

        # Assert
        assert first is second

    def test_form_body_operation_gets_400_413_and_422_but_not_415(self) -> None:
        # Arrange
        form = {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}
        operation = {"requestBody": {"content": form}, "responses": {"200": {"description": "Signed in."}}}
        document = {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/login": {"post": operation}},
        }

        # Act
        responses = with_problems(document)["paths"]["/login"]["post"]["responses"]

        # Assert
        assert set(responses) == {"200", "400", "413", "422", "500", "503"}

    def test_document_without_paths_is_returned_with_problem_schemas_only(self) -> None:
        # Act
        document = with_problems({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}})

        # Assert
        assert "paths" not in document
        assert "Problem" in document["components"]["schemas"]
