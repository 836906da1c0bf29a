{%- set auth = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | has_auth %}
{%- set auth_first = auth and "backend.domain.auth." < "backend.domain." ~ cookiecutter.domain ~ "." %}
{%- set fields = cookiecutter.fields | fields %}
{%- set uniques = fields | selectattr("unique") | list %}
{%- set refs = fields | selectattr("reference") | list %}
{%- set errors = (["ForbiddenError"] if auth else []) + (["InvalidReferenceError"] if refs else []) + ["NotFoundError", "StillReferencedError"] + (["UniqueValueError"] if uniques else []) %}
{%- set bounded = fields | selectattr("bounded") | list %}
{%- set Class = cookiecutter.domain | pascal -%}
{%- set d = cookiecutter.domain -%}
{%- set url = "/api/v1/" ~ cookiecutter.plural -%}
"""The {{ d }} routes on an app of their own; `{{ Class }}Service` is an autospec mock."""

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from httpx2 import AsyncClient

{% if auth_first -%}
from backend.domain.auth.dependencies import get_current_user
from backend.domain.auth.model import User
{% endif -%}
from backend.domain.{{ d }}.model import {{ Class }}
from backend.domain.{{ d }}.router import get_{{ d }}_service
{%- if auth and not auth_first %}
from backend.domain.auth.dependencies import get_current_user
from backend.domain.auth.model import User
{%- endif %}
from backend.dtos.{{ d }} import (
    {{ Class }}Create,
    {{ Class }}Update,
)
from backend.error import {{ errors | join(", ") }}
from backend.utils.pagination import MAX_LIMIT, Page, PageParams

from .conftest import {{ Class }}DataFactory

URL = "{{ url }}"


{% if auth -%}
@pytest.fixture
def service(app: FastAPI, {{ d }}_service_mock: Any, signed_in: User) -> Iterator[Any]:
    """The routes' service, replaced by the mock for this test, and ``signed_in`` as the request's user."""

    async def mock_service() -> Any:
        return {{ d }}_service_mock

    async def current_user() -> User:
        return signed_in

    app.dependency_overrides[get_{{ d }}_service] = mock_service
    app.dependency_overrides[get_current_user] = current_user
    yield {{ d }}_service_mock
{%- else -%}
@pytest.fixture
def service(app: FastAPI, {{ d }}_service_mock: Any) -> Iterator[Any]:
    """The routes' service, replaced by the mock for this test."""

    async def mock_service() -> Any:
        return {{ d }}_service_mock

    app.dependency_overrides[get_{{ d }}_service] = mock_service
    yield {{ d }}_service_mock
{%- endif %}
    app.dependency_overrides.clear()


{% if auth -%}
@pytest.fixture
def stored({{ d }}_data: {{ Class }}DataFactory, signed_in: User) -> {{ Class }}:
    return {{ Class }}.model_validate({{ d }}_data(), update={"owner_id": signed_in.id})
{%- else -%}
@pytest.fixture
def stored({{ d }}_data: {{ Class }}DataFactory) -> {{ Class }}:
    return {{ Class }}.model_validate({{ d }}_data())
{%- endif %}


def public(entity: {{ Class }}) -> dict[str, Any]:
    """What the API returns for ``entity``."""
    return entity.model_dump(mode="json")


class TestCreate{{ Class }}:
    async def test_create_with_valid_body_returns_201_and_{{ d }}(
        self,
        client: AsyncClient,
        service: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        service.create.return_value = stored
        body = stored.model_dump(mode="json", exclude={"id", "created_at"{% if auth %}, "owner_id"{% endif %}})

        # Act
        response = await client.post(URL, json=body)

        # Assert
        assert response.status_code == 201
        assert response.json() == public(stored)
        assert response.headers["location"] == f"{URL}/{stored.id}"
        service.create.assert_awaited_once_with({{ Class }}Create.model_validate(body))

    @pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
    async def test_create_with_body_not_sent_as_json_returns_415(
        self,
        client: AsyncClient,
        service: Any,
        {{ d }}_data: {{ Class }}DataFactory,
        content_type: str | None,
    ) -> None:
        # Arrange
        headers = {} if content_type is None else {"content-type": content_type}
        body = json.dumps({{ d }}_data().model_dump(mode="json"))

        # Act
        response = await client.post(URL, content=body, headers=headers)

        # Assert
        assert response.status_code == 415
        assert response.headers["content-type"] == "application/problem+json"
        service.create.assert_not_awaited()

    @pytest.mark.parametrize(
        "field",
        [
{%- for field in fields if not field.optional %}
            "{{ field.name }}",
{%- endfor %}
        ],
    )
    async def test_create_without_required_field_returns_422(
        self,
        client: AsyncClient,
        service: Any,
        {{ d }}_data: {{ Class }}DataFactory,
        field: str,
    ) -> None:
        # Arrange
        body = {{ d }}_data().model_dump(mode="json", exclude={field})

        # Act
        response = await client.post(URL, json=body)

        # Assert
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert [error["loc"] for error in response.json()["errors"]] == [["body", field]]
        service.create.assert_not_awaited()

    @pytest.mark.parametrize(
        ("field", "value"),
        [
{%- for field in fields %}
{%- for value in field.invalid %}
            ("{{ field.name }}", {{ value }}),
{%- endfor %}
{%- endfor %}
        ],
    )
    async def test_create_with_invalid_value_returns_422(
        self,
        client: AsyncClient,
        service: Any,
        {{ d }}_data: {{ Class }}DataFactory,
        field: str,
        value: object,
    ) -> None:
        # Arrange
        body = {{ d }}_data().model_dump(mode="json") | {field: value}

{%- if fields | selectattr("type", "equalto", "float") | list %}

        # Act (NaN is not valid JSON for httpx, so the body is encoded here)
        response = await client.post(URL, content=json.dumps(body), headers={"content-type": "application/json"})
{%- else %}

        # Act
        response = await client.post(URL, json=body)
{%- endif %}

        # Assert
        assert response.status_code == 422
        assert [error["loc"] for error in response.json()["errors"]] == [["body", field]]
        service.create.assert_not_awaited()
{%- if bounded %}

    @pytest.mark.parametrize(
        ("field", "max_length"),
        [
{%- for field in bounded %}
            ("{{ field.name }}", {{ field.max_length }}),
{%- endfor %}
        ],
    )
    async def test_create_with_value_one_over_max_length_returns_422(
        self,
        client: AsyncClient,
        service: Any,
        {{ d }}_data: {{ Class }}DataFactory,
        field: str,
        max_length: int,
    ) -> None:
        # Arrange
        body = {{ d }}_data().model_dump(mode="json") | {field: "x" * (max_length + 1)}

        # Act
        response = await client.post(URL, json=body)

        # Assert
        assert response.status_code == 422
        errors = response.json()["errors"]
        assert [error["loc"] for error in errors] == [["body", field]]
        assert errors[0]["type"] == "string_too_long"
        assert errors[0]["msg"] == f"String should have at most {max_length} characters"
        service.create.assert_not_awaited()

    @pytest.mark.parametrize(
        ("field", "max_length"),
        [
{%- for field in bounded %}
            ("{{ field.name }}", {{ field.max_length }}),
{%- endfor %}
        ],
    )
    async def test_create_with_value_at_max_length_passes_it_to_service(
        self,
        client: AsyncClient,
        service: Any,
        stored: {{ Class }},
        field: str,
        max_length: int,
    ) -> None:
        # Arrange
        service.create.return_value = stored
        body = stored.model_dump(mode="json", exclude={"id", "created_at"{% if auth %}, "owner_id"{% endif %}}) | {field: "x" * max_length}

        # Act
        response = await client.post(URL, json=body)

        # Assert
        assert response.status_code == 201
        assert getattr(service.create.await_args.args[0], field) == "x" * max_length
{%- endif %}

    async def test_create_with_unknown_field_returns_422(
        self,
        client: AsyncClient,
        service: Any,
        {{ d }}_data: {{ Class }}DataFactory,
    ) -> None:
        # Arrange
        body = {{ d }}_data().model_dump(mode="json") | {"id": str(uuid.uuid4())}

        # Act
        response = await client.post(URL, json=body)

        # Assert
        assert response.status_code == 422
        service.create.assert_not_awaited()
{%- if uniques %}

    async def test_create_when_service_raises_conflict_returns_409(
        self,
        client: AsyncClient,
        service: Any,
        {{ d }}_data: {{ Class }}DataFactory,
    ) -> None:
        # Arrange
        service.create.side_effect = UniqueValueError("{{ d }}", "{{ uniques[0].name }}")

        # Act
        response = await client.post(URL, json={{ d }}_data().model_dump(mode="json"))

        # Assert
        assert response.status_code == 409
        assert response.json()["detail"] == "Another {{ d }} already has this {{ uniques[0].name }}."
{%- endif %}


class TestList{{ cookiecutter.plural | pascal }}:
    async def test_list_without_params_uses_default_page(
        self,
        client: AsyncClient,
        service: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        service.list.return_value = Page[{{ Class }}](items=[stored], total=1, limit=20, offset=0)

        # Act
        response = await client.get(URL)

        # Assert
        assert response.status_code == 200
        assert response.json() == {"items": [public(stored)], "total": 1, "limit": 20, "offset": 0}
{%- if refs or auth %}
        service.list.assert_awaited_once_with(
            PageParams(),
            {
{%- for field in refs %}
                "{{ field.name }}": None,
{%- endfor %}
{%- if auth %}
                "owner_id": None,
{%- endif %}
            },
        )
{%- else %}
        service.list.assert_awaited_once_with(PageParams())
{%- endif %}
{%- for field in refs + ([{"name": "owner_id"}] if auth else []) %}

    async def test_list_with_{{ field.name }}_passes_it_as_filter(
        self,
        client: AsyncClient,
        service: Any,
    ) -> None:
        # Arrange
        parent_id = uuid.uuid4()
        service.list.return_value = Page[{{ Class }}](items=[], total=0, limit=20, offset=0)

        # Act
        response = await client.get(URL, params={"{{ field.name }}": str(parent_id)})

        # Assert
        assert response.status_code == 200
        assert service.list.await_args.args[1]["{{ field.name }}"] == parent_id
{%- endfor %}

    # An offset past a 32-bit integer is refused: 2**31 (not MAX_OFFSET + 1), so a wrong bound fails here.
    @pytest.mark.parametrize(
        "query", [{"limit": 0}, {"limit": MAX_LIMIT + 1}, {"offset": -1}, {"offset": 2**31}, {"limit": "many"}]
    )
    async def test_list_with_out_of_range_params_returns_422(
        self,
        client: AsyncClient,
        service: Any,
        query: dict[str, Any],
    ) -> None:
        # Act
        response = await client.get(URL, params=query)

        # Assert
        assert response.status_code == 422
        service.list.assert_not_awaited()


class TestGet{{ Class }}:
    async def test_get_when_{{ d }}_exists_returns_200(
        self,
        client: AsyncClient,
        service: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        service.get.return_value = stored

        # Act
        response = await client.get(f"{URL}/{stored.id}")

        # Assert
        assert response.status_code == 200
        assert response.json() == public(stored)
        service.get.assert_awaited_once_with(stored.id)

    async def test_get_when_service_raises_not_found_returns_404_problem(
        self,
        client: AsyncClient,
        service: Any,
    ) -> None:
        # Arrange
        missing_id = uuid.uuid4()
        service.get.side_effect = NotFoundError("gone")

        # Act
        response = await client.get(f"{URL}/{missing_id}")

        # Assert
        assert response.status_code == 404
        assert response.json() == {
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "gone",
            "instance": f"{URL}/{missing_id}",
        }

    async def test_get_with_malformed_id_returns_422(self, client: AsyncClient, service: Any) -> None:
        # Act
        response = await client.get(f"{URL}/not-a-uuid")

        # Assert
        assert response.status_code == 422
        service.get.assert_not_awaited()


class TestUpdate{{ Class }}:
    async def test_update_with_partial_body_passes_only_given_fields(
        self,
        client: AsyncClient,
        service: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        service.update.return_value = stored
        body = stored.model_dump(mode="json", include={"{{ fields[0].name }}"})

        # Act
        response = await client.patch(f"{URL}/{stored.id}", json=body)

        # Assert
        assert response.status_code == 200
        assert response.json() == public(stored)
        service.update.assert_awaited_once_with(stored.id, {{ Class }}Update.model_validate(body))
        assert service.update.await_args.args[1].model_fields_set == set(body)

{% if bounded %}    @pytest.mark.parametrize(
        ("field", "max_length"),
        [
{%- for field in bounded %}
            ("{{ field.name }}", {{ field.max_length }}),
{%- endfor %}
        ],
    )
    async def test_update_with_value_one_over_max_length_returns_422_counting_characters(
        self,
        client: AsyncClient,
        service: Any,
        field: str,
        max_length: int,
    ) -> None:
        # Act
        response = await client.patch(f"{URL}/{uuid.uuid4()}", json={field: "x" * (max_length + 1)})

        # Assert
        errors = response.json()["errors"]
        assert response.status_code == 422
        assert [error["loc"] for error in errors] == [["body", field]]
        assert errors[0]["type"] == "string_too_long"
        assert errors[0]["msg"] == f"String should have at most {max_length} characters"
        service.update.assert_not_awaited()

{% endif %}    @pytest.mark.parametrize(
        "field",
        [
{%- for field in fields if not field.optional %}
            "{{ field.name }}",
{%- endfor %}
        ],
    )
    async def test_update_setting_required_field_to_null_returns_422(
        self,
        client: AsyncClient,
        service: Any,
        field: str,
    ) -> None:
        # Act
        response = await client.patch(f"{URL}/{uuid.uuid4()}", json={field: None})

        # Assert
        assert response.status_code == 422
        assert [error["loc"] for error in response.json()["errors"]] == [["body", field]]
        service.update.assert_not_awaited()

    async def test_update_with_unknown_field_returns_422(self, client: AsyncClient, service: Any) -> None:
        # Act
        response = await client.patch(f"{URL}/{uuid.uuid4()}", json={"id": str(uuid.uuid4())})

        # Assert
        assert response.status_code == 422
        assert [error["loc"] for error in response.json()["errors"]] == [["body", "id"]]
        service.update.assert_not_awaited()

    @pytest.mark.parametrize(
        ("error", "status"),
        [
            (NotFoundError("gone"), 404),
{%- if uniques %}
            (UniqueValueError("{{ d }}", "{{ uniques[0].name }}"), 409),
{%- endif %}
{%- if refs %}
            (InvalidReferenceError("{{ refs[0].name }}", "{{ refs[0].reference }}", uuid.UUID(int=7)), 422),
{%- endif %}
        ],
    )
    async def test_update_when_service_raises_returns_its_status(
        self,
        client: AsyncClient,
        service: Any,
        error: Exception,
        status: int,
    ) -> None:
        # Arrange
        service.update.side_effect = error

        # Act
        response = await client.patch(f"{URL}/{uuid.uuid4()}", json={})

        # Assert
        assert response.status_code == status
        assert response.json()["detail"] == str(error)

    async def test_update_with_body_not_sent_as_json_returns_415(self, client: AsyncClient, service: Any) -> None:
        # Act
        response = await client.patch(f"{URL}/{uuid.uuid4()}", content=b"{}", headers={"content-type": "text/plain"})

        # Assert
        assert response.status_code == 415
        service.update.assert_not_awaited()


class TestDelete{{ Class }}:
    async def test_delete_when_{{ d }}_exists_returns_204(
        self,
        client: AsyncClient,
        service: Any,
    ) -> None:
        # Arrange
        {{ d }}_id = uuid.uuid4()

        # Act
        response = await client.delete(f"{URL}/{ {{- d }}_id}")

        # Assert
        assert response.status_code == 204
        assert response.content == b""
        assert "content-type" not in response.headers
        service.delete.assert_awaited_once_with({{ d }}_id)

    async def test_delete_when_service_raises_not_found_returns_404(self, client: AsyncClient, service: Any) -> None:
        # Arrange
        service.delete.side_effect = NotFoundError("gone")

        # Act
        response = await client.delete(f"{URL}/{uuid.uuid4()}")

        # Assert
        assert response.status_code == 404

    async def test_delete_when_still_referenced_returns_409_naming_referrers(
        self,
        client: AsyncClient,
        service: Any,
    ) -> None:
        # Arrange
        entity_id = uuid.uuid4()
        error = StillReferencedError("{{ d }}", entity_id, ["other.{{ d }}_id"])
        service.delete.side_effect = error

        # Act
        response = await client.delete(f"{URL}/{entity_id}")

        # Assert
        assert response.status_code == 409
        assert "other.{{ d }}_id" in response.json()["detail"]
{%- if auth %}


class TestAccess{{ Class }}:
    @pytest.mark.parametrize(
        ("method", "path"),
        [("POST", ""), ("GET", ""), ("GET", "/{id}"), ("PATCH", "/{id}"), ("DELETE", "/{id}")],
    )
    @pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic dXNlcjpwYXNz"])
    async def test_request_without_valid_token_returns_401_and_reaches_no_service(
        self,
        client: AsyncClient,
        service: Any,
        app: FastAPI,
        method: str,
        path: str,
        authorization: str | None,
    ) -> None:
        # Arrange
        del app.dependency_overrides[get_current_user]
        headers = {} if authorization is None else {"Authorization": authorization}

        # Act
        response = await client.request(method, URL + path.format(id=uuid.uuid4()), json={}, headers=headers)

        # Assert
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.headers["content-type"] == "application/problem+json"
        assert service.method_calls == []

    @pytest.mark.parametrize("method", ["PATCH", "DELETE"])
    async def test_change_when_service_raises_forbidden_returns_403_problem(
        self,
        client: AsyncClient,
        service: Any,
        method: str,
    ) -> None:
        # Arrange
        error = ForbiddenError("Only its owner or a superuser may change or delete this {{ d }}.")
        service.update.side_effect = service.delete.side_effect = error

        # Act
        response = await client.request(method, f"{URL}/{uuid.uuid4()}", json={})

        # Assert
        assert response.status_code == 403
        assert response.json()["detail"] == error.detail
{%- endif %}
