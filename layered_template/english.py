"""English words around the names a user gives: plurals of domain names, the indefinite article before a noun."""

from __future__ import annotations

import re

# Words that start with a vowel letter but a consonant sound ("a unit", "a one-off"), and the reverse.
CONSONANT_SOUNDS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ubi", "ura", "uro")
VOWEL_SOUNDS = ("hour", "honest", "honor", "honour", "heir")


def article(noun: str) -> str:
    """``artist`` -> ``an``, ``user`` -> ``a``, ``hour`` -> ``an``: the article that reads right before ``noun``."""
    word = noun.lower()
    if word.startswith(VOWEL_SOUNDS):
        return "an"
    if word.startswith(CONSONANT_SOUNDS):
        return "a"
    return "an" if word[:1] in set("aeiou") else "a"


IRREGULAR_PLURALS = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "mouse": "mice",
    "goose": "geese",
    "tooth": "teeth",
    "foot": "feet",
    "datum": "data",
    "criterion": "criteria",
    "index": "indices",
    "matrix": "matrices",
    "vertex": "vertices",
    "axis": "axes",
    "ox": "oxen",
    "quiz": "quizzes",
}
UNCOUNTABLE = frozenset({"equipment", "information", "news", "series", "species", "sheep", "fish", "data"})


def plural(name: str) -> str:
    """English plural of a snake_case name; only the last word changes."""
    head, _, last = name.rpartition("_")
    prefix = f"{head}_" if head else ""
    if last in UNCOUNTABLE:
        return name
    if last in IRREGULAR_PLURALS:
        return prefix + IRREGULAR_PLURALS[last]
    if last.endswith("sis"):  # analysis, basis, crisis, thesis: Greek -is becomes -es
        return prefix + last[:-2] + "es"
    if re.search(r"[^aeiou]y\Z", last):
        return prefix + last[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)\Z", last):
        return prefix + last + "es"
    return prefix + last + "s"
