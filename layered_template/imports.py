"""Import blocks of generated modules, sorted and grouped as ruff's isort wants them."""

from __future__ import annotations

import sys

from layered_template.cases import pascal_case
from layered_template.fields import Field

# The baked project's line length (its ruff configuration).
LINE_LENGTH = 120


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
    froms = [_from_line(module, sorted(names[module], key=_isort_key)) for module in sorted(names)]
    return plain + froms


def _from_line(module: str, names: list[str]) -> str:
    """``from module import a, b``, or one name a line in parentheses when that is over ruff's line length."""
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    return f"from {module} import (\n" + "".join(f"    {name},\n" for name in names) + ")"


def _isort_key(name: str) -> tuple[int, str]:
    # isort orders CONSTANTS, then Classes, then functions (force_sort_within_sections off, case-sensitive).
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name


def field_imports(fields: list[Field], *base: str | list[str], part: str = "python") -> str:
    """The import block of a generated module: ``base`` lines plus what ``part`` of each field needs.

    Each of ``base`` is an import line, a list of them, or "" (a line a template leaves out for this
    domain). ``part`` is "annotation" (the plain type), "python" (the checked type), "column" (that and
    the column), "sample" (test values) or "json" (test values as JSON).
    """
    lines = {line for item in base for line in ([item] if isinstance(item, str) else item) if line}
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


def model_imports(domains: list[str]) -> list[str]:
    """The lines that import each of ``domains``' model class."""
    return [f"from backend.domain.{domain}.model import {pascal_case(domain)}" for domain in domains]


def router_imports(domains: list[str]) -> list[str]:
    """The lines that import each of ``domains``' router as ``<domain>_router``."""
    return [f"from backend.domain.{domain}.router import router as {domain}_router" for domain in domains]
