"""The ``auth`` answer: which files of the skeleton belong to ``auth=jwt``, and whether a project has them."""

from __future__ import annotations

import shutil
from pathlib import Path

from layered_template.checks import AnswerError
from layered_template.migrations import revision_id
from layered_template.specs import DEFAULT_FIELDS, DomainSpec, parse_fields

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
# The column of every domain's table that records who created the row (auth=jwt).
OWNER_COLUMN = "owner_id"


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


def check_auth_names(
    specs: list[DomainSpec], *, answer: str = "domains", plural_answer: str = "", fields_answer: str = ""
) -> None:
    """With auth=jwt, no domain may take the auth package's name, table or route, nor a field its owner
    column (a reference ``owner`` gives ``owner_id`` too). Errors name ``answer``, or the answer the plural
    or the fields come from when they are given apart (adding a domain)."""
    for spec in specs:
        for name, given_in in ((spec.name, answer), (spec.plural, plural_answer or answer)):
            if name in AUTH_NAMES:
                raise AnswerError(given_in, f"{name!r} is taken by the auth package (auth=jwt)", "choose another name")
        for field in parse_fields(spec.fields or DEFAULT_FIELDS, domains=None):
            if field.name == OWNER_COLUMN:
                raise AnswerError(
                    fields_answer or answer,
                    f"{spec.name}'s field {field.name!r} is the column that records each row's owner (auth=jwt)",
                    "rename the field",
                )
