"""Build the baked project's environment, run its suite and state the verdict."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

# Modules the suite needs; a .venv that imports them all is reused as it is.
REQUIRED_MODULES = (
    "backend",
    "fastapi",
    "sqlmodel",
    "aiosqlite",
    "asyncpg",
    "alembic",
    "pytest",
    "pytest_asyncio",
    "pytest_cov",
    "httpx2",
)
INSTALL_TIMEOUT = 900
SUITE_TIMEOUT = 1800
# How the baked suite starts its one message when it cannot reach its database server
# (tests/conftest.py), and pytest's exit code for it (usage error).
DATABASE_UNREACHABLE = "cannot connect to the test database server"
USAGE_ERROR = 4


class Steps:
    """Prints one line per step with the time it took."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def say(self, message: str) -> None:
        print(message, file=self.out, flush=True)

    @contextmanager
    def step(self, description: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.say(f"[{time.perf_counter() - started:5.1f}s] {description}")


class EnvironmentUnavailableError(RuntimeError):
    """The project's environment could not be built (no network, no pip, ...)."""


@dataclass
class SuiteResult:
    """What one run of the baked suite reported."""

    passed: int = 0
    failed: list[str] = field(default_factory=list)
    coverage: float | None = None
    coverage_display: str = "?"
    output: str = ""
    unreachable: str | None = None


def venv_python(project_dir: Path) -> Path:
    """The interpreter of the project's ``.venv``."""
    if os.name == "nt":
        return project_dir / ".venv" / "Scripts" / "python.exe"
    return project_dir / ".venv" / "bin" / "python"


def install_commands(project_dir: Path, uv: str | None, base_python: str) -> list[list[str]]:
    """Commands that create ``.venv`` and install the project with its dev extra."""
    python = str(venv_python(project_dir))
    if uv:
        return [
            [uv, "venv", "--quiet", "--allow-existing", "--python", base_python, ".venv"],
            [uv, "pip", "install", "--quiet", "--python", python, "-e", ".[dev]"],
        ]
    return [
        [base_python, "-m", "venv", ".venv"],
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", ".[dev]"],
    ]


def environment_works(project_dir: Path) -> bool:
    """Whether ``.venv`` exists and imports everything the suite needs."""
    python = venv_python(project_dir)
    if not python.exists():
        return False
    check = subprocess.run(
        [str(python), "-c", "import " + ", ".join(REQUIRED_MODULES)],
        cwd=project_dir,
        capture_output=True,
        check=False,
    )
    return check.returncode == 0


def ensure_environment(project_dir: Path, steps: Steps, *, uv: str | None = None, base_python: str = "") -> Path:
    """Reuse a working ``.venv`` or build one; `EnvironmentUnavailableError` when that fails."""
    if environment_works(project_dir):
        steps.say("reusing the existing .venv")
        return venv_python(project_dir)
    tool = "uv" if uv else "pip"
    with steps.step(f"built .venv with {tool}"):
        for command in install_commands(project_dir, uv, base_python or sys.executable):
            _run_install(command, project_dir)
    return venv_python(project_dir)


def _run(command: Sequence[str], project_dir: Path, timeout: int) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in the project, capturing its output as UTF-8 text."""
    return subprocess.run(
        command,
        cwd=project_dir,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )


def _run_install(command: Sequence[str], project_dir: Path) -> None:
    try:
        completed = _run(command, project_dir, INSTALL_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EnvironmentUnavailableError(f"{' '.join(command)}: {error}") from error
    if completed.returncode != 0:
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
        raise EnvironmentUnavailableError(f"{' '.join(command)} exited {completed.returncode}: {' | '.join(tail)}")


def run_suite(python: Path, project_dir: Path) -> SuiteResult:
    """Run the project's pytest configuration and read its JUnit and coverage reports."""
    with tempfile.TemporaryDirectory() as reports:
        junit = Path(reports) / "junit.xml"
        coverage = Path(reports) / "coverage.json"
        command = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"]
        completed = _run([*command, f"--cov-report=json:{coverage}"], project_dir, SUITE_TIMEOUT)
        result = SuiteResult(output=completed.stdout + completed.stderr)
        if junit.exists():
            read_junit(junit, result)
        if coverage.exists():
            totals = json.loads(coverage.read_text(encoding="utf-8"))["totals"]
            result.coverage = float(totals["percent_covered"])
            result.coverage_display = str(totals["percent_covered_display"])
        message = next((line for line in result.output.splitlines() if DATABASE_UNREACHABLE in line), None)
        if completed.returncode == USAGE_ERROR and message is not None:
            result.unreachable = message.removeprefix("ERROR: ")
        elif completed.returncode not in (0, 1) and not result.failed:
            result.failed.append(f"pytest exited {completed.returncode} before reporting")
    return result


def read_junit(path: Path, result: SuiteResult) -> None:
    """Count passed tests and collect the names of failed ones into ``result``."""
    for case in ElementTree.parse(path).iter("testcase"):
        outcome = {child.tag for child in case}
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        if outcome & {"failure", "error"}:
            result.failed.append(name)
        elif "skipped" not in outcome:
            result.passed += 1


def verify(project_dir: Path, threshold: int, steps: Steps, *, uv: str | None = None, base_python: str = "") -> int:
    """Build the environment, run the suite, print the verdict; the hook's exit code.

    ``uv`` defaults to the one on PATH ("" forces pip); ``base_python`` to this interpreter.
    """
    uv = uv if uv is not None else shutil.which("uv")
    try:
        python = ensure_environment(project_dir, steps, uv=uv, base_python=base_python)
    except EnvironmentUnavailableError as error:
        steps.say(not_verified(project_dir, str(error)))
        return 0
    with steps.step("ran the test suite"):
        result = run_suite(python, project_dir)
    if result.unreachable is not None:
        steps.say(not_verified(project_dir, result.unreachable, cause="the test database server could not be reached"))
        return 0
    return verdict(result, threshold, steps)


def verdict(result: SuiteResult, threshold: int, steps: Steps) -> int:
    """Print the final line and return 0 (verified) or 1 (failed)."""
    if result.failed or result.coverage is None:
        lines = result.failed or ["(no test report; output below)"]
        steps.say("FAILED tests:\n  " + "\n  ".join(lines))
        if not result.failed:
            steps.say(result.output[-4000:])
        steps.say(KEEP_HINT)
        return 1
    summary = f"{result.passed} passed, coverage {result.coverage_display}% (threshold {threshold}%)"
    if result.coverage < threshold:
        steps.say(f"FAILED: {summary}: coverage is below the threshold")
        steps.say(KEEP_HINT)
        return 1
    steps.say(summary)
    return 0


KEEP_HINT = "To inspect the project, bake again with --keep-project-on-failure."


def not_verified(project_dir: Path, reason: str, *, cause: str = "the test environment could not be built") -> str:
    """The loud warning for a project whose suite could not be run."""
    bar = "!" * 72
    return (
        f"{bar}\nNOT VERIFIED: {cause}, so the suite did not run.\n"
        f"  reason: {reason}\n  the project is kept; verify it later with:\n"
        f"    {suite_command(project_dir)}\n{bar}"
    )


def suite_command(project_dir: Path) -> str:
    """The shell command that builds the project's environment and runs its suite."""
    install = 'python -m venv .venv && .venv/bin/python -m pip install -e ".[dev]"'
    return f'cd "{project_dir}" && {install} && .venv/bin/python -m pytest'
