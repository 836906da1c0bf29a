"""The verify module: steps that announce, beat and time themselves; the environment, the suite, the closing lines."""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter

from layered_template.bytecode import compiled, read_list
from layered_template.verify import (
    COMPILE_FAILED,
    KEEP_HINT,
    MAX_WORKERS,
    SUITE_IMPORTS,
    Environment,
    Progress,
    Steps,
    SuiteResult,
    compile_suite_imports,
    ensure_environment,
    install_commands,
    last_line,
    next_steps,
    not_run,
    not_verified,
    pytest_progress,
    run_suite,
    suite_command,
    suite_workers,
    verdict,
    verify,
)

from .conftest import TEMPLATE, Bake, bake_into

# A heartbeat so rare that no test waits for one.
NEVER = 3600.0
# The longest a bake's hook may print nothing.
LONGEST_SILENCE = 5.0


def clock(*times: float) -> Iterator[float]:
    return iter(times)


def steps(out: io.StringIO, *, tty: bool, times: tuple[float, ...] = (10.0, 33.4)) -> Steps:
    return Steps(out, tty=tty, interval=NEVER, clock=clock(*times).__next__, width=120)


class SignalingOut(io.StringIO):
    """Output that signals each heartbeat line written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.beaten = threading.Event()

    def write(self, text: str, /) -> int:
        if " s: " in text:
            self.beaten.set()
        return super().write(text)


class TestSteps:
    def test_step_in_log_prints_start_and_timed_end_on_lines_of_their_own(self) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        with steps(out, tty=False).step("built .venv", doing="building .venv", note="usually 20 s"):
            pass

        # Assert
        assert out.getvalue() == "[ .... ] building .venv (usually 20 s) ...\n[ 23.4s] built .venv\n"

    def test_step_on_terminal_rewrites_its_start_line_with_the_end(self) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        with steps(out, tty=True).step("built .venv", doing="building .venv"):
            pass

        # Assert
        start = "[ .... ] building .venv ..."
        assert out.getvalue() == start + "\r" + "[ 23.4s] built .venv".ljust(len(start)) + "\n"

    def test_step_without_doing_announces_its_done_text(self) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        with steps(out, tty=False).step("ran the suite"):
            pass

        # Assert
        assert out.getvalue().splitlines() == ["[ .... ] ran the suite ...", "[ 23.4s] ran the suite"]

    def test_step_when_body_sets_done_prints_that_instead(self) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        with steps(out, tty=False).step("built .venv", doing="checking .venv") as progress:
            progress.done = "reusing .venv"

        # Assert
        assert out.getvalue().splitlines()[-1] == "[ 23.4s] reusing .venv"

    def test_step_when_body_raises_prints_failed_and_raises(self) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        with pytest.raises(RuntimeError, match="no network"), steps(out, tty=False).step("built", doing="building"):
            raise RuntimeError("no network")

        # Assert
        assert out.getvalue().splitlines()[-1] == "[ 23.4s] failed: building"

    def test_step_while_body_runs_beats_with_elapsed_time_and_detail(self) -> None:
        # Arrange
        out = SignalingOut()
        ticks = itertools.count()
        running = Steps(out, tty=False, interval=0.01, clock=lambda: 1.5 * next(ticks))

        # Act
        with running.step("ran the suite", doing="running the suite") as progress:
            progress.detail = "45% of the tests"
            beaten = out.beaten.wait(timeout=30)

        # Assert
        lines = out.getvalue().splitlines()
        assert beaten
        assert lines[0] == "[ .... ] running the suite ..."
        assert lines[1] in {"         ... 2 s", "         ... 2 s: 45% of the tests"}
        assert any(line.startswith("         ... ") and line.endswith(" s: 45% of the tests") for line in lines)
        assert lines[-1].endswith("s] ran the suite")

    def test_beat_in_log_prints_a_plain_line(self) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        steps(out, tty=False).beat(12.3, "running the suite", "45% of the tests")

        # Assert
        assert out.getvalue() == "         ... 12 s: 45% of the tests\n"

    def test_beat_on_terminal_rewrites_the_step_line(self) -> None:
        # Arrange
        out = io.StringIO()
        terminal = steps(out, tty=True)

        # Act
        with terminal.step("ran the suite", doing="running the suite"):
            terminal.beat(3.0, "running the suite")
            terminal.beat(6.0, "running the suite", "45% of the tests")

        # Assert
        frames = out.getvalue().split("\r")
        assert frames[1].rstrip() == "[  3.0s] running the suite ..."
        assert frames[2].rstrip() == "[  6.0s] running the suite ... 45% of the tests"
        assert frames[3] == "[ 23.4s] ran the suite".ljust(len(frames[2])) + "\n"

    def test_beat_on_narrow_terminal_cuts_the_line_to_its_width(self) -> None:
        # Arrange
        out = io.StringIO()
        terminal = Steps(out, tty=True, interval=NEVER, clock=clock(0.0, 1.0).__next__, width=20)

        # Act
        with terminal.step("built", doing="building"):
            terminal.beat(3.0, "building", "a detail much longer than the terminal")

        # Assert
        assert out.getvalue().split("\r")[1] == "[  3.0s] building ..."[:20]

    def test_say_on_terminal_during_a_step_starts_a_new_line(self) -> None:
        # Arrange
        out = io.StringIO()
        terminal = steps(out, tty=True)

        # Act
        with terminal.step("built", doing="building"):
            terminal.say("a warning")

        # Assert
        assert out.getvalue() == "[ .... ] building ...\na warning\n[ 23.4s] built\n"

    def test_steps_on_a_stream_that_is_not_a_terminal_print_lines(self) -> None:
        # Act
        logged = Steps(io.StringIO())

        # Assert
        assert (logged.tty, logged.interval) == (False, 3.0)


class TestProgressDetails:
    @pytest.mark.parametrize(
        ("line", "detail"),
        [
            ("........................................................................ [ 21%]\n", "21% of the tests"),
            ("....F.. [100%]\n", "100% of the tests"),
            ("tests/unit/test_a.py ..\n", ""),
            ("ERROR: cannot connect [ 5%] to it, really\n", ""),
        ],
    )
    def test_pytest_progress_reads_the_percentage_at_the_end_of_a_line(self, line: str, detail: str) -> None:
        # Act / Assert
        assert pytest_progress(line) == detail

    def test_last_line_collapses_spaces_and_shortens_long_lines(self) -> None:
        # Act
        short = last_line(" + sqlmodel==0.0.50\n")
        long = last_line("Collecting " + "x" * 100)

        # Assert
        assert short == "+ sqlmodel==0.0.50"
        assert len(long) == 60
        assert long.endswith("...")

    def test_last_line_of_a_warning_is_not_shown(self) -> None:
        # Act / Assert
        assert last_line("WARNING: Location 'file:///simple/pip/' is ignored\n") == ""

    def test_run_suite_shows_pytest_progress_while_it_runs(self, tmp_path: Path) -> None:
        # Arrange: an interpreter that reports progress, then stops as pytest does on an internal error
        python = tmp_path / "python"
        python.write_text("#!/bin/sh\necho '........ [ 50%]'\necho 'INTERNALERROR> boom' >&2\nexit 3\n", "utf-8")
        python.chmod(0o755)
        progress = Progress()

        # Act
        result = run_suite(python, tmp_path, progress)

        # Assert
        assert progress.detail == "50% of the tests"
        assert result.failed == ["pytest exited 3 before reporting"]
        assert result.output == "........ [ 50%]\nINTERNALERROR> boom\n"


def recording_python(tmp_path: Path, *, exit_code: int = 0) -> tuple[Path, Path]:
    """An interpreter that writes its arguments, one per line, to a file; the interpreter and the file."""
    calls = tmp_path / "calls.txt"
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{calls}"\nexit {exit_code}\n', encoding="utf-8")
    python.chmod(0o755)
    return python, calls


class TestSuiteRun:
    @pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 2), (3, 3), (64, MAX_WORKERS)])
    def test_suite_workers_are_one_per_usable_core_up_to_the_maximum(
        self, monkeypatch: pytest.MonkeyPatch, cores: int, workers: int
    ) -> None:
        # Arrange
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cores)))

        # Act / Assert
        assert suite_workers() == workers

    @pytest.mark.parametrize(("cores", "workers"), [(None, 1), (2, 2)])
    def test_suite_workers_without_affinity_count_the_cpus(
        self, monkeypatch: pytest.MonkeyPatch, cores: int | None, workers: int
    ) -> None:
        # Arrange
        monkeypatch.delattr(os, "sched_getaffinity", raising=False)
        monkeypatch.setattr(os, "cpu_count", lambda: cores)

        # Act / Assert
        assert suite_workers() == workers

    def test_run_suite_with_several_workers_runs_them_with_xdist(self, tmp_path: Path) -> None:
        # Arrange
        python, calls = recording_python(tmp_path)

        # Act
        run_suite(python, tmp_path, workers=3)

        # Assert
        arguments = calls.read_text(encoding="utf-8").splitlines()
        assert arguments[:4] == ["-m", "pytest", "-q", "-p"]
        assert arguments[arguments.index("-n") + 1] == "3"

    def test_run_suite_with_one_worker_runs_without_xdist(self, tmp_path: Path) -> None:
        # Arrange
        python, calls = recording_python(tmp_path)

        # Act
        run_suite(python, tmp_path, workers=1)

        # Assert
        assert "-n" not in calls.read_text(encoding="utf-8").splitlines()


class TestBytecode:
    def test_compile_suite_imports_when_venv_uncompiled_runs_the_compiler_on_the_list_as_a_step(
        self, tmp_path: Path
    ) -> None:
        # Arrange
        python, calls = recording_python(tmp_path)
        out = io.StringIO()

        # Act
        compile_suite_imports(Environment(python, uncompiled=True), tmp_path, Steps(out, interval=NEVER))

        # Assert
        script = Path(__file__).parent.parent / "layered_template" / "bytecode.py"
        assert calls.read_text(encoding="utf-8").splitlines() == ["-I", str(script), str(SUITE_IMPORTS)]
        lines = out.getvalue().splitlines()
        assert lines[0] == "[ .... ] compiling the modules the suite imports ..."
        assert lines[1].endswith("s] compiled the modules the suite imports")

    def test_compile_suite_imports_when_compiler_fails_goes_on(self, tmp_path: Path) -> None:
        # Arrange: the suite compiles what it imports, so a failure here costs time only
        python, calls = recording_python(tmp_path, exit_code=1)
        out = io.StringIO()

        # Act
        compile_suite_imports(Environment(python, uncompiled=True), tmp_path, Steps(out, interval=NEVER))

        # Assert
        assert calls.exists()
        assert out.getvalue().splitlines()[1].endswith(f"s] {COMPILE_FAILED}")

    def test_compile_suite_imports_when_venv_compiled_does_nothing(self, tmp_path: Path) -> None:
        # Arrange
        python, calls = recording_python(tmp_path)
        out = io.StringIO()

        # Act
        compile_suite_imports(Environment(python), tmp_path, Steps(out, interval=NEVER))

        # Assert
        assert not calls.exists()
        assert out.getvalue() == ""

    def test_ensure_environment_built_with_uv_leaves_bytecode_to_compile(self, tmp_path: Path) -> None:
        # Arrange: a uv whose every command succeeds without doing anything
        uv = tmp_path / "uv"
        uv.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
        uv.chmod(0o755)

        # Act
        environment = ensure_environment(tmp_path, Steps(io.StringIO(), interval=NEVER), uv=str(uv))

        # Assert
        assert environment == Environment(tmp_path / ".venv" / "bin" / "python", uncompiled=True)


class TestEnvironment:
    def test_install_commands_with_uv_lock_then_sync_exactly_the_lock(self, tmp_path: Path) -> None:
        # Act
        commands = install_commands(tmp_path, "/bin/uv", "/usr/bin/python3")

        # Assert
        assert [command.argv for command in commands] == [
            ["/bin/uv", "lock", "--quiet", "--python", "/usr/bin/python3"],
            ["/bin/uv", "sync", "--locked", "--no-group", "lint", "--python", "/usr/bin/python3"],
        ]

    def test_install_commands_without_uv_use_venv_new_pip_and_the_dev_group(self, tmp_path: Path) -> None:
        # Act
        commands = [command.argv for command in install_commands(tmp_path, None, "/usr/bin/python3")]

        # Assert
        python = str(tmp_path / ".venv" / "bin" / "python")
        assert commands[0] == ["/usr/bin/python3", "-m", "venv", ".venv"]
        assert commands[1][:4] == [python, "-m", "pip", "install"]
        assert commands[1][-2:] == ["--upgrade", "pip>=25.1"]
        assert commands[2][:4] == [python, "-m", "pip", "install"]
        assert commands[2][-4:] == ["-e", ".", "--group", "dev"]

    def test_ensure_environment_with_working_venv_checks_and_reuses_it(self, tmp_path: Path) -> None:
        # Arrange: a .venv that is this environment
        project = bake_into(tmp_path, domains="artist")
        python = project / ".venv" / "bin" / "python"
        python.parent.mkdir(parents=True)
        python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
        python.chmod(0o755)
        out = io.StringIO()

        # Act
        found = ensure_environment(project, Steps(out, interval=NEVER), uv="/no/uv")

        # Assert
        assert found == Environment(python, uncompiled=False)
        lines = out.getvalue().splitlines()
        assert lines[0] == "[ .... ] checking the existing .venv ..."
        assert lines[1].endswith("s] reusing the existing .venv")
        assert len(lines) == 2

    def test_verify_when_environment_cannot_be_built_says_not_verified_then_how_to_set_up(self, tmp_path: Path) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        code = verify(tmp_path, 80, Steps(out, interval=NEVER), uv="", base_python=str(tmp_path / "no-such-python"))

        # Assert
        text = out.getvalue()
        assert code == 0
        assert "failed: creating .venv with python -m venv" in text
        assert "NOT VERIFIED: the test environment could not be built" in text
        assert text.endswith(next_steps(tmp_path, uv=False, set_up=True) + "\n")


class TestClosingLines:
    def test_suite_command_with_uv_syncs_and_runs_pytest_through_uv(self, tmp_path: Path) -> None:
        # Act / Assert
        assert (
            suite_command(tmp_path / "my service", uv=True) == f"cd '{tmp_path}/my service' && uv sync && uv run pytest"
        )

    def test_suite_command_without_uv_builds_venv_with_pip_and_the_dev_group(self) -> None:
        # Act / Assert
        assert suite_command(Path("/srv/gallery"), uv=False) == (
            "cd /srv/gallery && python3 -m venv .venv && .venv/bin/python -m pip install --upgrade pip"
            " && .venv/bin/python -m pip install -e . --group dev --group lint && .venv/bin/python -m pytest"
        )

    def test_next_steps_with_uv_give_cd_migrate_run_and_test_commands(self) -> None:
        # Act
        lines = next_steps(Path("/srv/gallery"), uv=True).splitlines()

        # Assert
        commands = [line.split("   #")[0].strip() for line in lines[1:]]
        assert lines[0] == "Next:"
        assert commands == [
            "cd /srv/gallery",
            "uv run alembic upgrade head",
            "uv run uvicorn --factory backend.main:create_application --reload",
            "uv run pytest",
        ]

    def test_next_steps_align_comments_after_commands_that_are_not_too_long(self) -> None:
        # Act
        lines = next_steps(Path("/srv/gallery"), uv=False, set_up=True).splitlines()

        # Assert
        columns = {line.index("   #") for line in lines[3:]}
        assert len(columns) == 1
        assert lines[2].index("   #") > columns.pop()

    def test_next_steps_without_uv_and_with_set_up_start_with_the_venv(self) -> None:
        # Act
        lines = next_steps(Path("/srv/gallery"), uv=False, set_up=True).splitlines()

        # Assert
        commands = [line.split("   #")[0].strip() for line in lines[1:]]
        assert commands[1].startswith("python3 -m venv .venv && ")
        assert commands[2:] == [
            ".venv/bin/alembic upgrade head",
            ".venv/bin/uvicorn --factory backend.main:create_application --reload",
            ".venv/bin/python -m pytest",
        ]

    def test_not_run_says_how_to_run_the_tests_then_what_to_do_next(self) -> None:
        # Act
        text = not_run(Path("/srv/gallery"), uv=True)

        # Assert
        assert text == (
            "tests not run (run_tests=no); the commands below set up .venv and run them\n"
            + next_steps(Path("/srv/gallery"), uv=True, set_up=True)
        )

    def test_not_verified_with_built_environment_needs_no_set_up(self) -> None:
        # Act
        text = not_verified(Path("/srv/gallery"), "refused", cause="the server is down", uv=True, built=True)

        # Assert
        assert text.startswith("!" * 72 + "\nNOT VERIFIED: the server is down, so the suite did not run.\n")
        assert "  reason: refused\n" in text
        assert text.endswith("!" * 72 + "\n" + next_steps(Path("/srv/gallery"), uv=True))


@pytest.mark.parametrize("uv", [True, False])
def test_next_steps_commands_are_the_readme_commands(bake: Bake, uv: bool) -> None:
    # Arrange
    readme = (bake() / "README.md").read_text(encoding="utf-8")

    # Act
    lines = next_steps(Path("/srv/gallery"), uv=uv, set_up=True).splitlines()[2:]

    # Assert
    commands = [line.split("   #")[0].strip() for line in lines]
    missing = [command for command in commands if command not in readme]
    assert len(commands) == 4
    assert missing == []


class TestVerdictOutput:
    def test_verdict_with_failed_tests_prints_the_output_tail_then_the_names(self) -> None:
        # Arrange
        out = io.StringIO()
        output = (
            "".join(f"line {number}\n" for number in range(100)) + "FAILED tests/test_a.py::test_one - assert 1 == 2"
        )
        result = SuiteResult(passed=3, failed=["tests.test_a::test_one"], coverage=100.0, output=output)

        # Act
        code = verdict(result, 80, Steps(out))

        # Assert
        text = out.getvalue()
        assert code == 1
        assert "line 59\n" not in text
        assert "line 61\nline 62\n" in text
        assert text.index("assert 1 == 2") < text.index("FAILED tests:\n  tests.test_a::test_one")
        assert text.endswith(KEEP_HINT + "\n")


@dataclass
class RealBake:
    """A bake through cookiecutter's command line with the real hook, and when each line of its output came."""

    project: Path
    returncode: int
    lines: list[str]
    times: list[float]  # one per line, then the exit


@pytest.fixture(scope="module")
def real_bake(tmp_path_factory: pytest.TempPathFactory) -> RealBake:
    """Bake the default domains with ``run_tests=yes`` and uv on PATH, reading the output as it comes."""
    output_dir = tmp_path_factory.mktemp("real-bake")
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    command = [sys.executable, "-m", "cookiecutter", "--no-input", "--default-config", "-o", str(output_dir)]
    lines: list[str] = []
    times: list[float] = []
    with subprocess.Popen(
        [*command, str(TEMPLATE), "domains=artist, artwork", "run_tests=yes"],
        cwd=output_dir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            times.append(time.monotonic())
            lines.append(line.rstrip("\n"))
        returncode = process.wait()
    times.append(time.monotonic())
    return RealBake(output_dir / "my_service", returncode, lines, times)


def freeze(python: Path) -> list[str]:
    """The distributions installed for ``python``, without the editable project itself."""
    uv = str(Path(sys.executable).parent / "uv")
    listed = subprocess.run(
        [uv, "pip", "freeze", "--python", str(python)], capture_output=True, text=True, check=True
    ).stdout
    return [line for line in listed.splitlines() if not line.startswith("-e ")]


@pytest.mark.slow
class TestRealBake:
    def test_real_bake_proves_suite_and_ends_with_next_steps(self, real_bake: RealBake) -> None:
        # Arrange
        lines = real_bake.lines

        # Act
        verdict_at = next(index for index, line in enumerate(lines) if "passed, coverage" in line)

        # Assert
        assert real_bake.returncode == 0, "\n".join(lines)
        assert lines[verdict_at].endswith("passed, coverage 100% (threshold 80%)")
        assert int(lines[verdict_at].split()[0]) >= 60
        assert "\n".join(lines[verdict_at + 1 :]) == next_steps(real_bake.project, uv=True)

    def test_real_bake_announces_and_times_each_step(self, real_bake: RealBake) -> None:
        # Act
        started = [line for line in real_bake.lines if line.startswith("[ .... ] ")]
        ended = [line for line in real_bake.lines if line.startswith("[") and "s] " in line[:9]]

        # Assert
        assert [line.removesuffix(" ...").split(" (")[0] for line in started] == [
            "[ .... ] rendering 2 domain(s): artist, artwork",
            "[ .... ] locking the dependencies with uv lock",
            "[ .... ] installing .venv with uv sync --locked",
            "[ .... ] compiling the modules the suite imports",
            "[ .... ] running the test suite",
        ]
        assert [line[9:] for line in ended] == [
            "rendered 2 domain(s): artist, artwork",
            "locked the dependencies in uv.lock",
            "installed .venv from uv.lock",
            "compiled the modules the suite imports",
            "ran the test suite",
        ]

    def test_real_bake_compiles_what_the_suite_imports_and_not_the_whole_environment(self, real_bake: RealBake) -> None:
        # Arrange
        (packages,) = (real_bake.project / ".venv" / "lib").glob("python3.*/site-packages")

        # Act
        sources = [path for path in packages.rglob("*.py") if "__pycache__" not in path.parts]
        with_bytecode = set(compiled(packages))

        # Assert
        listed = {name for name in read_list(SUITE_IMPORTS) if (packages / name).is_file()}
        assert len(listed) >= 500
        assert listed <= with_bytecode
        assert len(with_bytecode) < 0.8 * len(sources)

    def test_real_bake_hook_is_never_silent_for_more_than_5_s(self, real_bake: RealBake) -> None:
        # Arrange: from the hook's first line to the bake's exit
        first = next(index for index, line in enumerate(real_bake.lines) if line.startswith("[ .... ] rendering"))
        times = real_bake.times[first:]

        # Act
        silences = [later - earlier for earlier, later in itertools.pairwise(times)]

        # Assert
        assert max(silences) <= LONGEST_SILENCE, "\n".join(
            f"{silence:5.1f} s before: {line}"
            for silence, line in zip(silences, real_bake.lines[first + 1 :], strict=False)
        )

    def test_real_bake_lock_reproduces_the_proven_environment_in_a_fresh_copy(
        self, real_bake: RealBake, tmp_path: Path
    ) -> None:
        # Arrange
        copy = tmp_path / "clone"
        shutil.copytree(real_bake.project, copy, ignore=shutil.ignore_patterns(".venv"))
        uv = str(Path(sys.executable).parent / "uv")

        # Act: the groups the bake installed (the lint group comes with the first `uv run`)
        synced = subprocess.run(
            [uv, "sync", "--locked", "--no-group", "lint", "--python", sys.executable],
            cwd=copy,
            capture_output=True,
            text=True,
            check=False,
        )

        # Assert
        assert synced.returncode == 0, synced.stderr
        proven = freeze(real_bake.project / ".venv" / "bin" / "python")
        assert len(proven) >= 50
        assert freeze(copy / ".venv" / "bin" / "python") == proven

    def test_real_bake_venv_is_reused_when_verifying_again_and_after_adding_a_domain(
        self, real_bake: RealBake, capfd: pytest.CaptureFixture[str]
    ) -> None:
        # Arrange
        project = real_bake.project
        lock = (project / "uv.lock").read_bytes()
        before = int(next(line for line in real_bake.lines if "passed, coverage" in line).split()[0])
        out = io.StringIO()

        # Act
        again = verify(project, 80, Steps(out))
        cookiecutter(
            str(TEMPLATE),
            directory="domain",
            no_input=True,
            extra_context={"domain": "exhibition", "run_tests": "yes"},
            output_dir=str(project),
            overwrite_if_exists=True,
            default_config=True,
        )

        # Assert
        assert again == 0
        assert any(line.endswith("s] reusing the existing .venv") for line in out.getvalue().splitlines())
        after_domain = capfd.readouterr().out.splitlines()
        assert any(line.endswith("s] reusing the existing .venv") for line in after_domain)
        verdict_line = next(line for line in after_domain if "passed, coverage" in line)
        assert verdict_line.endswith("passed, coverage 100% (threshold 80%)")
        assert int(verdict_line.split()[0]) > before
        assert (project / "uv.lock").read_bytes() == lock
