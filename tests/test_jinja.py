"""Filters of the template's Jinja extension that turn values into generated source."""

import ast
from pathlib import Path

import pytest
from cookiecutter.environment import StrictEnvironment
from jinja2 import FileSystemLoader

from layered_template.jinja import call_statement, python_string


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('"\\ud800"', "'\"\\\\ud800\"'"),
        ("it's", '"it\'s"'),
        ("both \" and '", '"both \\" and \'"'),
        ("back\\slash", '"back\\\\slash"'),
        ('The "Best" Service', "'The \"Best\" Service'"),
        ('It\'s a "x"', "'It\\'s a \"x\"'"),
        ("line\nbreak\x00", '"line\\nbreak\\u0000"'),
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


class TestProcessBytecodeCache:
    @staticmethod
    def environment(folder: Path) -> StrictEnvironment:
        context = {"cookiecutter": {"_extensions": ["layered_template.jinja.LayeredExtension"]}}
        return StrictEnvironment(context=context, loader=FileSystemLoader(str(folder)))

    def test_template_compiled_in_one_environment_is_not_compiled_again_in_another(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Arrange
        (tmp_path / "model.py").write_text("class {{ name | pascal }}: ...\n", encoding="utf-8")
        first = self.environment(tmp_path).get_template("model.py").render(name="exhibit_item")
        second = self.environment(tmp_path)

        def compile_again(*args: object, **kwargs: object) -> None:
            raise AssertionError("compiled twice")

        monkeypatch.setattr(second, "compile", compile_again)

        # Act
        rendered = second.get_template("model.py").render(name="exhibit_item")

        # Assert
        assert rendered == first == "class ExhibitItem: ..."

    def test_template_whose_source_changed_is_compiled_anew(self, tmp_path: Path) -> None:
        # Arrange
        template = tmp_path / "router.py"
        template.write_text("old {{ name }}", encoding="utf-8")
        self.environment(tmp_path).get_template("router.py").render(name="artist")
        template.write_text("new {{ name }}", encoding="utf-8")

        # Act
        rendered = self.environment(tmp_path).get_template("router.py").render(name="artist")

        # Assert
        assert rendered == "new artist"
