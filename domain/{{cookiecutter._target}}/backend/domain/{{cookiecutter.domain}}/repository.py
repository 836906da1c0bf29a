{%- set fields = cookiecutter.fields | fields %}
{%- set Class = cookiecutter.domain | pascal -%}
"""Queries for {{ cookiecutter.plural }}."""

{{ fields | selectattr("unique") | list | imports(
    "from sqlmodel import select",
    "from backend.domain." ~ cookiecutter.domain ~ ".model import " ~ Class,
    "from backend.repository import Repository",
) }}


class {{ Class }}Repository(Repository[{{ Class }}]):
    """{{ Class }} rows: the shared queries plus a lookup per unique field."""

    model = {{ Class }}
{% for field in fields if field.unique %}
    async def get_by_{{ field.name }}(
        self,
        {{ field.name }}: {{ field.annotation }},
    ) -> {{ Class }} | None:
        """The {{ cookiecutter.domain }} whose {{ field.name }} is exactly ``{{ field.name }}``, or None."""
        statement = select({{ Class }}).where({{ Class }}.{{ field.name }} == {{ field.name }})
        return (await self._session.exec(statement)).first()
{% endfor -%}
