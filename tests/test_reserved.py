"""Names the generated domain code imports, derived from the rendered domain sub-template."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cookiecutter.exceptions import FailedHookException

from layered_template.checks import AnswerError, check_domain_name
from layered_template.hooks import pre_gen_domain
from layered_template.reserved import (
    DERIVED_FILE,
    DOMAIN_FILES,
    FIELD_PREFIX,
    PLACEHOLDER,
    REFERENCED,
    derive,
    find_clash,
    imported_names,
    render_and_read,
    store,
    stored,
)
from layered_template.specs import parse_domain_specs, parse_fields

from .conftest import bake_into

# The names of the baked variants (tests/test_bake.py) and other names the generated code does not break on.
ACCEPTED_DOMAINS = ["artist", "artwork", "cactus", "data", "status", "client", "session", "item", "uuid", "self"]
ACCEPTED_FIELDS = [
    *("name", "bio", "born", "email", "nick", "title", "year", "price", "weight", "framed", "acquired"),
    *("code", "label", "artist_id", "curator_id", "date", "datetime", "decimal", "pytest", "itertools", "status"),
]


class TestImportedNames:
    def test_imported_names_of_domain_template_include_names_its_modules_import(self) -> None:
        # Act
        names = imported_names()

        # Assert
        assert {"Mapping", "Annotated", "uuid", "date", "select", "Settings", "make_row"} <= set(names)
        assert ("collections.abc", "from") in {(found.module, found.statement) for found in names["Mapping"]}
        assert {found.statement for found in names["uuid"]} == {"import"}

    def test_imported_names_leave_out_names_made_from_the_placeholder_domain(self) -> None:
        assert not [name for name in imported_names() if "placeholder" in name.lower()]

    def test_derive_called_twice_computes_once(self) -> None:
        assert derive() is derive()

    def test_kept_derivation_is_current_and_equals_a_fresh_one(self) -> None:
        # Act
        kept = stored(DERIVED_FILE)

        # Assert
        assert kept is not None, "layered_template/derived.json is stale: run python -m layered_template.reserved"
        assert kept == render_and_read()

    def test_stored_with_another_fingerprint_is_not_used(self, tmp_path: Path) -> None:
        # Arrange: a kept derivation, then one whose sources were different
        kept = tmp_path / "derived.json"
        store(kept)
        stale = tmp_path / "stale.json"
        stale.write_text(kept.read_text(encoding="utf-8").replace('"fingerprint": "', '"fingerprint": "0'))

        # Act / Assert
        assert stored(kept) == render_and_read()
        assert stored(stale) is None

    @pytest.mark.parametrize("content", [None, "", "[]", "{not json"], ids=["missing", "empty", "a-list", "broken"])
    def test_stored_without_a_readable_derivation_is_none(self, tmp_path: Path, content: str | None) -> None:
        # Arrange
        kept = tmp_path / "derived.json"
        if content is not None:
            kept.write_text(content, encoding="utf-8")

        # Act / Assert
        assert stored(kept) is None

    def test_domain_template_sources_never_contain_the_placeholders(self) -> None:
        # Arrange
        placeholders = {PLACEHOLDER, REFERENCED, FIELD_PREFIX, "PlaceholderDomain", "PlaceholderTarget"}

        # Act
        found = [
            (path.name, placeholder)
            for path in DOMAIN_FILES.rglob("*")
            if path.is_file()
            for placeholder in placeholders
            if placeholder in path.read_text(encoding="utf-8")
        ]

        # Assert
        assert found == []


class TestFindClash:
    @pytest.mark.parametrize(
        ("name", "clash", "module"),
        [
            ("mapping", "Mapping", "collections.abc"),
            ("annotated", "Annotated", "typing"),
            ("settings", "Settings", "backend.config"),
            ("row", "make_row", "tests.rows"),
        ],
    )
    def test_find_clash_with_domain_giving_an_imported_name_names_it_and_its_module(
        self, name: str, clash: str, module: str
    ) -> None:
        # Act
        found = find_clash("domain", name)

        # Assert
        assert found is not None
        assert found.name == clash
        assert {imported.module for imported in found.imports} == {module}

    @pytest.mark.parametrize("name", ACCEPTED_DOMAINS)
    def test_find_clash_with_domain_named_only_inside_longer_names_returns_none(self, name: str) -> None:
        assert find_clash("domain", name) is None

    @pytest.mark.parametrize(("name", "module"), [("uuid", "uuid"), ("select", "sqlmodel")])
    def test_find_clash_with_field_hiding_an_import_its_scope_uses_names_it(self, name: str, module: str) -> None:
        # Act
        found = find_clash("field", name)

        # Assert
        assert found is not None
        assert (found.name, {imported.module for imported in found.imports}) == (name, {module})

    @pytest.mark.parametrize("name", ACCEPTED_FIELDS)
    def test_find_clash_with_field_no_scope_of_it_imports_returns_none(self, name: str) -> None:
        assert find_clash("field", name) is None


class TestChecks:
    def test_check_domain_name_with_imported_class_name_raises_naming_file_and_module(self) -> None:
        # Arrange
        expected = (
            "domains: 'mapping' gives the class Mapping, which the generated backend/domain/mapping/service.py"
            " imports from collections.abc; choose another name"
        )

        # Act
        with pytest.raises(AnswerError) as caught:
            check_domain_name("mapping", answer="domains")

        # Assert
        assert str(caught.value) == expected

    def test_parse_fields_with_field_named_like_imported_module_raises_naming_it(self) -> None:
        # Arrange
        expected = (
            "fields: field 'uuid' at column 12 would shadow uuid, which the generated backend/dtos/<domain>.py"
            " imports as the module uuid; rename it"
        )

        # Act
        with pytest.raises(AnswerError) as caught:
            parse_fields("name:str!, uuid:uuid")

        # Assert
        assert str(caught.value) == expected

    def test_parse_domain_specs_with_baked_variant_names_accepts_them(self) -> None:
        # Arrange
        value = "data, status, client, session, item, uuid(name:str!, datetime:datetime?, decimal:decimal)"

        # Act
        specs = parse_domain_specs(value)

        # Assert
        assert [spec.name for spec in specs] == ["data", "status", "client", "session", "item", "uuid"]


class TestRefusedBeforeWriting:
    def test_bake_with_domain_named_after_formerly_unlisted_import_exits_and_leaves_nothing(
        self, tmp_path: Path, capfd: pytest.CaptureFixture[str]
    ) -> None:
        # Act
        with pytest.raises(FailedHookException):
            bake_into(tmp_path, domains="artist, mapping")

        # Assert
        output = capfd.readouterr()
        assert "ERROR: domains: 'mapping' gives the class Mapping, which the generated" in output.out
        assert "Traceback" not in output.out + output.err
        assert list(tmp_path.iterdir()) == []

    def test_pre_gen_domain_with_domain_named_after_import_returns_1_and_names_it(self, tmp_path: Path) -> None:
        # Arrange
        answers = {"domain": "annotated", "plural": "annotateds", "fields": "name:str!", "run_tests": "no"}
        out = io.StringIO()

        # Act
        code = pre_gen_domain(answers, project_dir=tmp_path, out=out)

        # Assert
        assert code == 1
        assert out.getvalue().startswith("ERROR: domain: 'annotated' gives the class Annotated, which the generated")
