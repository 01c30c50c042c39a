"""Repairs for damage that scraped QuickTakes files clearly carry.

Each repair is conservative: it fixes what is unambiguous (mojibake such as
``â‰¥`` for ``≥``, literal ``\\n`` paragraph breaks, BOMs, CRLF) and leaves
legitimate typography (curly quotes, dashes, accents, ligatures, full-width
characters, decomposed accents) exactly as written.
"""

from __future__ import annotations

import re
from typing import Any

import ftfy

#: ftfy with every "normalising" fix turned off: only encoding repair remains.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # "&lt;script&gt;" must stay text, never become markup
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)

_LITERAL_NEWLINE = re.compile(r"\\r\\n|\\n")
#: Bytes that never appear in text files; their presence means "binary".
_BINARY_MARKERS = (b"\x00",)


class DecodeError(Exception):
    """The bytes are not text we can read; ``line`` is 1-based."""

    def __init__(self, subtype: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.subtype = subtype
        self.message = message
        self.line = line


def decode(data: bytes) -> str:
    """Bytes of a file to text: UTF-8 (with or without BOM), any line ending.

    Raises :class:`DecodeError` for binary data or invalid UTF-8, naming the
    line of the first bad byte so that the editor can find it.
    """
    head = data[:8192]
    if any(marker in head for marker in _BINARY_MARKERS):
        return _raise("binary", "binary file (NUL bytes), not a text file", data, head.find(b"\x00"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _raise(
            "encoding",
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            data,
            exc.start,
        )
    return normalize_newlines(text)


def _raise(subtype: str, message: str, data: bytes, offset: int) -> str:
    raise DecodeError(subtype, message, data.count(b"\n", 0, max(offset, 0)) + 1)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fix_text(text: str) -> str:
    """Undo mojibake (``â‰¥`` → ``≥``) without touching legitimate characters."""
    if text.isascii():  # the common case: nothing ftfy could fix
        return text
    return ftfy.fix_text(text, FTFY_CONFIG)


def fix_value(value: Any) -> Any:
    """:func:`fix_text` applied to every string inside a YAML value."""
    if isinstance(value, str):
        return fix_text(value)
    if isinstance(value, list):
        return [fix_value(item) for item in value]
    if isinstance(value, dict):
        return {key: fix_value(item) for key, item in value.items()}
    return value


def expand_literal_newlines(text: str) -> str:
    """Turn the two characters ``\\n`` (as stored in answers) into real newlines."""
    return _LITERAL_NEWLINE.sub("\n", text)
