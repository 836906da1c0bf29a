"""Filters of the template's Jinja extension that turn values into generated source."""

import ast

import pytest

from layered_template.jinja import call_statement, python_string


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('"\\ud800"', "'\"\\\\ud800\"'"),
        ("it's", '"it\'s"'),
        ("both \" and '", '"both \\" and \'"'),
        ("back\\slash", '"back\\\\slash"'),
    ],
)
def test_python_string_quotes_like_ruff_format_and_reads_back(text: str, literal: str) -> None:
    # Act
    rendered = python_string(text)

    # Assert
    assert rendered == literal
    assert ast.literal_eval(rendered) == text


@pytest.mark.parametrize(
    ("head", "arguments", "expected"),
    [
        ("x: int = Field", [], "    x: int = Field()"),
        ("x: int = Field", ["default=None"], "    x: int = Field(default=None)"),
        ("x" * 100 + " = Field", ["a=1", "b=2"], "    " + "x" * 100 + " = Field(\n        a=1, b=2\n    )"),
        (
            "x = Field",
            ["a" * 60 + "=1", "b" * 60 + "=2"],
            "    x = Field(\n        " + "a" * 60 + "=1,\n        " + "b" * 60 + "=2,\n    )",
        ),
    ],
    ids=["no-arguments", "fits", "arguments-on-their-own-line", "one-per-line"],
)
def test_call_statement_lays_out_as_ruff_format_does(head: str, arguments: list[str], expected: str) -> None:
    assert call_statement(head, arguments) == expected
