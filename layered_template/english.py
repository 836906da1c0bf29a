"""English words around the names a user gives: the indefinite article before a noun."""

from __future__ import annotations

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
