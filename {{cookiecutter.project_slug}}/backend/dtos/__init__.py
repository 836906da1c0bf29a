"""Request and response bodies, one module per domain.

Each module also holds ``<Name>Base``, the fields a client may set, which the domain's table model
extends. The dependency runs one way: `backend.domain` imports these modules; nothing here imports
`backend.domain`.
"""

from typing import Any

from pydantic import ConfigDict
from sqlmodel import SQLModel


def _omit_null_defaults(schema: dict[str, Any]) -> None:
    # A field that may be omitted but not set to null defaults to None in Python only; null is
    # not a valid value for it, so its schema must not offer null as a default.
    for field in schema.get("properties", {}).values():
        if field.get("default", "") is None and {"type": "null"} not in field.get("anyOf", []):
            del field["default"]


class PartialUpdate(SQLModel):
    """Base of update bodies: only the fields given change; unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_omit_null_defaults)  # type: ignore[assignment]
