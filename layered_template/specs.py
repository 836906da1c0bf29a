"""Parsing the ``domains`` answer: entries ``name[plural](fields)`` into `DomainSpec` values and field lists
``name:type(N)?!`` into `Field` values, with messages that point at the column of a mistake."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from layered_template.cases import pascal_case
from layered_template.checks import AnswerError, check_domain_name, check_field_name, check_plural, import_clash
from layered_template.english import plural
from layered_template.field_types import FIELD_TYPES
from layered_template.fields import Field

DEFAULT_FIELDS = "name:str(100)!, description:str(1000)?"
DEFAULT_STR_LENGTH = 255


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
        check_plural("domains", plural_name, what=f"the plural of {name}")
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


def _split_top_level(value: str, *, answer: str = "domains", start: int = 1) -> list[tuple[int, str]]:
    """``value`` cut at commas outside brackets, each piece with its starting column (``value`` begins at ``start``)."""
    pieces: list[tuple[int, str]] = []
    opened: list[tuple[str, int]] = []
    begin = 0
    for index, char in enumerate(value):
        if char in "([":
            opened.append((char, index))
        elif char in ")]":
            expected = "(" if char == ")" else "["
            if not opened or opened[-1][0] != expected:
                raise AnswerError(answer, f"unexpected {char!r} at column {start + index}", "balance ( ) and [ ]")
            opened.pop()
        elif char == "," and not opened:
            pieces.append((start + begin, value[begin:index]))
            begin = index + 1
    if opened:
        char, index = opened[-1]
        raise AnswerError(answer, f"{char!r} at column {start + index} is never closed", "balance ( ) and [ ]")
    pieces.append((start + begin, value[begin:]))
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


FIELD_PATTERN = re.compile(
    r"\s*(?P<name>[^\s:]+)\s*:\s*(?P<type>[^\s()?!]+)\s*(?:\((?P<arguments>[^()]*)\))?\s*(?P<flags>[?!]*)\s*\Z"
)
LENGTH = re.compile(r"[0-9]+\Z")
# The longest str(N): a request with such a value stays far below the default body limit (1 MiB).
MAX_STR_LENGTH = 100_000
# The longest unique str(N): its index entry (up to 4 bytes a character) fits PostgreSQL's B-tree limit.
MAX_UNIQUE_LENGTH = 600
# Field types that cannot be marked unique: a flag has two values, and text has no length to index.
NEVER_UNIQUE = ("bool", "text")
FIELD_HELP = "write each field as name:type, e.g. 'title:str(200)!' ('?' optional, '!' unique)"
TYPE_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")
# How the fields of a domain are written, shown before they are asked for.
FIELDS_SYNTAX = (
    "name:type, comma-separated; '?' after the type makes a field optional, '!' unique; types: str(N), "
    f"str (at most {DEFAULT_STR_LENGTH} characters), {', '.join(kind for kind in FIELD_TYPES if kind != 'str')}, "
    "or a domain named before this one (a reference)"
)
FIELDS_EXAMPLE = "title:str(200)!, year:int?, artist:artist"
# What the types that take no arguments say when given some, e.g. decimal(10,2).
NO_ARGUMENTS = {
    "decimal": "decimal takes no precision or scale: it stores 12 digits, 2 of them after the point",
    "text": "text has no length: use str(N) for a bounded string",
}


def parse_fields(
    spec: str, *, answer: str = "fields", start: int = 1, domains: Collection[str] | None = ()
) -> list[Field]:
    """Parse ``name:str(100)!, description:str(1000)?, artist:artist`` into fields.

    ``?`` makes a field optional, ``!`` unique; ``str(N)`` bounds its length. A type that names one of
    ``domains`` is a reference; with ``domains=None`` (rendering, after the hooks checked the spec) any
    other identifier is taken as one. ``start`` is the column of ``spec`` in the answer, for messages.
    """
    fields: list[Field] = []
    for piece_column, chunk in _split_top_level(spec, answer=answer, start=start):
        column = piece_column + len(chunk) - len(chunk.lstrip())
        match = FIELD_PATTERN.match(chunk)
        if match is None:
            raise AnswerError(answer, f"cannot read {chunk.strip()!r} at column {column}", FIELD_HELP)
        name, kind, arguments, flags = match.group("name", "type", "arguments", "flags")
        type_column = piece_column + match.start("type")
        # Rendering (domains=None) also reads the longer placeholder names of layered_template.reserved.
        check_field_name(answer, name, column=column, bounded=domains is not None)
        reference = None
        if kind not in FIELD_TYPES:
            if not TYPE_NAME.match(kind) or (domains is not None and kind not in domains):
                raise AnswerError(
                    answer,
                    f"unknown type {kind!r} at column {type_column}",
                    f"types are: {', '.join(FIELD_TYPES)}, or a domain listed before this one to refer to it"
                    f" ({', '.join(domains or []) or 'none yet'})",
                )
            if "!" in flags:
                raise AnswerError(
                    answer, f"reference {name!r} at column {column} is marked unique", "references cannot be unique"
                )
            reference, name = kind, f"{name}_id"
        clash = None if domains is None else import_clash("field", name)
        if clash is not None:
            raise AnswerError(
                answer,
                f"field {name!r} at column {column} would shadow {clash.name}, which {clash.importers()}",
                "rename it",
            )
        if any(field.name == name for field in fields):
            raise AnswerError(answer, f"field {name!r} at column {column} is given twice", "name each field once")
        twin = next((field.name for field in fields if pascal_case(field.name) == pascal_case(name)), None)
        if twin is not None:
            raise AnswerError(
                answer,
                f"fields {twin!r} and {name!r} (column {column}) both give the test class name {pascal_case(name)}",
                "rename one of them",
            )
        if kind == "bool" and "!" in flags:
            raise AnswerError(
                answer, f"bool field {name!r} at column {column} is marked unique", "a flag cannot be unique; drop '!'"
            )
        length = _length(answer, kind if reference is None else "reference", arguments, type_column)
        if length == 0:
            raise AnswerError(answer, f"length of {name!r} at column {column} is 0", "give a length of 1 or more")
        if "!" in flags and (kind == "text" or (length or 0) > MAX_UNIQUE_LENGTH):
            what = "text" if kind == "text" else f"str({length})"
            raise AnswerError(
                answer,
                f"{what} field {name!r} at column {column} is marked unique",
                f"a unique value is indexed, and PostgreSQL indexes at most 2704 bytes: use str(N)! with N at most"
                f" {MAX_UNIQUE_LENGTH} (4 bytes a character)",
            )
        fields.append(Field(name, kind, length, optional="?" in flags, unique="!" in flags, reference=reference))
    if all(field.optional for field in fields):
        raise AnswerError(answer, "every field is optional", "give at least one required field")
    return fields


def _length(answer: str, kind: str, arguments: str | None, column: int) -> int | None:
    """The maximum length a ``str(N)`` field gives (the default for a bare ``str``); None for other types."""
    if kind == "str":
        if arguments is None:
            return DEFAULT_STR_LENGTH
        if not LENGTH.match(arguments.strip()):
            problem = f"str({arguments}) at column {column} is not a length"
            raise AnswerError(answer, problem, "write str(N), e.g. str(200)")
        if int(arguments) > MAX_STR_LENGTH:
            problem = f"str({arguments.strip()}) at column {column} is longer than {MAX_STR_LENGTH} characters"
            raise AnswerError(answer, problem, "use text for longer strings")
        return int(arguments)
    if arguments is not None:
        problem = f"{kind}({arguments}) at column {column} takes no arguments"
        raise AnswerError(answer, problem, NO_ARGUMENTS.get(kind, "only str(N) has one, a length"))
    return None
