{%- set fields = cookiecutter.fields | fields %}
{%- set Class = cookiecutter.domain | pascal -%}
"""Request and response bodies of the {{ cookiecutter.domain }} API."""

{{ fields | imports(
    "import uuid",
    "from datetime import datetime",
    "from typing import Self",
    "from pydantic import ConfigDict, model_validator",
    "from sqlmodel import Field, SQLModel",
    "from backend.domain." ~ cookiecutter.domain ~ ".model import " ~ Class ~ "Base",
) }}

# Fields the model requires: an update may omit them but not set them to null.
REQUIRED_FIELDS = frozenset({ {%- for field in fields if not field.optional %}{{ field.name | tojson }}{{ ", " if not loop.last }}{% endfor -%} })


class {{ Class }}Create({{ Class }}Base):
    """Body of a create request: required fields must be given."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


class {{ Class }}Update(SQLModel):
    """Body of a partial update: only the fields given are changed."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]
{% for field in fields %}
    {{ field.name }}: {{ field.python }} | None = Field({{ field.update_constraints }})
{%- endfor %}

    @model_validator(mode="after")
    def _required_fields_not_null(self) -> Self:
        """A field the model requires may be omitted, but not set to null."""
        for name in sorted(self.model_fields_set & REQUIRED_FIELDS):
            if getattr(self, name) is None:
                raise ValueError(f"{name} may not be null")
        return self


class {{ Class }}Public({{ Class }}Base):
    """A {{ cookiecutter.domain }} as the API returns it."""

    id: uuid.UUID
    created_at: datetime
