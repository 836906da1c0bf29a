{%- set auth = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | has_auth %}
{%- set auth_first = auth and "backend.domain.auth." < "backend.domain." ~ cookiecutter.domain ~ "." %}
{%- set fields = cookiecutter.fields | fields %}
{%- set uniques = fields | selectattr("unique") | list %}
{%- set refs = fields | selectattr("reference") | list %}
{%- set optionals = fields | selectattr("optional") | list %}
{%- set errors = (["ForbiddenError"] if auth else []) + (["InvalidReferenceError"] if refs else []) + ["NotFoundError"] + (["UniqueValueError"] if uniques else []) %}
{%- set Class = cookiecutter.domain | pascal -%}
{%- set d = cookiecutter.domain -%}
"""`{{ Class }}Service` with its repository replaced by an autospec mock."""

import uuid
from typing import Any

import pytest

{% if auth_first -%}
from backend.domain.auth.model import User
{% endif -%}
from backend.domain.{{ d }}.model import {{ Class }}
from backend.domain.{{ d }}.service import {{ Class }}Service
{%- if auth and not auth_first %}
from backend.domain.auth.model import User
{%- endif %}
from backend.dtos.{{ d }} import (
    {{ Class }}Create,
    {{ Class }}Update,
)
from backend.error import {{ errors | join(", ") }}
from backend.utils.pagination import PageParams

from .conftest import {{ Class }}DataFactory


{% if auth -%}
@pytest.fixture
def service({{ d }}_repository: Any, signed_in: User) -> {{ Class }}Service:
    return {{ Class }}Service({{ d }}_repository, signed_in)


@pytest.fixture
def stored({{ d }}_data: {{ Class }}DataFactory, signed_in: User) -> {{ Class }}:
    """{{ d | article | capitalize }} {{ d }} that the signed-in user owns."""
    return {{ Class }}.model_validate({{ d }}_data(), update={"owner_id": signed_in.id})
{%- else -%}
@pytest.fixture
def service({{ d }}_repository: Any) -> {{ Class }}Service:
    return {{ Class }}Service({{ d }}_repository)


@pytest.fixture
def stored({{ d }}_data: {{ Class }}DataFactory) -> {{ Class }}:
    return {{ Class }}.model_validate({{ d }}_data())
{%- endif %}


class TestCreate:
    async def test_create_with_valid_data_adds_{{ d }}(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        {{ d }}_data: {{ Class }}DataFactory,
{%- if auth %}
        signed_in: User,
{%- endif %}
    ) -> None:
        # Arrange
        data = {{ d }}_data()
{%- for field in uniques %}
        {{ d }}_repository.get_by_{{ field.name }}.return_value = None
{%- endfor %}
        {{ d }}_repository.add.side_effect = lambda entity: entity

        # Act
        created = await service.create(data)

        # Assert
        {{ d }}_repository.add.assert_awaited_once_with(created)
        assert created.model_dump(include=set({{ Class }}Create.model_fields)) == data.model_dump()
{%- if auth %}
        assert created.owner_id == signed_in.id
{%- endif %}
{%- for field in uniques %}

    async def test_create_when_{{ field.name }}_taken_raises_conflict_error_without_adding(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        {{ d }}_data: {{ Class }}DataFactory,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        {{ d }}_repository.get_by_{{ field.name }}.return_value = stored

        # Act
        with pytest.raises(UniqueValueError, match="{{ field.name }}"):
            await service.create({{ d }}_data({{ field.name }}=stored.{{ field.name }}))

        # Assert
        {{ d }}_repository.get_by_{{ field.name }}.assert_awaited_once_with(stored.{{ field.name }})
        {{ d }}_repository.add.assert_not_awaited()
{%- endfor %}


class TestGet:
    async def test_get_when_{{ d }}_exists_returns_it(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        {{ d }}_repository.get.return_value = stored

        # Act
        found = await service.get(stored.id)

        # Assert
        assert found is stored
        {{ d }}_repository.get.assert_awaited_once_with(stored.id, for_update=False)

    async def test_get_when_{{ d }}_missing_raises_not_found_error(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
    ) -> None:
        # Arrange
        missing_id = uuid.uuid4()
        {{ d }}_repository.get.return_value = None

        # Act / Assert
        with pytest.raises(NotFoundError, match=str(missing_id)):
            await service.get(missing_id)


class TestList:
    async def test_list_with_params_returns_page_and_total(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        {{ d }}_repository.list.return_value = [stored]
        {{ d }}_repository.count.return_value = 7

        # Act
        page = await service.list(PageParams(limit=1, offset=3))

        # Assert
        assert (page.items, page.total, page.limit, page.offset) == ([stored], 7, 1, 3)
        {{ d }}_repository.list.assert_awaited_once_with(limit=1, offset=3, filters=None)

    async def test_list_with_filters_pages_and_counts_only_matching_rows(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        {{ d }}_repository.list.return_value = [stored]
        {{ d }}_repository.count.return_value = 1
        filters = {"id": stored.id}

        # Act
        page = await service.list(PageParams(limit=5, offset=0), filters)

        # Assert
        assert page.total == 1
        {{ d }}_repository.list.assert_awaited_once_with(limit=5, offset=0, filters=filters)
        {{ d }}_repository.count.assert_awaited_once_with(filters)


class TestUpdate:
    async def test_update_with_changes_passes_only_fields_given(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        stored: {{ Class }},
        {{ d }}_data: {{ Class }}DataFactory,
    ) -> None:
        # Arrange
        {{ d }}_repository.get.return_value = stored
{%- for field in uniques %}
        {{ d }}_repository.get_by_{{ field.name }}.return_value = None
{%- endfor %}
        {{ d }}_repository.update.return_value = stored
        changes = {{ d }}_data().model_dump(include={"{{ fields[0].name }}"})

        # Act
        updated = await service.update(stored.id, {{ Class }}Update.model_validate(changes))

        # Assert
        assert updated is stored
        {{ d }}_repository.get.assert_awaited_once_with(stored.id, for_update=True)
        {{ d }}_repository.update.assert_awaited_once_with(stored, changes)

{%- if optionals %}

    async def test_update_setting_optional_field_to_null_passes_the_null(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        {{ d }}_repository.get.return_value = stored
        {{ d }}_repository.update.return_value = stored
        changes = {"{{ optionals[0].name }}": None}

        # Act
        await service.update(stored.id, {{ Class }}Update.model_validate(changes))

        # Assert
        {{ d }}_repository.update.assert_awaited_once_with(stored, changes)
{%- endif %}

    async def test_update_with_empty_body_changes_nothing_and_checks_nothing(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        {{ d }}_repository.get.return_value = stored
        {{ d }}_repository.update.return_value = stored

        # Act
        await service.update(stored.id, {{ Class }}Update())

        # Assert
        {{ d }}_repository.update.assert_awaited_once_with(stored, {})
{%- for field in uniques %}
        {{ d }}_repository.get_by_{{ field.name }}.assert_not_awaited()
{%- endfor %}

    async def test_update_when_{{ d }}_missing_raises_not_found_error_without_updating(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
    ) -> None:
        # Arrange
        {{ d }}_repository.get.return_value = None

        # Act
        with pytest.raises(NotFoundError):
            await service.update(uuid.uuid4(), {{ Class }}Update())

        # Assert
        {{ d }}_repository.update.assert_not_awaited()
{%- for field in uniques %}

    async def test_update_when_{{ field.name }}_taken_by_another_raises_conflict_error(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        stored: {{ Class }},
        {{ d }}_data: {{ Class }}DataFactory,
{%- if auth %}
        signed_in: User,
{%- endif %}
    ) -> None:
        # Arrange
{%- if auth %}
        other = {{ Class }}.model_validate({{ d }}_data(), update={"owner_id": signed_in.id})
{%- else %}
        other = {{ Class }}.model_validate({{ d }}_data())
{%- endif %}
        {{ d }}_repository.get.return_value = stored
        {{ d }}_repository.get_by_{{ field.name }}.return_value = other

        # Act
        with pytest.raises(UniqueValueError, match="{{ field.name }}"):
            await service.update(stored.id, {{ Class }}Update({{ field.name }}=other.{{ field.name }}))

        # Assert
        {{ d }}_repository.update.assert_not_awaited()

    async def test_update_when_{{ field.name }}_unchanged_updates(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        {{ d }}_repository.get.return_value = stored
        {{ d }}_repository.get_by_{{ field.name }}.return_value = stored
        {{ d }}_repository.update.return_value = stored

        # Act
        await service.update(stored.id, {{ Class }}Update({{ field.name }}=stored.{{ field.name }}))

        # Assert
        changes = {"{{ field.name }}": stored.{{ field.name }}}
        {{ d }}_repository.update.assert_awaited_once_with(stored, changes)
{%- endfor %}


class TestDelete:
    async def test_delete_when_{{ d }}_exists_deletes_it(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        {{ d }}_repository.get.return_value = stored

        # Act
        await service.delete(stored.id)

        # Assert
        {{ d }}_repository.get.assert_awaited_once_with(stored.id, for_update=True)
        {{ d }}_repository.delete.assert_awaited_once_with(stored)

    async def test_delete_when_{{ d }}_missing_raises_not_found_error_without_deleting(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
    ) -> None:
        # Arrange
        {{ d }}_repository.get.return_value = None

        # Act
        with pytest.raises(NotFoundError):
            await service.delete(uuid.uuid4())

        # Assert
        {{ d }}_repository.delete.assert_not_awaited()
{%- if refs %}


class TestReferences:
{%- for field in refs %}
{%- if not loop.first %}
{% endif %}
    async def test_create_with_missing_{{ field.name }}_raises_invalid_reference_error_without_adding(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        {{ d }}_data: {{ Class }}DataFactory,
    ) -> None:
        # Arrange
        data = {{ d }}_data()
        missing = data.{{ field.name }}
        {{ d }}_repository.{{ field.reference }}_exists.side_effect = lambda reference: reference != missing

        # Act
        with pytest.raises(InvalidReferenceError, match="{{ field.name }}"):
            await service.create(data)

        # Assert
        {{ d }}_repository.{{ field.reference }}_exists.assert_awaited_with(data.{{ field.name }})
        {{ d }}_repository.add.assert_not_awaited()

    async def test_update_with_missing_{{ field.name }}_raises_invalid_reference_error_without_updating(
        self,
        service: {{ Class }}Service,
        {{ d }}_repository: Any,
        stored: {{ Class }},
    ) -> None:
        # Arrange
        {{ d }}_repository.get.return_value = stored
        {{ d }}_repository.{{ field.reference }}_exists.return_value = False

        # Act
        with pytest.raises(InvalidReferenceError, match="{{ field.name }}"):
            await service.update(stored.id, {{ Class }}Update({{ field.name }}=uuid.uuid4()))

        # Assert
        {{ d }}_repository.update.assert_not_awaited()
{%- endfor %}
{%- endif %}
{%- if auth %}


class TestOwnership:
    @pytest.mark.parametrize("action", ["update", "delete"])
    async def test_change_by_another_user_raises_forbidden_error_and_changes_nothing(
        self,
        {{ d }}_repository: Any,
        stored: {{ Class }},
        action: str,
    ) -> None:
        # Arrange
        stranger = User(email="other@example.com", hashed_password="-")
        service = {{ Class }}Service({{ d }}_repository, stranger)
        {{ d }}_repository.get.return_value = stored
        change = getattr(service, action)
        arguments = (stored.id, {{ Class }}Update()) if action == "update" else (stored.id,)

        # Act
        with pytest.raises(ForbiddenError):
            await change(*arguments)

        # Assert
        {{ d }}_repository.update.assert_not_awaited()
        {{ d }}_repository.delete.assert_not_awaited()

    @pytest.mark.parametrize("action", ["update", "delete"])
    async def test_change_by_a_superuser_who_is_not_the_owner_goes_ahead(
        self,
        {{ d }}_repository: Any,
        stored: {{ Class }},
        action: str,
    ) -> None:
        # Arrange
        admin = User(email="admin@example.com", hashed_password="-", is_superuser=True)
        service = {{ Class }}Service({{ d }}_repository, admin)
        {{ d }}_repository.get.return_value = stored
        {{ d }}_repository.update.return_value = stored

        # Act
        if action == "update":
            await service.update(stored.id, {{ Class }}Update())
        else:
            await service.delete(stored.id)

        # Assert
        changed = getattr({{ d }}_repository, action)
        assert changed.await_args.args[0] is stored
{%- endif %}
