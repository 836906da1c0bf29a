"""Case conversions between domain names and class names: layered_template.cases."""

import pytest

from layered_template.cases import pascal_case, snake_case


class TestCases:
    def test_pascal_case_of_snake_name_joins_capitalized_words(self) -> None:
        assert pascal_case("exhibition_catalog_entry") == "ExhibitionCatalogEntry"

    @pytest.mark.parametrize("name", ["artist", "exhibit_item", "exhibition_catalog_entry", "artist_v2"])
    def test_snake_case_of_pascal_name_reads_back_the_domain_name(self, name: str) -> None:
        assert snake_case(pascal_case(name)) == name

    def test_snake_case_of_name_with_digit_after_underscore_differs(self) -> None:
        assert snake_case(pascal_case("artist_2")) != "artist_2"
