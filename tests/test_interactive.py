"""Bakes at a terminal: cookiecutter runs in a pseudo-terminal and a script types the answers.

HOME and cookiecutter's configuration (replay and clone directories) point into each test's directory.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shlex
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from layered_template.hooks import FIELDS_INTRO

from .conftest import TEMPLATE

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
PROMPT_SECONDS = 60.0
BAKE_SECONDS = 240.0
DEFAULTS: dict[str, Any] = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))
QUESTIONS = [key for key in DEFAULTS if not key.startswith("_")]


class Terminal:
    """A command whose standard streams are a pseudo-terminal: read what it shows, type answers."""

    def __init__(self, argv: list[str], *, cwd: Path, env: Mapping[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 500, 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
        )
        os.close(slave)
        self.shown = b""
        self.position = 0
        self.ended = False

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)

    @property
    def text(self) -> str:
        """Everything shown so far, without colours and carriage returns."""
        return ESCAPES.sub("", self.shown.decode("utf-8", "replace")).replace("\r", "")

    def expect(self, wanted: str, seconds: float = PROMPT_SECONDS) -> str:
        """Wait until ``wanted`` is shown after what was expected before; what was shown up to its end."""
        deadline = time.monotonic() + seconds
        while (found := self.text.find(wanted, self.position)) < 0:
            if self.ended or time.monotonic() > deadline:
                pytest.fail(f"{wanted!r} was not shown; the terminal shows:\n{self.text}")
            self._read(deadline)
        start, self.position = self.position, found + len(wanted)
        return self.text[start : self.position]

    def type(self, answer: str) -> None:
        """Type ``answer`` and Enter."""
        os.write(self.master, f"{answer}\r".encode())

    def answer(self, question: str, answer: str) -> str:
        """Wait for ``question`` and the end of its default, then type ``answer``; the prompt as shown."""
        shown = self.expect(question)
        shown += self.expect("): ")
        self.type(answer)
        return shown

    def finish(self, seconds: float = BAKE_SECONDS) -> int:
        """Read until the command ends; its exit code."""
        deadline = time.monotonic() + seconds
        while not self.ended and time.monotonic() < deadline:
            self._read(deadline)
        return self.process.wait(timeout=max(deadline - time.monotonic(), 1.0))

    def _read(self, deadline: float) -> None:
        ready, _, _ = select.select([self.master], [], [], min(max(deadline - time.monotonic(), 0.0), 0.5))
        if not ready:
            return
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the command and everything it started closed the terminal
            chunk = b""
        self.ended = not chunk
        self.shown += chunk


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    """The environment of every command: HOME and cookiecutter's configuration inside ``tmp_path``.

    This interpreter's directory comes first on PATH, so a printed ``cookiecutter`` command runs this one.
    """
    home = tmp_path / "home"
    home.mkdir()
    config = tmp_path / "cookiecutter.yaml"
    config.write_text(
        f"replay_dir: {json.dumps(str(tmp_path / 'replay'))}\n"
        f"cookiecutters_dir: {json.dumps(str(tmp_path / 'cookiecutters'))}\n",
        encoding="utf-8",
    )
    return os.environ | {
        "HOME": str(home),
        "COOKIECUTTER_CONFIG": str(config),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", os.defpath)]),
        "COLUMNS": "500",
        "LINES": "50",
        "TERM": "xterm",
    }


def question(key: str) -> str:
    """The question cookiecutter shows for ``key``, as text (rich markup escapes removed)."""
    unnamed = f"Select {key}" if isinstance(DEFAULTS[key], list) else key
    prompt = DEFAULTS["__prompts__"].get(key, unnamed)
    text = prompt.get("__prompt__", unnamed) if isinstance(prompt, dict) else prompt
    return str(text).replace("\\[", "[")


def answer_every_question(terminal: Terminal, answers: Mapping[str, str]) -> dict[str, str]:
    """Answer the template's questions in order (Enter where ``answers`` has none); each prompt as shown."""
    shown: dict[str, str] = {}
    for number, key in enumerate(QUESTIONS, start=1):
        shown[key] = terminal.answer(f"[{number}/{len(QUESTIONS)}] {question(key)}", answers.get(key, ""))
    return shown


def bake_command(output: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "cookiecutter", "--output-dir", str(output), *options, str(TEMPLATE)]


def lines_after(text: str, start: str) -> Iterator[str]:
    """The lines that follow the first line of ``text`` starting with ``start``."""
    lines = text.splitlines()
    index = next(number for number, line in enumerate(lines) if line.startswith(start))
    return iter(lines[index + 1 :])


def test_interactive_bake_with_every_question_answered_shows_numbered_prompts_and_bakes(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    # Arrange
    answers = {"project_name": "Gallery", "database": "2", "run_tests": "no", "domains": "artist, cactus[cacti]"}

    # Act
    with Terminal(bake_command(tmp_path / "out"), cwd=tmp_path, env=environment) as terminal:
        shown = answer_every_question(terminal, answers)
        code = terminal.finish()

    # Assert
    assert code == 0, terminal.text
    assert "Traceback" not in terminal.text
    assert "1 - sqlite (" in shown["database"]
    assert "2 - postgresql (" in shown["database"]
    assert shown["database"].endswith("Choose from [1/2] (1): ")
    assert "name[plural] or name(field:type, ...); e.g. artist, artwork(title:str(200)!" in shown["domains"]
    assert shown["domains"].endswith("(artist, artwork): ")
    project = tmp_path / "out" / "gallery"
    assert "postgresql+asyncpg://" in (project / "backend" / "config.py").read_text(encoding="utf-8")
    assert '"/cacti"' in (project / "backend" / "domain" / "cactus" / "router.py").read_text(encoding="utf-8")


def test_interactive_bake_with_bad_answer_refuses_it_and_printed_command_asks_again_with_answers_kept(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    # Arrange
    output = tmp_path / "out"
    answers = {"project_name": "Gallery Two", "description": "Prints on demand", "run_tests": "no", "domains": "1bad"}
    with Terminal(bake_command(output), cwd=tmp_path, env=environment) as terminal:
        answer_every_question(terminal, answers)
        refused = terminal.finish()
    left_behind = list(output.iterdir())
    again = shlex.split(next(lines_after(terminal.text, "To answer again")))

    # Act
    with Terminal(again, cwd=tmp_path, env=environment) as retry:
        shown = answer_every_question(retry, {"domains": "artist"})
        code = retry.finish()

    # Assert
    assert refused == 1
    assert "\nERROR: domains: '1bad' is not valid; a domain name must be" in terminal.text
    assert "Traceback" not in terminal.text
    assert left_behind == []
    assert shown["project_name"].endswith("(Gallery Two): ")
    assert shown["description"].endswith("(Prints on demand): ")
    assert shown["domains"].endswith("(1bad): ")
    assert code == 0, retry.text
    pyproject = (output / "gallery_two" / "pyproject.toml").read_text(encoding="utf-8")
    assert '"Prints on demand"' in pyproject
    assert (output / "gallery_two" / "backend" / "domain" / "artist" / "router.py").is_file()


def test_bake_with_bad_answer_and_no_input_refuses_it_and_corrected_replay_bakes(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    # Arrange
    output = tmp_path / "out"
    given = ["project_name=Gallery Three", "domains=artist(price:decimal(10,2))", "run_tests=no"]
    refused = subprocess.run(
        [*bake_command(output, "--no-input"), *given],
        cwd=tmp_path,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BAKE_SECONDS,
        check=False,
    )
    left_behind = list(output.iterdir())
    replay_hint = next(lines_after(refused.stdout, "Or correct domains in the answers saved in"))
    match = re.search(r"saved in (.+) and replay them:", refused.stdout)
    assert match is not None, refused.stdout
    saved = Path(match[1])
    answers = json.loads(saved.read_text(encoding="utf-8"))
    answers["cookiecutter"]["domains"] = "artist(price:decimal)"
    saved.write_text(json.dumps(answers), encoding="utf-8")

    # Act
    replayed = subprocess.run(
        shlex.split(replay_hint),
        cwd=tmp_path,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BAKE_SECONDS,
        check=False,
    )

    # Assert
    assert refused.returncode == 1
    assert refused.stdout.startswith(
        "ERROR: domains (artist): decimal(10,2) at column 14 takes no arguments; decimal takes no precision or scale"
    )
    assert "Traceback" not in refused.stdout + refused.stderr
    assert left_behind == []
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    dtos = (output / "gallery_three" / "backend" / "dtos" / "artist.py").read_text(encoding="utf-8")
    assert "price: " in dtos


def test_interactive_bake_with_ask_fields_numbers_questions_after_syntax_and_offers_refused_answer_again(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    # Arrange
    answers = {"project_name": "Fields", "run_tests": "no", "ask_fields": "yes", "domains": "artist, cactus"}

    # Act
    with Terminal(bake_command(tmp_path / "out"), cwd=tmp_path, env=environment) as terminal:
        answer_every_question(terminal, answers)
        syntax = terminal.expect(FIELDS_INTRO)
        first = terminal.answer("[1/4] artist: plural", "")
        terminal.answer("[2/4] artist: fields", "price:decimal(10,2)")
        decimal = terminal.expect("ERROR: fields: decimal(10,2) at column 7 takes no arguments")
        decimal_again = terminal.answer("[2/4] artist: fields", "tags:list[str]")
        unknown = terminal.expect("ERROR: fields: unknown type 'list[str]' at column 6; types are: str, text")
        unknown_again = terminal.answer("[2/4] artist: fields", "name:str!, price:decimal?")
        terminal.answer("[3/4] cactus: plural", "cacti")
        last = terminal.answer("[4/4] cactus: fields", "")
        code = terminal.finish()

    # Assert
    assert code == 0, terminal.text
    assert "[1/4]" not in syntax
    assert first.endswith(" (artists): ")
    assert "cannot read" not in decimal + unknown
    assert decimal_again.endswith(" (price:decimal(10,2)): ")
    assert unknown_again.endswith(" (tags:list[str]): ")
    assert last.endswith(" (name:str(100)!, description:str(1000)?): ")
    assert "Traceback" not in terminal.text
    domain = tmp_path / "out" / "fields" / "backend" / "domain"
    assert "price: " in (domain.parent / "dtos" / "artist.py").read_text(encoding="utf-8")
    assert '"/cacti"' in (domain / "cactus" / "router.py").read_text(encoding="utf-8")
