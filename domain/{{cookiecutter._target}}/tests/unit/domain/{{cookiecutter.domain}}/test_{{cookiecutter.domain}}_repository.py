{%- set auth = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | has_auth %}
{%- set fields = cookiecutter.fields | fields %}
{%- set uniques = fields | selectattr("unique") | list %}
{%- set refs = fields | selectattr("reference") | list %}
{%- set Class = cookiecutter.domain | pascal %}
{%- set d = cookiecutter.domain -%}
"""`{{ Class }}Repository` against a real database session, rolled back after each test."""

{{ [] | imports(
    "import uuid",
    "from datetime import UTC, datetime, timedelta",
    "from typing import Any" if refs else "",
    "import pytest",
    "from sqlmodel import select",
    "from sqlmodel.ext.asyncio.session import AsyncSession",
    "from backend.domain." ~ d ~ ".model import " ~ Class,
    "from backend.domain." ~ d ~ ".repository import " ~ Class ~ "Repository",
    "from backend.error import UniqueValueError" if uniques else "",
    "from backend.error import InvalidReferenceError" if refs else "",
    "from tests.rows import make_row" if refs else "",
    "from backend.domain.auth.model import User" if auth else "",
    "from tests.users import UserFactory" if auth else "",
    refs | map(attribute="reference") | list | model_imports,
) }}

from .conftest import (
    {{ Class }}DataFactory,
    {{ Class }}Factory,
)


@pytest.fixture
def repository(db_session: AsyncSession) -> {{ Class }}Repository:
    return {{ Class }}Repository(db_session)


class TestAdd:
    async def test_add_with_valid_{{ d }}_stores_row(
        self,
        repository: {{ Class }}Repository,
        db_session: AsyncSession,
        {{ d }}_data: {{ Class }}DataFactory,
{%- if refs %}
        {{ d }}_parents: dict[str, Any],
{%- endif %}
{%- if auth %}
        owner: User,
{%- endif %}
    ) -> None:
        # Arrange
        data = {{ d }}_data({% if refs %}**{{ d }}_parents{% endif %})
        entity = {{ Class }}.model_validate(data{% if auth %}, update={"owner_id": owner.id}{% endif %})

        # Act
        stored = await repository.add(entity)

        # Assert
        rows = (await db_session.exec(select({{ Class }}))).all()
        assert rows == [stored]
        assert isinstance(stored.id, uuid.UUID)
{%- for field in uniques %}

    async def test_add_when_{{ field.name }}_taken_raises_unique_value_error_and_keeps_session_usable(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
        {{ d }}_data: {{ Class }}DataFactory,
{%- if refs %}
        {{ d }}_parents: dict[str, Any],
{%- endif %}
{%- if auth %}
        owner: User,
{%- endif %}
    ) -> None:
        # Arrange
        existing = await make_{{ d }}()
        values = {% if refs %}{{ d }}_parents | {% endif %}{"{{ field.name }}": existing.{{ field.name }}}
{%- if auth %}
        duplicate = {{ Class }}.model_validate({{ d }}_data(**values), update={"owner_id": owner.id})
{%- else %}
        duplicate = {{ Class }}.model_validate({{ d }}_data(**values))
{%- endif %}

        # Act
        with pytest.raises(UniqueValueError) as caught:
            await repository.add(duplicate)

        # Assert
        assert caught.value.field == "{{ field.name }}"
        assert await repository.count() == 1
{%- endfor %}


class TestGet:
    async def test_get_when_{{ d }}_exists_returns_it(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
    ) -> None:
        # Arrange
        entity = await make_{{ d }}()

        # Act
        found = await repository.get(entity.id)

        # Assert
        assert found == entity

    async def test_get_when_{{ d }}_missing_returns_none(
        self,
        repository: {{ Class }}Repository,
    ) -> None:
        # Act
        found = await repository.get(uuid.uuid4())

        # Assert
        assert found is None
{%- for field in uniques %}


class TestGetBy{{ field.name | pascal }}:
    async def test_get_by_{{ field.name }}_when_value_matches_returns_{{ d }}(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
    ) -> None:
        # Arrange
        entity = await make_{{ d }}()
        await make_{{ d }}()

        # Act
        found = await repository.get_by_{{ field.name }}(entity.{{ field.name }})

        # Assert
        assert found == entity

    async def test_get_by_{{ field.name }}_when_no_value_matches_returns_none(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
        {{ d }}_data: {{ Class }}DataFactory,
    ) -> None:
        # Arrange
        await make_{{ d }}()

        # Act
        found = await repository.get_by_{{ field.name }}({{ d }}_data().{{ field.name }})

        # Assert
        assert found is None

{%- if field.is_string %}

    @pytest.mark.security
    async def test_get_by_{{ field.name }}_with_sql_looking_value_matches_nothing(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
    ) -> None:
        # Arrange
        await make_{{ d }}()

        # Act
        found = await repository.get_by_{{ field.name }}("' OR '1'='1")

        # Assert
        assert found is None
{%- endif %}
{%- endfor %}


class TestList:
    async def test_list_when_rows_exist_returns_oldest_first(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        newest, oldest, middle = [await make_{{ d }}() for _ in range(3)]
        start = datetime(2024, 1, 1, tzinfo=UTC)
        for offset, entity in enumerate([oldest, middle, newest]):
            entity.created_at = start + timedelta(days=offset)
        await db_session.flush()

        # Act
        rows = await repository.list(limit=10, offset=0)

        # Assert
        assert list(rows) == [oldest, middle, newest]

    async def test_list_when_rows_share_a_creation_time_orders_them_by_id(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
        db_session: AsyncSession,
    ) -> None:
        # Arrange: six rows stored in an order their ids almost surely do not have
        rows = [await make_{{ d }}() for _ in range(6)]
        for entity in rows:
            entity.created_at = datetime(2024, 1, 1, tzinfo=UTC)
        await db_session.flush()

        # Act
        listed = await repository.list(limit=10, offset=0)

        # Assert
        assert [entity.id for entity in listed] == sorted(entity.id for entity in rows)

    async def test_list_with_limit_and_offset_returns_that_slice(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
    ) -> None:
        # Arrange
        for _ in range(5):
            await make_{{ d }}()
        everything = await repository.list(limit=10, offset=0)

        # Act
        page = await repository.list(limit=2, offset=1)

        # Assert
        assert list(page) == list(everything[1:3])

    async def test_count_returns_number_of_rows(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
    ) -> None:
        # Arrange
        for _ in range(3):
            await make_{{ d }}()

        # Act
        total = await repository.count()

        # Assert
        assert total == 3


class TestUpdate:
    async def test_update_with_changes_stores_them(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
        {{ d }}_data: {{ Class }}DataFactory,
{%- if refs %}
        {{ d }}_parents: dict[str, Any],
{%- endif %}
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        entity = await make_{{ d }}()
        changes = {{ d }}_data({% if refs %}**{{ d }}_parents{% endif %}).model_dump()

        # Act
        updated = await repository.update(entity, changes)

        # Assert
        await db_session.refresh(updated)
        assert updated.model_dump(include=set(changes)) == changes
{%- for field in uniques %}

    async def test_update_when_{{ field.name }}_taken_raises_unique_value_error_and_keeps_old_value(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        first = await make_{{ d }}()
        second = await make_{{ d }}()
        original = second.{{ field.name }}

        # Act
        with pytest.raises(UniqueValueError) as caught:
            await repository.update(second, {"{{ field.name }}": first.{{ field.name }}})

        # Assert
        assert caught.value.field == "{{ field.name }}"
        await db_session.refresh(second)
        assert second.{{ field.name }} == original
{%- endfor %}


class TestDelete:
    async def test_delete_when_{{ d }}_exists_removes_row(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
    ) -> None:
        # Arrange
        entity = await make_{{ d }}()
        kept = await make_{{ d }}()

        # Act
        await repository.delete(entity)

        # Assert
        assert await repository.get(entity.id) is None
        assert await repository.get(kept.id) == kept
{%- if refs %}


class TestReferences:
{%- for field in refs %}
{%- if not loop.first %}
{% endif %}
    async def test_add_with_missing_{{ field.name }}_raises_invalid_reference_error_naming_it(
        self,
        repository: {{ Class }}Repository,
        {{ d }}_data: {{ Class }}DataFactory,
{%- if refs %}
        {{ d }}_parents: dict[str, Any],
{%- endif %}
{%- if auth %}
        owner: User,
{%- endif %}
    ) -> None:
        # Arrange
        missing = uuid.uuid4()
        data = {{ d }}_data(**{{ d }}_parents | {"{{ field.name }}": missing})
{%- if auth %}
        entity = {{ Class }}.model_validate(data, update={"owner_id": owner.id})
{%- else %}
        entity = {{ Class }}.model_validate(data)
{%- endif %}

        # Act
        with pytest.raises(InvalidReferenceError) as caught:
            await repository.add(entity)

        # Assert
        assert caught.value.field == "{{ field.name }}"
        assert caught.value.detail == f"{{ field.name }}: no {{ field.reference }} has the id {missing}."
        assert await repository.count() == 0

    async def test_update_to_missing_{{ field.name }}_raises_invalid_reference_error_and_keeps_old_value(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        entity = await make_{{ d }}()
        original = entity.{{ field.name }}

        # Act
        with pytest.raises(InvalidReferenceError) as caught:
            await repository.update(entity, {"{{ field.name }}": uuid.uuid4()})

        # Assert
        assert caught.value.field == "{{ field.name }}"
        await db_session.refresh(entity)
        assert entity.{{ field.name }} == original

    async def test_list_filtered_by_{{ field.name }}_returns_only_matching_rows(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        matching = await make_{{ d }}()
        other_parent = await make_row(db_session, {{ field.target }})
        await make_{{ d }}({{ field.name }}=other_parent.id)
        filters = {"{{ field.name }}": matching.{{ field.name }}}

        # Act
        rows = await repository.list(limit=10, offset=0, filters=filters)
        total = await repository.count(filters)

        # Assert
        assert (list(rows), total) == ([matching], 1)
{%- endfor %}
{%- endif %}
{%- if auth %}


class TestOwner:
    async def test_list_filtered_by_owner_id_returns_only_that_users_rows(
        self,
        repository: {{ Class }}Repository,
        make_{{ d }}: {{ Class }}Factory,
        make_user: UserFactory,
        db_session: AsyncSession,
    ) -> None:
        # Arrange
        mine = await make_{{ d }}()
        theirs = await make_{{ d }}()
        theirs.owner_id = (await make_user()).id
        await db_session.flush()
        filters = {"owner_id": mine.owner_id}

        # Act
        rows = await repository.list(limit=10, offset=0, filters=filters)
        total = await repository.count(filters)

        # Assert
        assert (list(rows), total) == ([mine], 1)
{%- endif %}
