{%- set fields = cookiecutter.fields | fields %}
{%- set Class = cookiecutter.domain | pascal %}
{%- set uniques = fields | selectattr("unique") | list %}
{%- set targets = fields | selectattr("reference") | map(attribute="reference") | unique | list %}
{%- set ns = namespace(lines=[
    "from backend.domain." ~ cookiecutter.domain ~ ".model import " ~ Class,
    "from backend.repository import Repository",
]) %}
{%- if uniques %}{% set ns.lines = ns.lines + ["from sqlmodel import select"] %}{% endif %}
{%- if targets %}{% set ns.lines = ns.lines + ["import uuid"] %}{% endif %}
{%- for target in targets %}
{%- set ns.lines = ns.lines + ["from backend.domain." ~ target ~ ".model import " ~ (target | pascal)] %}
{%- endfor -%}
"""Queries for {{ cookiecutter.plural }}."""

{{ uniques | imports(*ns.lines, part="annotation") }}


class {{ Class }}Repository(Repository[{{ Class }}]):
    """{{ Class }} rows: the shared queries plus a lookup per unique field and per referenced domain."""

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
