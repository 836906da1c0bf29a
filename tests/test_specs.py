"""Parsing the domains answer and field lists: layered_template.specs."""

from __future__ import annotations

import json
import re

import pytest

from layered_template.checks import AnswerError
from layered_template.field_types import FIELD_TYPES
from layered_template.specs import (
    DEFAULT_FIELDS,
    FIELDS_EXAMPLE,
    FIELDS_SYNTAX,
    DomainSpec,
    parse_domain_specs,
    parse_domains,
    parse_fields,
)

from .conftest import TEMPLATE


class TestParseDomains:
    def test_parse_domains_with_spaces_and_commas_returns_names_in_order(self) -> None:
        assert parse_domains(" artist,artwork , person") == ["artist", "artwork", "person"]

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("", "domains: no domain given"),
            ("  ,  ", "domains: no domain given"),
            (", artist", "domains: entry 1 is empty"),
            ("artist,,artwork", "domains: entry 2 is empty"),
            ("artist, artist", "domains: 'artist' is given twice"),
            ("Artist", "domains: 'Artist' is not valid"),
            ("art-work", "domains: 'art-work' is not valid"),
            ("1artist", "domains: '1artist' is not valid"),
            ("class", "domains: 'class' is a Python keyword"),
            ("match", "domains: 'match' is a Python keyword"),
            ("backend", "domains: 'backend' is reserved"),
            ("tests", "domains: 'tests' is reserved"),
            ("artist_", "domains: 'artist_' starts or ends with an underscore"),
            ("a" * 17, "is 17 characters long; use at most 16"),
            ("artist[" + "a" * 31 + "]", "is 31 characters long; use at most 30"),
            ("artist(" + "a" * 21 + ":str)", "' at column 8 is 21 characters long; use at most 20"),
            ("artist; import os", "domains: cannot read 'artist; import os' at column 1; write name"),
            ("list", "domains: 'list' would shadow a Python builtin"),
            ("type", "domains: 'type' would shadow a Python builtin"),
            (
                "settings",
                "domains: 'settings' gives the class Settings, which the generated tests/unit/domain/settings",
            ),
            ("page_params", "domains: 'page_params' gives the class PageParams"),
            ("mapping", "domains: 'mapping' gives the class Mapping, which the generated backend/domain/mapping/"),
            ("artist, row(name:str!, artist:artist)", "domains: 'row' gives make_row, which the generated"),
            ("entity", "domains: 'entity' is reserved"),
            ("artist_2", "domains: 'artist_2' gives the class Artist2, whose name reads back as 'artist2'"),
            ("art__work", "domains: 'art__work' gives the class ArtWork, whose name reads back as 'art_work'"),
            ("artwork, art_work", "domains: 'artwork' and 'art_work' both get the table name artwork"),
            ("datum, data", "domains: 'datum' and 'data' both get the route /api/v1/data"),
            ("caf\u00e9", "domains: 'caf\u00e9' is not valid"),
            ("artist\nartwork", "domains: cannot read 'artist\\nartwork' at column 1"),
            ("artist(name:str", "domains: '(' at column 7 is never closed; balance ( ) and [ ]"),
            ("artist, artwork)", "domains: unexpected ')' at column 16"),
            ("person[people", "domains: '[' at column 7 is never closed"),
            ("person[the-people]", "domains: 'the-people' is not valid"),
            ("artist(name:str), art(title:blob)", "domains (art): unknown type 'blob' at column 29"),
            ("artist(name:str, name:int)", "domains (artist): field 'name' at column 18 is given twice"),
            ("artist(title str)", "domains (artist): cannot read 'title str' at column 8"),
            ("artist()", "domains (artist): cannot read '' at column 8"),
            ("person[humans], human", "domains: 'person' and 'human' both get the route /api/v1/humans"),
            ("artwork(artist:artist), artist", "domains (artwork): unknown type 'artist' at column 16"),
            ("artist, artwork(artist:artist!)", "domains (artwork): reference 'artist' at column 17 is marked unique"),
            ("artist(friend:artist)", "unknown type 'artist' at column 15; types are: str"),
            ("testimony", "domains: 'testimony' gives the class Testimony, which pytest would collect as tests"),
            ("pytest", "domains: 'pytest' is a package the project depends on"),
            ("sqlmodel", "domains: 'sqlmodel' is a package the project depends on"),
            ("o", "domains: 'o' reads like a digit in the class it gives"),
            ("artist(name:str(\u00b2))", "domains (artist): str(\u00b2) at column 13 is not a length"),
        ],
    )
    def test_parse_domains_with_bad_value_raises_error_naming_answer(self, value: str, message: str) -> None:
        with pytest.raises(AnswerError, match=re.escape(message)) as caught:
            parse_domains(value)
        assert caught.value.answer.startswith("domains")


class TestParseDomainSpecs:
    def test_parse_domain_specs_with_plurals_and_fields_returns_each_spec(self) -> None:
        # Act
        specs = parse_domain_specs("artist(name:str!, bio:text?), person[people], artwork ( title:str(200)! )")

        # Assert
        assert specs == [
            DomainSpec("artist", "artists", "name:str!, bio:text?"),
            DomainSpec("person", "people", DEFAULT_FIELDS),
            DomainSpec("artwork", "artworks", "title:str(200)!"),
        ]


class TestReferences:
    def test_parse_fields_with_domain_type_returns_reference_with_id_suffix(self) -> None:
        # Act
        owner, curator = parse_fields("owner:artist, curator:artist?", domains=["artist"])

        # Assert
        assert (owner.name, owner.reference, owner.target) == ("owner_id", "artist", "Artist")
        assert owner.python == "uuid.UUID"
        assert owner.column == 'foreign_key="artist.id", index=True'
        assert curator.column == 'default=None, foreign_key="artist.id", index=True'

    def test_parse_domain_specs_with_reference_to_earlier_domain_accepts_it(self) -> None:
        # Act
        specs = parse_domain_specs("artist, artwork(title:str!, artist:artist)")

        # Assert
        assert [spec.name for spec in specs] == ["artist", "artwork"]


class TestParseFields:
    def test_parse_fields_with_default_spec_returns_name_and_description(self) -> None:
        # Act
        name, description = parse_fields("name:str(100)!, description:str(1000)?")

        # Assert
        assert (name.name, name.max_length, name.unique, name.optional) == ("name", 100, True, False)
        assert (description.max_length, description.unique, description.optional) == (1000, False, True)
        assert name.column == "sa_type=String(100), unique=True, index=True"
        assert description.column == "default=None, sa_type=String(1000)"
        assert name.checked == "Annotated[str, Field(min_length=1, max_length=100), ONE_LINE]"
        assert description.checked == "Annotated[str, Field(max_length=1000), ONE_LINE]"
        assert name.annotation == "CleanStr"
        assert description.annotation == "CleanStr | None"

    def test_parse_fields_without_length_uses_default_length(self) -> None:
        assert parse_fields("title:str")[0].max_length == 255

    @pytest.mark.parametrize(
        ("spec", "message"),
        [
            ("name str", "cannot read 'name str' at column 1"),
            ("name:str, title:integer", "unknown type 'integer' at column 17"),
            ("name:str, name:str", "field 'name' at column 11 is given twice"),
            ("id:str", "field 'id' at column 1 is generated"),
            ("name:str, select:str!", "field 'select' at column 11 would shadow select, which the generated"),
            ("born:date, uuid:str", "field 'uuid' at column 12 would shadow uuid, which the generated"),
            ("metadata:str", "field 'metadata' at column 1 would shadow"),
            ("self:str!", "field 'self' at column 1 would shadow"),
            ("statement:int!", "field 'statement' at column 1 would shadow"),
            ("model_name:str", "field 'model_name' at column 1 would shadow"),
            ("name:str, json:text", "field 'json' at column 11 would shadow"),
            ("dict:int", "field 'dict' at column 1 would shadow"),
            ("name:str(0)", "length of 'name' at column 1 is 0"),
            ("name:str(10", "'(' at column 9 is never closed"),
            ("price:decimal(10,2)", "decimal(10,2) at column 7 takes no arguments; decimal takes no precision"),
            ("name:str!, price:decimal(10, 2)?", "decimal(10, 2) at column 18 takes no arguments"),
            ("count:int(5)", "int(5) at column 7 takes no arguments; only str(N) has one"),
            ("bio:text(500)", "text(500) at column 5 takes no arguments; text has no length"),
            ("name:str(abc)", "str(abc) at column 6 is not a length; write str(N)"),
            ("name:str(\u0668)", "str(\u0668) at column 6 is not a length; write str(N)"),
            ("name:str(100001)", "str(100001) at column 6 is longer than 100000 characters; use text for longer"),
            ("flag:bool!", "bool field 'flag' at column 1 is marked unique; a flag cannot be unique"),
            ("name:str, body:text!", "text field 'body' at column 11 is marked unique; a unique value is indexed"),
            ("code:str(601)!", "str(601) field 'code' at column 1 is marked unique; a unique value is indexed"),
            ("name:str, flag:bool?!", "bool field 'flag' at column 11 is marked unique"),
            ("name2:str!, name_2:str!", "fields 'name2' and 'name_2' (column 13) both give the test class name Name2"),
            ("l:int", "field 'l' at column 1 reads like the digit 1"),
            ("str:str!", "field 'str' at column 1 would hide the type str from other fields"),
            ("name:str, int:int", "field 'int' at column 11 would hide the type int"),
            ("sqlmodel_update:str", "field 'sqlmodel_update' at column 1 would shadow"),
            ("tags:list[str]", "unknown type 'list[str]' at column 6; types are: str, text"),
            ("name:str, owner:Artist", "unknown type 'Artist' at column 17"),
            ("bio:str?", "every field is optional"),
            ("Name:str", "'Name' is not valid"),
        ],
    )
    def test_parse_fields_with_bad_spec_raises_with_position(self, spec: str, message: str) -> None:
        with pytest.raises(AnswerError, match=re.escape(message)):
            parse_fields(spec)


class TestSyntaxShownInPrompts:
    def test_domains_prompt_example_parses_and_shows_a_plural_and_fields(self) -> None:
        # Arrange
        prompts = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))["__prompts__"]
        shown = prompts["domains"].replace("\\[", "[")  # as rich prints it

        # Act
        specs = parse_domain_specs(shown.split("e.g. ", 1)[1])

        # Assert
        assert "name[plural] or name(field:type, ...)" in shown
        assert any(spec.fields != DEFAULT_FIELDS for spec in specs)
        assert any(f"{spec.name}[{spec.plural}]" in shown for spec in specs)

    def test_fields_example_parses_when_the_domain_it_refers_to_came_before(self) -> None:
        # Act
        fields = parse_fields(FIELDS_EXAMPLE, domains=["artist"])

        # Assert
        assert [field.name for field in fields] == ["title", "year", "artist_id"]

    def test_fields_syntax_and_domain_fields_prompt_name_every_field_type(self) -> None:
        # Arrange
        prompts = json.loads((TEMPLATE / "domain" / "cookiecutter.json").read_text(encoding="utf-8"))["__prompts__"]

        # Act
        missing = [
            kind
            for kind in FIELD_TYPES
            for text in (FIELDS_SYNTAX, prompts["fields"])
            if not re.search(rf"\b{kind}\b", text)
        ]

        # Assert
        assert missing == []
