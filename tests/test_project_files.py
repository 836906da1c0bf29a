"""The baked project's CI workflow, pre-commit configuration and dependencies."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import TEMPLATE, Bake
from .test_bake import VARIANTS


def readme_block(readme: str, heading: str) -> str:
    """The first fenced command under ``## heading``."""
    section = readme.split(f"## {heading}\n", 1)[1]
    found = re.search(r"```bash\n(.+?)\n```", section, re.DOTALL)
    assert found is not None, f"no command under {heading}"
    return found.group(1).strip()


def workflow_commands(project: Path) -> list[str]:
    workflow: dict[str, Any] = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


def tool(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / command[0]
    return subprocess.run([str(executable), *command[1:]], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("variant", ["default", "postgresql"])
def test_workflow_when_validated_against_github_schema_passes(bake: Bake, variant: str) -> None:
    # Arrange
    project = bake(**VARIANTS[variant])

    # Act
    result = tool(
        "check-jsonschema", "--builtin-schema", "vendor.github-workflows", ".github/workflows/ci.yml", cwd=project
    )

    # Assert
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("variant", ["default", "postgresql"])
def test_workflow_runs_the_readme_test_and_install_commands(bake: Bake, variant: str) -> None:
    # Arrange
    project = bake(**VARIANTS[variant])
    readme = (project / "README.md").read_text(encoding="utf-8")

    # Act
    commands = workflow_commands(project)

    # Assert
    assert readme_block(readme, "Test") in commands
    assert readme_block(readme, "Set up and run") == "uv sync"
    assert "uv sync --locked" in commands
    assert "uv run mypy" in commands
    if variant == "postgresql":
        workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
        job = workflow["jobs"]["test"]
        assert job["services"]["postgres"]["ports"] == ["5432:5432"]
        assert job["env"]["TEST_DATABASE_URL"] in (project / "tests" / "databases.py").read_text("utf-8")


def test_pre_commit_config_when_validated_passes_and_runs_ruff_and_mypy(bake: Bake) -> None:
    # Arrange
    project = bake()

    # Act
    result = tool("pre-commit", "validate-config", ".pre-commit-config.yaml", cwd=project)

    # Assert
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook_ids = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert hook_ids == {"ruff", "ruff-format", "mypy"}


def requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~ ]", requirement, maxsplit=1)[0].lower() for requirement in requirements}


@pytest.mark.parametrize("auth", ["none", "jwt"])
def test_template_dev_extra_installs_everything_the_baked_project_needs(bake: Bake, auth: str) -> None:
    # Arrange
    configuration = tomllib.loads((bake(auth=auth) / "pyproject.toml").read_text(encoding="utf-8"))
    baked, groups = configuration["project"], configuration["dependency-groups"]
    template = tomllib.loads((TEMPLATE / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    # Act
    needed = requirement_names(baked["dependencies"] + groups["dev"] + groups["lint"])
    provided = requirement_names(template["optional-dependencies"]["dev"])

    # Assert
    assert needed - provided == set()
