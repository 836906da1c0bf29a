{%- set fields = cookiecutter.fields | fields %}
{%- set Class = cookiecutter.domain | pascal -%}
"""The {{ cookiecutter.domain }} table and the fields its DTOs share."""

{{ fields | imports("from sqlmodel import Field, SQLModel", "from backend.entity import Entity", part="column") }}


class {{ Class }}Base(SQLModel):
    """Fields a client may set."""
{% for field in fields %}
{{ (field.name ~ ": " ~ field.checked ~ (" | None" if field.optional else "") ~ " = Field") | call_statement(field.column_arguments) }}
{%- endfor %}


class {{ Class }}({{ Class }}Base, Entity, table=True):
    """A stored {{ cookiecutter.domain }}."""
