"""The baked container files: the Dockerfile lints clean, compose.yaml follows the Compose specification,
and the image's own commands install, migrate and serve in a fresh environment.

No container engine runs here: the commands are read out of the rendered Dockerfile and compose.yaml,
so that what these tests run and what the image runs cannot drift apart.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from .conftest import Bake
from .test_bake import VARIANTS
from .test_baked_suites import server_sql

CONTAINER_VARIANTS = ["default", "postgresql"]
CONTAINER_FILES = ["Dockerfile", ".dockerignore", "compose.yaml"]
TOOLS = Path(sys.executable).parent


@dataclass(frozen=True)
class Stage:
    """One ``FROM`` stage of a Dockerfile: its name and its instructions as (keyword, arguments)."""

    name: str
    instructions: list[tuple[str, str]]

    def arguments(self, keyword: str) -> list[str]:
        return [arguments for found, arguments in self.instructions if found == keyword]

    def env(self) -> dict[str, str]:
        """The stage's ``ENV key=value`` pairs (later ones win)."""
        return dict(pair.split("=", 1) for arguments in self.arguments("ENV") for pair in shlex.split(arguments))

    def copies(self) -> list[tuple[str | None, list[str], str]]:
        """Each ``COPY`` as (the stage it copies from or None for the build context, sources, destination)."""
        return [parse_copy(arguments) for arguments in self.arguments("COPY")]

    def runs(self, program: str) -> list[list[str]]:
        """The ``RUN`` commands that call ``program``."""
        return [command for command in map(run_command, self.arguments("RUN")) if command[0] == program]


def run_command(arguments: str) -> list[str]:
    """A ``RUN`` instruction's command, without its own ``--mount`` options."""
    return [word for word in shlex.split(arguments) if not word.startswith("--mount=")]


def parse_copy(arguments: str) -> tuple[str | None, list[str], str]:
    words = shlex.split(arguments)
    options = dict(word.removeprefix("--").split("=", 1) for word in words if word.startswith("--"))
    paths = [word for word in words if not word.startswith("--")]
    return options.get("from"), paths[:-1], paths[-1]


def dockerfile_stages(path: Path) -> list[Stage]:
    """The stages of the Dockerfile at ``path``, continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pending += line.rstrip().removesuffix("\\").strip() + " "
        if not line.rstrip().endswith("\\"):
            keyword, _, arguments = pending.strip().partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
            pending = ""
    stages: list[Stage] = []
    for keyword, arguments in instructions:
        if keyword == "FROM":
            words = arguments.split()
            stages.append(Stage(words[2] if len(words) == 3 and words[1].upper() == "AS" else "", []))
        elif stages:
            stages[-1].instructions.append((keyword, arguments))
    return stages


def exec_form(arguments: str) -> list[str]:
    """A ``CMD`` written in exec form (a JSON array of strings)."""
    command = json.loads(arguments)
    assert isinstance(command, list), arguments
    assert all(isinstance(word, str) for word in command), arguments
    return command


def healthcheck_command(runtime: Stage) -> list[str]:
    (healthcheck,) = runtime.arguments("HEALTHCHECK")
    options, _, command = healthcheck.partition(" CMD ")
    assert all(option.startswith("--") for option in options.split()), healthcheck
    return exec_form(command)


def compose_file(project: Path) -> dict[str, Any]:
    compose: dict[str, Any] = yaml.safe_load((project / "compose.yaml").read_text(encoding="utf-8"))
    return compose


def glob_expression(pattern: str) -> str:
    """A .dockerignore pattern as a regular expression (``**/`` any directories, ``*`` and ``?`` within one)."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern[index] in "*?":
            parts.append("[^/]*" if pattern[index] == "*" else "[^/]")
            index += 1
        elif pattern[index] == "[":
            end = pattern.index("]", index)
            parts.append(pattern[index : end + 1])
            index = end + 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return "".join(parts)


def dockerignore_ignores(patterns: list[str], path: str) -> bool:
    """Whether Docker leaves ``path`` out of the build context: the last pattern matching it or a parent wins."""
    ignored = False
    parts = PurePosixPath(path).parts
    for pattern in patterns:
        expression = glob_expression(pattern.removeprefix("!").strip("/"))
        if any(re.fullmatch(expression, "/".join(parts[:end])) for end in range(1, len(parts) + 1)):
            ignored = not pattern.startswith("!")
    return ignored


def build_context(project: Path) -> set[str]:
    """The files of ``project`` that its .dockerignore lets into the build context."""
    lines = (project / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    files = (path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file())
    return {file for file in files if not dockerignore_ignores(patterns, file)}


def copy_from_context(project: Path, context: set[str], sources: list[str], root: Path, destination: str) -> None:
    """What ``COPY sources destination`` puts under ``root`` (the WORKDIR): a directory by its contents."""
    for source in sources:
        if source in context:
            target = root / destination / Path(source).name if destination.endswith("/") else root / destination
            files = {source: target}
        else:
            prefix = f"{source}/"
            files = {
                file: root / destination / file.removeprefix(prefix) for file in context if file.startswith(prefix)
            }
        assert files, f"COPY {source}: not in the build context"
        for file, target in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project / file, target)


def replay_stage(
    stage: Stage, project: Path, root: Path, env: dict[str, str]
) -> list[subprocess.CompletedProcess[str]]:
    """Replay ``stage``'s copies from the build context and its ``RUN uv ...`` commands, in order, in ``root``.

    A RUN's bind mounts of the build context are there only while it runs, as in the image.
    """
    context = build_context(project)
    results: list[subprocess.CompletedProcess[str]] = []
    for keyword, arguments in stage.instructions:
        if keyword == "COPY" and parse_copy(arguments)[0] is None:
            _, sources, destination = parse_copy(arguments)
            copy_from_context(project, context, sources, root, destination)
        elif keyword == "RUN" and (command := run_command(arguments))[0] == "uv":
            mounts = [word.removeprefix("--mount=") for word in shlex.split(arguments) if word.startswith("--mount=")]
            binds = [dict(option.split("=", 1) for option in mount.split(",")) for mount in mounts]
            binds = [bind for bind in binds if bind["type"] == "bind" and not (root / bind["target"]).exists()]
            for bind in binds:
                copy_from_context(project, context, [bind["source"]], root, bind["target"])
            results.append(run([str(TOOLS / "uv"), *command[1:]], root, env))
            for bind in binds:
                (root / bind["target"]).unlink()
    return results


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def status_of(url: str) -> int | None:
    """The HTTP status ``url`` answers, or None while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code
    except OSError:
        return None


@pytest.mark.parametrize("variant", CONTAINER_VARIANTS)
def test_dockerfile_when_linted_with_hadolint_has_no_findings(bake: Bake, variant: str) -> None:
    # Arrange
    project = bake(**VARIANTS[variant])

    # Act
    result = run([str(TOOLS / "hadolint"), "--no-color", "Dockerfile"], project, dict(os.environ), timeout=120)

    # Assert
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("variant", CONTAINER_VARIANTS)
def test_compose_file_when_validated_against_compose_specification_passes(bake: Bake, variant: str) -> None:
    # Arrange
    project = bake(**VARIANTS[variant])
    command = [str(TOOLS / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec", "compose.yaml"]

    # Act
    result = run(command, project, dict(os.environ), timeout=120)

    # Assert
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("variant", CONTAINER_VARIANTS)
@pytest.mark.parametrize("name", CONTAINER_FILES)
def test_container_file_when_rendered_has_no_blank_line_artifacts(bake: Bake, variant: str, name: str) -> None:
    # Act
    text = (bake(**VARIANTS[variant]) / name).read_text(encoding="utf-8")

    # Assert
    assert text.strip()
    assert text == text.lstrip("\n")
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert "\n\n\n" not in text
    assert [line for line in text.splitlines() if line != line.rstrip()] == []


@pytest.mark.parametrize("variant", CONTAINER_VARIANTS)
def test_dockerfile_runtime_stage_runs_locked_runtime_dependencies_as_non_root(bake: Bake, variant: str) -> None:
    # Arrange
    project = bake(**VARIANTS[variant])

    # Act
    stages = dockerfile_stages(project / "Dockerfile")

    # Assert
    runtime = stages[-1]
    user = runtime.arguments("USER")[-1].split(":")[0]
    assert user not in {"root", "0"}
    (venv_copy,) = [copy for copy in runtime.copies() if copy[0] is not None]
    builder = next(stage for stage in stages if stage.name == venv_copy[0])
    venv = builder.env()["UV_PROJECT_ENVIRONMENT"]
    assert venv_copy[1:] == ([venv], venv)
    assert runtime.env()["PATH"].startswith(f"{venv}/bin:")
    syncs = builder.runs("uv")
    assert len(syncs) >= 1
    for sync in syncs:
        assert sync[1] == "sync", sync
        assert {"--locked", "--no-default-groups"} <= set(sync), sync
    assert "/health/live" in " ".join(healthcheck_command(runtime))
    served = exec_form(runtime.arguments("CMD")[-1])
    (exposed,) = runtime.arguments("EXPOSE")
    assert served[served.index("--port") + 1] == exposed


def test_compose_for_postgresql_migrates_once_after_the_database_is_healthy(bake: Bake) -> None:
    # Arrange
    project = bake(**VARIANTS["postgresql"])

    # Act
    services = compose_file(project)["services"]

    # Assert
    assert set(services) == {"db", "migrate", "api"}
    assert services["db"]["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["migrate"]["restart"] == "no"
    assert services["api"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    for name in ("migrate", "api"):
        url = services[name]["environment"]["DATABASE_URL"]
        assert re.fullmatch(r"postgresql\+asyncpg://postgres:\$\{POSTGRES_PASSWORD:-postgres\}@db/gallery_pg", url)
    assert services["db"]["environment"]["POSTGRES_DB"] == "gallery_pg"


def test_compose_for_sqlite_keeps_the_database_file_in_a_volume_for_both_steps(bake: Bake) -> None:
    # Arrange
    project = bake(**VARIANTS["default"])
    image_url = dockerfile_stages(project / "Dockerfile")[-1].env()["DATABASE_URL"]

    # Act
    compose = compose_file(project)

    # Assert
    services = compose["services"]
    assert set(services) == {"migrate", "api"}
    assert services["api"]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    database_directory = str(PurePosixPath(image_url.removeprefix("sqlite+aiosqlite:///")).parent)
    for name in ("migrate", "api"):
        assert services[name]["environment"]["DATABASE_URL"] == image_url
        assert services[name]["volumes"] == [f"data:{database_directory}"]
    assert set(compose["volumes"]) == {"data"}


def test_dockerignore_admits_only_the_files_the_image_is_built_from(bake: Bake) -> None:
    # Arrange
    project = bake(**VARIANTS["default"])
    patterns = [
        line.strip()
        for line in (project / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    extra = [".env", ".venv/bin/python", "app.db", "uv.lock", "backend/__pycache__/main.cpython-313.pyc"]
    files = [path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()] + extra
    stages = dockerfile_stages(project / "Dockerfile")
    sources = {"uv.lock", "pyproject.toml"} | {
        source for stage in stages for origin, paths, _ in stage.copies() if origin is None for source in paths
    }

    # Act
    admitted = {path for path in files if not dockerignore_ignores(patterns, path)}

    # Assert
    assert admitted == {
        path for path in files if path.split("/")[0] in sources and "__pycache__" not in path.split("/")
    }


@pytest.mark.parametrize("variant", CONTAINER_VARIANTS)
def test_image_commands_in_a_fresh_environment_install_migrate_and_serve_ready(
    bake: Bake, variant: str, tmp_path: Path
) -> None:
    # Arrange: the bake's copy with its lock, and the image's commands read from the files that define them
    project = tmp_path / "project"
    shutil.copytree(bake(**VARIANTS[variant]), project)
    base = {key: value for key, value in os.environ.items() if key not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    base["PYTHONDONTWRITEBYTECODE"] = "1"
    locked = run([str(TOOLS / "uv"), "lock"], project, base | {"UV_PYTHON": sys.executable})
    assert locked.returncode == 0, locked.stderr
    stages = dockerfile_stages(project / "Dockerfile")
    runtime = stages[-1]
    builder = next(stage for stage in stages if stage.name == next(copy[0] for copy in runtime.copies() if copy[0]))
    migrate = compose_file(project)["services"]["migrate"]["command"]
    serve = exec_form(runtime.arguments("CMD")[-1])
    venv, data, build, app = tmp_path / "venv", tmp_path / "data", tmp_path / "build", tmp_path / "app"
    build_env = base | builder.env() | {"UV_PROJECT_ENVIRONMENT": str(venv), "UV_PYTHON": sys.executable}
    port = free_port()
    serve[serve.index("--port") + 1], serve[serve.index("--host") + 1] = str(port), "127.0.0.1"
    (exposed,) = runtime.arguments("EXPOSE")
    probe = [word.replace(f"127.0.0.1:{exposed}/", f"127.0.0.1:{port}/") for word in healthcheck_command(runtime)]
    groups = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["dependency-groups"]
    tool_names = [re.split(r"[\[<>=!~ ]", requirement, maxsplit=1)[0] for requirement in groups["dev"] + groups["lint"]]
    if variant == "postgresql":
        database = f"container_{uuid.uuid4().hex[:12]}"
        server_sql(f"CREATE DATABASE {database}")
        url = f"postgresql+asyncpg://postgres@127.0.0.1/{database}"
    else:
        data.mkdir()
        url = f"sqlite+aiosqlite:///{data / 'app.db'}"
    runtime_env = {key: value for key, value in runtime.env().items() if key != "PATH"}
    env = base | runtime_env | {"PATH": f"{venv / 'bin'}{os.pathsep}{base['PATH']}", "DATABASE_URL": url}
    log = tmp_path / "server.log"
    server: subprocess.Popen[bytes] | None = None
    try:
        # Act
        installs = replay_stage(builder, project, build, build_env)
        assert [install.returncode for install in installs] == [0] * len(installs), installs[-1].stderr
        replay_stage(runtime, project, app, env)
        migrated = run([str(venv / "bin" / migrate[0]), *migrate[1:]], app, env, timeout=300)
        with log.open("wb") as output:
            server = subprocess.Popen(
                [str(venv / "bin" / serve[0]), *serve[1:]], cwd=app, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        deadline, ready = time.monotonic() + 60, None
        while ready != 200 and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
            ready = status_of(f"http://127.0.0.1:{port}/health/ready")
        healthy = run([str(venv / "bin" / probe[0]), *probe[1:]], app, env, timeout=60)
        installed_dev = run(
            [
                str(venv / "bin" / "python"),
                "-c",
                "import importlib.metadata as m, sys\nfor name in sys.argv[1:]:\n"
                "    try: m.distribution(name)\n    except m.PackageNotFoundError: continue\n    print(name)",
                *tool_names,
            ],
            app,
            env,
        )
        server.terminate()
        server.wait(timeout=30)
        stopped = run([str(venv / "bin" / probe[0]), *probe[1:]], app, env, timeout=60)
    finally:
        if server is not None and server.poll() is None:
            server.kill()
            server.wait()
        if variant == "postgresql":
            server_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

    # Assert
    assert len(installs) >= 1
    assert migrated.returncode == 0, migrated.stderr
    assert "Running upgrade  -> " in migrated.stderr
    assert ready == 200, log.read_text(encoding="utf-8")[-3000:]
    assert healthy.returncode == 0, healthy.stderr
    assert (installed_dev.returncode, installed_dev.stdout) == (0, ""), installed_dev.stderr
    assert {"pytest", "mypy"} <= set(tool_names)
    assert stopped.returncode != 0
    assert not (app / "backend").exists()
