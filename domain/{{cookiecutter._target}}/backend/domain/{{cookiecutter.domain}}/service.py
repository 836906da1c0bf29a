{%- set auth = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | has_auth %}
{%- set auth_first = auth and "backend.domain.auth." < "backend.domain." ~ cookiecutter.domain ~ "." %}
{%- set fields = cookiecutter.fields | fields %}
{%- set uniques = fields | selectattr("unique") | list %}
{%- set refs = fields | selectattr("reference") | list %}
{%- set errors = (["ForbiddenError"] if auth else []) + (["InvalidReferenceError"] if refs else []) + ["NotFoundError"] + (["UniqueValueError"] if uniques else []) %}
{%- set Class = cookiecutter.domain | pascal -%}
{%- set d = cookiecutter.domain -%}
"""The rules for {{ cookiecutter.plural }}: what may be created, changed and deleted."""

import uuid
from collections.abc import Mapping
{%- if uniques or refs %}
from typing import Any
{%- endif %}

{% if auth_first -%}
from backend.domain.auth.model import User
{% endif -%}
from backend.domain.{{ d }}.model import {{ Class }}
from backend.domain.{{ d }}.repository import {{ Class }}Repository
{%- if auth and not auth_first %}
from backend.domain.auth.model import User
{%- endif %}
from backend.dtos.{{ d }} import (
    {{ Class }}Create,
    {{ Class }}Update,
)
from backend.error import {{ errors | join(", ") }}
from backend.utils.pagination import Page, PageParams


class {{ Class }}Service:
    """Use cases of the {{ d }} domain.

    Raises `NotFoundError`{% if uniques %}, `UniqueValueError`{% endif %}{% if refs %}, `InvalidReferenceError`{% endif %}{% if auth %}, `ForbiddenError`{% endif %}; knows nothing of HTTP.
{%- if auth %}
    Each row belongs to the user who created it: only that user or a superuser may change or delete it.
{%- endif %}
    """

{%- if auth %}

    def __init__(self, repository: {{ Class }}Repository, user: User) -> None:
        """A service acting for ``user``, the signed-in user of the request."""
        self._repository = repository
        self._user = user
{%- else %}

    def __init__(self, repository: {{ Class }}Repository) -> None:
        self._repository = repository
{%- endif %}

    async def create(self, data: {{ Class }}Create) -> {{ Class }}:
        """Store a new {{ d }}{% if auth %}, owned by the user the service acts for{% endif %}."""
{%- if refs or uniques %}
        values = data.model_dump()
{%- endif %}
{%- if refs %}
        await self._ensure_references(values)
{%- endif %}
{%- if uniques %}
        await self._ensure_unique(values)
{%- endif %}
{%- if auth %}
        return await self._repository.add({{ Class }}.model_validate(data, update={"owner_id": self._user.id}))
{%- else %}
        return await self._repository.add({{ Class }}.model_validate(data))
{%- endif %}

    async def get(self, {{ d }}_id: uuid.UUID) -> {{ Class }}:
        """The {{ d }} with this id; `NotFoundError` when there is none."""
        return await self._find({{ d }}_id)

    async def list(
        self,
        params: PageParams,
        filters: Mapping[str, object] | None = None,
    ) -> Page[{{ Class }}]:
        """One page of {{ cookiecutter.plural }} matching ``filters``, and how many match in all."""
        items = await self._repository.list(limit=params.limit, offset=params.offset, filters=filters)
        total = await self._repository.count(filters)
        return Page[{{ Class }}](
            items=list(items),
            total=total,
            limit=params.limit,
            offset=params.offset,
        )

    async def update(
        self,
        {{ d }}_id: uuid.UUID,
        data: {{ Class }}Update,
    ) -> {{ Class }}:
        """Change the fields given in ``data``; the others keep their values."""
        entity = await self._find({{ d }}_id, for_update=True)
{%- if auth %}
        self._ensure_may_change(entity)
{%- endif %}
        changes = data.model_dump(exclude_unset=True)
{%- if refs %}
        await self._ensure_references(changes)
{%- endif %}
{%- if uniques %}
        await self._ensure_unique(changes, exclude=entity)
{%- endif %}
        return await self._repository.update(entity, changes)

    async def delete(self, {{ d }}_id: uuid.UUID) -> None:
        """Delete the {{ d }}; `NotFoundError` when there is none."""
        entity = await self._find({{ d }}_id, for_update=True)
{%- if auth %}
        self._ensure_may_change(entity)
{%- endif %}
        await self._repository.delete(entity)

    async def _find(
        self,
        {{ d }}_id: uuid.UUID,
        *,
        for_update: bool = False,
    ) -> {{ Class }}:
        """The {{ d }} with this id (locked when ``for_update``); `NotFoundError` if there is none."""
        entity = await self._repository.get({{ d }}_id, for_update=for_update)
        if entity is None:
            raise NotFoundError(f"No {{ d }} has the id {% raw %}{{% endraw %}{{ d }}_id{% raw %}}{% endraw %}.")
        return entity
{%- if uniques %}

    async def _ensure_unique(self, values: dict[str, Any], exclude: {{ Class }} | None = None) -> None:
        """`UniqueValueError` naming the first unique field whose value another {{ d }} has."""
{%- for field in uniques %}
        if values.get("{{ field.name }}") is not None:
            other = await self._repository.get_by_{{ field.name }}(values["{{ field.name }}"])
            if other is not None and (exclude is None or other.id != exclude.id):
                raise UniqueValueError("{{ d }}", "{{ field.name }}")
{%- endfor %}
{%- endif %}
{%- if refs %}

    async def _ensure_references(self, values: dict[str, Any]) -> None:
        """`InvalidReferenceError` naming the first field that points at a row that does not exist."""
{%- for field in refs %}
        reference = values.get("{{ field.name }}")
        if reference is not None and not await self._repository.{{ field.reference }}_exists(reference):
            raise InvalidReferenceError("{{ field.name }}", "{{ field.reference }}", reference)
{%- endfor %}
{%- endif %}
{%- if auth %}

    def _ensure_may_change(self, entity: {{ Class }}) -> None:
        """`ForbiddenError` unless the user the service acts for owns ``entity`` or is a superuser."""
        if entity.owner_id != self._user.id and not self._user.is_superuser:
            raise ForbiddenError("Only its owner or a superuser may change or delete this {{ d }}.")
{%- endif %}
