"""Each baked variant passes its own suite at 100% coverage and is ruff- and mypy-clean."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import pytest

from .conftest import Bake
from .test_bake import VARIANTS

SERVER = "postgresql://postgres@127.0.0.1/postgres"
# The test database the postgresql variant's suite names itself after (its slug plus "_test").
PG_TEST_DATABASE = "gallery_pg_test"


def server_databases(prefix: str) -> list[str]:
    """The local PostgreSQL server's databases whose name starts with ``prefix``."""

    async def names() -> list[str]:
        connection = await asyncpg.connect(SERVER)
        try:
            rows = await connection.fetch("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", prefix)
        finally:
            await connection.close()
        return sorted(row["datname"] for row in rows)

    return asyncio.run(names())


def server_sql(*statements: str) -> None:
    """Run ``statements`` on the local PostgreSQL server's maintenance database."""

    async def execute() -> None:
        connection = await asyncpg.connect(SERVER)
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(execute())


def run(command: list[str], cwd: Path, scratch: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in a shared bake without writing into it (caches and data go to ``scratch``).

    ``variables`` are added to the environment.
    """
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1", "COVERAGE_FILE": str(scratch / ".coverage")} | variables
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


@pytest.mark.parametrize(
    ("variant", "workers"),
    [
        *((variant, []) for variant in VARIANTS),
        ("default", ["-n", "2"]),
        ("postgresql", ["-n", "2"]),
        ("jwt-postgresql", ["-n", "2"]),
    ],
    ids=[*VARIANTS, "default-xdist", "postgresql-xdist", "jwt-postgresql-xdist"],
)
def test_baked_suite_with_answers_passes_at_full_coverage(
    bake: Bake, variant: str, workers: list[str], tmp_path: Path
) -> None:
    # Arrange
    project = bake(**VARIANTS[variant])
    report = tmp_path / "coverage.json"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--cov-report=json:{report}", *workers]

    # Act
    result = run(command, project, tmp_path)

    # Assert
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    totals = json.loads(report.read_text(encoding="utf-8"))["totals"]
    assert (totals["covered_lines"], totals["covered_branches"]) == (totals["num_statements"], totals["num_branches"])
    summary = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ passed in [\d.]+s( \([\d:]+\))?", summary), summary
    assert server_databases(PG_TEST_DATABASE) == []


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "tool",
    [
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--no-cache", "--check", "."],
        ["mypy", "--cache-dir", os.devnull],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_baked_project_with_answers_is_clean_for_tool(
    bake: Bake, variant: str, tool: list[str], tmp_path: Path
) -> None:
    # Arrange
    project = bake(**VARIANTS[variant])

    # Act
    result = run([sys.executable, "-m", *tool], project, tmp_path)

    # Assert
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_baked_postgresql_suite_after_a_killed_xdist_run_passes_and_leaves_no_database(
    bake: Bake, tmp_path: Path
) -> None:
    # Arrange: a parallel run killed while its workers' databases exist, one of them killed between
    # CREATE DATABASE and the comment that marks it (only the creation's connection limit marks it)
    project = bake(**VARIANTS["postgresql"])
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1", "COVERAGE_FILE": str(tmp_path / ".coverage")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-cov"]
    workers = {f"{PG_TEST_DATABASE}_gw0", f"{PG_TEST_DATABASE}_gw1"}
    half_made = f"{PG_TEST_DATABASE}_gw1_migrations"
    try:
        killed = subprocess.Popen(
            [*command, "-n", "2"], cwd=project, env=env, stdout=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 120
        while not workers <= set(server_databases(PG_TEST_DATABASE)):
            assert killed.poll() is None, "the suite ended before it could be killed"
            assert time.monotonic() < deadline, "the suite never created its databases"
            time.sleep(0.05)
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
        server_sql(
            f"DROP DATABASE IF EXISTS {half_made} WITH (FORCE)", f"CREATE DATABASE {half_made} CONNECTION LIMIT 9173"
        )
        assert workers | {half_made} <= set(server_databases(PG_TEST_DATABASE))

        # Act
        result = run(command, project, tmp_path)
        left = server_databases(PG_TEST_DATABASE)
    finally:
        server_sql(*(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in server_databases(PG_TEST_DATABASE)))

    # Assert
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert left == []


def test_baked_postgresql_suite_while_another_run_holds_the_server_stops_with_one_message(
    bake: Bake, tmp_path: Path
) -> None:
    # Arrange: the advisory lock a running suite holds on its database name
    project = bake(**VARIANTS["postgresql"])

    async def run_while_locked() -> subprocess.CompletedProcess[str]:
        holder = await asyncpg.connect(SERVER)
        try:
            assert await holder.fetchval("SELECT pg_try_advisory_lock(hashtext($1))", PG_TEST_DATABASE)
            # Act
            return await asyncio.to_thread(run, [sys.executable, "-m", "pytest", "-q", "--no-cov"], project, tmp_path)
        finally:
            await holder.close()

    result = asyncio.run(run_while_locked())

    # Assert
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 4, output
    assert output == (
        f"ERROR: another test run is using the databases named {PG_TEST_DATABASE}* on the server of "
        f"postgresql+asyncpg://postgres@127.0.0.1/{PG_TEST_DATABASE}; wait for it to end, or give this run "
        "another database name in TEST_DATABASE_URL"
    )


def test_baked_postgresql_suite_beside_a_database_it_did_not_create_refuses_and_keeps_it(
    bake: Bake, tmp_path: Path
) -> None:
    # Arrange: a team's database that happens to carry a name the suite would use
    project = bake(**VARIANTS["postgresql"])
    taken = f"{PG_TEST_DATABASE}_live"
    server_sql(f"DROP DATABASE IF EXISTS {taken}", f"CREATE DATABASE {taken}")
    try:
        # Act
        result = run([sys.executable, "-m", "pytest", "-q", "--no-cov"], project, tmp_path)
        kept = server_databases(taken)
    finally:
        server_sql(f"DROP DATABASE IF EXISTS {taken}")

    # Assert
    assert result.returncode == 4, result.stdout + result.stderr
    assert f"ERROR: the database {taken} exists" in result.stdout + result.stderr
    assert "was not created by this suite" in result.stdout + result.stderr
    assert kept == [taken]


@pytest.mark.parametrize("variant", ["default", "postgresql"])
def test_baked_alembic_commands_upgrade_check_and_downgrade_a_new_database(
    bake: Bake, variant: str, tmp_path: Path
) -> None:
    # Arrange
    project = bake(**VARIANTS[variant])
    alembic = [sys.executable, "-m", "alembic"]
    if variant == "postgresql":
        server_sql("DROP DATABASE IF EXISTS gallery_pg_cli WITH (FORCE)", "CREATE DATABASE gallery_pg_cli")
        url = "postgresql+asyncpg://postgres@127.0.0.1/gallery_pg_cli"
    else:
        url = f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1", "DATABASE_URL": url}

    def alembic_run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*alembic, *args], cwd=project, env=env, capture_output=True, text=True, check=False)

    try:
        # Act
        upgraded = alembic_run("upgrade", "head")
        checked = alembic_run("check")
        downgraded = alembic_run("downgrade", "base")
        current = alembic_run("current")
    finally:
        if variant == "postgresql":
            server_sql("DROP DATABASE IF EXISTS gallery_pg_cli WITH (FORCE)")

    # Assert
    assert upgraded.returncode == 0, upgraded.stderr
    assert "Running upgrade  -> " in upgraded.stderr
    assert (checked.returncode, checked.stdout.strip()) == (0, "No new upgrade operations detected."), checked.stderr
    assert downgraded.returncode == 0, downgraded.stderr
    assert (current.returncode, current.stdout.strip()) == (0, ""), current.stderr


def test_baked_autogenerated_revision_after_model_change_is_clean_and_leaves_no_drift(
    bake: Bake, tmp_path: Path
) -> None:
    # Arrange: a team adds a column to a model of its own copy of the project
    project = tmp_path / "project"
    shutil.copytree(bake(domains="artist"), project)
    model = project / "backend" / "dtos" / "artist.py"
    field = (
        "    description: Annotated[str, Field(max_length=1000), ONE_LINE] | None = Field("
        "default=None, sa_type=String(1000))\n"
    )
    assert field in model.read_text(encoding="utf-8")
    added = field + (
        "    country: Annotated[str, Field(max_length=2), ONE_LINE] | None = Field(default=None, sa_type=String(2))\n"
    )
    model.write_text(model.read_text(encoding="utf-8").replace(field, added), encoding="utf-8")
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1", "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"}

    def python_module(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", *args], cwd=project, env=env, capture_output=True, text=True, check=False
        )

    assert python_module("alembic", "upgrade", "head").returncode == 0

    # Act
    generated = python_module("alembic", "revision", "--autogenerate", "-m", "add artist country")

    # Assert
    assert generated.returncode == 0, generated.stderr
    revision = next((project / "migrations" / "versions").glob("*_add_artist_country.py")).read_text()
    assert 'batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=True))' in revision
    for tool in (["ruff", "check", "--no-cache", "."], ["ruff", "format", "--no-cache", "--check", "."], ["mypy"]):
        checked = python_module(*tool)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    assert python_module("alembic", "upgrade", "head").returncode == 0
    checked = python_module("alembic", "check")
    assert checked.stdout.strip() == "No new upgrade operations detected.", checked.stderr


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["plain", "xdist"])
def test_baked_postgresql_suite_with_unreachable_server_stops_with_one_message(
    bake: Bake, workers: list[str], tmp_path: Path
) -> None:
    # Arrange
    project = bake(**VARIANTS["postgresql"])
    url = "postgresql+asyncpg://someone:secret@127.0.0.1:1/gallery_pg_test"

    # Act
    result = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *workers],
        project,
        tmp_path,
        TEST_DATABASE_URL=url,
    )

    # Assert
    output = result.stdout + result.stderr
    assert result.returncode == 4, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("ERROR: cannot connect to the test database server at ")
    assert "postgresql+asyncpg://someone:***@127.0.0.1:1/gallery_pg_test" in lines[0]
    assert "secret" not in output
    assert "set TEST_DATABASE_URL" in lines[0]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql+asyncpg://postgres@127.0.0.1/", "ERROR: TEST_DATABASE_URL names the database ''"),
        (
            "postgresql+asyncpg://postgres@127.0.0.1/template1",
            "ERROR: TEST_DATABASE_URL names the database 'template1'",
        ),
        ("postgresql://postgres@127.0.0.1/gallery_pg_test", "ERROR: TEST_DATABASE_URL uses 'postgresql'; use one of"),
        ("postgresql+asyncpg://u:p@ss:w/rd@127.0.0.1/x", "ERROR: TEST_DATABASE_URL cannot be read as a database URL"),
    ],
)
def test_baked_suite_with_unusable_test_database_url_stops_with_one_message(
    bake: Bake, url: str, message: str, tmp_path: Path
) -> None:
    # Arrange
    project = bake(**VARIANTS["postgresql"])

    # Act
    result = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        project,
        tmp_path,
        TEST_DATABASE_URL=url,
    )

    # Assert
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 4, output
    assert output.startswith(message), output
    assert len(output.splitlines()) == 1, output
