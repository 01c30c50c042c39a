"""Format a QuickTake's date with the file's own ``date_format``.

Files give moment.js-style patterns (``MMM DD, YYYY``).  They are translated
to Unicode LDML and formatted with Babel (already a Sphinx dependency), so the
month names follow the site's ``language``.
"""

from __future__ import annotations

import datetime as dt
import re

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

DEFAULT_FORMAT = "MMM D, YYYY"
#: moment.js token -> LDML token; longest tokens first so "MMMM" wins over "MM".
_TOKENS = {
    "YYYY": "yyyy",
    "YY": "yy",
    "MMMM": "MMMM",
    "MMM": "MMM",
    "MM": "MM",
    "M": "M",
    "Do": "d",
    "DD": "dd",
    "D": "d",
    "dddd": "EEEE",
    "ddd": "EEE",
}
_TOKEN_RE = re.compile("|".join(sorted(_TOKENS, key=len, reverse=True)) + r"|\[[^\]]*\]|[A-Za-z]+|[^A-Za-z\[]+")


def to_ldml(moment_format: str) -> str:
    """``"MMM DD, YYYY"`` → ``"MMM dd, yyyy"``; literal text is quoted for LDML."""
    out: list[str] = []
    literal: list[str] = []

    def flush() -> None:
        if literal:
            out.append("'" + "".join(literal).replace("'", "''") + "'")
            literal.clear()

    for token in _TOKEN_RE.findall(moment_format):
        if token in _TOKENS:
            flush()
            out.append(_TOKENS[token])
        else:
            literal.append(token[1:-1] if token.startswith("[") else token)
    flush()
    return "".join(out)


def format_quicktake_date(date: dt.date, moment_format: str, language: str | None) -> str:
    """*date* in *moment_format* (or the default), in the site's language."""
    try:
        locale = Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return format_date(date, to_ldml(moment_format or DEFAULT_FORMAT), locale=locale)
