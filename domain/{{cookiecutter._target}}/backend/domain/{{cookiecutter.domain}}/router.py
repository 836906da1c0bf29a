{%- set refs = cookiecutter.fields | fields | selectattr("reference") | list %}
{%- set Class = cookiecutter.domain | pascal -%}
{%- set d = cookiecutter.domain -%}
"""HTTP routes for {{ cookiecutter.plural }}: parse the request, call the service, return a DTO."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from backend.database import SessionDep
from backend.domain.{{ d }}.model import {{ Class }}
from backend.domain.{{ d }}.repository import {{ Class }}Repository
from backend.domain.{{ d }}.service import {{ Class }}Service
from backend.dtos.{{ d }} import (
    {{ Class }}Create,
    {{ Class }}Public,
    {{ Class }}Update,
)
from backend.utils.pagination import Page, PageQuery

router = APIRouter(
    prefix="/{{ cookiecutter.plural }}",
    tags=["{{ cookiecutter.plural }}"],
)


def get_{{ d }}_service(
    session: SessionDep,
) -> {{ Class }}Service:
    """The service for this request, on the request's session."""
    return {{ Class }}Service({{ Class }}Repository(session))


{{ Class }}ServiceDep = Annotated[
    {{ Class }}Service,
    Depends(get_{{ d }}_service),
]


@router.post("", status_code=status.HTTP_201_CREATED, response_model={{ Class }}Public)
async def create_{{ d }}(
    data: {{ Class }}Create,
    service: {{ Class }}ServiceDep,
) -> {{ Class }}:
    """Create a {{ d }}; 409 when a unique value is taken."""
    return await service.create(data)


@router.get("", response_model=Page[{{ Class }}Public])
async def list_{{ cookiecutter.plural }}(
    params: PageQuery,
    service: {{ Class }}ServiceDep,
{%- for field in refs %}
    {{ field.name }}: uuid.UUID | None = None,
{%- endfor %}
) -> Page[{{ Class }}]:
    """One page of {{ cookiecutter.plural }}, oldest first{% if refs %}; the query may filter by {{ refs | map(attribute="name") | join(", ") }}{% endif %}."""
{%- if refs %}
    filters = {
{%- for field in refs %}
        "{{ field.name }}": {{ field.name }},
{%- endfor %}
    }
    return await service.list(params, filters)
{%- else %}
    return await service.list(params)
{%- endif %}


@router.get("/{ {{- d }}_id}", response_model={{ Class }}Public)
async def get_{{ d }}(
    {{ d }}_id: uuid.UUID,
    service: {{ Class }}ServiceDep,
) -> {{ Class }}:
    """One {{ d }}; 404 when it does not exist."""
    return await service.get({{ d }}_id)


@router.patch("/{ {{- d }}_id}", response_model={{ Class }}Public)
async def update_{{ d }}(
    {{ d }}_id: uuid.UUID,
    data: {{ Class }}Update,
    service: {{ Class }}ServiceDep,
) -> {{ Class }}:
    """Change the fields given; 404 when it does not exist, 409 when a unique value is taken."""
    return await service.update({{ d }}_id, data)


@router.delete("/{ {{- d }}_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_{{ d }}(
    {{ d }}_id: uuid.UUID,
    service: {{ Class }}ServiceDep,
) -> None:
    """Delete a {{ d }}; 404 when it does not exist."""
    await service.delete({{ d }}_id)
