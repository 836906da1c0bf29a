"""The article before a domain name, as generated docstrings and the OpenAPI document show it."""

import pytest

from layered_template.english import article, plural


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("artist", "an"),
        ("exhibit_item", "an"),
        ("order", "an"),
        ("user", "a"),
        ("unicorn", "a"),
        ("euro_rate", "a"),
        ("hour", "an"),
        ("honest_review", "an"),
        ("house", "a"),
        ("cactus", "a"),
        ("umbrella", "an"),
    ],
)
def test_article_before_noun_follows_its_first_sound(noun: str, expected: str) -> None:
    assert article(noun) == expected


class TestPlural:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("artist", "artists"),
            ("category", "categories"),
            ("day", "days"),
            ("status", "statuses"),
            ("box", "boxes"),
            ("match_batch", "match_batches"),
            ("person", "people"),
            ("sales_person", "sales_people"),
            ("series", "series"),
            ("child", "children"),
            ("analysis", "analyses"),
            ("risk_basis", "risk_bases"),
            ("axis", "axes"),
            ("ox", "oxen"),
            ("quiz", "quizzes"),
            ("matrix", "matrices"),
        ],
    )
    def test_plural_of_name_follows_english_rules(self, name: str, expected: str) -> None:
        assert plural(name) == expected
