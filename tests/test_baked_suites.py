"""Each baked variant passes its own suite at 100% coverage and is ruff- and mypy-clean."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import Bake
from .test_bake import VARIANTS


def run(command: list[str], cwd: Path, scratch: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in a shared bake without writing into it (caches and data go to ``scratch``)."""
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1", "COVERAGE_FILE": str(scratch / ".coverage")}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False)


@pytest.mark.parametrize(
    ("variant", "workers"),
    [*((variant, []) for variant in VARIANTS), ("default", ["-n", "2"])],
    ids=[*VARIANTS, "default-xdist"],
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
