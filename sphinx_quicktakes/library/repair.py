"""Repairs for damage that scraped QuickTakes files clearly carry.

Each repair is conservative: it fixes what is unambiguous (mojibake such as
``â‰¥`` for ``≥``, literal ``\\n`` paragraph breaks, BOMs, CRLF) and leaves
legitimate typography (curly quotes, dashes, accents, ligatures, full-width
characters, decomposed accents) exactly as written.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import ftfy
import ftfy.badness
import ftfy.chardata

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
    if _WINDOW and _unchanged(text):  # most of the rest: typography (’, ≥), which ftfy leaves alone
        return text
    return ftfy.fix_text(text, FTFY_CONFIG)


def _mojibake_window() -> int:
    """The longest match of ftfy's mojibake pattern, or 0 when :func:`_unchanged` cannot be trusted.

    ftfy decides whether text needs fixing by searching it for that pattern
    (``ftfy.badness.is_bad``), which costs about 0.1 ms per 1,000 characters;
    an answer is 2,500.  Every match holds a non-ASCII character and is at
    most this many characters long, so searching a few characters either side
    of each non-ASCII character gives the same answer.  Both facts are read
    from the pattern itself, so another ftfy version that breaks them turns
    the shortcut off instead of changing results.
    """
    pattern = ftfy.badness.BADNESS_RE
    if pattern.flags & re.IGNORECASE:  # case-folding could make a non-ASCII literal match ASCII
        return 0
    try:
        sre_constants = importlib.import_module("re._constants")  # Python 3.11+: the regex compiler's own parser
        sre_parser = importlib.import_module("re._parser")

        tree = sre_parser.parse(pattern.pattern, pattern.flags)
        widest = tree.getwidth()[1]
        return widest if widest <= 16 and _needs_non_ascii(list(tree), sre_constants) else 0
    except Exception:  # pragma: no cover - another Python's regex internals
        return 0


def _needs_non_ascii(items: list[tuple[Any, Any]], sre: Any) -> bool:
    """Whether every match of the parsed regex *items* contains a non-ASCII character."""
    for op, arg in items:
        if op is sre.LITERAL and arg > 0x7F:
            return True
        if op is sre.IN and all(
            (kind is sre.LITERAL and value > 0x7F) or (kind is sre.RANGE and value[0] > 0x7F) for kind, value in arg
        ):
            return True
        if op is sre.BRANCH and all(_needs_non_ascii(list(branch), sre) for branch in arg[1]):
            return True
        if op is sre.SUBPATTERN and _needs_non_ascii(list(arg[-1]), sre):
            return True
    return False


_WINDOW = _mojibake_window()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
#: Characters one of ftfy's other steps (or the pattern's ``^[ÃÂ]``, met per line) acts on: controls, C1
#: controls, surrogates, terminal escapes.  Text with none of them is left alone unless it looks like mojibake.
_OTHER_FIXES = re.compile(
    "[\x1b\x80-\x9f\ud800-\udfff\u00c2\u00c3"
    + "".join(re.escape(chr(code)) for code in sorted(ftfy.chardata.CONTROL_CHARS))
    + "]"
)


def _unchanged(text: str) -> bool:
    """True only when ``ftfy.fix_text(text, FTFY_CONFIG)`` would return *text* unchanged (see :func:`_mojibake_window`).

    With this configuration ftfy changes text only if the mojibake pattern
    matches it or it holds a character of ``_OTHER_FIXES``.
    """
    if _OTHER_FIXES.search(text):
        return False
    search, window, end = ftfy.badness.BADNESS_RE.search, _WINDOW, len(text)
    for run in _NON_ASCII.finditer(text):
        if search(text, max(run.start() - window, 0), min(run.end() + window, end)):
            return False
    return True


def fix_value(value: Any) -> Any:
    """:func:`fix_text` applied to every string inside a YAML value."""
    if isinstance(value, str):
        return fix_text(value)
    if isinstance(value, list):
        return [fix_value(item) for item in value]
    if isinstance(value, dict):
        return {key: fix_value(item) for key, item in value.items()}
    return value


#: C0 and C1 control characters but tab and newline: YAML escapes ("\\e", "\\0", "\\x7f") let them into values,
#: and XML (the Atom feeds, ePub) cannot hold them at all; nothing shows them either.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(value: Any) -> tuple[Any, set[str]]:
    """*value* without :data:`CONTROLS` in any of its strings (keys too), and the characters removed."""
    if isinstance(value, str):
        if CONTROLS.search(value) is None:
            return value, set()
        return CONTROLS.sub("", value), set(CONTROLS.findall(value))
    removed: set[str] = set()
    if isinstance(value, list):
        items = []
        for item in value:
            clean, found = strip_controls(item)
            items.append(clean)
            removed |= found
        return (items if removed else value), removed
    if isinstance(value, dict):
        mapping = {}
        for key, item in value.items():
            clean_key, found_in_key = strip_controls(key) if isinstance(key, str) else (key, set())
            clean, found = strip_controls(item)
            mapping[clean_key] = clean
            removed |= found | found_in_key
        return (mapping if removed else value), removed
    return value, removed


def control_names(removed: set[str]) -> str:
    """``U+0007, U+001B``: the removed characters, for a message."""
    return ", ".join(f"U+{ord(char):04X}" for char in sorted(removed))


def expand_literal_newlines(text: str) -> str:
    """Turn the two characters ``\\n`` (as stored in answers) into real newlines."""
    return _LITERAL_NEWLINE.sub("\n", text)
