"""Filters of the template's Jinja extension that turn values into generated source."""

import ast

import pytest

from layered_template.jinja import python_string


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
