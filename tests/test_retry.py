"""What a refusal prints after its ERROR line, and the traceback cookiecutter no longer prints after it."""

from __future__ import annotations

import json
import logging
import shlex
from pathlib import Path
from typing import Any

import pytest
from cookiecutter.exceptions import FailedHookException
from jinja2 import Environment

from layered_template.retry import HOOK_LOGGER, HookFailureWithoutTraceback, retry_hint

from .conftest import TEMPLATE

ANSWERS = {
    "project_name": "Gallery Two",
    "project_slug": "gallery_two",
    "description": "Prints, on demand",
    "author_name": "Ada",
    "database": "postgresql",
    "coverage_threshold": "80",
    "run_tests": "no",
    "ask_fields": "no",
    "domains": "1bad",
    "_template": "../main",
    "_output_dir": "/srv/out",
    "_repo_dir": "../main",
    "_checkout": None,
}


def command_after(hint: str, start: str) -> list[str]:
    """The arguments of the command on the line after the one starting with ``start``, from the template on."""
    lines = hint.splitlines()
    command = shlex.split(lines[next(n for n, line in enumerate(lines) if line.startswith(start)) + 1])
    first = next(n for n, argument in enumerate(command) if argument in {str(TEMPLATE), "gh:org/repo"})
    return command[first:]


class TestRetryHint:
    def test_retry_hint_with_local_template_passes_every_answer_but_the_slug_left_as_computed(self) -> None:
        # Act
        hint = retry_hint(ANSWERS, refused="domains", template_root=TEMPLATE)

        # Assert
        assert hint.startswith("To answer again, run the command below: every question offers your last answer")
        assert command_after(hint, "To answer again") == [
            str(TEMPLATE),
            "--output-dir",
            "/srv/out",
            "project_name=Gallery Two",
            "description=Prints, on demand",
            "author_name=Ada",
            "database=postgresql",
            "coverage_threshold=80",
            "run_tests=no",
            "ask_fields=no",
            "domains=1bad",
        ]

    def test_retry_hint_with_slug_changed_from_computed_passes_it(self) -> None:
        # Act
        hint = retry_hint(ANSWERS | {"project_slug": "gallery"}, refused="domains", template_root=TEMPLATE)

        # Assert
        assert "project_slug=gallery" in command_after(hint, "To answer again")

    @pytest.mark.parametrize(
        ("answers", "given", "left_out"),
        [
            ({"database": "postgres"}, {}, "database="),
            ({"description": "49"}, {"description": "{{ 7 * 7 }}"}, "description="),
        ],
    )
    def test_retry_hint_with_answer_cookiecutter_would_refuse_or_evaluate_leaves_it_out(
        self, answers: dict[str, str], given: dict[str, str], left_out: str
    ) -> None:
        # Act
        hint = retry_hint(ANSWERS | answers, refused="database", template_root=TEMPLATE, given=given)

        # Assert
        arguments = command_after(hint, "To answer again")
        assert not any(argument.startswith(left_out) for argument in arguments)
        assert "domains=1bad" in arguments

    def test_retry_hint_with_remote_template_passes_it_as_given_with_its_checkout(self) -> None:
        # Act
        hint = retry_hint(
            ANSWERS | {"_template": "gh:org/repo", "_checkout": "v2"}, refused="domains", template_root=TEMPLATE
        )

        # Assert
        assert command_after(hint, "To answer again")[:5] == [
            "gh:org/repo",
            "--checkout",
            "v2",
            "--output-dir",
            "/srv/out",
        ]

    def test_retry_hint_for_domain_sub_template_names_its_directory_and_overwrites_into_the_project(self) -> None:
        # Arrange
        answers = {
            "domain": "class",
            "plural": "classes",
            "fields": "name:str!",
            "run_tests": "no",
            "_template": "/somewhere/main",
            "_output_dir": "/srv/project",
        }

        # Act
        hint = retry_hint(answers, refused="domain", template_root=TEMPLATE, directory="domain")

        # Assert
        assert command_after(hint, "To answer again") == [
            str(TEMPLATE),
            "--directory",
            "domain",
            "--overwrite-if-exists",
            "--output-dir",
            "/srv/project",
            "domain=class",
            "fields=name:str!",
            "run_tests=no",
        ]

    @pytest.mark.parametrize("answers", [{"_output_dir": None}, {"_commit": "abc123"}, {"_template": ""}])
    def test_retry_hint_outside_a_cookiecutter_bake_is_empty(self, answers: dict[str, Any]) -> None:
        # Arrange
        bake = {key: value for key, value in (ANSWERS | answers).items() if value is not None}

        # Act
        hint = retry_hint(bake, refused="domains", template_root=TEMPLATE)

        # Assert
        assert hint == ""


class TestReplayHint:
    @staticmethod
    def replay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: dict[str, Any]) -> Path:
        """A replay file of ``answers`` where the configuration in COOKIECUTTER_CONFIG keeps them."""
        config = tmp_path / "config.yaml"
        config.write_text(f"replay_dir: {json.dumps(str(tmp_path / 'replay'))}\n", encoding="utf-8")
        monkeypatch.setenv("COOKIECUTTER_CONFIG", str(config))
        saved = tmp_path / "replay" / f"{TEMPLATE.name}.json"
        saved.parent.mkdir()
        saved.write_text(json.dumps({"cookiecutter": answers}), encoding="utf-8")
        return saved

    def test_retry_hint_with_replay_file_of_these_answers_says_how_to_correct_and_replay_it(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Arrange
        saved = self.replay(tmp_path, monkeypatch, ANSWERS)

        # Act
        hint = retry_hint(ANSWERS, refused="domains", template_root=TEMPLATE)

        # Assert
        assert f"Or correct domains in the answers saved in {saved} and replay them:" in hint
        assert command_after(hint, "Or correct") == [str(TEMPLATE), "--output-dir", "/srv/out"]
        assert f"--replay-file {saved} " in hint

    def test_retry_hint_with_replay_file_of_other_answers_does_not_mention_it(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Arrange
        self.replay(tmp_path, monkeypatch, ANSWERS | {"domains": "artist"})

        # Act
        hint = retry_hint(ANSWERS, refused="domains", template_root=TEMPLATE)

        # Assert
        assert "To answer again" in hint
        assert "replay" not in hint


class TestHookFailureWithoutTraceback:
    @pytest.mark.parametrize(
        ("error", "traceback_kept"), [(FailedHookException("Hook script failed"), False), (OSError("disk"), True)]
    )
    def test_loaded_extension_when_hook_fails_logs_without_traceback_and_keeps_other_tracebacks(
        self, caplog: pytest.LogCaptureFixture, error: Exception, traceback_kept: bool
    ) -> None:
        # Arrange
        Environment(extensions=[HookFailureWithoutTraceback])

        # Act
        try:
            raise error
        except type(error):
            logging.getLogger(HOOK_LOGGER).exception("Stopping generation")

        # Assert
        assert [record.message for record in caplog.records] == ["Stopping generation"]
        assert (caplog.records[0].exc_info is not None) is traceback_kept
        assert ("Traceback" in caplog.text) is traceback_kept
