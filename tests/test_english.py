"""The article before a domain name, as generated docstrings and the OpenAPI document show it."""

import pytest

from layered_template.english import article


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
