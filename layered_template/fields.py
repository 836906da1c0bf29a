"""One parsed field of a domain, and the code fragments the domain templates render for it."""

from __future__ import annotations

from dataclasses import dataclass

from layered_template.cases import pascal_case
from layered_template.field_types import FIELD_TYPES, REFERENCE, FieldType


@dataclass(frozen=True)
class Field:
    """One field of a domain, as the templates need it.

    A reference to another domain is stored as ``<name>_id`` (``name`` already carries the suffix) and
    ``reference`` names the domain it points at.
    """

    name: str
    type: str
    max_length: int | None
    optional: bool
    unique: bool
    reference: str | None = None

    @property
    def kind(self) -> FieldType:
        return REFERENCE if self.reference else FIELD_TYPES[self.type]

    @property
    def target(self) -> str:
        """The class name of the referenced domain's model."""
        assert self.reference is not None
        return pascal_case(self.reference)

    @property
    def python(self) -> str:
        return self.kind.python

    @property
    def annotation(self) -> str:
        return f"{self.python} | None" if self.optional else self.python

    @property
    def bounded(self) -> bool:
        """Whether the field is a string with a maximum length (``str(N)``)."""
        return self.max_length is not None

    @property
    def is_string(self) -> bool:
        """Free text (str or text): accepts any characters, so SQL-looking input too."""
        return self.type in {"str", "text"}

    @property
    def min_length(self) -> int:
        return 1 if self.type in {"str", "text"} and not self.optional else 0

    @property
    def lengths(self) -> list[str]:
        """The validation constraints, as keyword arguments of ``Field``."""
        bounds = [f"min_length={self.min_length}"] if self.min_length else []
        if self.max_length is not None:
            bounds.append(f"max_length={self.max_length}")
        return bounds + ([self.kind.validation] if self.kind.validation else [])

    @property
    def checked(self) -> str:
        """The field's value type with its bounds, as model and update DTO annotate it (``| None`` aside).

        A string's bounds come before its cleaning step in the ``Annotated`` (``ONE_LINE`` trims,
        ``CLEAN_TEXT`` normalises), so pydantic checks them as string lengths, after cleaning, even
        inside ``X | None`` ("at most 30 characters", never "30 items").
        """
        if not self.lengths:
            return self.python
        bounds = f"Field({', '.join(self.lengths)})"
        if self.is_string:
            return f"Annotated[str, {bounds}, {'ONE_LINE' if self.type == 'str' else 'CLEAN_TEXT'}]"
        return f"Annotated[{self.python}, {bounds}]"

    @property
    def checked_imports(self) -> tuple[str, ...]:
        """What `checked` needs imported (besides ``Field``, which model and DTO modules import anyway)."""
        if not self.lengths:
            return self.kind.imports
        if self.is_string:
            cleaning = "ONE_LINE" if self.type == "str" else "CLEAN_TEXT"
            return ("from typing import Annotated", f"from backend.types import {cleaning}")
        return ("from typing import Annotated", *self.kind.imports)

    @property
    def column(self) -> str:
        """Keyword arguments of the model field: its table column (the bounds are in `checked`)."""
        return ", ".join(self.column_arguments)

    @property
    def column_arguments(self) -> list[str]:
        """`column`, one keyword argument each."""
        parts = ["default=None"] if self.optional else []
        parts += [self.kind.column.replace("{length}", str(self.max_length))] if self.kind.column else []
        if self.reference:
            parts.append(f'foreign_key="{self.target.lower()}.id"')
        parts += ["unique=True, index=True"] if self.unique else ["index=True"] if self.reference else []
        return parts

    @property
    def update_constraints(self) -> str:
        """Keyword arguments of the field in the update DTO: always optional."""
        return ", ".join(["default=None", *self.lengths])

    @property
    def sample(self) -> str:
        """A Python expression for a valid value that differs with ``n`` (an int in scope)."""
        if self.type == "str":
            assert self.max_length is not None
            prefix = self.name[: max(self.max_length - 8, 0)]
            return f'f"{prefix}-{{n}}"' if prefix else 'f"{n}"'
        return self.kind.sample.replace("{name}", self.name)

    @property
    def json_sample(self) -> str:
        """Like `sample`, but the value as JSON carries it."""
        if self.type == "str":
            return self.sample
        return self.kind.json_sample.replace("{name}", self.name)

    @property
    def migration_type(self) -> str:
        """The column type in a migration, as SQLAlchemy code (``sa`` is ``sqlalchemy``)."""
        return self.kind.migration.replace("{length}", str(self.max_length))

    @property
    def invalid(self) -> tuple[str, ...]:
        """Python expressions for JSON values this field must refuse (wrong type, out of range)."""
        return self.kind.invalid

    @property
    def hostile(self) -> tuple[str, ...]:
        """JSON texts (not Python values) this field must refuse with a 422: lone surrogates, numbers past
        the column's range or precision, NaN and infinities, dates past the calendar."""
        return self.kind.hostile
