"""Bake the default, one domain and four domains; check the tree, the text and determinism."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from layered_template.auth import AUTH_PATHS
from layered_template.cases import pascal_case
from layered_template.english import plural
from layered_template.migrations import read_revisions, revision_id
from layered_template.specs import parse_domains

from .conftest import Bake, bake_into

VARIANTS = {
    "default": {},
    "one-domain": {"domains": "artist"},
    "four-domains": {"domains": "artist, person, category, exhibition_entry"},
    # Domain names that equal variable, fixture and parameter names of the generated code.
    "tricky-names": {"domains": "data, status, client, session, item"},
    # A reference chain (exhibit_item -> artwork -> artist), an optional reference, a given plural.
    "references": {
        "domains": (
            "artist, artwork(title:str(200)!, year:int, artist:artist, curator:artist?), "
            "exhibit_item[exhibit_pieces](label:str!, artwork:artwork, price:decimal?)"
        )
    },
    # Every field type, optional and unique fields, and an explicit irregular plural.
    "typed-fields": {
        "domains": (
            "artist(name:str(120)!, bio:text?, born:date?, email:email!, nick:str(30)?!), "
            "artwork(title:str(200)!, year:int, price:decimal?, weight:float?, framed:bool, acquired:datetime?, "
            "code:uuid!), cactus[cacti](label:str(600)!)"
        )
    },
    # Domains without a unique field or a reference, named so that their articles differ, and one whose
    # fields are all references.
    "plain-fields": {
        "domains": (
            "unicorn(born:date, size:int?), hour[hours](note:text, weight:float?), "
            "sighting(unicorn:unicorn, hour:hour?)"
        )
    },
    # Users and tokens: every domain owned, typed fields, optional and unique fields, references.
    "jwt": {
        "auth": "jwt",
        "domains": (
            "artist(name:str(120)!, bio:text?, email:email!), "
            "artwork(title:str(200)!, year:int?, price:decimal?, artist:artist, curator:artist?)"
        ),
    },
    # The same on PostgreSQL.
    "jwt-postgresql": {
        "project_name": "Gallery Auth",
        "database": "postgresql",
        "auth": "jwt",
        "domains": (
            "artist(name:str(120)!, bio:text?, email:email!), "
            "artwork(title:str(200)!, year:int?, price:decimal?, artist:artist, curator:artist?)"
        ),
    },
    # PostgreSQL (the suite runs on the local server), every field type and references.
    "postgresql": {
        "project_name": "Gallery PG",
        "database": "postgresql",
        "domains": (
            "artist(name:str(120)!, bio:text?, born:date?, email:email!, nick:str(30)?!), "
            "artwork(title:str(200)!, year:int, price:decimal?, weight:float?, framed:bool, acquired:datetime?, "
            "code:uuid!, artist:artist, curator:artist?), cactus[cacti](label:str(600)!)"
        ),
    },
}

SHARED_FILES = {
    "pyproject.toml",
    "Dockerfile",
    ".dockerignore",
    "compose.yaml",
    "README.md",
    ".env.example",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".github/workflows/ci.yml",
    "alembic.ini",
    "migrations/env.py",
    "migrations/script.py.mako",
    "backend/__init__.py",
    "backend/main.py",
    "backend/migration.py",
    "backend/config.py",
    "backend/database.py",
    "backend/entity.py",
    "backend/error.py",
    "backend/health.py",
    "backend/logs.py",
    "backend/repository.py",
    "backend/types.py",
    "backend/domain/__init__.py",
    "backend/dtos/__init__.py",
    "backend/middleware/__init__.py",
    "backend/middleware/body_limit.py",
    "backend/middleware/error_handler.py",
    "backend/middleware/head.py",
    "backend/openapi.py",
    "backend/problem.py",
    "backend/utils/__init__.py",
    "backend/utils/json_body.py",
    "backend/utils/pagination.py",
    "backend/utils/time.py",
    "tests/__init__.py",
    "tests/conftest.py",
    "tests/rows.py",
    "tests/asgi.py",
    "tests/mocks.py",
    "tests/databases.py",
    "tests/unit/__init__.py",
    "tests/unit/test_config.py",
    "tests/unit/test_database.py",
    "tests/unit/test_main.py",
    "tests/unit/test_migration.py",
    "tests/unit/test_health.py",
    "tests/unit/test_logs.py",
    "tests/unit/test_types.py",
    "tests/unit/test_openapi.py",
    "tests/unit/test_dtos.py",
    "tests/unit/test_repository.py",
    "tests/unit/domain/__init__.py",
    "tests/unit/middleware/__init__.py",
    "tests/unit/middleware/test_body_limit.py",
    "tests/unit/middleware/test_error_handler.py",
    "tests/unit/middleware/test_head.py",
    "tests/unit/utils/__init__.py",
    "tests/unit/utils/test_utils.py",
    "tests/unit/utils/test_json_body.py",
    "tests/integration/__init__.py",
    "tests/integration/test_health_api.py",
    "tests/integration/test_migrations.py",
    "tests/contract/__init__.py",
    "tests/contract/test_api_contract.py",
    "tests/contract/test_openapi_document.py",
}


def domain_files(name: str) -> set[str]:
    return {
        f"backend/domain/{name}/__init__.py",
        f"backend/domain/{name}/model.py",
        f"backend/domain/{name}/repository.py",
        f"backend/domain/{name}/service.py",
        f"backend/domain/{name}/router.py",
        f"backend/dtos/{name}.py",
        f"tests/unit/domain/{name}/__init__.py",
        f"tests/unit/domain/{name}/conftest.py",
        f"tests/unit/domain/{name}/test_{name}_repository.py",
        f"tests/unit/domain/{name}/test_{name}_service.py",
        f"tests/unit/domain/{name}/test_{name}_router.py",
        f"tests/integration/test_{name}_api.py",
        f"migrations/versions/{revision_id(name)}_create_{name}.py",
    }


def auth_files(project: Path) -> set[str]:
    """The files of the auth package in ``project`` (empty for auth=none), as AUTH_PATHS names them."""
    return {name for name in tree(project) if any(name == path or name.startswith(f"{path}/") for path in AUTH_PATHS)}


def tree(project: Path) -> dict[str, bytes]:
    return {path.relative_to(project).as_posix(): path.read_bytes() for path in project.rglob("*") if path.is_file()}


@pytest.mark.parametrize("variant", VARIANTS)
def test_bake_with_answers_renders_shared_and_per_domain_files(bake: Bake, variant: str) -> None:
    # Arrange
    answers = VARIANTS[variant]
    domains = parse_domains(answers.get("domains", "artist, artwork"))

    # Act
    project = bake(**answers)

    # Assert
    expected = SHARED_FILES.union(*(domain_files(name) for name in domains))
    assert set(tree(project)) - auth_files(project) == expected
    if answers.get("auth") == "jwt":
        assert {path for path in AUTH_PATHS if "." in Path(path).name} <= auth_files(project)
        assert f"migrations/versions/{revision_id('auth')}_create_user.py" in auth_files(project)
    else:
        assert auth_files(project) == set()


@pytest.mark.parametrize("variant", VARIANTS)
def test_bake_with_answers_leaves_no_template_syntax(bake: Bake, variant: str) -> None:
    # Act
    files = tree(bake(**VARIANTS[variant]))

    # Assert
    # GitHub Actions expressions (${{ ... }}) are meant to stay.
    leftover = re.compile(rb"(?<!\$)\{\{|\{%|\{#|cookiecutter\.")
    leftovers = {name for name, content in files.items() if leftover.search(content)}
    assert leftovers == set()


def test_bake_with_same_answers_twice_gives_byte_identical_trees(tmp_path: Path) -> None:
    # Arrange
    answers = {"project_name": "Gallery API", "domains": "artist, person"}

    # Act
    first = tree(bake_into(tmp_path / "first", **answers))
    second = tree(bake_into(tmp_path / "second", **answers))

    # Assert
    assert first == second


def test_bake_with_four_domains_serves_each_under_its_plural(bake: Bake) -> None:
    # Arrange
    project = bake(**VARIANTS["four-domains"])

    # Act
    readme = (project / "README.md").read_text(encoding="utf-8")
    routers = {
        name: (project / "backend" / "domain" / name / "router.py").read_text(encoding="utf-8")
        for name in ("person", "category", "exhibition_entry")
    }

    # Assert
    assert 'prefix="/people"' in routers["person"]
    assert 'prefix="/categories"' in routers["category"]
    assert 'prefix="/exhibition_entries"' in routers["exhibition_entry"]
    for name in routers:
        assert f"/api/v1/{plural(name)}" in readme


def test_bake_with_typed_fields_declares_each_type_and_irregular_plural(bake: Bake) -> None:
    # Arrange
    project = bake(**VARIANTS["typed-fields"])

    # Act
    model = (project / "backend" / "dtos" / "artwork.py").read_text(encoding="utf-8")
    router = (project / "backend" / "domain" / "cactus" / "router.py").read_text(encoding="utf-8")

    # Assert
    assert (
        "title: Annotated[str, Field(min_length=1, max_length=200), ONE_LINE] = Field(\n"
        "        sa_type=String(200), unique=True, index=True\n    )"
    ) in model
    assert "year: Int32 = Field()" in model
    assert "price: Money | None = Field(default=None, sa_type=ExactDecimal)" in model
    assert "framed: Flag = Field()" in model
    assert "acquired: UTCTimestamp | None = Field(default=None, sa_type=UTCDateTime)" in model
    assert "code: uuid.UUID = Field(unique=True, index=True)" in model
    assert 'prefix="/cacti"' in router


def test_bake_with_references_declares_foreign_keys(bake: Bake) -> None:
    # Act
    project = bake(**VARIANTS["references"])

    # Assert
    artwork = (project / "backend" / "dtos" / "artwork.py").read_text(encoding="utf-8")
    piece = (project / "backend" / "dtos" / "exhibit_item.py").read_text(encoding="utf-8")
    assert 'artist_id: uuid.UUID = Field(foreign_key="artist.id", index=True)' in artwork
    assert 'curator_id: uuid.UUID | None = Field(default=None, foreign_key="artist.id", index=True)' in artwork
    assert 'artwork_id: uuid.UUID = Field(foreign_key="artwork.id", index=True)' in piece


@pytest.mark.parametrize("variant", ["default", "references", "postgresql", "jwt"])
def test_bake_with_domains_chains_one_migration_per_domain_in_domain_order(bake: Bake, variant: str) -> None:
    # Arrange
    domains = parse_domains(VARIANTS[variant].get("domains", "artist, artwork"))
    first = ["auth"] if VARIANTS[variant].get("auth") == "jwt" else []

    # Act
    revisions = read_revisions(bake(**VARIANTS[variant]))

    # Assert
    chain = [revision_id(name) for name in first + domains]
    assert revisions == {revision: tuple(chain[:position][-1:]) for position, revision in enumerate(chain)}


def test_bake_with_references_creates_foreign_keys_in_the_migration(bake: Bake) -> None:
    # Act
    project = bake(**VARIANTS["references"])

    # Assert
    migration = (project / "migrations" / "versions" / f"{revision_id('artwork')}_create_artwork.py").read_text()
    assert '["artist_id"],\n            ["artist.id"],' in migration
    assert '["curator_id"],\n            ["artist.id"],' in migration
    assert f'"{pascal_case("artwork").lower()}",\n        ["title"],\n        unique=True,' in migration


@pytest.mark.parametrize("variant", ["default", "postgresql"])
def test_bake_with_database_sets_the_default_urls(bake: Bake, variant: str) -> None:
    # Act
    project = bake(**VARIANTS[variant])

    # Assert
    config = (project / "backend" / "config.py").read_text(encoding="utf-8")
    databases = (project / "tests" / "databases.py").read_text(encoding="utf-8")
    workflow = (project / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    if variant == "postgresql":
        assert 'database_url: str = "postgresql+asyncpg://postgres@127.0.0.1/gallery_pg"' in config
        assert 'DEFAULT_TEST_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1/gallery_pg_test"' in databases
        assert "image: postgres:" in workflow
    else:
        assert 'database_url: str = "sqlite+aiosqlite:///./app.db"' in config
        assert 'DEFAULT_TEST_DATABASE_URL = "sqlite+aiosqlite://"' in databases
        assert "services:" not in workflow


def test_bake_with_threshold_writes_it_into_pytest_config(bake: Bake) -> None:
    # Act
    project = bake(domains="artist", coverage_threshold="93")

    # Assert
    assert "\nfail_under = 93\n" in (project / "pyproject.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        'Bob\'s "Gallery" \\ API',
        "Caf\u00e9 \u00dcber \u65e5\u672c",
        "two\nlines",
        "{single} braces and a trailing backslash \\",
        '"""; import os; os.system("echo pwned") #',
    ],
    ids=["quotes", "non-ascii", "newline", "braces", "injection"],
)
def test_bake_with_unusual_free_text_keeps_it_verbatim_and_files_valid(tmp_path: Path, text: str) -> None:
    # Act
    project = bake_into(tmp_path, project_name=text, project_slug="gallery", description=text, domains="artist")

    # Assert
    config = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["description"] == text
    module = ast.parse((project / "backend" / "config.py").read_text(encoding="utf-8"))
    defaults = {
        node.target.id: ast.literal_eval(node.value)
        for node in ast.walk(module)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
        if isinstance(node.value, ast.Constant)
    }
    assert defaults["app_name"] == text
    assert text in (project / "README.md").read_text(encoding="utf-8")
