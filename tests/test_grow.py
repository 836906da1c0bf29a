"""Adding a domain to a baked project (sub-template and cruft), and regenerating one (replay)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter

from layered_template.hooks import existing_domains, post_gen_domain, project_threshold
from layered_template.migrations import migration_head, read_revisions, revision_id
from layered_template.verify import next_steps

from .conftest import TEMPLATE, bake_into

EDIT = "\n\n# A change the team made.\n"


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of ``project`` except git's and cruft's own."""
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in project.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(project).parts and path.name != ".cruft.json"
    }


def add_domain(project: Path, **answers: str) -> None:
    """What `cookiecutter <template> --directory domain -f` does from the project's root."""
    cookiecutter(
        str(TEMPLATE),
        directory="domain",
        no_input=True,
        extra_context={"run_tests": "no", **answers},
        output_dir=str(project),
        overwrite_if_exists=True,
        default_config=True,
    )


def run_suite(project: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider", "--cov-fail-under=100"]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)


def served_paths(project: Path) -> set[str]:
    script = (
        "import json; from backend.main import create_application; "
        "print(json.dumps(list(create_application().openapi()['paths'])))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=project, capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout))


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)


def commit_all(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-qm", message)


def assert_domain_added(project: Path, before: dict[str, bytes], *, allowed_changes: set[str]) -> None:
    """The new domain is there, served and tested at 100%; the team's files are untouched."""
    after = snapshot(project)
    assert {name: after[name] for name in before if name not in allowed_changes} == {
        name: content for name, content in before.items() if name not in allowed_changes
    }
    assert after["backend/domain/artist/service.py"].endswith(EDIT.encode())
    added = set(after) - set(before)
    assert "backend/domain/exhibition/router.py" in added
    assert "tests/integration/test_exhibition_api.py" in added
    assert "/api/v1/exhibitions" in served_paths(project)
    result = run_suite(project)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "PASSED tests/integration/test_exhibition_api.py::" in result.stdout
    assert "PASSED tests/unit/domain/exhibition/test_exhibition_router.py::" in result.stdout


class TestAddDomainWithSubTemplate:
    def test_add_domain_to_edited_project_adds_served_tested_domain_and_keeps_edit(self, tmp_path: Path) -> None:
        # Arrange
        project = bake_into(tmp_path, project_slug="gallery", domains="artist")
        with (project / "backend" / "domain" / "artist" / "service.py").open("a", encoding="utf-8") as file:
            file.write(EDIT)
        before = snapshot(project)
        head = migration_head(project)

        # Act
        add_domain(project, domain="exhibition")

        # Assert
        assert_domain_added(project, before, allowed_changes=set())
        assert read_revisions(project)[revision_id("exhibition")] == (head,)
        assert migration_head(project) == revision_id("exhibition")
        lint = (["ruff", "check", "--no-cache", "."], ["ruff", "format", "--no-cache", "--check", "."], ["mypy"])
        for command in lint:
            checked = subprocess.run(
                [sys.executable, "-m", *command], cwd=project, capture_output=True, text=True, check=False
            )
            assert checked.returncode == 0, checked.stdout + checked.stderr

    def test_add_domain_referring_to_existing_domain_serves_and_tests_the_reference(self, tmp_path: Path) -> None:
        # Arrange
        project = bake_into(tmp_path, project_slug="gallery", domains="artist")

        # Act
        add_domain(project, domain="exhibition", fields="title:str!, artist:artist, curator:artist?")

        # Assert
        model = (project / "backend" / "dtos" / "exhibition.py").read_text(encoding="utf-8")
        assert 'artist_id: uuid.UUID = Field(foreign_key="artist.id", index=True)' in model
        result = run_suite(project)
        assert result.returncode == 0, result.stdout[-3000:]
        assert (
            "PASSED tests/integration/test_exhibition_api.py::TestExhibitionReferences::"
            "test_delete_artist_still_referenced_by_artist_id_returns_409" in result.stdout
        )

    def test_add_domain_to_jwt_project_gives_an_owned_protected_domain_with_its_tests(self, tmp_path: Path) -> None:
        # Arrange
        project = bake_into(tmp_path, project_slug="gallery", auth="jwt", domains="artist(name:str!)")

        # Act
        add_domain(project, domain="exhibition", fields="title:str!, artist:artist")

        # Assert
        model = (project / "backend" / "domain" / "exhibition" / "model.py").read_text(encoding="utf-8")
        router = (project / "backend" / "domain" / "exhibition" / "router.py").read_text(encoding="utf-8")
        assert 'owner_id: uuid.UUID = Field(foreign_key="user.id", index=True)' in model
        assert "dependencies=[Depends(get_current_user)]" in router
        result = run_suite(project)
        assert result.returncode == 0, result.stdout[-3000:]
        for test in (
            "TestExhibitionAccess::test_another_user_may_read_but_not_change_or_delete",
            "TestExhibitionAccess::test_request_without_token_returns_401_and_changes_nothing",
        ):
            assert f"PASSED tests/integration/test_exhibition_api.py::{test}" in result.stdout

    def test_add_domain_a_second_time_is_refused_and_changes_nothing(
        self, tmp_path: Path, capfd: pytest.CaptureFixture[str]
    ) -> None:
        # Arrange
        project = bake_into(tmp_path, project_slug="gallery", domains="artist")
        add_domain(project, domain="exhibition")
        before = snapshot(project)

        # Act
        with pytest.raises(FailedHookException):
            add_domain(project, domain="exhibition")

        # Assert
        assert "ERROR: domain: 'exhibition' already exists in this project" in capfd.readouterr().out
        assert snapshot(project) == before

    @pytest.mark.parametrize(
        ("answers", "message"),
        [
            ({"domain": "art_ist"}, "ERROR: domain: 'art_ist' and 'artist' would share a table"),
            ({"domain": "painter", "plural": "artists"}, "ERROR: plural: 'artist' already serves /api/v1/artists"),
        ],
    )
    def test_add_domain_colliding_with_existing_one_is_refused(
        self, tmp_path: Path, capfd: pytest.CaptureFixture[str], answers: dict[str, str], message: str
    ) -> None:
        # Arrange
        project = bake_into(tmp_path, project_slug="gallery", domains="artist")
        before = snapshot(project)

        # Act
        with pytest.raises(FailedHookException):
            add_domain(project, **answers)

        # Assert
        assert message in capfd.readouterr().out
        assert snapshot(project) == before


class TestCruft:
    @pytest.fixture
    def template_repo(self, tmp_path: Path) -> Path:
        """The template as a git repository (cruft records the commit it baked from)."""
        repo = tmp_path / "template"
        shutil.copytree(
            TEMPLATE,
            repo,
            ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", ".*_cache", ".coverage"),
        )
        git(repo, "init", "-q")
        commit_all(repo, "template")
        return repo

    def cruft(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        executable = Path(sys.executable).parent / "cruft"
        return subprocess.run([str(executable), *args], cwd=cwd, capture_output=True, text=True, check=False)

    def test_cruft_update_with_new_domain_adds_it_and_keeps_edit(self, tmp_path: Path, template_repo: Path) -> None:
        # Arrange
        answers = json.dumps({"project_slug": "gallery", "domains": "artist", "run_tests": "no"})
        created = self.cruft("create", str(template_repo), "--no-input", "--extra-context", answers, cwd=tmp_path)
        assert created.returncode == 0, created.stdout + created.stderr
        project = tmp_path / "gallery"
        git(project, "init", "-q")
        with (project / "backend" / "domain" / "artist" / "service.py").open("a", encoding="utf-8") as file:
            file.write(EDIT)
        commit_all(project, "baked, then edited")
        before = snapshot(project)

        # Act
        update = self.cruft(
            "update", "-y", "--variables-to-update", json.dumps({"domains": "artist, exhibition"}), cwd=project
        )

        # Assert
        assert update.returncode == 0, update.stdout + update.stderr
        assert_domain_added(project, before, allowed_changes={"README.md"})
        assert "/api/v1/exhibitions" in (project / "README.md").read_text(encoding="utf-8")

    def test_cruft_update_adding_existing_domain_again_changes_nothing(
        self, tmp_path: Path, template_repo: Path
    ) -> None:
        # Arrange
        answers = json.dumps({"project_slug": "gallery", "domains": "artist", "run_tests": "no"})
        self.cruft("create", str(template_repo), "--no-input", "--extra-context", answers, cwd=tmp_path)
        project = tmp_path / "gallery"
        git(project, "init", "-q")
        commit_all(project, "baked")
        before = snapshot(project)

        # Act
        update = self.cruft(
            "update", "-y", "--variables-to-update", json.dumps({"domains": "artist, artist"}), cwd=project
        )

        # Assert
        assert update.returncode != 0
        assert "ERROR: domains: 'artist' is given twice" in update.stdout + update.stderr
        assert snapshot(project) == before


def test_replay_with_recorded_answers_regenerates_identical_project(tmp_path: Path) -> None:
    # Arrange
    config = tmp_path / "config.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replay'}\ncookiecutters_dir: {tmp_path / 'cc'}\n", encoding="utf-8")
    first = Path(
        cookiecutter(
            str(TEMPLATE),
            no_input=True,
            extra_context={"domains": "artist, person", "run_tests": "no", "project_name": "Replay Me"},
            output_dir=str(tmp_path / "first"),
            config_file=str(config),
        )
    )

    # Act
    second = Path(
        cookiecutter(str(TEMPLATE), replay=True, output_dir=str(tmp_path / "second"), config_file=str(config))
    )

    # Assert
    assert snapshot(second) == snapshot(first)


class TestDomainHelpers:
    def test_existing_domains_returns_each_domain_with_its_plural(self, tmp_path: Path) -> None:
        # Arrange
        project = bake_into(tmp_path, domains="artist, person")

        # Act / Assert
        assert existing_domains(project) == {"artist": "artists", "person": "people"}

    def test_project_threshold_reads_coverage_fail_under(self, tmp_path: Path) -> None:
        # Arrange
        project = bake_into(tmp_path, domains="artist", coverage_threshold="91")

        # Act / Assert
        assert project_threshold(project) == 91

    def test_project_threshold_without_setting_defaults_to_80(self, tmp_path: Path) -> None:
        # Arrange
        (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")

        # Act / Assert
        assert project_threshold(tmp_path) == 80

    def test_post_gen_domain_without_tests_says_how_to_run_them(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Arrange: no uv on PATH
        monkeypatch.setenv("PATH", str(tmp_path / "bin"))
        out = io.StringIO()

        # Act
        code = post_gen_domain(
            {"domain": "exhibition", "plural": "exhibitions", "run_tests": "no"}, project_dir=tmp_path, out=out
        )

        # Assert
        assert code == 0
        lines = out.getvalue().splitlines()
        assert lines[:3] == [
            "added domain 'exhibition' under /api/v1/exhibitions",
            "tests not run (run_tests=no); the commands below set up .venv and run them",
            "Next:",
        ]
        assert "python3 -m venv .venv && .venv/bin/python -m pip install --upgrade pip && " in lines[4]
        assert lines[-1].startswith("  .venv/bin/python -m pytest ")
        assert "\n".join(lines[2:]) == next_steps(tmp_path, uv=False, set_up=True)
