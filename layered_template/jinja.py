"""Jinja extension that gives the templates their derived names.

Listed in ``_extensions`` of both ``cookiecutter.json`` files.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from jinja2.ext import Extension

from layered_template.auth import has_auth
from layered_template.cases import pascal_case
from layered_template.english import article, plural
from layered_template.fields import Field
from layered_template.imports import field_imports, model_imports, router_imports
from layered_template.migrations import migration_head, revision_id
from layered_template.specs import parse_domain_specs, parse_fields

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent


class ProcessBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the life of the process, shared by every environment.

    The post-gen hook renders the domain sub-template once per domain, each time through a new
    cookiecutter environment; without this, every domain would compile the same templates again.
    Jinja keys each entry on the template's name, file and source checksum.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = ProcessBytecodeCache()


class LayeredExtension(Extension):
    """Derived names and code for the templates.

    Filters ``plural``, ``pascal``, ``article``, ``py_str``, ``call_statement``, ``fields``,
    ``domain_specs``, ``imports``, ``model_imports``, ``router_imports``, ``revision``, ``migration_head`` and
    ``has_auth``;
    the global ``template_root``.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.bytecode_cache = COMPILED
        environment.filters["plural"] = plural
        environment.filters["pascal"] = pascal_case
        environment.filters["article"] = article
        environment.filters["py_str"] = python_string
        environment.filters["call_statement"] = call_statement
        environment.filters["fields"] = _rendered_fields
        environment.filters["domain_specs"] = parse_domain_specs
        environment.filters["imports"] = field_imports
        environment.filters["model_imports"] = model_imports
        environment.filters["router_imports"] = router_imports
        environment.filters["revision"] = revision_id
        environment.filters["migration_head"] = migration_head
        environment.filters["has_auth"] = has_auth
        environment.globals["template_root"] = str(TEMPLATE_ROOT)


def python_string(text: str) -> str:
    """``text`` as a Python string literal quoted the way ruff format writes it (double quotes unless single
    quotes need fewer escapes).

    Backslashes, quotes and control characters are escaped (JSON's escapes are Python's); other characters
    are kept as they are.
    """
    escaped = json.dumps(text, ensure_ascii=False)[1:-1]
    if text.count('"') > text.count("'"):  # ruff format picks the quote that needs fewer escapes
        return "'" + escaped.replace('\\"', '"').replace("'", "\\'") + "'"
    return f'"{escaped}"'


def call_statement(head: str, arguments: list[str], indent: int = 4, width: int = 120) -> str:
    """``head(arguments)`` laid out as ruff format lays out a call that ends a statement.

    On one line when it fits in ``width``; else the arguments on one line of their own; else one
    argument per line with a trailing comma.
    """
    pad = " " * indent
    flat = f"{pad}{head}({', '.join(arguments)})"
    if len(flat) <= width or not arguments:
        return flat
    inner = f"{pad}    {', '.join(arguments)}"
    if len(inner) <= width:
        return f"{pad}{head}(\n{inner}\n{pad})"
    return f"{pad}{head}(\n" + "".join(f"{pad}    {argument},\n" for argument in arguments) + f"{pad})"


def _rendered_fields(spec: str) -> list[Field]:
    """The fields of a spec the hooks have already checked (any other type name is a reference)."""
    return parse_fields(spec, domains=None)
