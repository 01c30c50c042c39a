"""The site's ``language`` as a Babel locale, for dates and numbers written in that language."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError


def babel_locale(language: str | None) -> Locale:
    """*language* (``"fr"``, ``"de-AT"``, ``"en_GB"``) as a Babel locale; English when unset or unknown."""
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")
