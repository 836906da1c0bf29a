"""The ``auth`` answer: which files of the skeleton belong to ``auth=jwt``, and whether a project has them."""

from __future__ import annotations

import shutil
from pathlib import Path

from layered_template.checks import AnswerError
from layered_template.migrations import revision_id
from layered_template.specs import DomainSpec

# What the skeleton renders only for auth=jwt (removed right after rendering otherwise).
AUTH_PATHS = (
    "backend/domain/auth",
    "backend/dtos/auth.py",
    "backend/security.py",
    f"migrations/versions/{revision_id('auth')}_create_user.py",
    "tests/unit/domain/auth",
    "tests/unit/test_security.py",
    "tests/integration/test_auth_flow.py",
    "tests/integration/test_auth_superuser.py",
    "tests/users.py",
)
# The file whose presence says a project was generated with auth=jwt.
AUTH_MARKER = Path("backend") / "domain" / "auth" / "dependencies.py"
# Names the auth package takes: its package and route ("auth") and its table ("user").
AUTH_NAMES = ("auth", "user")


def remove_auth_files(project_dir: Path) -> None:
    """Delete what only auth=jwt uses from a freshly rendered project."""
    for relative in AUTH_PATHS:
        path = project_dir / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def has_auth(project_dir: str | Path) -> bool:
    """Whether the project in ``project_dir`` was generated with auth=jwt (its domains are then owned)."""
    return (Path(project_dir) / AUTH_MARKER).is_file()


def check_auth_names(specs: list[DomainSpec], *, answer: str = "domains") -> None:
    """With auth=jwt, no domain may take the auth package's name, table or route."""
    for spec in specs:
        for name in (spec.name, spec.plural):
            if name in AUTH_NAMES:
                raise AnswerError(answer, f"{name!r} is taken by the auth package (auth=jwt)", "choose another name")
