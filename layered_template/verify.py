"""Build the baked project's environment, run its suite and state the verdict."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from layered_template.bytecode import usable_cores

# Compiles the bytecode of what a baked suite imports (listed in SUITE_IMPORTS) before the suite's first run.
BYTECODE_SCRIPT = Path(__file__).with_name("bytecode.py")
SUITE_IMPORTS = Path(__file__).with_name("suite_imports.txt")
# The suite's run uses a pytest-xdist worker per core, up to this many: each worker imports and collects
# the whole suite (about 2 s), so more only pay off for suites far larger than a bake's.
MAX_WORKERS = 4
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
    "xdist",
    "httpx2",
)
INSTALL_TIMEOUT = 900
SUITE_TIMEOUT = 1800
# How the baked suite starts its one message when it cannot reach its database server
# (tests/conftest.py), and pytest's exit code for it (usage error).
DATABASE_UNREACHABLE = "cannot connect to the test database server"
USAGE_ERROR = 4
# Seconds between two signs of life of a running step: a terminal line rewritten in place, or a new
# line of a log (fewer there, so that a CI log stays readable).
TERMINAL_INTERVAL = 1.0
LOG_INTERVAL = 3.0
# What a step's time column shows while it runs, as wide as "[ 23.4s]".
RUNNING = "[ .... ]"
# pytest's progress at the end of each line of dots, e.g. "[ 45%]".
PYTEST_PROGRESS = re.compile(r"\[\s*(\d+)%\]\s*$")
DETAIL_WIDTH = 60
# Lines of the suite's output shown when it fails.
FAILURE_TAIL = 40
# Variables that would send an install somewhere other than the project's .venv.
FOREIGN_ENVIRONMENT = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")
PIP_WITH_GROUPS = "pip>=25.1"  # the first pip that installs dependency groups (--group)
RUN_COMMAND = "uvicorn --factory backend.main:create_application --reload"
# Commands of the closing lines up to this long have their comments aligned after them.
COMMENT_COLUMN = 72
COMPILE_FAILED = "could not compile ahead; the suite compiles what it imports"
NOT_RUN = "tests not run (run_tests=no); the commands below set up .venv and run them"


class Progress:
    """What a running step shows besides its time; ``detail`` may be set from any thread."""

    def __init__(self) -> None:
        self.detail = ""
        self.done: str | None = None  # replaces the step's ``done`` text when set


class Steps:
    """Announces each step, shows that it is alive while it runs and prints its time when it ends.

    On a terminal a step is one line, rewritten every ``interval`` seconds with its elapsed time (cut to
    ``width`` columns, so that it never wraps); in a log (not a terminal) the start, a line every
    ``interval`` seconds and the end are separate lines.
    """

    def __init__(
        self,
        out: TextIO,
        *,
        tty: bool | None = None,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        width: int | None = None,
    ) -> None:
        self.out = out
        self.tty = _isatty(out) if tty is None else tty
        self.interval = interval if interval is not None else TERMINAL_INTERVAL if self.tty else LOG_INTERVAL
        self.clock = clock
        self.width = width if width is not None else shutil.get_terminal_size().columns - 1
        self._lock = threading.Lock()
        self._unfinished = ""  # the terminal line a running step rewrites; "" when there is none

    def say(self, message: str) -> None:
        """Print ``message`` on lines of its own."""
        with self._lock:
            self._close()
            self._write(message + "\n")

    @contextmanager
    def step(self, done: str, *, doing: str | None = None, note: str = "") -> Iterator[Progress]:
        """Announce ``doing`` (and ``note``, e.g. how long it takes), beat while the body runs, then time ``done``."""
        doing = doing or done
        progress = Progress()
        started = self.clock()
        with self._lock:
            self._open(f"{RUNNING} {doing}" + (f" ({note})" if note else "") + " ...")
        stop = threading.Event()
        beater = threading.Thread(target=self._beat_until, args=(stop, started, doing, progress), daemon=True)
        beater.start()
        succeeded = False
        try:
            yield progress
            succeeded = True
        finally:
            stop.set()
            beater.join()
            ending = (progress.done or done) if succeeded else f"failed: {doing}"
            with self._lock:
                self._end(f"[{self.clock() - started:5.1f}s] {ending}")

    def beat(self, elapsed: float, doing: str, detail: str = "") -> None:
        """Show that ``doing`` still runs, ``elapsed`` seconds after it started."""
        with self._lock:
            if self.tty:
                self._open(f"[{elapsed:5.1f}s] {doing} ... {detail}".rstrip())
            else:
                self._write(f"{'':9}... {elapsed:.0f} s" + (f": {detail}" if detail else "") + "\n")

    def _beat_until(self, stop: threading.Event, started: float, doing: str, progress: Progress) -> None:
        while not stop.wait(self.interval):
            self.beat(self.clock() - started, doing, progress.detail)

    def _open(self, text: str) -> None:
        """Start (or, on a terminal, rewrite) the line of a running step."""
        if not self.tty:
            self._write(text + "\n")
            return
        text = text[: self.width]
        self._write(f"\r{text.ljust(len(self._unfinished))}" if self._unfinished else text)
        self._unfinished = text

    def _end(self, text: str) -> None:
        if self.tty and self._unfinished:
            self._write(f"\r{text.ljust(len(self._unfinished))}\n")
        else:
            self._write(text + "\n")
        self._unfinished = ""

    def _close(self) -> None:
        """End an unfinished terminal line, so that what follows starts a line of its own."""
        if self._unfinished:
            self._write("\n")
            self._unfinished = ""

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()


def _isatty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


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


@dataclass(frozen=True)
class InstallCommand:
    """One command of building ``.venv``, with what a step prints while it runs and when it is done."""

    argv: list[str]
    doing: str
    done: str
    note: str = ""


def venv_python(project_dir: Path) -> Path:
    """The interpreter of the project's ``.venv``."""
    if os.name == "nt":
        return project_dir / ".venv" / "Scripts" / "python.exe"
    return project_dir / ".venv" / "bin" / "python"


def install_commands(project_dir: Path, uv: str | None, base_python: str) -> list[InstallCommand]:
    """Commands that build ``.venv`` with the project and its ``dev`` dependency group.

    With uv: lock the dependencies in ``uv.lock`` (kept when it is still satisfied), then install exactly
    the locked versions. Without: ``venv``, a pip that knows dependency groups, and an editable install.
    """
    if uv:
        return [
            InstallCommand(
                [uv, "lock", "--quiet", "--python", base_python],
                "locking the dependencies with uv lock",
                "locked the dependencies in uv.lock",
            ),
            # Only what the suite needs: the lint group (mypy alone is a sixth of the bytecode) is
            # installed by the first `uv run` or `uv sync`. Bytecode is compiled next, for what the
            # suite imports only (`compile_suite_imports`).
            InstallCommand(
                [uv, "sync", "--locked", "--no-group", "lint", "--python", base_python],
                "installing .venv with uv sync --locked",
                "installed .venv from uv.lock",
                "usually < 1 min",
            ),
        ]
    python = str(venv_python(project_dir))
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check"]
    return [
        InstallCommand([base_python, "-m", "venv", ".venv"], "creating .venv with python -m venv", "created .venv"),
        InstallCommand(
            [*pip, "--quiet", "--upgrade", PIP_WITH_GROUPS],
            "upgrading pip in .venv (dependency groups need pip 25.1)",
            "upgraded pip in .venv",
        ),
        InstallCommand(
            [*pip, "-e", ".", "--group", "dev"],
            "installing .venv with pip",
            "installed the project and its dev group in .venv",
            "usually 1-3 min",
        ),
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


@dataclass(frozen=True)
class Environment:
    """The project's ``.venv``: its interpreter, and whether its packages still need their bytecode."""

    python: Path
    uncompiled: bool = False


def ensure_environment(project_dir: Path, steps: Steps, *, uv: str | None = None, base_python: str = "") -> Environment:
    """Reuse a working ``.venv`` or build one; `EnvironmentUnavailableError` when that fails."""
    python = venv_python(project_dir)
    if python.exists():
        incomplete = "the existing .venv is incomplete; building it again"
        with steps.step(incomplete, doing="checking the existing .venv") as progress:
            if environment_works(project_dir):
                progress.done = "reusing the existing .venv"
        if progress.done:
            return Environment(python)
    for command in install_commands(project_dir, uv, base_python or sys.executable):
        with steps.step(command.done, doing=command.doing, note=command.note) as progress:
            _run_install(command.argv, project_dir, progress)
    return Environment(python, uncompiled=bool(uv))  # pip compiles everything as it installs


def compile_suite_imports(environment: Environment, project_dir: Path, steps: Steps) -> None:
    """Compile the bytecode of what the suite imports (`bytecode.py`), on every core, when ``.venv`` was
    installed without it. A failure here only costs time: the suite compiles what it imports."""
    if not environment.uncompiled:
        return
    command = [str(environment.python), "-I", str(BYTECODE_SCRIPT), str(SUITE_IMPORTS)]
    done, doing = "compiled the modules the suite imports", "compiling the modules the suite imports"
    with steps.step(done, doing=doing) as progress:
        progress.done = COMPILE_FAILED
        with suppress(OSError, subprocess.TimeoutExpired):
            if _run(command, project_dir, INSTALL_TIMEOUT).returncode == 0:
                progress.done = None


def suite_workers() -> int:
    """The pytest-xdist workers for the suite's run: one per usable core, at most ``MAX_WORKERS``."""
    return max(1, min(usable_cores(), MAX_WORKERS))


def _run(
    command: Sequence[str], project_dir: Path, timeout: int, show: Callable[[str], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in the project; its output (stdout and stderr in one) as UTF-8 text.

    ``show`` is called with each line as it arrives (from another thread).
    """
    environment = {name: value for name, value in os.environ.items() if name not in FOREIGN_ENVIRONMENT}
    environment["PYTHONUNBUFFERED"] = "1"  # each line as soon as it is written, not when a buffer fills
    lines: list[str] = []
    with subprocess.Popen(
        command,
        cwd=project_dir,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        encoding="utf-8",
        errors="replace",
    ) as process:
        assert process.stdout is not None
        reader = threading.Thread(target=_read_lines, args=(process.stdout, lines, show), daemon=True)
        reader.start()
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        finally:
            reader.join()
    return subprocess.CompletedProcess(list(command), returncode, "".join(lines), "")


def _read_lines(stream: TextIO, lines: list[str], show: Callable[[str], None] | None) -> None:
    for line in iter(stream.readline, ""):
        lines.append(line)
        if show is not None:
            show(line)


def _showing(progress: Progress | None, detail: Callable[[str], str]) -> Callable[[str], None] | None:
    """A line callback that sets ``progress.detail`` to what ``detail`` makes of each line ("" keeps it)."""
    if progress is None:
        return None

    def show(line: str) -> None:
        shown = detail(line)
        if shown:
            progress.detail = shown

    return show


def last_line(line: str) -> str:
    """An installer's line as a step's detail, shortened to fit one line; "" for a warning (the detail stays)."""
    line = " ".join(line.split())
    if line.startswith("WARNING"):
        return ""
    return line if len(line) <= DETAIL_WIDTH else line[: DETAIL_WIDTH - 3] + "..."


def pytest_progress(line: str) -> str:
    """The share of tests done, from the ``[ 45%]`` pytest ends each line of dots with; "" for other lines."""
    found = PYTEST_PROGRESS.search(line)
    return f"{int(found.group(1))}% of the tests" if found else ""


def _run_install(command: Sequence[str], project_dir: Path, progress: Progress | None = None) -> None:
    try:
        completed = _run(command, project_dir, INSTALL_TIMEOUT, _showing(progress, last_line))
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EnvironmentUnavailableError(f"{' '.join(command)}: {error}") from error
    if completed.returncode != 0:
        tail = completed.stdout.strip().splitlines()[-3:]
        raise EnvironmentUnavailableError(f"{' '.join(command)} exited {completed.returncode}: {' | '.join(tail)}")


def run_suite(python: Path, project_dir: Path, progress: Progress | None = None, *, workers: int = 1) -> SuiteResult:
    """Run the project's pytest configuration (in ``workers`` pytest-xdist workers when more than one) and
    read its JUnit and coverage reports."""
    with tempfile.TemporaryDirectory() as reports:
        junit = Path(reports) / "junit.xml"
        coverage = Path(reports) / "coverage.json"
        command = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"]
        if workers > 1:
            command += ["-n", str(workers)]
        completed = _run(
            [*command, f"--cov-report=json:{coverage}"], project_dir, SUITE_TIMEOUT, _showing(progress, pytest_progress)
        )
        result = SuiteResult(output=completed.stdout)
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
    """Build the environment, run the suite, print the verdict and what to do next; the hook's exit code.

    ``uv`` defaults to the one on PATH ("" forces pip); ``base_python`` to this interpreter.
    """
    uv = uv if uv is not None else shutil.which("uv")
    try:
        environment = ensure_environment(project_dir, steps, uv=uv, base_python=base_python)
    except EnvironmentUnavailableError as error:
        steps.say(not_verified(project_dir, str(error), uv=bool(uv)))
        return 0
    compile_suite_imports(environment, project_dir, steps)
    workers = suite_workers()
    note = f"{workers} workers" if workers > 1 else ""
    with steps.step("ran the test suite", doing="running the test suite", note=note) as progress:
        result = run_suite(environment.python, project_dir, progress, workers=workers)
    if result.unreachable is not None:
        cause = "the test database server could not be reached"
        steps.say(not_verified(project_dir, result.unreachable, cause=cause, uv=_uses_uv(project_dir, uv), built=True))
        return 0
    code = verdict(result, threshold, steps)
    if code == 0:
        steps.say(next_steps(project_dir, uv=_uses_uv(project_dir, uv)))
    return code


def _uses_uv(project_dir: Path, uv: str | None) -> bool:
    """Whether the project's commands go through uv: uv is here and the project is locked with it."""
    return bool(uv) and (project_dir / "uv.lock").is_file()


def verdict(result: SuiteResult, threshold: int, steps: Steps) -> int:
    """Print the verdict and return 0 (verified) or 1 (failed)."""
    if result.failed or result.coverage is None:
        if result.output.strip():
            steps.say("Last lines of the suite's output:\n" + "\n".join(result.output.splitlines()[-FAILURE_TAIL:]))
        lines = result.failed or ["(no test report; see the output above)"]
        steps.say("FAILED tests:\n  " + "\n  ".join(lines))
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


def not_verified(
    project_dir: Path,
    reason: str,
    *,
    cause: str = "the test environment could not be built",
    uv: bool = False,
    built: bool = False,
) -> str:
    """The loud warning for a project whose suite could not be run, then what to do next.

    ``uv``: the commands go through uv; ``built``: ``.venv`` exists, so the next steps need no set-up.
    """
    bar = "!" * 72
    return (
        f"{bar}\nNOT VERIFIED: {cause}, so the suite did not run.\n"
        f"  reason: {reason}\n  the project is kept; verify it later with:\n"
        f"    {suite_command(project_dir, uv=uv)}\n{bar}\n"
        f"{next_steps(project_dir, uv=uv, set_up=not built)}"
    )


def not_run(project_dir: Path, *, uv: bool | None = None) -> str:
    """What the hook says when ``run_tests`` is off: the commands that set up, run and test the project."""
    uv = _uv_on_path() if uv is None else uv
    return f"{NOT_RUN}\n{next_steps(project_dir, uv=uv, set_up=True)}"


def _uv_on_path() -> bool:
    return shutil.which("uv") is not None


def set_up_command(*, uv: bool) -> str:
    """The one-time command that builds the project's ``.venv`` with its ``dev`` and ``lint`` dependency groups."""
    if uv:
        return "uv sync"
    pip = ".venv/bin/python -m pip install"
    return f"python3 -m venv .venv && {pip} --upgrade pip && {pip} -e . --group dev --group lint"


def run_tests_command(*, uv: bool) -> str:
    """The command that runs the project's suite once ``.venv`` is set up."""
    return "uv run pytest" if uv else ".venv/bin/python -m pytest"


def suite_command(project_dir: Path, *, uv: bool | None = None) -> str:
    """One shell command that builds the project's environment and runs its suite."""
    uv = _uv_on_path() if uv is None else uv
    return f"cd {_quoted(project_dir)} && {set_up_command(uv=uv)} && {run_tests_command(uv=uv)}"


def next_steps(project_dir: Path, *, uv: bool, set_up: bool = False) -> str:
    """The closing lines: the commands that set up (when ``set_up``), run and test the project."""
    run = "uv run " if uv else ".venv/bin/"
    commands = [(f"cd {_quoted(project_dir)}", "")]
    if set_up:
        commands.append((set_up_command(uv=uv), "# once: build .venv"))
    commands += [
        (f"{run}alembic upgrade head", "# create or update the database schema"),
        (f"{run}{RUN_COMMAND}", "# serve on http://127.0.0.1:8000 (/docs)"),
        (run_tests_command(uv=uv), "# run the tests"),
    ]
    width = max(len(command) for command, _ in commands if len(command) <= COMMENT_COLUMN)
    lines = [f"  {command.ljust(width)}   {comment}".rstrip() for command, comment in commands]
    return "Next:\n" + "\n".join(lines)


def _quoted(path: Path) -> str:
    return shlex.quote(str(path))
