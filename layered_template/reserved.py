"""The names the generated domain code imports, read from the domain sub-template itself.

A domain or a field must not be named so that the generated code loses one of its imports: the
domain ``mapping`` gives the class ``Mapping``, which its service also imports from
``collections.abc``; a field ``date`` in a model whose other fields are annotated ``date`` hides the
type. Instead of a hand-kept list, the domain sub-template is rendered for a placeholder domain, once
with every field type (optional, unique, both) and references and once with a single plain field;
every rendered module is parsed and two things are read from it:

- every name an import binds (``import a.b`` binds ``a``; ``from x import A as B`` binds ``B``) and
  where it comes from;
- every place where the code names something after the domain or a field (the class
  ``PlaceholderDomain``, the fixture ``make_placeholder_domain``, a field's attribute or parameter) and
  the imported names within reach there: at module level all of the module's imports (a second
  binding replaces one), in a class or function the imported names it uses (a binding there hides them).

A name clashes when, put in place of the placeholder, it equals an imported name within reach. So
``status`` (the router imports ``status``) is a fine domain: it only appears inside longer names
(``get_status_service``, ``status_id``); ``row`` is not: its tests' fixture ``make_row`` replaces the
helper of that name they import.

Rendering takes a quarter of a second, and a bake checks names in three processes (cookiecutter's and
both hooks'), so what is read is also kept in ``derived.json`` beside this module, with a fingerprint of
everything it is read from (the domain sub-template and this package's code). It is used only while the
fingerprint matches; otherwise the sub-template is rendered as above. ``python -m layered_template.reserved``
writes it again after a change.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from cookiecutter.environment import StrictEnvironment

from layered_template.cases import pascal_case
from layered_template.field_types import FIELD_TYPES
from layered_template.jinja import TEMPLATE_ROOT, LayeredExtension
from layered_template.migrations import revision_id
from layered_template.specs import NEVER_UNIQUE, parse_fields

DOMAIN_FILES = TEMPLATE_ROOT / "domain" / "{{cookiecutter._target}}"
# The names the sub-template is rendered with; each must not occur in the template's own code.
PLACEHOLDER = "placeholder_domain"
REFERENCED = "placeholder_target"
FIELD_PREFIX = "placeholder_field_"
DERIVED_FILE = Path(__file__).with_name("derived.json")

Kind = Literal["domain", "field"]


@dataclass(frozen=True)
class Import:
    """A name bound by an import of a generated module."""

    name: str
    module: str
    statement: Literal["import", "from"]
    path: str

    def shown(self, domain: str | None) -> tuple[str, str]:
        """The module's file and where the name comes from, for the domain ``domain`` (None: any)."""
        return _shown(self.path, domain), _shown(self.module, domain)


@dataclass(frozen=True)
class Exposure:
    """A name the generated code gives after a domain or a field, and the imports it must not equal."""

    kind: Kind
    pattern: str  # with "{name}" (snake_case) or "{Name}" (PascalCase) where the domain or field goes
    path: str
    within_reach: frozenset[str]


@dataclass(frozen=True)
class Clash:
    """A name the generated code would give that equals names it imports, and those imports."""

    name: str
    imports: tuple[Import, ...]

    def importers(self, domain: str | None = None) -> str:
        """``the generated <file> imports from <module>``, for every import (files for ``domain``)."""
        by_source: dict[str, list[str]] = {}
        for found in self.imports:
            path, module = found.shown(domain)
            source = f"from {module}" if found.statement == "from" else f"as the module {module}"
            by_source.setdefault(source, []).append(path)
        return " and ".join(
            f"the generated {_joined(paths)} {'imports' if len(paths) == 1 else 'import'} {source}"
            for source, paths in by_source.items()
        )


@dataclass(frozen=True)
class Derived:
    """What the rendered domain sub-template imports, and where it names things after its domain and fields."""

    imports: Mapping[str, tuple[Import, ...]]
    exposures: tuple[Exposure, ...]


def imported_names() -> Mapping[str, tuple[Import, ...]]:
    """Every name the generated domain modules import, with each import that binds it."""
    return derive().imports


def find_clash(kind: Kind, name: str) -> Clash | None:
    """The imported name a domain or field called ``name`` would replace or hide, or None.

    A field's ``name`` is the one in the code (a reference ``artist`` is ``artist_id``).
    """
    derived = derive()
    pascal = pascal_case(name)
    places: dict[str, set[str]] = {}
    for exposure in derived.exposures:
        given = exposure.pattern.replace("{name}", name).replace("{Name}", pascal)
        if exposure.kind == kind and given in exposure.within_reach:
            places.setdefault(given, set()).add(exposure.path)
    if not places:
        return None
    # The name itself or its class before longer names made from it.
    given = min(places, key=lambda found: (found not in {name, pascal}, found))
    return Clash(given, tuple(found for found in derived.imports[given] if found.path in places[given]))


@functools.cache
def derive() -> Derived:
    """What the domain sub-template imports and names: from ``derived.json`` while it is current, else rendered."""
    return stored(DERIVED_FILE) or render_and_read()


def fingerprint() -> str:
    """A digest of every file ``render_and_read`` depends on: the domain sub-template and this package's code."""
    package = Path(__file__).parent
    sources = [path for path in DOMAIN_FILES.parent.rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    digest = hashlib.sha256()
    for path in sorted(sources) + sorted(package.glob("*.py")):
        digest.update(path.relative_to(TEMPLATE_ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def stored(path: Path) -> Derived | None:
    """The derivation kept in ``path``, or None when it is missing, unreadable or was made from other files."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("fingerprint") != fingerprint():
        return None
    return _from_json(kept)


def store(path: Path) -> None:
    """Keep a fresh derivation and its fingerprint in ``path``."""
    derived = render_and_read()
    kept = {
        "fingerprint": fingerprint(),
        "imports": {
            name: [[found.name, found.module, found.statement, found.path] for found in found_imports]
            for name, found_imports in derived.imports.items()
        },
        "exposures": [
            [exposure.kind, exposure.pattern, exposure.path, sorted(exposure.within_reach)]
            for exposure in derived.exposures
        ],
    }
    path.write_text(json.dumps(kept, indent=1) + "\n", encoding="utf-8")


def _from_json(kept: dict[str, Any]) -> Derived:
    imports = {
        name: tuple(
            Import(found, module, cast(Literal["import", "from"], statement), path)
            for found, module, statement, path in found_imports
        )
        for name, found_imports in kept["imports"].items()
    }
    exposures = tuple(
        Exposure(cast(Kind, kind), pattern, path, frozenset(within_reach))
        for kind, pattern, path, within_reach in kept["exposures"]
    )
    return Derived(imports, exposures)


def render_and_read() -> Derived:
    """Render the domain sub-template for the placeholder domain and read what it imports and names."""
    specs = _field_specs()
    kinds = _placeholder_kinds(specs)
    markers = re.compile("|".join(re.escape(form) for form in sorted(kinds, key=len, reverse=True)))
    imports: dict[str, dict[Import, None]] = {}
    exposures: set[Exposure] = set()
    for path, source in _rendered_modules(specs):
        module = _Module(ast.parse(source, filename=path))
        ours = [found for found in module.imports if not markers.search(found.name)]
        for found in ours:
            imports.setdefault(found.name, {})[Import(found.name, found.module, found.statement, path)] = None
        names = frozenset(found.name for found in ours)
        for scope in module.scopes:
            reach = names if scope.parent is None else names & scope.loaded
            for bound in scope.bound:
                placed = list(markers.finditer(bound))
                if len(placed) != 1:  # not named after a placeholder, or after two (never an imported name)
                    continue
                marker = placed[0]
                hole = "{Name}" if marker.group()[:1].isupper() else "{name}"
                pattern = bound[: marker.start()] + hole + bound[marker.end() :]
                exposures.add(Exposure(kinds[marker.group()], pattern, path, reach))
    ordered = sorted(exposures, key=lambda exposure: (exposure.path, exposure.pattern, sorted(exposure.within_reach)))
    return Derived({name: tuple(found) for name, found in sorted(imports.items())}, tuple(ordered))


def _field_specs() -> tuple[str, str]:
    """Two field specs that between them take each branch of the templates both ways.

    The first has every type optional, unique and both (bool and text only optional: they cannot be
    unique; so each field's type, ``optional`` and ``unique`` take every value; tests for optional unique
    fields need both) and a required and an optional reference; the second is a single required bool (no
    unique field, no reference, no string: the other way for the domain as a whole).
    """
    kinds = [
        f"{kind}{flags}"
        for kind in FIELD_TYPES
        for flags in ("?", "!", "?!")
        if "!" not in flags or kind not in NEVER_UNIQUE
    ]
    kinds += [REFERENCED, f"{REFERENCED}?"]
    every = ", ".join(f"{FIELD_PREFIX}{index}:{kind}" for index, kind in enumerate(kinds))
    return every, f"{FIELD_PREFIX}plain:bool"


def _placeholder_kinds(specs: tuple[str, ...]) -> dict[str, Kind]:
    """The placeholders as they appear in the code (snake_case and PascalCase), each with its kind."""
    names: list[tuple[str, Kind]] = [(PLACEHOLDER, "domain"), (REFERENCED, "domain")]
    names += [(field.name, "field") for spec in specs for field in parse_fields(spec, domains=None)]
    return {form: kind for name, kind in names for form in (name, pascal_case(name))}


def _rendered_modules(specs: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Each ``.py`` file of the domain sub-template rendered for the placeholder with each field spec."""
    with tempfile.TemporaryDirectory() as empty_project:  # no migrations yet: the revision has no parent
        answers = {
            "domain": PLACEHOLDER,
            "plural": "placeholder_plural",
            "fields": specs[0],
            "run_tests": "no",
            "_target": ".",
            "_output_dir": empty_project,
            "_extensions": [f"{LayeredExtension.__module__}.{LayeredExtension.__qualname__}"],
        }
        environment = StrictEnvironment(context={"cookiecutter": answers}, keep_trailing_newline=True)
        templates = sorted(DOMAIN_FILES.rglob("*.py"))
        names = "\n".join(template.relative_to(DOMAIN_FILES).as_posix() for template in templates)
        paths = environment.from_string(names).render(cookiecutter=answers).split("\n")
        for template, path in zip(templates, paths, strict=True):
            compiled = environment.from_string(template.read_text(encoding="utf-8"))
            for fields in specs:
                yield path, compiled.render(cookiecutter=answers | {"fields": fields})


def _shown(text: str, domain: str | None) -> str:
    """``text`` (a path or module of the placeholder domain) for ``domain``, or with ``<domain>``."""
    revision = revision_id(domain) if domain else "<revision>"
    return text.replace(revision_id(PLACEHOLDER), revision).replace(PLACEHOLDER, domain or "<domain>")


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass(frozen=True)
class _Bound:
    name: str
    module: str
    statement: Literal["import", "from"]


class _Scope:
    """The names one module, class or function binds and the free names it (or a closure in it) loads."""

    def __init__(self, parent: _Scope | None, *, function: bool) -> None:
        self.parent = parent
        self.function = function
        self.bound: set[str] = set()
        self.loaded: set[str] = set()

    def load(self, name: str) -> None:
        scope: _Scope | None = self
        while scope is not None:
            scope.loaded.add(name)
            # A closure sees its enclosing functions' names; a method does not see its class's.
            scope = scope.parent if scope.function and scope.parent and scope.parent.function else None


# Nodes without names in them: contexts, operators and constants.
_NAMELESS = (ast.expr_context, ast.operator, ast.cmpop, ast.boolop, ast.unaryop, ast.Constant)


class _Module:
    """A parsed module's imports and scopes (comprehensions count as part of the scope around them)."""

    def __init__(self, tree: ast.Module) -> None:
        self.imports: list[_Bound] = []
        self.scopes: list[_Scope] = []
        self._visit(tree, self._scope(None, function=False))

    def _scope(self, parent: _Scope | None, *, function: bool) -> _Scope:
        scope = _Scope(parent, function=function)
        self.scopes.append(scope)
        return scope

    def _visit(self, node: ast.AST, scope: _Scope) -> None:
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                scope.load(node.id)
            else:
                scope.bound.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            self._function(node, scope)
        elif isinstance(node, ast.ClassDef):
            scope.bound.add(node.name)
            for outer in [*node.decorator_list, *node.bases, *node.keywords]:
                self._visit(outer, scope)
            inner = self._scope(scope, function=False)
            for statement in node.body:
                self._visit(statement, inner)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            self._import(node, scope)
        else:
            if isinstance(node, ast.ExceptHandler) and node.name:
                scope.bound.add(node.name)
            for child in ast.iter_child_nodes(node):
                if not isinstance(child, _NAMELESS):
                    self._visit(child, scope)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, scope: _Scope) -> None:
        # Decorators, defaults and annotations are evaluated where the function is defined.
        arguments = node.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        every += [argument for argument in (arguments.vararg, arguments.kwarg) if argument is not None]
        outer: list[ast.AST] = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
        outer += [argument.annotation for argument in every if argument.annotation is not None]
        inner = self._scope(scope, function=True)
        inner.bound.update(argument.arg for argument in every)
        if isinstance(node, ast.Lambda):
            body: list[ast.AST] = [node.body]
        else:
            scope.bound.add(node.name)
            outer += [*node.decorator_list, *([node.returns] if node.returns else [])]
            body = list(node.body)
        for expression in outer:
            self._visit(expression, scope)
        for statement in body:
            self._visit(statement, inner)

    def _import(self, node: ast.Import | ast.ImportFrom, scope: _Scope) -> None:
        for alias in node.names:
            if isinstance(node, ast.ImportFrom):
                bound = _Bound(alias.asname or alias.name, "." * node.level + (node.module or ""), "from")
            else:  # "import a.b" binds a, "import a.b as c" binds c to a.b
                top = alias.name.partition(".")[0]
                bound = _Bound(alias.asname or top, alias.name if alias.asname else top, "import")
            scope.bound.add(bound.name)
            self.imports.append(bound)


if __name__ == "__main__":
    store(DERIVED_FILE)
