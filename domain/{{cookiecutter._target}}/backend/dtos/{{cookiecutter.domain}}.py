{%- set fields = cookiecutter.fields | fields %}
{%- set Class = cookiecutter.domain | pascal -%}
"""Request and response bodies of the {{ cookiecutter.domain }} API."""

{{ fields | imports(
    "import uuid",
    "from datetime import datetime",
    "from pydantic import ConfigDict, ValidationInfo, field_validator",
    "from sqlmodel import Field, SQLModel",
    "from backend.domain." ~ cookiecutter.domain ~ ".model import " ~ Class ~ "Base",
) }}

# Fields the model requires: an update may omit them but not set them to null.
REQUIRED_FIELDS = [
{%- for field in fields if not field.optional %}
    "{{ field.name }}",
{%- endfor %}
]


class {{ Class }}Create({{ Class }}Base):
    """Body of a create request: required fields must be given."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


class {{ Class }}Update(SQLModel):
    """Body of a partial update: only the fields given are changed."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]
{% for field in fields %}
    {{ field.name }}: {{ field.python }} | None = Field({{ field.update_constraints }})
{%- endfor %}

    @field_validator(*REQUIRED_FIELDS)
    @classmethod
    def _required_field_not_null(cls, value: object, info: ValidationInfo) -> object:
        """A field the model requires may be omitted, but not set to null."""
        if value is None:
            raise ValueError(f"{info.field_name} may not be null")
        return value


class {{ Class }}Public({{ Class }}Base):
    """A {{ cookiecutter.domain }} as the API returns it."""

    id: uuid.UUID
    created_at: datetime
