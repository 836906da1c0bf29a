"""How a refused bake ends: the ERROR line, then how to answer again without retyping every answer.

cookiecutter saves the answers in its replay file before any hook runs, and deletes what it wrote when a
hook exits 1. The hint printed after a refusal is a command line that passes every answer as ``key=value``
without ``--no-input``: cookiecutter then asks each question again with the earlier answer as its default,
so Enter keeps an answer and only the refused one needs typing. When the replay file holds these answers,
the hint also says how to correct it and replay it.

`HookFailureWithoutTraceback`, listed in ``_extensions``, keeps cookiecutter from printing its own
traceback after a hook exits 1: the hook has already said what was wrong.
"""

from __future__ import annotations

import json
import logging
import re
import shlex
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cookiecutter.exceptions import FailedHookException
from jinja2 import Environment, TemplateError
from jinja2.ext import Extension

JINJA_MARKERS = ("{{", "{%", "{#")
# A template given as a URL, an abbreviation (gh:org/repo) or user@host:path; not a Windows drive (C:\...).
REMOTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:|[^/\\]+@[^/\\]+:")


def retry_hint(
    answers: Mapping[str, Any],
    *,
    refused: str,
    template_root: Path,
    directory: str | None = None,
    given: Mapping[str, Any] | None = None,
) -> str:
    """What to run to answer again, or "" when ``answers`` do not come from a cookiecutter bake (e.g. cruft).

    ``refused`` names the refused answer; ``directory`` is the sub-template's directory in ``template_root``.
    """
    if "_output_dir" not in answers or "_commit" in answers or not answers.get("_template"):
        return ""
    template_dir = template_root / directory if directory else template_root
    defaults: dict[str, Any] = json.loads((template_dir / "cookiecutter.json").read_text(encoding="utf-8"))
    source = _source(answers, template_root, directory)
    again = [*_program(), *source, *_answer_arguments(answers, defaults, given or {})]
    lines = [
        f"To answer again, run the command below: every question offers your last answer (Enter keeps it), so only"
        f" {refused} needs typing.",
        f"  {shlex.join(again)}",
    ]
    replay = replay_file(answers, defaults, [template_dir.name, Path(str(answers.get("_repo_dir", ""))).name])
    if replay is not None:
        lines += [
            f"Or correct {refused} in the answers saved in {replay} and replay them:",
            f"  {shlex.join([*_program(), '--replay-file', str(replay), *source])}",
        ]
    return "\n".join(lines)


def _program() -> list[str]:
    """``cookiecutter`` when that command runs this interpreter, else this interpreter with ``-m cookiecutter``."""
    found = shutil.which("cookiecutter")
    here = Path(sys.executable)
    if found is not None and Path(found).resolve().parent in {here.parent, here.resolve().parent}:
        return ["cookiecutter"]
    return [sys.executable, "-m", "cookiecutter"]


def _source(answers: Mapping[str, Any], template_root: Path, directory: str | None) -> list[str]:
    """The template argument and the options that put the output where it went."""
    template = str(answers["_template"])
    source = [template] if REMOTE.match(template) or template.endswith(".zip") else [str(template_root)]
    if REMOTE.match(template) and answers.get("_checkout"):
        source += ["--checkout", str(answers["_checkout"])]
    if directory:
        source += ["--directory", directory, "--overwrite-if-exists"]
    return [*source, "--output-dir", str(answers["_output_dir"])]


def _answer_arguments(answers: Mapping[str, Any], defaults: Mapping[str, Any], given: Mapping[str, Any]) -> list[str]:
    """``key=value`` for every answer in the order of the questions, but for those that would not help.

    Left out: an answer computed from others and left as computed (asking again computes it afresh), a
    choice outside its list (cookiecutter refuses such an argument before asking anything) and an answer
    with Jinja syntax (cookiecutter would evaluate it again).
    """
    arguments = []
    for key, default in defaults.items():
        if key.startswith("_") or key not in answers:
            continue
        value = answers[key]
        if isinstance(default, list) and value not in default:
            continue
        if isinstance(default, str) and _computed(default, answers) == str(value):
            continue
        typed = given.get(key, value)
        if isinstance(typed, str) and typed != default and any(marker in typed for marker in JINJA_MARKERS):
            continue
        arguments.append(f"{key}={_text(value)}")
    return arguments


def _computed(default: str, answers: Mapping[str, Any]) -> str | None:
    """``default`` rendered from ``answers`` when it is computed from them (it has Jinja syntax), else None."""
    if not any(marker in default for marker in JINJA_MARKERS):
        return None
    from cookiecutter.environment import StrictEnvironment

    environment: Environment = StrictEnvironment(
        context={"cookiecutter": {"_extensions": ["layered_template.jinja.LayeredExtension"]}}
    )
    try:
        return environment.from_string(default).render(cookiecutter=dict(answers))
    except TemplateError:
        return None


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def replay_file(answers: Mapping[str, Any], defaults: Mapping[str, Any], names: list[str]) -> Path | None:
    """cookiecutter's replay file of this bake (``names``: the template's possible names), when it holds ``answers``.

    Only the user's configuration file is read (a ``--config-file`` is not known here); a replay file whose
    answers differ from these is not this bake's.
    """
    from cookiecutter.config import get_user_config
    from cookiecutter.exceptions import CookiecutterException

    try:
        replay_dir = Path(get_user_config()["replay_dir"])
    except (CookiecutterException, OSError, KeyError):
        return None
    keys = [key for key in defaults if not key.startswith("_")] + ["_output_dir"]
    for name in dict.fromkeys(name for name in names if name):
        path = replay_dir / f"{name}.json"
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))["cookiecutter"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if isinstance(saved, dict) and all(saved.get(key) == answers.get(key) for key in keys):
            return path
    return None


class _DropHookTraceback(logging.Filter):
    """Keeps cookiecutter's "Stopping generation" line after a failed hook but not its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], FailedHookException):
            record.exc_info = None
            record.exc_text = None
        return True


HOOK_LOGGER = "cookiecutter.hooks"


class HookFailureWithoutTraceback(Extension):
    """Jinja extension with no template syntax: loading it silences cookiecutter's traceback after a hook fails.

    cookiecutter loads ``_extensions`` in its own process before it runs any hook; a hook that refuses an
    answer prints the reason itself, so the traceback (cookiecutter's own frames) would only bury it.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        hook_logger = logging.getLogger(HOOK_LOGGER)
        if not any(isinstance(existing, _DropHookTraceback) for existing in hook_logger.filters):
            hook_logger.addFilter(_DropHookTraceback())
