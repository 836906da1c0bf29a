"""The case conversions between a domain's snake_case name and its PascalCase class name."""

from __future__ import annotations

import re


def pascal_case(name: str) -> str:
    """``art_work`` -> ``ArtWork``."""
    return "".join(part.capitalize() for part in name.split("_"))


def snake_case(name: str) -> str:
    """``ArtWork`` -> ``art_work``: the inverse of `pascal_case` (as the baked repository names a table)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
