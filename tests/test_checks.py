"""Checks of single answers: layered_template.checks."""

from __future__ import annotations

import json
import re

import pytest

from layered_template.checks import (
    DATABASES,
    AnswerError,
    check_bool,
    check_database,
    check_domain_name,
    check_no_jinja,
    check_project_slug,
    check_threshold,
)

from .conftest import TEMPLATE


class TestChecks:
    @pytest.mark.parametrize("slug", ["my_service", "svc2"])
    def test_check_project_slug_with_identifier_returns_it(self, slug: str) -> None:
        assert check_project_slug(slug) == slug

    @pytest.mark.parametrize(
        ("slug", "problem"),
        [
            ("my-service", "is not valid"),
            ("import", "keyword"),
            ("tests", "shadow"),
            ("", "is not valid"),
            ("json", "is a standard library module"),
            ("logging", "is a standard library module"),
            ("fastapi", "is a package the project depends on"),
            ("My_Service", "is not valid"),
        ],
    )
    def test_check_project_slug_with_bad_value_raises(self, slug: str, problem: str) -> None:
        with pytest.raises(AnswerError, match=rf"project_slug: .*{problem}"):
            check_project_slug(slug)

    def test_check_domain_name_with_valid_name_returns_it(self) -> None:
        assert check_domain_name("art_work") == "art_work"

    @pytest.mark.parametrize(("value", "expected"), [(80, 80), ("0", 0), (" 100 ", 100)])
    def test_check_threshold_with_whole_number_in_range_returns_int(self, value: object, expected: int) -> None:
        assert check_threshold(value) == expected

    @pytest.mark.parametrize(
        "value", ["101", "-1", "eighty", "80.5", "", "080", "00", "\u00b2", "\u0668\u0660", "0x50"]
    )
    def test_check_threshold_outside_range_raises(self, value: str) -> None:
        with pytest.raises(AnswerError, match=r"coverage_threshold: .* is not a whole number from 0 to 100"):
            check_threshold(value)

    @pytest.mark.parametrize(
        ("value", "expected"), [(True, True), ("yes", True), ("Y", True), ("no", False), ("0", False)]
    )
    def test_check_bool_with_yes_no_word_returns_bool(self, value: object, expected: bool) -> None:
        assert check_bool("run_tests", value) is expected

    def test_check_bool_with_other_word_raises(self) -> None:
        with pytest.raises(AnswerError, match="run_tests: 'maybe' is not a yes/no answer; use yes or no"):
            check_bool("run_tests", "maybe")

    def test_check_database_accepts_exactly_the_database_choices_of_the_template(self) -> None:
        # Arrange
        choices = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))["database"]

        # Act
        accepted = [check_database(choice) for choice in choices]

        # Assert
        assert accepted == list(DATABASES)


class TestCheckNoJinja:
    def test_check_no_jinja_with_template_default_accepts_it(self) -> None:
        # Arrange
        default = "{{ cookiecutter.project_name | slugify }}"

        # Act / Assert
        check_no_jinja({"project_slug": default, "domains": "artist"}, {"project_slug": default})

    @pytest.mark.parametrize("value", ["{{ 7 * 7 }}", "{% raw %}", "{# note #}"])
    def test_check_no_jinja_with_jinja_in_given_answer_raises(self, value: str) -> None:
        with pytest.raises(AnswerError, match=re.escape("description: contains Jinja syntax")):
            check_no_jinja({"description": value}, {"description": "A service."})
