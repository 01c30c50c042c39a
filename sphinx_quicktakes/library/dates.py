"""Format a QuickTake's date for the site's ``language``.

Files give moment.js-style patterns (``MMM DD, YYYY``) written for English
readers.  Under English they are translated to Unicode LDML and formatted with
Babel (already a Sphinx dependency).  Under any other language the file's
pattern would put French month names in an English order ("déc. 11, 2024"), so
the locale's own medium date format is used instead: "11 déc. 2024" in French,
"11.12.2024" in German.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from babel.dates import format_date

from .locales import babel_locale

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


@functools.lru_cache(maxsize=8192)  # index pages show each article's date, and dates repeat: Babel once per date
def format_quicktake_date(date: dt.date, moment_format: str, language: str | None) -> str:
    """*date* for the site's *language*: the file's *moment_format* (or the default) under English,
    the locale's medium format under any other language.  An unknown language counts as English."""
    locale = babel_locale(language)
    if locale.language == "en":
        return format_date(date, to_ldml(moment_format or DEFAULT_FORMAT), locale=locale)
    return format_date(date, format="medium", locale=locale)
