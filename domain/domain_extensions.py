"""Makes the template's Jinja extension importable when this sub-template runs on its own."""

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from layered_template.jinja import LayeredExtension  # noqa: E402

__all__ = ["LayeredExtension"]
