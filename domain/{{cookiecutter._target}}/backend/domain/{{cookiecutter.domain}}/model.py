{%- set Class = cookiecutter.domain | pascal -%}
"""The {{ cookiecutter.domain }} table.

Its columns: the fields of `{{ Class }}Base` in `backend.dtos.{{ cookiecutter.domain }}`,
plus the id and creation time every `Entity` has.
"""

from backend.dtos.{{ cookiecutter.domain }} import {{ Class }}Base
from backend.entity import Entity


class {{ Class }}({{ Class }}Base, Entity, table=True):
    """{{ cookiecutter.domain | article | capitalize }} {{ cookiecutter.domain }} as stored."""
