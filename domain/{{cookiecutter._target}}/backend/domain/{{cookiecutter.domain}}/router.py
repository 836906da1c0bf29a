{%- set auth = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | has_auth %}
{%- set auth_first = auth and "backend.domain.auth." < "backend.domain." ~ cookiecutter.domain ~ "." %}
{%- set fields = cookiecutter.fields | fields %}
{%- set refs = fields | selectattr("reference") | list %}
{%- set uniques = fields | selectattr("unique") | list %}
{%- set Class = cookiecutter.domain | pascal -%}
{%- set d = cookiecutter.domain -%}
{%- set p = cookiecutter.plural -%}
"""HTTP routes for {{ p }}: parse the request, call the service, return a DTO.

Operation ids are ``{{ p }}-<action>``. Each route lists the errors that are its own; those every
route shares (400, 415, 422, 500, 503) are added to the OpenAPI document by `backend.openapi`.
"""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from backend.database import SessionDep
{%- if auth_first %}
from backend.domain.auth.dependencies import AUTH_RESPONSES, OWNER_RESPONSES, CurrentUser, get_current_user
{%- endif %}
from backend.domain.{{ d }}.model import {{ Class }}
from backend.domain.{{ d }}.repository import {{ Class }}Repository
from backend.domain.{{ d }}.service import {{ Class }}Service
{%- if auth and not auth_first %}
from backend.domain.auth.dependencies import AUTH_RESPONSES, OWNER_RESPONSES, CurrentUser, get_current_user
{%- endif %}
from backend.dtos.{{ d }} import (
    {{ Class }}Create,
    {{ Class }}Public,
    {{ Class }}Update,
)
from backend.openapi import Responses
from backend.utils.json_body import JSON_BODY
from backend.utils.pagination import Page, PageQuery

{% if auth -%}
# Every route needs a signed-in user (401 otherwise); changes need the row's owner or a superuser (403).
{{ "router = APIRouter" | call_statement(['prefix="/' ~ p ~ '"', 'tags=["' ~ p ~ '"]', "dependencies=[Depends(get_current_user)]"], indent=0) }}
{%- else -%}
router = APIRouter(prefix="/{{ p }}", tags=["{{ p }}"])
{%- endif %}

NOT_FOUND = {"description": "No {{ d }} has this id."}
{%- if uniques %}
TAKEN = {"description": "Another {{ d }} already has this value of a unique field."}
{%- endif %}
{%- if refs %}
INVALID = {"description": "The body is not valid, or one of its references names no existing row."}
{%- endif %}
LOCATION = {"description": "The path of the new {{ d }}.", "schema": {"type": "string"}}
CREATE_RESPONSES: Responses = {
{%- if auth %}
    **AUTH_RESPONSES,
{%- endif %}
    201: {"headers": {"Location": LOCATION}},
{%- if uniques %}
    409: TAKEN,
{%- endif %}
{%- if refs %}
    422: INVALID,
{%- endif %}
}
{%- if auth %}
GET_RESPONSES: Responses = {**AUTH_RESPONSES, 404: NOT_FOUND}
{%- else %}
GET_RESPONSES: Responses = {404: NOT_FOUND}
{%- endif %}
UPDATE_RESPONSES: Responses = {
{%- if auth %}
    **OWNER_RESPONSES,
{%- endif %}
    404: NOT_FOUND,
{%- if uniques %}
    409: TAKEN,
{%- endif %}
{%- if refs %}
    422: INVALID,
{%- endif %}
}
DELETE_RESPONSES: Responses = {
{%- if auth %}
    **OWNER_RESPONSES,
{%- endif %}
    404: NOT_FOUND,
    409: {"description": "Rows of another domain still refer to this {{ d }}."},
}


{% if auth -%}
async def get_{{ d }}_service(session: SessionDep, user: CurrentUser) -> {{ Class }}Service:
    """The service for this request, on the request's session, acting for its signed-in user."""
    return {{ Class }}Service({{ Class }}Repository(session), user)
{%- else -%}
async def get_{{ d }}_service(session: SessionDep) -> {{ Class }}Service:
    """The service for this request, on the request's session."""
    return {{ Class }}Service({{ Class }}Repository(session))
{%- endif %}


{{ Class }}ServiceDep = Annotated[
    {{ Class }}Service,
    Depends(get_{{ d }}_service),
]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model={{ Class }}Public,
    operation_id="{{ p }}-create",
    dependencies=[JSON_BODY],
    responses=CREATE_RESPONSES,
)
async def create_{{ d }}(
    data: {{ Class }}Create,
    service: {{ Class }}ServiceDep,
    request: Request,
    response: Response,
) -> {{ Class }}:
    """Create {{ d | article }} {{ d }}.

    The ``Location`` header gives its path.
    {%- if uniques %} 409 when a unique value is taken.{% endif %}
    {%- if refs %} 422 when a reference names no row.{% endif %}
    """
    entity = await service.create(data)
    path = request.app.url_path_for("get_{{ d }}", {{ d }}_id=str(entity.id))
    response.headers["Location"] = str(path)
    return entity


@router.get(
    "",
    response_model=Page[{{ Class }}Public],
    operation_id="{{ p }}-list",
{%- if auth %}
    responses=AUTH_RESPONSES,
{%- endif %}
)
async def list_{{ p }}(
    params: PageQuery,
    service: {{ Class }}ServiceDep,
{%- for field in refs %}
    {{ field.name }}: uuid.UUID | None = None,
{%- endfor %}
{%- if auth %}
    owner_id: uuid.UUID | None = None,
{%- endif %}
) -> Page[{{ Class }}]:
    """One page of {{ p }}, oldest first.
{%- if refs or auth %}

    The query may filter by {{ (refs | map(attribute="name") | list + (["owner_id"] if auth else [])) | join(", ") }}.
    """
{%- else %}"""{% endif %}
{%- if refs or auth %}
    filters = {
{%- for field in refs %}
        "{{ field.name }}": {{ field.name }},
{%- endfor %}
{%- if auth %}
        "owner_id": owner_id,
{%- endif %}
    }
    return await service.list(params, filters)
{%- else %}
    return await service.list(params)
{%- endif %}


@router.get(
    "/{ {{- d }}_id}",
    response_model={{ Class }}Public,
    operation_id="{{ p }}-get",
    responses=GET_RESPONSES,
)
async def get_{{ d }}(
    {{ d }}_id: uuid.UUID,
    service: {{ Class }}ServiceDep,
) -> {{ Class }}:
    """One {{ d }}; 404 when it does not exist."""
    return await service.get({{ d }}_id)


@router.patch(
    "/{ {{- d }}_id}",
    response_model={{ Class }}Public,
    operation_id="{{ p }}-update",
    dependencies=[JSON_BODY],
    responses=UPDATE_RESPONSES,
)
async def update_{{ d }}(
    {{ d }}_id: uuid.UUID,
    data: {{ Class }}Update,
    service: {{ Class }}ServiceDep,
) -> {{ Class }}:
    """Change the fields given; the others keep their values.

    404 when it does not exist.
    {%- if uniques %} 409 when a unique value is taken.{% endif %}
    {%- if refs %} 422 when a reference names no row.{% endif %}
{%- if auth %}
    403 unless the signed-in user owns it or is a superuser.
{%- endif %}
    """
    return await service.update({{ d }}_id, data)


@router.delete(
    "/{ {{- d }}_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    operation_id="{{ p }}-delete",
    responses=DELETE_RESPONSES,
)
async def delete_{{ d }}(
    {{ d }}_id: uuid.UUID,
    service: {{ Class }}ServiceDep,
) -> None:
    """Delete {{ d | article }} {{ d }}.

    404 when it does not exist; {% if auth %}403 unless the user owns it or is a superuser;
    {% endif %}409 while rows of another domain refer to it.
    """
    await service.delete({{ d }}_id)
