"""Checks and derived names for the answers a user gives the template.

Every function here is pure: it takes answers as plain data and returns
values or raises :class:`AnswerError` with a message that names the answer,
says what is wrong and what is allowed.
"""

from __future__ import annotations

import builtins
import keyword
import re
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from layered_template.reserved import Clash

IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*\Z")

# Module and package names of the baked project: a domain of that name would
# shadow one of them or collide with the files around it.
RESERVED_DOMAIN_NAMES = frozenset(
    {
        "backend",
        "tests",
        "domain",
        "dtos",
        "middleware",
        "utils",
        "config",
        "database",
        "entity",
        "error",
        "health",
        "main",
        "api",
        "app",
        "conftest",
        "integration",
        "unit",
        "model",
        "models",
        "repository",
        "service",
        "router",
        "pagination",
    }
)
# Distribution names the baked project depends on: a project of that name
# could not be installed beside them.
DEPENDENCY_NAMES = frozenset(
    {
        "fastapi",
        "sqlmodel",
        "sqlalchemy",
        "aiosqlite",
        "asyncpg",
        "pydantic",
        "pydantic_settings",
        "alembic",
        "uvicorn",
        "pytest",
        "httpx2",
        "ruff",
        "mypy",
    }
)
# Names of SQLModel's table classes and of what the generated repositories use around fields: a field
# of that name would shadow them. Pydantic keeps "model_" names for itself. Names the generated code
# imports are found by layered_template.reserved.
RESERVED_FIELD_NAMES = frozenset({"self", "cls", "metadata", "registry", "col", "func", "statement", "session"})
# Methods every pydantic model still has (pydantic 1's API): a field of that name would replace one.
MODEL_METHOD_NAMES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "fields",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)
MAX_DOMAIN_LENGTH = 24

DEFAULT_FIELDS = "name:str(100)!, description:str(1000)?"
DEFAULT_STR_LENGTH = 255

IRREGULAR_PLURALS = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "mouse": "mice",
    "goose": "geese",
    "tooth": "teeth",
    "foot": "feet",
    "datum": "data",
    "criterion": "criteria",
    "index": "indices",
}
UNCOUNTABLE = frozenset({"equipment", "information", "news", "series", "species", "sheep", "fish", "data"})


class AnswerError(ValueError):
    """An answer the template cannot accept."""

    def __init__(self, answer: str, problem: str, allowed: str) -> None:
        super().__init__(f"{answer}: {problem}; {allowed}")
        self.answer = answer


def check_identifier(answer: str, value: str, *, what: str) -> str:
    """Return ``value`` when it is a lowercase Python identifier that is no keyword."""
    allowed = f"{what} must be a lowercase snake_case Python identifier (letters, digits, underscores)"
    if not IDENTIFIER.match(value):
        raise AnswerError(answer, f"{value!r} is not valid", allowed)
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        raise AnswerError(answer, f"{value!r} is a Python keyword", allowed + " that is not a keyword")
    return value


MAX_SLUG_LENGTH = 40
DATABASES = ("sqlite", "postgresql")


def check_project_slug(value: str) -> str:
    """Return the slug when it can name the project's directory, distribution and test databases."""
    slug = check_identifier("project_slug", value, what="the slug")
    if len(slug) > MAX_SLUG_LENGTH:
        raise AnswerError("project_slug", f"{slug!r} is {len(slug)} characters long", f"use at most {MAX_SLUG_LENGTH}")
    if slug in {"backend", "tests"}:
        raise AnswerError("project_slug", f"{slug!r} would shadow the project's own package", "choose another name")
    if slug in sys.stdlib_module_names:
        raise AnswerError("project_slug", f"{slug!r} is a standard library module", "choose another name")
    if slug in DEPENDENCY_NAMES:
        raise AnswerError("project_slug", f"{slug!r} is a package the project depends on", "choose another name")
    return slug


def check_database(value: object) -> str:
    """Return the database answer when it is one the template supports."""
    if value not in DATABASES:
        raise AnswerError("database", f"{value!r} is not supported", f"choose one of: {', '.join(DATABASES)}")
    return str(value)


@dataclass(frozen=True)
class DomainSpec:
    """One entry of the ``domains`` answer: ``name``, ``name[plural]``, ``name(fields)`` or both."""

    name: str
    plural: str
    fields: str


DOMAIN_ENTRY = re.compile(
    r"\s*(?P<name>[^\s\[\](),]+)\s*(?:\[(?P<plural>[^\]]*)\])?\s*(?:\((?P<fields>.*)\))?\s*\Z", re.DOTALL
)
ENTRY_HELP = "write name, name[plural] or name(field:type, ...), e.g. 'person[people](name:str!)'"


def parse_domains(value: str) -> list[str]:
    """The domain names of the ``domains`` answer, checked."""
    return [spec.name for spec in parse_domain_specs(value)]


def parse_domain_specs(value: str) -> list[DomainSpec]:
    """Split the ``domains`` answer at its top-level commas and check every entry and its fields."""
    entries = _split_top_level(value)
    if not any(entry.strip() for _, entry in entries):
        raise AnswerError("domains", "no domain given", "give at least one name, e.g. 'artist, artwork'")
    specs: list[DomainSpec] = []
    earlier: list[str] = []
    for position, (column, entry) in enumerate(entries, start=1):
        if not entry.strip():
            raise AnswerError("domains", f"entry {position} is empty", "separate names with single commas")
        match = DOMAIN_ENTRY.match(entry)
        if match is None:
            raise AnswerError("domains", f"cannot read {entry.strip()!r} at column {column}", ENTRY_HELP)
        name = check_domain_name(match.group("name"), answer="domains")
        if any(spec.name == name for spec in specs):
            raise AnswerError("domains", f"{name!r} is given twice", "each domain must appear once")
        given_plural = match.group("plural")
        plural_name = plural(name) if given_plural is None else given_plural.strip()
        check_identifier("domains", plural_name, what=f"the plural of {name}")
        fields = match.group("fields")
        if fields is None:
            fields = DEFAULT_FIELDS
        else:
            parse_fields(fields, answer=f"domains ({name})", start=column + match.start("fields"), domains=earlier)
        specs.append(DomainSpec(name, plural_name, fields.strip()))
        earlier.append(name)
    _check_distinct([(spec.name, pascal_case(spec.name).lower()) for spec in specs], what="table name ")
    _check_distinct([(spec.name, spec.plural) for spec in specs], what="route /api/v1/")
    return specs


def _split_top_level(value: str) -> list[tuple[int, str]]:
    """``value`` cut at commas outside brackets, each piece with its 1-based starting column."""
    pieces: list[tuple[int, str]] = []
    opened: list[tuple[str, int]] = []
    start = 0
    for index, char in enumerate(value):
        if char in "([":
            opened.append((char, index))
        elif char in ")]":
            expected = "(" if char == ")" else "["
            if not opened or opened[-1][0] != expected:
                raise AnswerError("domains", f"unexpected {char!r} at column {index + 1}", "balance ( ) and [ ]")
            opened.pop()
        elif char == "," and not opened:
            pieces.append((start + 1, value[start:index]))
            start = index + 1
    if opened:
        char, index = opened[-1]
        raise AnswerError("domains", f"{char!r} at column {index + 1} is never closed", "balance ( ) and [ ]")
    pieces.append((start + 1, value[start:]))
    return pieces


def _check_distinct(pairs: list[tuple[str, str]], *, what: str) -> None:
    """Two domains must not share a derived name (their tables or routes would collide)."""
    owners: dict[str, str] = {}
    for name, derived in pairs:
        if derived in owners:
            raise AnswerError(
                "domains",
                f"{owners[derived]!r} and {name!r} both get the {what}{derived}",
                "rename one of them",
            )
        owners[derived] = name


def check_domain_name(name: str, *, answer: str = "domain") -> str:
    """Return ``name`` when it can name a domain package."""
    check_identifier(answer, name, what="a domain name")
    if name in RESERVED_DOMAIN_NAMES:
        raise AnswerError(answer, f"{name!r} is reserved by the generated code", "choose another domain name")
    if hasattr(builtins, name):
        raise AnswerError(answer, f"{name!r} would shadow a Python builtin", "choose another domain name")
    if len(name) > MAX_DOMAIN_LENGTH:
        raise AnswerError(answer, f"{name!r} is {len(name)} characters long", f"use at most {MAX_DOMAIN_LENGTH}")
    if name.startswith("_") or name.endswith("_"):
        raise AnswerError(answer, f"{name!r} starts or ends with an underscore", "use letters at both ends")
    if snake_case(pascal_case(name)) != name:
        raise AnswerError(
            answer,
            f"{name!r} gives the class {pascal_case(name)}, whose name reads back as {snake_case(pascal_case(name))!r}",
            "start each part after an underscore with a letter, e.g. 'artist2' or 'artist_v2'",
        )
    clash = _import_clash("domain", name)
    if clash is not None:
        given = f"the class {clash.name}" if clash.name == pascal_case(name) else clash.name
        raise AnswerError(answer, f"{name!r} gives {given}, which {clash.importers(name)}", "choose another name")
    return name


def _import_clash(kind: Literal["domain", "field"], name: str) -> Clash | None:
    # Imported here: reserved renders the domain sub-template with this module's filters.
    from layered_template.reserved import find_clash

    return find_clash(kind, name)


JINJA_MARKERS = ("{{", "{%", "{#")


def check_no_jinja(given: Mapping[str, object], defaults: Mapping[str, object]) -> None:
    """Refuse answers that carry Jinja syntax (the template's own defaults may).

    cookiecutter renders answers given on the command line as Jinja before any
    hook runs, so such an answer would not arrive as the text that was typed.
    """
    for answer, value in given.items():
        if isinstance(value, str) and value != defaults.get(answer) and any(m in value for m in JINJA_MARKERS):
            raise AnswerError(
                answer,
                "contains Jinja syntax, which cookiecutter evaluates instead of keeping it as text",
                "remove '{{', '{%' and '{#' from the answer",
            )


def check_threshold(value: object) -> int:
    """Return the coverage threshold as an int from 0 to 100."""
    text = str(value).strip()
    if not text.isdigit() or not 0 <= int(text) <= 100:
        raise AnswerError("coverage_threshold", f"{value!r} is not a whole number from 0 to 100", "e.g. 80")
    return int(text)


TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "on"})
FALSE_WORDS = frozenset({"0", "false", "f", "no", "n", "off"})


def check_bool(answer: str, value: object) -> bool:
    """Return a yes/no answer as a bool."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise AnswerError(answer, f"{value!r} is not a yes/no answer", "use yes or no")


def pascal_case(name: str) -> str:
    """``art_work`` -> ``ArtWork``."""
    return "".join(part.capitalize() for part in name.split("_"))


def snake_case(name: str) -> str:
    """``ArtWork`` -> ``art_work``: the inverse of `pascal_case` (as the baked repository names a table)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def plural(name: str) -> str:
    """English plural of a snake_case name; only the last word changes."""
    head, _, last = name.rpartition("_")
    prefix = f"{head}_" if head else ""
    if last in UNCOUNTABLE:
        return name
    if last in IRREGULAR_PLURALS:
        return prefix + IRREGULAR_PLURALS[last]
    if re.search(r"[^aeiou]y\Z", last):
        return prefix + last[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)\Z", last):
        return prefix + last + "es"
    return prefix + last + "s"


@dataclass(frozen=True)
class FieldType:
    """How one field type is declared, imported, sampled and refused in the generated code."""

    python: str
    imports: tuple[str, ...] = ()
    validation: str = ""
    validation_imports: tuple[str, ...] = ()
    column: str = ""
    column_imports: tuple[str, ...] = ()
    sample: str = ""
    json_sample: str = ""
    sample_imports: tuple[str, ...] = ()
    json_imports: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()
    hostile: tuple[str, ...] = ()
    migration: str = ""


FIELD_TYPES: dict[str, FieldType] = {
    "str": FieldType(
        "CleanStr",
        imports=("from backend.types import CleanStr",),
        column="sa_type=String({length})",
        column_imports=("from sqlalchemy import String",),
        invalid=("123", '"a\\x00b"'),
        hostile=(r'"\ud800"', r'"a\udfffb"'),
        migration="sa.String(length={length})",
    ),
    "text": FieldType(
        "CleanText",
        imports=("from backend.types import CleanText",),
        column="sa_type=Text",
        column_imports=("from sqlalchemy import Text",),
        sample='f"{name} text {n}"',
        json_sample='f"{name} text {n}"',
        invalid=("123", '"a\\x00b"'),
        hostile=(r'"\ud800"', r'"a\udfffb"'),
        migration="sa.Text()",
    ),
    "int": FieldType(
        "Int32",
        imports=("from backend.types import Int32",),
        sample="n",
        json_sample="n",
        invalid=('"many"', "2**31"),
        hostile=("2147483648", "-2147483649", "9223372036854775808", "1e400"),
        migration="sa.Integer()",
    ),
    "float": FieldType(
        "Finite",
        imports=("from backend.types import Finite",),
        sample="n + 0.5",
        json_sample="n + 0.5",
        invalid=('"much"', 'float("nan")'),
        hostile=("1e400", "-1e400", "NaN", "Infinity"),
        migration="sa.Float()",
    ),
    "decimal": FieldType(
        "Money",
        imports=("from backend.types import Money",),
        column="sa_type=ExactDecimal",
        column_imports=("from backend.types import ExactDecimal",),
        sample='Decimal(n) + Decimal("0.25")',
        json_sample='f"{n}.25"',
        sample_imports=("from decimal import Decimal",),
        invalid=('"lots"', '"1.005"'),
        hostile=("1e26", '"1e26"', "1.78e181", "1e400", "1e-30", '"NaN"'),
        migration='sa.Numeric(precision=12, scale=2).with_variant(sa.String(length=32), "sqlite")',
    ),
    "bool": FieldType(
        "bool",
        sample="n % 2 == 0",
        json_sample="n % 2 == 0",
        invalid=('"perhaps"',),
        hostile=("2", r'"\ud800"'),
        migration="sa.Boolean()",
    ),
    "date": FieldType(
        "date",
        imports=("from datetime import date",),
        sample="date(2024, 1, 1) + timedelta(days=n)",
        json_sample="(date(2024, 1, 1) + timedelta(days=n)).isoformat()",
        sample_imports=("from datetime import date, timedelta",),
        json_imports=("from datetime import date, timedelta",),
        invalid=('"someday"',),
        hostile=('"10000-01-01"', r'"\ud800"'),
        migration="sa.Date()",
    ),
    "datetime": FieldType(
        "UTCTimestamp",
        imports=("from backend.types import UTCTimestamp",),
        column="sa_type=UTCDateTime",
        column_imports=("from backend.entity import UTCDateTime",),
        sample="datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n)",
        json_sample='(datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=n)).isoformat().replace("+00:00", "Z")',
        sample_imports=("from datetime import UTC, datetime, timedelta",),
        json_imports=("from datetime import UTC, datetime, timedelta",),
        invalid=('"2024-01-01T00:00:00"', '"soon"'),
        hostile=('"9999-12-31T23:59:59-05:00"', r'"\ud800"'),
        migration="sa.DateTime(timezone=True)",
    ),
    "uuid": FieldType(
        "uuid.UUID",
        imports=("import uuid",),
        sample="uuid.UUID(int=n)",
        json_sample="str(uuid.UUID(int=n))",
        sample_imports=("import uuid",),
        json_imports=("import uuid",),
        invalid=('"not-a-uuid"',),
        hostile=(r'"\ud800"', '"00000000-0000-0000-0000-00000000000g"'),
        migration="sa.Uuid()",
    ),
    "email": FieldType(
        "Email",
        imports=("from backend.types import Email",),
        validation="max_length=320",
        column="sa_type=String(320)",
        column_imports=("from sqlalchemy import String",),
        sample='f"user{n}@example.com"',
        json_sample='f"user{n}@example.com"',
        invalid=('"not-an-email"',),
        hostile=(r'"\ud800@example.com"',),
        migration="sa.String(length=320)",
    ),
}


REFERENCE = FieldType(
    "uuid.UUID",
    imports=("import uuid",),
    sample="uuid.uuid4()",
    json_sample="str(uuid.uuid4())",
    sample_imports=("import uuid",),
    json_imports=("import uuid",),
    invalid=('"not-a-uuid"',),
    hostile=(r'"\ud800"', '"00000000-0000-0000-0000-00000000000g"'),
    migration="sa.Uuid()",
)


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


def import_block(lines: set[str]) -> str:
    """Import lines sorted and grouped as ruff's isort wants them (stdlib, third party, first party)."""
    stdlib = {line for line in lines if line.split()[1].split(".")[0] in sys.stdlib_module_names}
    first = {line for line in lines if line.split()[1].startswith(("backend", "tests"))}
    third = lines - stdlib - first
    merged = [_merge(group) for group in (stdlib, third, first)]
    return "\n\n".join("\n".join(group) for group in merged if group)


def _merge(lines: set[str]) -> list[str]:
    """``from x import a`` + ``from x import b`` -> ``from x import a, b``; ``import x`` lines first."""
    plain = sorted(line for line in lines if line.startswith("import "))
    names: dict[str, set[str]] = {}
    for line in lines - set(plain):
        module, _, imported = line.removeprefix("from ").partition(" import ")
        names.setdefault(module, set()).update(name.strip() for name in imported.split(","))
    froms = [f"from {module} import {', '.join(sorted(names[module], key=_isort_key))}" for module in sorted(names)]
    return plain + froms


def _isort_key(name: str) -> tuple[int, str]:
    # isort orders CONSTANTS, then Classes, then functions (force_sort_within_sections off, case-sensitive).
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name


def field_imports(fields: list[Field], *base: str, part: str = "python") -> str:
    """The import block of a generated module: ``base`` lines plus what ``part`` of each field needs.

    ``part`` is "annotation" (the plain type), "python" (the checked type), "column" (that and the
    column), "sample" (test values) or "json" (test values as JSON).
    """
    lines = set(base)
    for field in fields:
        kind = field.kind
        lines.update(
            {
                "annotation": kind.imports,
                "python": field.checked_imports + kind.validation_imports,
                "column": field.checked_imports + kind.validation_imports + kind.column_imports,
                "sample": kind.sample_imports,
                "json": kind.json_imports,
            }[part]
        )
    return import_block(lines)


FIELD_PATTERN = re.compile(
    r"\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[A-Za-z_]+)\s*(?:\(\s*(?P<size>[0-9]+)\s*\))?"
    r"\s*(?P<flags>[?!]*)\s*\Z"
)


def parse_fields(
    spec: str, *, answer: str = "fields", start: int = 1, domains: Collection[str] | None = ()
) -> list[Field]:
    """Parse ``name:str(100)!, description:str(1000)?, artist:artist`` into fields.

    ``?`` makes a field optional, ``!`` unique; ``str(N)`` bounds its length. A type that names one of
    ``domains`` is a reference; with ``domains=None`` (rendering, after the hooks checked the spec) any
    other identifier is taken as one.
    """
    fields: list[Field] = []
    offset = start - 1
    for chunk in spec.split(","):
        match = FIELD_PATTERN.match(chunk)
        chunk_start = offset
        column = offset + len(chunk) - len(chunk.lstrip()) + 1
        offset += len(chunk) + 1
        if match is None:
            raise AnswerError(
                answer,
                f"cannot read {chunk.strip()!r} at column {column}",
                "write each field as name:type, e.g. 'title:str(200)!' ('?' optional, '!' unique)",
            )
        name, kind, size, flags = match.group("name", "type", "size", "flags")
        check_identifier(answer, name, what="a field name")
        if name in {"id", "created_at"}:
            raise AnswerError(answer, f"field {name!r} at column {column} is generated", "choose another name")
        if name in RESERVED_FIELD_NAMES or name in MODEL_METHOD_NAMES or name.startswith("model_"):
            raise AnswerError(
                answer, f"field {name!r} at column {column} would shadow a name the generated code uses", "rename it"
            )
        reference = None
        if kind not in FIELD_TYPES:
            type_column = chunk_start + match.start("type") + 1
            if domains is not None and kind not in domains:
                raise AnswerError(
                    answer,
                    f"unknown type {kind!r} at column {type_column}",
                    f"types are: {', '.join(FIELD_TYPES)}, or a domain listed before this one to refer to it"
                    f" ({', '.join(domains) or 'none yet'})",
                )
            if "!" in flags:
                raise AnswerError(
                    answer, f"reference {name!r} at column {column} is marked unique", "references cannot be unique"
                )
            reference, name = kind, f"{name}_id"
        clash = None if domains is None else _import_clash("field", name)
        if clash is not None:
            raise AnswerError(
                answer,
                f"field {name!r} at column {column} would shadow {clash.name}, which {clash.importers()}",
                "rename it",
            )
        if any(field.name == name for field in fields):
            raise AnswerError(answer, f"field {name!r} at column {column} is given twice", "name each field once")
        if size is not None and (reference or kind != "str"):
            raise AnswerError(answer, f"{kind!r} at column {column} takes no length", "only str(N) has a length")
        length = (int(size) if size else DEFAULT_STR_LENGTH) if kind == "str" and not reference else None
        if length == 0:
            raise AnswerError(answer, f"length of {name!r} at column {column} is 0", "give a length of 1 or more")
        fields.append(Field(name, kind, length, optional="?" in flags, unique="!" in flags, reference=reference))
    if all(field.optional for field in fields):
        raise AnswerError(answer, "every field is optional", "give at least one required field")
    return fields
