"""Alembic revisions of a baked project: one per domain, chained in the order the domains were added."""

from __future__ import annotations

import ast
import contextlib
import hashlib
from pathlib import Path

from layered_template.checks import AnswerError

VERSIONS = Path("migrations") / "versions"


def revision_id(domain: str) -> str:
    """The revision that creates ``domain``'s table: the same for the same name, on every machine."""
    return hashlib.sha256(f"create {domain}".encode()).hexdigest()[:12]


def read_revisions(project_dir: Path) -> dict[str, tuple[str, ...]]:
    """Each revision file's id and the revisions it follows, read without importing the file."""
    revisions: dict[str, tuple[str, ...]] = {}
    versions = project_dir / VERSIONS
    for path in sorted(versions.glob("*.py")) if versions.is_dir() else []:
        values = _assignments(path, {"revision", "down_revision"})
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str):
            raise AnswerError("domain", f"{path} has no revision id", "fix or remove that migration file")
        if down is None or isinstance(down, str):
            revisions[revision] = () if down is None else (down,)
        elif isinstance(down, tuple | list) and all(isinstance(parent, str) for parent in down):
            revisions[revision] = tuple(str(parent) for parent in down)
        else:
            raise AnswerError("domain", f"{path} has an unreadable down_revision", "fix that migration file")
    return revisions


def _assignments(path: Path, names: set[str]) -> dict[str, object]:
    try:
        module = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError) as error:
        raise AnswerError("domain", f"{path} cannot be read as Python ({error})", "fix that migration file") from None
    found: dict[str, object] = {}
    for node in module.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in names:
            with contextlib.suppress(ValueError):
                found[target.id] = ast.literal_eval(value)
    return found


def heads(project_dir: Path) -> list[str]:
    """The revisions no other revision follows, sorted."""
    revisions = read_revisions(project_dir)
    followed = {down for downs in revisions.values() for down in downs}
    return sorted(set(revisions) - followed)


def migration_head(project_dir: str | Path) -> str | None:
    """The one revision a new domain's migration follows (None in a project without revisions)."""
    found = heads(Path(project_dir))
    if len(found) > 1:
        raise AnswerError(
            "domain",
            f"the project's migrations have {len(found)} heads ({', '.join(found)})",
            "merge them first: alembic merge heads -m merge",
        )
    return found[0] if found else None
