"""How subjects and keywords are compared and turned into parts of URLs.

Loading, selection and the generated pages all group by these keys, so they
live in one place below all three.
"""

from __future__ import annotations

import re


def fold(text: str) -> str:
    """How subjects and keywords compare: case-insensitively, all whitespace runs as one space.

    Generated pages write them on one line, so a value with line breaks must still match.
    """
    return " ".join(text.split()).casefold()


def slug(text: str) -> str:
    """``"PET/CT imaging"`` → ``"pet-ct-imaging"``: letters of any script, digits, hyphens."""
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-") or "x"
