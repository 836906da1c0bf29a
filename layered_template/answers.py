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
from collections.abc import Callable, Mapping
from dataclasses import dataclass

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
# Names the generated modules import: a domain whose class name equals one of
# them would shadow it in its own modules.
IMPORTED_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "APIRouter",
        "AppError",
        "AsyncClient",
        "AsyncEngine",
        "AsyncSession",
        "Awaitable",
        "Callable",
        "ConfigDict",
        "ConflictError",
        "Depends",
        "Entity",
        "FastAPI",
        "Field",
        "Iterator",
        "NotFoundError",
        "Page",
        "PageParams",
        "PageQuery",
        "Repository",
        "SessionDep",
        "Self",
        "Settings",
        "SQLModel",
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
MAX_DOMAIN_LENGTH = 24

DEFAULT_FIELDS = "name:str(100)!, description:str(1000)?"
FIELD_TYPES = ("str",)
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


def check_project_slug(value: str) -> str:
    """Return the slug when it can name the project's directory and distribution."""
    slug = check_identifier("project_slug", value, what="the slug")
    if slug in {"backend", "tests"}:
        raise AnswerError("project_slug", f"{slug!r} would shadow the project's own package", "choose another name")
    if slug in sys.stdlib_module_names:
        raise AnswerError("project_slug", f"{slug!r} is a standard library module", "choose another name")
    if slug in DEPENDENCY_NAMES:
        raise AnswerError("project_slug", f"{slug!r} is a package the project depends on", "choose another name")
    return slug


def parse_domains(value: str) -> list[str]:
    """Split the comma-separated ``domains`` answer into checked domain names."""
    names = [part.strip() for part in value.split(",")]
    if not any(names):
        raise AnswerError("domains", "no domain given", "give at least one name, e.g. 'artist, artwork'")
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if not name:
            raise AnswerError("domains", f"entry {position} is empty", "separate names with single commas")
        check_domain_name(name, answer="domains")
        if name in seen:
            raise AnswerError("domains", f"{name!r} is given twice", "each domain must appear once")
        seen.add(name)
    _check_distinct(names, key=lambda name: pascal_case(name).lower(), what="table name ")
    _check_distinct(names, key=plural, what="route /api/v1/")
    return names


def _check_distinct(names: list[str], *, key: Callable[[str], str], what: str) -> None:
    """Two domains must not share a derived name (their tables or routes would collide)."""
    owners: dict[str, str] = {}
    for name in names:
        derived = key(name)
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
    if pascal_case(name) in IMPORTED_NAMES:
        raise AnswerError(
            answer, f"{name!r} gives the class {pascal_case(name)}, a name the code imports", "choose another name"
        )
    if len(name) > MAX_DOMAIN_LENGTH:
        raise AnswerError(answer, f"{name!r} is {len(name)} characters long", f"use at most {MAX_DOMAIN_LENGTH}")
    if name.startswith("_") or name.endswith("_"):
        raise AnswerError(answer, f"{name!r} starts or ends with an underscore", "use letters at both ends")
    return name


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
class Field:
    """One field of a domain, as the templates need it."""

    name: str
    type: str
    max_length: int
    optional: bool
    unique: bool

    @property
    def annotation(self) -> str:
        return "str | None" if self.optional else "str"

    @property
    def min_length(self) -> int:
        return 0 if self.optional else 1

    @property
    def lengths(self) -> str:
        """The length bounds, as keyword arguments of ``Field``."""
        bounds = [f"min_length={self.min_length}"] if self.min_length else []
        return ", ".join([*bounds, f"max_length={self.max_length}"])

    @property
    def column(self) -> str:
        """Keyword arguments of the model field (and its table column)."""
        default = "default=None, " if self.optional else ""
        extra = ", unique=True, index=True" if self.unique else ""
        return f"{default}{self.lengths}{extra}"

    @property
    def sample(self) -> str:
        """A Python expression for a valid value that differs with ``n`` (an int in scope)."""
        prefix = self.name[: max(self.max_length - 8, 0)]
        return f'f"{prefix}-{{n}}"' if prefix else 'f"{n}"'

    @property
    def update_constraints(self) -> str:
        """Keyword arguments of the field in the update DTO: always optional."""
        return f"default=None, {self.lengths}"


FIELD_PATTERN = re.compile(
    r"\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[A-Za-z_]+)\s*(?:\(\s*(?P<size>[0-9]+)\s*\))?"
    r"\s*(?P<flags>[?!]*)\s*\Z"
)


def parse_fields(spec: str, *, answer: str = "fields") -> list[Field]:
    """Parse ``name:str(100)!, description:str(1000)?`` into fields.

    ``?`` makes a field optional, ``!`` unique; ``str(N)`` bounds its length.
    """
    fields: list[Field] = []
    offset = 0
    for chunk in spec.split(","):
        match = FIELD_PATTERN.match(chunk)
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
        if kind not in FIELD_TYPES:
            raise AnswerError(
                answer, f"unknown type {kind!r} at column {column}", f"types are: {', '.join(FIELD_TYPES)}"
            )
        if any(field.name == name for field in fields):
            raise AnswerError(answer, f"field {name!r} at column {column} is given twice", "name each field once")
        length = int(size) if size else DEFAULT_STR_LENGTH
        if length < 1:
            raise AnswerError(answer, f"length of {name!r} at column {column} is 0", "give a length of 1 or more")
        fields.append(Field(name, kind, length, optional="?" in flags, unique="!" in flags))
    if all(field.optional for field in fields):
        raise AnswerError(answer, "every field is optional", "give at least one required field")
    return fields
