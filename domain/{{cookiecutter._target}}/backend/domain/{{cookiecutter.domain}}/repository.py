{%- set fields = cookiecutter.fields | fields %}
{%- set Class = cookiecutter.domain | pascal %}
{%- set uniques = fields | selectattr("unique") | list %}
{%- set targets = fields | selectattr("reference") | map(attribute="reference") | unique | list -%}
"""Queries for {{ cookiecutter.plural }}."""

{{ uniques | imports(
    "from backend.domain." ~ cookiecutter.domain ~ ".model import " ~ Class,
    "from backend.repository import Repository",
    "from sqlmodel import select" if uniques else "",
    "import uuid" if targets else "",
    targets | model_imports,
    part="annotation",
) }}


class {{ Class }}Repository(Repository[{{ Class }}]):
{%- set extras = (["a lookup per unique field"] if uniques else []) + (["an existence check per referenced domain"] if targets else []) %}
{%- if extras %}
    """{{ Class }} rows.

    The queries of `Repository`, plus {{ extras | join(" and ") }}.
    """
{%- else %}
    """{{ Class }} rows: the queries of `Repository`."""
{%- endif %}

    model = {{ Class }}
{% for field in uniques %}
    async def get_by_{{ field.name }}(
        self,
        {{ field.name }}: {{ field.annotation }},
    ) -> {{ Class }} | None:
        """The {{ cookiecutter.domain }} whose {{ field.name }} is exactly ``{{ field.name }}``, or None."""
        statement = select({{ Class }}).where({{ Class }}.{{ field.name }} == {{ field.name }})
        return (await self._session.exec(statement)).first()
{% endfor %}
{%- for target in targets %}
    async def {{ target }}_exists(
        self,
        {{ target }}_id: uuid.UUID,
    ) -> bool:
        """Whether the {{ target }} with this id exists (a reference to it is valid)."""
        return await self._session.get({{ target | pascal }}, {{ target }}_id) is not None
{% endfor -%}
