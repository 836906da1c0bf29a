"""The hook module: answer checks through real bakes, the post-gen steps and the verdict."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter

from layered_template.auth import AUTH_MARKER
from layered_template.hooks import FIELDS_INTRO, post_gen_project, pre_gen_domain, pre_gen_project
from layered_template.specs import DEFAULT_FIELDS, DomainSpec
from layered_template.verify import (
    KEEP_HINT,
    Steps,
    SuiteResult,
    read_junit,
    run_suite,
    verdict,
    verify,
)

from .conftest import TEMPLATE, bake_into

VALID = {"project_slug": "gallery", "domains": "artist, artwork", "coverage_threshold": 80, "run_tests": False}


class TestPreGenProject:
    def test_pre_gen_project_with_valid_answers_returns_0_silently(self) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        code = pre_gen_project(VALID, out=out)

        # Assert
        assert (code, out.getvalue()) == (0, "")

    @pytest.mark.parametrize(
        ("answer", "value", "message"),
        [
            ("project_slug", "my-service", "ERROR: project_slug: 'my-service' is not valid;"),
            ("project_slug", "class", "ERROR: project_slug: 'class' is a Python keyword;"),
            ("domains", "artist, artist", "ERROR: domains: 'artist' is given twice; each domain must appear once"),
            ("domains", "", "ERROR: domains: no domain given;"),
            ("coverage_threshold", "101", "ERROR: coverage_threshold: '101' is not a whole number from 0 to 100"),
            ("run_tests", "perhaps", "ERROR: run_tests: 'perhaps' is not a yes/no answer; use yes or no"),
            ("database", "mysql", "ERROR: database: 'mysql' is not supported; choose one of: sqlite, postgresql"),
            ("database", "PostgreSQL", "ERROR: database: 'PostgreSQL' is not supported"),
            ("auth", "oauth", "ERROR: auth: 'oauth' is not supported; choose one of: none, jwt"),
        ],
    )
    def test_pre_gen_project_with_bad_answer_returns_1_and_names_it(
        self, answer: str, value: str, message: str
    ) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        code = pre_gen_project(VALID | {answer: value}, out=out)

        # Assert
        assert code == 1
        assert out.getvalue().startswith(message)


class TestBakeRefusesBadAnswers:
    @pytest.mark.parametrize(
        ("answers", "message"),
        [
            ({"project_slug": "tests"}, "ERROR: project_slug: 'tests' would shadow"),
            ({"domains": "artist, class"}, "ERROR: domains: 'class' is a Python keyword"),
            ({"domains": "artist, Artwork"}, "ERROR: domains: 'Artwork' is not valid"),
            ({"domains": "health"}, "ERROR: domains: 'health' is reserved"),
            ({"domains": "auth"}, "ERROR: domains: 'auth' is reserved"),
            ({"auth": "jwt", "domains": "artist, user"}, "ERROR: domains: 'user' is taken by the auth package"),
            ({"auth": "jwt", "domains": "login[auth]"}, "ERROR: domains: 'auth' is taken by the auth package"),
            (
                {"auth": "jwt", "domains": "artist(name:str!), artwork(owner:artist)"},
                "ERROR: domains: artwork's field 'owner_id' is the column that records each row's owner (auth=jwt)",
            ),
            ({"auth": "jwt", "domains": "artist(owner_id:uuid)"}, "ERROR: domains: artist's field 'owner_id' is"),
            ({"coverage_threshold": "080"}, "ERROR: coverage_threshold: '080' is not a whole number"),
            ({"coverage_threshold": "eighty"}, "ERROR: coverage_threshold: 'eighty'"),
            ({"project_slug": "json"}, "ERROR: project_slug: 'json' is a standard library module"),
            ({"project_slug": "my service"}, "ERROR: project_slug: 'my service' is not valid"),
            ({"domains": ""}, "ERROR: domains: no domain given"),
            ({"domains": "artist, artist"}, "ERROR: domains: 'artist' is given twice"),
            ({"domains": "list"}, "ERROR: domains: 'list' would shadow a Python builtin"),
            ({"domains": "artwork, art_work"}, "both get the table name artwork"),
            ({"domains": "artist(name:blob)"}, "ERROR: domains (artist): unknown type 'blob' at column 13"),
            ({"domains": "artist(name:str"}, "ERROR: domains: '(' at column 7 is never closed"),
            ({"coverage_threshold": "101"}, "ERROR: coverage_threshold: '101' is not a whole number"),
            ({"coverage_threshold": "-5"}, "ERROR: coverage_threshold: '-5'"),
            ({"run_tests": "maybe"}, "ERROR: run_tests: 'maybe' is not a yes/no answer; use yes or no"),
            ({"run_tests": ""}, "ERROR: run_tests: '' is not a yes/no answer"),
            ({"ask_fields": "sometimes"}, "ERROR: ask_fields: 'sometimes' is not a yes/no answer"),
            ({"project_slug": "a" * 41}, f"ERROR: project_slug: '{'a' * 41}' is 41 characters long; use at most 40"),
            ({"description": "{{ 7 * 7 }}"}, "ERROR: description: contains Jinja syntax"),
            ({"author_name": "{% if true %}x{% endif %}"}, "ERROR: author_name: contains Jinja syntax"),
            ({"project_slug": "x'); __import__('os').system('touch pwned') #"}, "ERROR: project_slug:"),
            (
                {"domains": 'a"""); import os; os.system("touch pwned"); ("'},
                "ERROR: domains: unexpected ')' at column 5",
            ),
        ],
    )
    def test_bake_with_bad_answer_exits_with_message_and_leaves_nothing(
        self, tmp_path: Path, capfd: pytest.CaptureFixture[str], answers: dict[str, str], message: str
    ) -> None:
        # Act
        with pytest.raises(FailedHookException):
            bake_into(tmp_path, **answers)

        # Assert
        output = capfd.readouterr()
        assert message in output.out
        assert "Traceback" not in output.out + output.err
        assert list(tmp_path.iterdir()) == []
        assert not (tmp_path.parent / "pwned").exists()

    @pytest.mark.parametrize(("answer", "value"), [("database", "mysql"), ("auth", "oauth")])
    def test_bake_with_choice_outside_its_choices_is_refused_by_cookiecutter_before_anything_is_written(
        self, tmp_path: Path, answer: str, value: str
    ) -> None:
        # Arrange
        message = rf"^{value} provided for choice variable {answer}, but the choices are \["

        # Act
        with pytest.raises(ValueError, match=message):
            bake_into(tmp_path, **{answer: value})

        # Assert
        assert list(tmp_path.iterdir()) == []


class TestPreGenDomain:
    ANSWERS: ClassVar[dict[str, str]] = {
        "domain": "exhibition",
        "plural": "exhibitions",
        "fields": "name:str(100)!",
        "run_tests": "no",
    }

    @staticmethod
    def project(root: Path, *revisions: tuple[str, str | None]) -> Path:
        """The files that make ``root`` a project, with migration files (revision, down revision)."""
        (root / "backend" / "domain").mkdir(parents=True)
        (root / "backend" / "domain" / "__init__.py").touch()
        (root / "migrations" / "versions").mkdir(parents=True)
        (root / "migrations" / "env.py").touch()
        for revision, down in revisions:
            (root / "migrations" / "versions" / f"{revision}.py").write_text(
                f"revision: str = {revision!r}\ndown_revision: str | None = {down!r}\n", encoding="utf-8"
            )
        return root

    def test_pre_gen_domain_in_project_with_new_domain_returns_0(self, tmp_path: Path) -> None:
        # Arrange
        self.project(tmp_path, ("a1", None), ("b2", "a1"))

        # Act / Assert
        assert pre_gen_domain(self.ANSWERS, project_dir=tmp_path, out=io.StringIO()) == 0

    def test_pre_gen_domain_when_migrations_have_two_heads_returns_1(self, tmp_path: Path) -> None:
        # Arrange
        self.project(tmp_path, ("a1", None), ("b2", "a1"), ("c3", "a1"))
        out = io.StringIO()

        # Act
        code = pre_gen_domain(self.ANSWERS, project_dir=tmp_path, out=out)

        # Assert
        assert code == 1
        assert "ERROR: domain: the project's migrations have 2 heads (b2, c3); merge them first" in out.getvalue()

    def test_pre_gen_domain_in_project_without_migrations_returns_1(self, tmp_path: Path) -> None:
        # Arrange
        self.project(tmp_path)
        (tmp_path / "migrations" / "env.py").unlink()
        out = io.StringIO()

        # Act
        code = pre_gen_domain(self.ANSWERS, project_dir=tmp_path, out=out)

        # Assert
        assert code == 1
        assert "has no migrations/env.py" in out.getvalue()

    def test_pre_gen_domain_outside_project_returns_1(self, tmp_path: Path) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        code = pre_gen_domain(self.ANSWERS, project_dir=tmp_path, out=out)

        # Assert
        assert code == 1
        assert "is not a project made by this template" in out.getvalue()

    def test_pre_gen_domain_when_domain_exists_returns_1(self, tmp_path: Path) -> None:
        # Arrange
        self.project(tmp_path)
        (tmp_path / "backend" / "domain" / "exhibition").mkdir()
        out = io.StringIO()

        # Act
        code = pre_gen_domain(self.ANSWERS, project_dir=tmp_path, out=out)

        # Assert
        assert code == 1
        assert "ERROR: domain: 'exhibition' already exists in this project" in out.getvalue()

    @pytest.mark.parametrize(
        ("answers", "message"),
        [
            ({"plural": "auth"}, "ERROR: plural: 'auth' is taken by the auth package (auth=jwt)"),
            ({"domain": "user"}, "ERROR: domain: 'user' is taken by the auth package (auth=jwt)"),
            ({"fields": "name:str!, owner_id:uuid"}, "ERROR: fields: exhibition's field 'owner_id' is the column"),
        ],
    )
    def test_pre_gen_domain_in_jwt_project_with_an_auth_name_returns_1_naming_the_answer(
        self, tmp_path: Path, answers: dict[str, str], message: str
    ) -> None:
        # Arrange
        self.project(tmp_path)
        (tmp_path / AUTH_MARKER).parent.mkdir(parents=True)
        (tmp_path / AUTH_MARKER).touch()
        out = io.StringIO()

        # Act
        code = pre_gen_domain(self.ANSWERS | answers, project_dir=tmp_path, out=out)

        # Assert
        assert code == 1
        assert message in out.getvalue()

    @pytest.mark.parametrize(
        ("answer", "value", "message"),
        [("plural", "the-artists", "ERROR: plural:"), ("fields", "name:blob", "unknown type 'blob'")],
    )
    def test_pre_gen_domain_with_bad_answer_returns_1(
        self, tmp_path: Path, answer: str, value: str, message: str
    ) -> None:
        # Arrange
        self.project(tmp_path)
        out = io.StringIO()

        # Act
        code = pre_gen_domain(self.ANSWERS | {answer: value}, project_dir=tmp_path, out=out)

        # Assert
        assert code == 1
        assert message in out.getvalue()


class TestDomainTemplateRefusesBadAnswers:
    @pytest.mark.parametrize(
        ("answers", "message"),
        [
            ({"domain": "class"}, "ERROR: domain: 'class' is a Python keyword"),
            ({"domain": "Exhibition"}, "ERROR: domain: 'Exhibition' is not valid"),
            ({"domain": "artist"}, "ERROR: domain: 'artist' already exists in this project"),
            ({"domain": "list"}, "ERROR: domain: 'list' would shadow a Python builtin"),
            ({"domain": "exhibition", "plural": "the-exhibitions"}, "ERROR: plural: 'the-exhibitions' is not valid"),
            ({"domain": "exhibition", "fields": "title:blob"}, "ERROR: fields: unknown type 'blob' at column 7"),
            ({"domain": "exhibition", "fields": "title str"}, "ERROR: fields: cannot read 'title str' at column 1"),
            (
                {"domain": "exhibition", "fields": "title:str, painter:painter"},
                "ERROR: fields: unknown type 'painter' at column 20",
            ),
            ({"domain": "exhibition", "fields": "{{ 7 * 7 }}"}, "ERROR: fields: contains Jinja syntax"),
            ({"domain": "exhibition", "run_tests": "maybe"}, "ERROR: run_tests: 'maybe' is not a yes/no answer"),
        ],
    )
    def test_domain_template_with_bad_answer_changes_nothing(
        self, tmp_path: Path, capfd: pytest.CaptureFixture[str], answers: dict[str, str], message: str
    ) -> None:
        # Arrange
        project = bake_into(tmp_path, domains="artist")
        before = snapshot(project)

        # Act
        with pytest.raises(FailedHookException):
            add_domain(project, **answers)

        # Assert
        assert message in capfd.readouterr().out
        assert snapshot(project) == before

    def test_domain_template_outside_project_writes_nothing(
        self, tmp_path: Path, capfd: pytest.CaptureFixture[str]
    ) -> None:
        # Act
        with pytest.raises(FailedHookException):
            add_domain(tmp_path, domain="exhibition")

        # Assert
        assert "is not a project made by this template" in capfd.readouterr().out
        assert list(tmp_path.iterdir()) == []


def snapshot(project: Path) -> dict[str, bytes]:
    return {str(path.relative_to(project)): path.read_bytes() for path in project.rglob("*") if path.is_file()}


def add_domain(project: Path, **answers: str) -> None:
    cookiecutter(
        str(TEMPLATE / "domain"),
        no_input=True,
        extra_context=answers,
        output_dir=str(project),
        overwrite_if_exists=True,
        default_config=True,
    )


class TestPostGenProject:
    def test_post_gen_project_without_tests_renders_each_domain_and_says_how_to_test(self, tmp_path: Path) -> None:
        # Arrange
        rendered: list[str] = []
        out = io.StringIO()

        # Act
        code = post_gen_project(
            VALID, project_dir=tmp_path, out=out, render=lambda _project, spec: rendered.append(spec.name)
        )

        # Assert
        assert code == 0
        assert rendered == ["artist", "artwork"]
        lines = out.getvalue().splitlines()
        assert lines[0] == "[ .... ] rendering 2 domain(s): artist, artwork ..."
        assert lines[1].endswith("s] rendered 2 domain(s): artist, artwork")
        assert lines[2] == "tests not run (run_tests=no); the commands below set up .venv and run them"
        assert lines[3] == "Next:"
        assert lines[-1].split("   #")[0].strip() in {"uv run pytest", ".venv/bin/python -m pytest"}

    def test_post_gen_project_with_ask_fields_renders_answered_plural_and_fields(self, tmp_path: Path) -> None:
        # Arrange
        replies = iter(["", "name:str!", "cacti", "label:blob", "", "label:str(600)!, owner:artist"])
        asked: list[str] = []

        def ask(question: str, default: str) -> str:
            asked.append(f"{question} [{default}]")
            return next(replies) or default

        rendered: list[DomainSpec] = []
        out = io.StringIO()

        # Act
        code = post_gen_project(
            VALID | {"domains": "artist, cactus", "ask_fields": "yes"},
            project_dir=tmp_path,
            out=out,
            render=lambda _project, spec: rendered.append(spec),
            ask=ask,
        )

        # Assert
        assert code == 0
        assert rendered == [
            DomainSpec("artist", "artists", "name:str!"),
            DomainSpec("cactus", "cacti", "label:str(600)!, owner:artist"),
        ]
        assert asked[0] == "[1/4] artist: plural [artists]"
        assert asked[3:6] == [
            f"[4/4] cactus: fields [{DEFAULT_FIELDS}]",
            "[4/4] cactus: fields [label:blob]",
            "[4/4] cactus: fields [label:blob]",
        ]
        assert out.getvalue().startswith(FIELDS_INTRO)
        assert out.getvalue().count("ERROR: fields: unknown type 'blob' at column 7") == 2

    def test_post_gen_project_with_ask_fields_refuses_bad_plural_until_valid(self, tmp_path: Path) -> None:
        # Arrange
        replies = iter(["the-artists", "painters", ""])
        rendered: list[DomainSpec] = []
        out = io.StringIO()

        # Act
        post_gen_project(
            VALID | {"domains": "artist", "ask_fields": "yes"},
            project_dir=tmp_path,
            out=out,
            render=lambda _project, spec: rendered.append(spec),
            ask=lambda _question, default: next(replies) or default,
        )

        # Assert
        assert rendered == [DomainSpec("artist", "painters", DEFAULT_FIELDS)]
        assert "ERROR: plural: 'the-artists' is not valid" in out.getvalue()

    @pytest.mark.parametrize(
        ("auth", "taken", "message"),
        [
            ("none", "artworks", "ERROR: plural: /api/v1/artworks is taken by another domain"),
            ("jwt", "auth", "ERROR: plural: /api/v1/auth is taken by auth"),
        ],
    )
    def test_post_gen_project_with_ask_fields_refuses_a_taken_plural_until_free(
        self, tmp_path: Path, auth: str, taken: str, message: str
    ) -> None:
        # Arrange: artist's plural answered with a route already taken, then a free one
        replies = iter([taken, "painters", "", "", ""])
        rendered: list[DomainSpec] = []
        out = io.StringIO()

        # Act
        post_gen_project(
            VALID | {"domains": "artist, artwork", "ask_fields": "yes", "auth": auth, "run_tests": "no"},
            project_dir=tmp_path,
            out=out,
            render=lambda _project, spec: rendered.append(spec),
            ask=lambda _question, default: next(replies) or default,
        )

        # Assert
        assert [spec.plural for spec in rendered] == ["painters", "artworks"]
        assert message in out.getvalue()

    def test_post_gen_project_with_ask_fields_when_input_ends_returns_1_and_renders_nothing(
        self, tmp_path: Path
    ) -> None:
        # Arrange
        rendered: list[DomainSpec] = []
        out = io.StringIO()

        def ask(_question: str, _default: str) -> str:
            raise EOFError

        # Act
        code = post_gen_project(
            VALID | {"domains": "artist", "ask_fields": "yes"},
            project_dir=tmp_path,
            out=out,
            render=lambda _project, spec: rendered.append(spec),
            ask=ask,
        )

        # Assert
        assert (code, rendered) == (1, [])
        assert out.getvalue().startswith(f"{FIELDS_INTRO}\nERROR: ask_fields: the input ended before each domain's")

    def test_verify_when_environment_cannot_be_built_keeps_project_and_says_not_verified(self, tmp_path: Path) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        code = verify(tmp_path, 80, Steps(out), uv="", base_python=str(tmp_path / "no-such-python"))

        # Assert
        assert code == 0
        assert "NOT VERIFIED" in out.getvalue()
        assert ".venv/bin/python -m pytest" in out.getvalue()

    def test_verify_when_database_server_unreachable_keeps_project_and_says_not_verified(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Arrange: a .venv that is this environment, and a server nobody listens on
        project = bake_into(tmp_path, domains="artist", database="postgresql")
        python = project / ".venv" / "bin" / "python"
        python.parent.mkdir(parents=True)
        python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
        python.chmod(0o755)
        monkeypatch.setenv("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:1/nowhere_test")
        monkeypatch.setenv("COVERAGE_FILE", str(tmp_path / ".coverage"))
        monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
        out = io.StringIO()

        # Act
        code = verify(project, 80, Steps(out))

        # Assert
        assert code == 0
        assert "NOT VERIFIED: the test database server could not be reached" in out.getvalue()
        assert "reason: cannot connect to the test database server at postgresql+asyncpg://" in out.getvalue()
        assert "127.0.0.1:1/nowhere_test" in out.getvalue()


class TestVerdict:
    def test_verdict_with_passing_suite_above_threshold_returns_0_with_summary(self) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        code = verdict(SuiteResult(passed=64, coverage=100.0, coverage_display="100"), 80, Steps(out))

        # Assert
        assert code == 0
        assert out.getvalue() == "64 passed, coverage 100% (threshold 80%)\n"

    def test_verdict_with_coverage_below_threshold_returns_1(self) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        code = verdict(SuiteResult(passed=10, coverage=79.5, coverage_display="80"), 80, Steps(out))

        # Assert
        assert code == 1
        assert "below the threshold" in out.getvalue()
        assert KEEP_HINT in out.getvalue()

    def test_verdict_with_failed_tests_returns_1_and_names_them(self) -> None:
        # Arrange
        out = io.StringIO()
        result = SuiteResult(passed=3, failed=["tests.test_a::test_one"], coverage=100.0)

        # Act
        code = verdict(result, 80, Steps(out))

        # Assert
        assert code == 1
        assert "tests.test_a::test_one" in out.getvalue()
        assert "--keep-project-on-failure" in out.getvalue()

    def test_verdict_without_any_report_returns_1_and_shows_output(self) -> None:
        # Arrange
        out = io.StringIO()

        # Act
        code = verdict(SuiteResult(output="ImportError: no module named backend"), 80, Steps(out))

        # Assert
        assert code == 1
        assert "ImportError: no module named backend" in out.getvalue()


class TestReports:
    def test_read_junit_with_mixed_outcomes_counts_passed_and_names_failures(self, tmp_path: Path) -> None:
        # Arrange
        report = tmp_path / "junit.xml"
        report.write_text(
            '<testsuites><testsuite name="pytest">'
            '<testcase classname="tests.a" name="test_ok"/>'
            '<testcase classname="tests.a" name="test_bad"><failure message="x"/></testcase>'
            '<testcase classname="tests.b" name="test_err"><error message="y"/></testcase>'
            '<testcase classname="tests.b" name="test_skip"><skipped message="z"/></testcase>'
            "</testsuite></testsuites>",
            encoding="utf-8",
        )
        result = SuiteResult()

        # Act
        read_junit(report, result)

        # Assert
        assert result.passed == 1
        assert result.failed == ["tests.a::test_bad", "tests.b::test_err"]


def test_run_suite_in_path_with_spaces_and_non_ascii_reads_both_reports(tmp_path: Path) -> None:
    # Arrange
    project = bake_into(tmp_path / "my services \u00e9t\u00e9", domains="artist")

    # Act
    result = run_suite(Path(sys.executable), project)

    # Assert
    assert result.failed == []
    assert result.passed >= 50
    assert result.coverage == 100.0
