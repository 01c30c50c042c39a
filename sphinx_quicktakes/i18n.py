"""Translatable labels: the extension's own message catalog (``locale/``)."""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

MESSAGE_CATALOG = "sphinx_quicktakes"
LOCALE_DIR = Path(__file__).parent / "locale"

#: Labels placed on pages, translated into the site's ``language``.
_ = get_translation(MESSAGE_CATALOG)
