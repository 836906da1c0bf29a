{%- set auth = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | has_auth %}
{%- set fields = cookiecutter.fields | fields %}
{%- set Class = cookiecutter.domain | pascal %}
{%- set d = cookiecutter.domain -%}
"""Bodies of the {{ d }} API, and the fields they share with its table."""

{{ fields | imports(
    "import uuid",
    "from datetime import datetime",
    "from pydantic import ConfigDict",
    "from sqlmodel import Field, SQLModel",
    "from backend.dtos import PartialUpdate",
    part="column",
) }}


class {{ Class }}Base(SQLModel):
    """Fields a client may set, with their column settings; the table model `{{ Class }}` extends them."""
{% for field in fields %}
{{ (field.name ~ ": " ~ field.checked ~ (" | None" if field.optional else "") ~ " = Field") | call_statement(field.column_arguments) }}
{%- endfor %}


class {{ Class }}Create({{ Class }}Base):
    """Body of a create request: required fields must be given."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


class {{ Class }}Update(PartialUpdate):
    """Body of a partial update: a field the model requires may be omitted, but not set to null."""
{% for field in fields %}
{{ (field.name ~ ": " ~ field.checked ~ (" | None" if field.optional else "") ~ " = Field") | call_statement(["default=None"]) }}
{%- endfor %}


class {{ Class }}Public({{ Class }}Base):
    """{{ d | article | capitalize }} {{ d }} as the API returns it."""

    id: uuid.UUID
    created_at: datetime
{%- if auth %}
    owner_id: uuid.UUID
{%- endif %}
