{%- set auth = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | has_auth %}
{%- set fields = cookiecutter.fields | fields %}
{%- set refs = fields | selectattr("reference") | list %}
{%- set uniques = fields | selectattr("unique") | list %}
{%- set Class = cookiecutter.domain | pascal %}
{%- set d = cookiecutter.domain -%}
"""Factories and mocks for the {{ d }} tests."""

{{ fields | imports(
    "import itertools",
    "from collections.abc import Awaitable, Callable",
    "from typing import Any",
    "import pytest",
    "from fastapi import FastAPI",
    "from sqlmodel.ext.asyncio.session import AsyncSession",
    "from backend.config import Settings",
    "from backend.domain." ~ d ~ ".model import " ~ Class,
    "from backend.domain." ~ d ~ ".repository import " ~ Class ~ "Repository",
    "from backend.domain." ~ d ~ ".router import router",
    "from backend.domain." ~ d ~ ".service import " ~ Class ~ "Service",
    "from backend.dtos." ~ d ~ " import " ~ Class ~ "Create",
    "from backend.main import create_application",
    "from tests.mocks import stand_in",
    "from tests.rows import make_row" if refs else "",
    "from backend.domain.auth.model import User" if auth else "",
    refs | map(attribute="reference") | list | model_imports,
    part="sample",
) }}

{{ Class }}DataFactory = Callable[..., {{ Class }}Create]
{{ Class }}Factory = Callable[..., Awaitable[{{ Class }}]]

_numbers = itertools.count(1)


@pytest.fixture
def {{ d }}_data() -> {{ Class }}DataFactory:
    """Builds a valid create body; every call gets fresh unique values; keywords override fields."""

    def build(**overrides: Any) -> {{ Class }}Create:
{%- if fields | rejectattr("reference") | list %}
        n = next(_numbers)
{%- endif %}
        values: dict[str, Any] = {
{%- for field in fields %}
            "{{ field.name }}": {{ field.sample }},
{%- endfor %}
        }
        return {{ Class }}Create.model_validate(values | overrides)

    return build

{%- if refs %}


@pytest.fixture
async def {{ d }}_parents(db_session: AsyncSession) -> dict[str, Any]:
    """Stored rows this domain's references point at, as field -> id."""
    return {
{%- for field in refs %}
        "{{ field.name }}": (await make_row(db_session, {{ field.target }})).id,
{%- endfor %}
    }
{%- endif %}


@pytest.fixture
def make_{{ d }}(
    db_session: AsyncSession,
    {{ d }}_data: {{ Class }}DataFactory,
{%- if refs %}
    {{ d }}_parents: dict[str, Any],
{%- endif %}
{%- if auth %}
    owner: User,
{%- endif %}
) -> {{ Class }}Factory:
    """Stores one built by the data factory{% if refs %}, pointing at stored parents{% endif %}; keywords override fields.
{%- if auth %}

    Its owner is ``owner``.
    """
{%- else %}"""{% endif %}

    async def make(**overrides: Any) -> {{ Class }}:
{%- if auth %}
        data = {{ d }}_data(**{% if refs %}{{ d }}_parents | {% endif %}overrides)
        entity = {{ Class }}.model_validate(data, update={"owner_id": owner.id})
{%- elif refs %}
        entity = {{ Class }}.model_validate({{ d }}_data(**{{ d }}_parents | overrides))
{%- else %}
        entity = {{ Class }}.model_validate({{ d }}_data(**overrides))
{%- endif %}
        db_session.add(entity)
        await db_session.flush()
        return entity

    return make


@pytest.fixture(scope="module")
def app(settings: Settings) -> FastAPI:
    """An application serving only the {{ d }} routes (overrides the project-wide ``app``).

    Built once per module, since FastAPI compiles its routes on first use; tests change only its
    ``dependency_overrides``, and clear them.
    """
    return create_application(settings, routers=[router])


@pytest.fixture
def {{ d }}_repository() -> Any:
{%- if uniques or refs %}
    """The repository's stand-in, with its exact signatures: no value is taken, every reference exists."""
    repository = stand_in({{ Class }}Repository)
{%- for field in uniques %}
    repository.get_by_{{ field.name }}.return_value = None
{%- endfor %}
{%- for target in refs | map(attribute="reference") | unique %}
    repository.{{ target }}_exists.return_value = True
{%- endfor %}
    return repository
{%- else %}
    """The repository's stand-in, with its exact signatures."""
    return stand_in({{ Class }}Repository)
{%- endif %}


@pytest.fixture
def {{ d }}_service_mock() -> Any:
    """A stand-in for `{{ Class }}Service` with its exact method signatures."""
    return stand_in({{ Class }}Service)
