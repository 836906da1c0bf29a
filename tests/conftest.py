"""Bakes shared by the template's tests: each set of answers is baked once per run."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cookiecutter.main import cookiecutter

TEMPLATE = Path(__file__).resolve().parent.parent

Bake = Callable[..., Path]


def bake_into(output_dir: Path, **answers: Any) -> Path:
    """Bake the template with ``answers`` (tests off) into ``output_dir``; the project's path."""
    context = {"run_tests": "no", **answers}
    return Path(
        cookiecutter(
            str(TEMPLATE),
            no_input=True,
            extra_context=context,
            output_dir=str(output_dir),
            default_config=True,
        )
    )


@pytest.fixture(scope="session")
def bake(tmp_path_factory: pytest.TempPathFactory) -> Bake:
    """Bake once per distinct set of answers and reuse the result (treat it as read-only)."""
    baked: dict[str, Path] = {}

    def get(**answers: Any) -> Path:
        key = json.dumps(answers, sort_keys=True)
        if key not in baked:
            baked[key] = bake_into(tmp_path_factory.mktemp("bake"), **answers)
        return baked[key]

    return get
