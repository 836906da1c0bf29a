"""Checks of the template's answers, one answer at a time.

Every function here is pure: it takes an answer as plain data and returns it (converted) or raises
`AnswerError` with a message that names the answer, says what is wrong and what is allowed. The
``domains`` answer is parsed in `layered_template.specs`, which calls these checks for each name.
"""

from __future__ import annotations

import builtins
import keyword
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from layered_template.cases import pascal_case, snake_case

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
        "logs",
        "security",
        "auth",
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
# Longer domain or field names or plurals would give generated lines (test names, calls) over ruff's 120
# columns; these are the longest that bake ruff-clean with every field type, references and auth=jwt.
MAX_DOMAIN_LENGTH = 16
MAX_FIELD_LENGTH = 20
MAX_PLURAL_LENGTH = 30
# Names ruff refuses for a class (E742) or a variable (E741): they read like 1 and 0.
AMBIGUOUS_NAMES = frozenset({"i", "l", "o"})
# Builtin types the generated annotations use: a field of that name would hide the type from the fields after it.
ANNOTATION_TYPES = frozenset({"str", "int", "float", "bool"})


class AnswerError(ValueError):
    """An answer the template cannot accept."""

    def __init__(self, answer: str, problem: str, allowed: str) -> None:
        super().__init__(f"{answer}: {problem}; {allowed}")
        self.answer = answer


def check_plural(answer: str, value: str, *, what: str = "the plural") -> str:
    """Return ``value`` when it can be a domain's plural (its route and its variables' names)."""
    check_identifier(answer, value, what=what)
    if len(value) > MAX_PLURAL_LENGTH:
        raise AnswerError(answer, f"{value!r} is {len(value)} characters long", f"use at most {MAX_PLURAL_LENGTH}")
    return value


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


AUTH_CHOICES = ("none", "jwt")


def check_auth(value: object) -> str:
    """Return the auth answer when it is one the template supports."""
    if value not in AUTH_CHOICES:
        raise AnswerError("auth", f"{value!r} is not supported", f"choose one of: {', '.join(AUTH_CHOICES)}")
    return str(value)


def check_domain_name(name: str, *, answer: str = "domain") -> str:
    """Return ``name`` when it can name a domain package."""
    check_identifier(answer, name, what="a domain name")
    if name in RESERVED_DOMAIN_NAMES:
        raise AnswerError(answer, f"{name!r} is reserved by the generated code", "choose another domain name")
    if hasattr(builtins, name):
        raise AnswerError(answer, f"{name!r} would shadow a Python builtin", "choose another domain name")
    if name in DEPENDENCY_NAMES:
        raise AnswerError(answer, f"{name!r} is a package the project depends on", "choose another domain name")
    if name in AMBIGUOUS_NAMES:
        raise AnswerError(answer, f"{name!r} reads like a digit in the class it gives", "choose a longer name")
    if name.startswith("test"):
        raise AnswerError(
            answer,
            f"{name!r} gives the class {pascal_case(name)}, which pytest would collect as tests",
            "choose a name that does not start with 'test'",
        )
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
    clash = import_clash("domain", name)
    if clash is not None:
        given = f"the class {clash.name}" if clash.name == pascal_case(name) else clash.name
        raise AnswerError(answer, f"{name!r} gives {given}, which {clash.importers(name)}", "choose another name")
    return name


def check_field_name(answer: str, name: str, *, column: int, bounded: bool = True) -> str:
    """Return ``name`` when it can name a field (``column``: where the field starts, for messages;
    ``bounded``: at most ``MAX_FIELD_LENGTH`` characters)."""
    check_identifier(answer, name, what="a field name")
    if bounded and len(name) > MAX_FIELD_LENGTH:
        problem = f"field {name!r} at column {column} is {len(name)} characters long"
        raise AnswerError(answer, problem, f"use at most {MAX_FIELD_LENGTH}")
    if name in {"id", "created_at"}:
        raise AnswerError(answer, f"field {name!r} at column {column} is generated", "choose another name")
    if name == "l":
        raise AnswerError(answer, f"field {name!r} at column {column} reads like the digit 1", "choose a longer name")
    if name in ANNOTATION_TYPES:
        raise AnswerError(
            answer, f"field {name!r} at column {column} would hide the type {name} from other fields", "rename it"
        )
    if name in RESERVED_FIELD_NAMES or name in MODEL_METHOD_NAMES or name.startswith(("model_", "sqlmodel_")):
        raise AnswerError(
            answer, f"field {name!r} at column {column} would shadow a name the generated code uses", "rename it"
        )
    return name


def import_clash(kind: Literal["domain", "field"], name: str) -> Clash | None:
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


WHOLE_NUMBER = re.compile(r"(?:0|[1-9][0-9]*)\Z")


def check_threshold(value: object) -> int:
    """Return the coverage threshold as an int from 0 to 100 (written in ASCII digits, no leading zero: the
    answer is written into pyproject.toml as it is given)."""
    text = str(value).strip()
    if not WHOLE_NUMBER.match(text) or not 0 <= int(text) <= 100:
        raise AnswerError(
            "coverage_threshold", f"{value!r} is not a whole number from 0 to 100", "e.g. 80, without leading zeros"
        )
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
