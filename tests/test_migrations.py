"""Revision ids and heads of a project's migrations, read without importing them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from layered_template.checks import AnswerError
from layered_template.migrations import heads, migration_head, read_revisions, revision_id


def write(project: Path, name: str, text: str) -> None:
    versions = project / "migrations" / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    (versions / name).write_text(text, encoding="utf-8")


class TestRevisionId:
    def test_revision_id_for_same_domain_is_stable_and_differs_between_domains(self) -> None:
        # Act
        ids = [revision_id("artist"), revision_id("artist"), revision_id("artwork")]

        # Assert
        assert ids[0] == ids[1] != ids[2]
        assert re.fullmatch(r"[0-9a-f]{12}", ids[0])


class TestReadRevisions:
    def test_read_revisions_with_plain_annotated_and_merge_files_returns_each_parent(self, tmp_path: Path) -> None:
        # Arrange
        write(tmp_path, "a.py", "revision = 'a'\ndown_revision = None\n")
        write(tmp_path, "b.py", 'revision: str = "b"\ndown_revision: str | None = "a"\n')
        write(tmp_path, "c.py", 'revision: str = "c"\ndown_revision: str | None = "a"\n')
        write(tmp_path, "m.py", 'revision = "m"\ndown_revision = ("b", "c")\n')

        # Act
        revisions = read_revisions(tmp_path)

        # Assert
        assert revisions == {"a": (), "b": ("a",), "c": ("a",), "m": ("b", "c")}
        assert heads(tmp_path) == ["m"]

    def test_read_revisions_without_versions_directory_returns_nothing(self, tmp_path: Path) -> None:
        # Act / Assert
        assert (read_revisions(tmp_path), migration_head(tmp_path)) == ({}, None)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("down_revision = None\n", "has no revision id"),
            ("revision = (\n", "cannot be read as Python"),
            ("revision = 'a'\ndown_revision = 7\n", "has an unreadable down_revision"),
        ],
    )
    def test_read_revisions_with_broken_file_names_it(self, tmp_path: Path, text: str, message: str) -> None:
        # Arrange
        write(tmp_path, "broken.py", text)

        # Act
        with pytest.raises(AnswerError) as raised:
            read_revisions(tmp_path)

        # Assert
        assert "broken.py" in str(raised.value)
        assert message in str(raised.value)


class TestMigrationHead:
    def test_migration_head_of_chain_returns_its_last_revision(self, tmp_path: Path) -> None:
        # Arrange
        write(tmp_path, "1.py", "revision = 'a'\ndown_revision = None\n")
        write(tmp_path, "2.py", "revision = 'b'\ndown_revision = 'a'\n")

        # Act / Assert
        assert migration_head(tmp_path) == "b"

    def test_migration_head_with_two_heads_refuses_and_says_how_to_merge(self, tmp_path: Path) -> None:
        # Arrange
        write(tmp_path, "1.py", "revision = 'a'\ndown_revision = None\n")
        write(tmp_path, "2.py", "revision = 'b'\ndown_revision = 'a'\n")
        write(tmp_path, "3.py", "revision = 'c'\ndown_revision = 'a'\n")

        # Act
        with pytest.raises(AnswerError, match=r"2 heads \(b, c\); merge them first: alembic merge heads"):
            migration_head(tmp_path)
