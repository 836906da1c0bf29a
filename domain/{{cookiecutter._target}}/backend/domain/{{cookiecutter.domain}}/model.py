{%- set auth = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | has_auth %}
{%- set Class = cookiecutter.domain | pascal -%}
"""The {{ cookiecutter.domain }} table.

Its columns: the fields of `{{ Class }}Base` in `backend.dtos.{{ cookiecutter.domain }}`,
plus the id and creation time every `Entity` has{% if auth %}, and the owner's id{% endif %}.
"""

{% if auth -%}
import uuid

from sqlmodel import Field

{% endif -%}
from backend.dtos.{{ cookiecutter.domain }} import {{ Class }}Base
from backend.entity import Entity


class {{ Class }}({{ Class }}Base, Entity, table=True):
    """{{ cookiecutter.domain | article | capitalize }} {{ cookiecutter.domain }} as stored."""
{%- if auth %}

    # The user who created the row: taken from the access token, never from a request body.
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True)
{%- endif %}
