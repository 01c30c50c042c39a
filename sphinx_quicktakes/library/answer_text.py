"""What can be told of an answer's Markdown without rendering it.

The checker reports the same problems as the build without loading Sphinx,
and JSON-LD wants the answer as plain text; both read only the source.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token

#: Warning subtypes of answer problems: raw HTML apart, so that silencing one does not hide the other.
HTML = "html"
MARKDOWN = "markdown"


class AnswerProblem(NamedTuple):
    """Something in an answer that the site does not show as written."""

    subtype: str
    message: str


_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
#: Links markdown-it refuses outright (so they stay literal text): worth telling the editor.
_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|data|file):)", re.IGNORECASE)
#: MyST role syntax (``{download}`x```), shown as text since roles are off in answers.
_MYST_ROLE = re.compile(r"\{([A-Za-z][\w:.-]*)\}`")


#: Deepest nesting of Markdown structures (emphasis in emphasis, quotes in lists) an answer may have.
#: Real answers stay below 10; markdown-it's syntax tree and MyST's renderer recurse once per level and
#: exhaust Python's stack near 300 (``*a *a *a ... a* a*``), so deeper answers are shown as plain text.
MAX_NESTING = 50
_EMPHASIS_CHARS = re.compile(r"[*_]")
_OPENERS = re.compile(r"[\[>]")
_LIST_MARKER = re.compile(r"(?<!\S)(?:[-+*]|\d{1,9}[.)])(?!\S)")


@functools.cache
def _parser() -> MarkdownIt:
    """CommonMark with tables, raw HTML off: the structures MyST builds from an answer."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def nesting_depth(tokens: Sequence[Token]) -> int:
    """How deep markdown-it's *tokens* nest, block levels and inline levels together (without recursion)."""
    deepest = 0
    for token in tokens:
        deepest = max(deepest, token.level + max(token.nesting, 0))
        level = token.level
        for child in token.children or ():
            level += child.nesting if child.nesting > 0 else 0
            deepest = max(deepest, level)
            level += child.nesting if child.nesting < 0 else 0
    return deepest


def too_deep(markdown: str) -> int | None:
    """The nesting depth of *markdown* when it is over :data:`MAX_NESTING`, else None.

    Each level needs markup of its own (two ``*`` or ``_`` for emphasis, one ``[``
    or ``>``, one list marker for two levels; a table and a paragraph five at
    most), so an answer with too little markup for it is not parsed at all.
    """
    bound = len(_EMPHASIS_CHARS.findall(markdown)) // 2 + len(_OPENERS.findall(markdown))
    if 5 + bound + 2 * len(_LIST_MARKER.findall(markdown)) <= MAX_NESTING:
        return None
    depth = nesting_depth(_parser().parse(markdown))
    return depth if depth > MAX_NESTING else None


def scan(markdown: str) -> list[AnswerProblem]:
    """Problems visible in the source itself, each reported once per answer."""
    return scan_depth(markdown)[0]


def scan_depth(markdown: str) -> tuple[list[AnswerProblem], int | None]:
    """:func:`scan`'s problems, and :func:`too_deep`'s depth (the renderer shows such an answer as text)."""
    problems = []
    depth = too_deep(markdown)
    if depth is not None:
        problems.append(
            AnswerProblem(
                MARKDOWN,
                f"the answer's Markdown nests {depth} levels deep (more than {MAX_NESTING}); shown as plain text",
            )
        )
    tags = sorted({match.group(1).lower() for match in _HTML_TAG.finditer(markdown)})
    if tags:
        listed = ", ".join(f"<{tag}>" for tag in tags)
        problems.append(AnswerProblem(HTML, f"raw HTML ({listed}) is shown as text, not rendered"))
    schemes = sorted({match.group(1).lower() for match in _UNSAFE_LINK.finditer(markdown)})
    if schemes:
        message = f"links with {', '.join(schemes)} URLs are shown as text, never as links"
        problems.append(AnswerProblem(MARKDOWN, message))
    roles = sorted({match.group(1) for match in _MYST_ROLE.finditer(markdown)})
    if roles:
        listed = ", ".join(f"{{{role}}}" for role in roles)
        problems.append(AnswerProblem(MARKDOWN, f"roles ({listed}) are not run in an answer; shown as text"))
    return problems, depth


def paragraphs(markdown: str) -> list[str]:
    """The blocks of *markdown* between blank lines, for an answer shown as plain text."""
    return [block.strip() for block in re.split(r"\n\s*\n", markdown) if block.strip()]


def heading_depths(levels: list[int]) -> list[int]:
    """How deep below the question each of an answer's headings goes (1 = just below it).

    The first heading is at depth 1, whatever its ``#`` count; a later one
    nests under the closest earlier heading of a smaller level, so relative
    levels are kept and a skipped level (``###`` then ``#####``) leaves no
    gap.  These are the depths of MyST's nested sections too, so the pages
    and the Markdown copies agree.
    """
    open_levels: list[int] = []
    depths = []
    for level in levels:
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
        open_levels.append(level)
        depths.append(len(open_levels))
    return depths


#: After a link's ``]``: ``(`` and the URL, which may hold one level of balanced parentheses.
_LINK_TAIL = re.compile(r"\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?")
_SPACE_RUN = re.compile(r"\s*")
#: Emphasis delimiters in the order they are tried at one place: ``**`` before ``*``.
_STAR = ("**", "*")
_UNDERSCORE = ("__", "_")
#: Where each delimiter can close emphasis: right after a non-space character.
_CLOSERS = {
    "**": re.compile(r"(?<=\S)(?=\*\*)"),
    "__": re.compile(r"(?<=\S)(?=__)"),
    "*": re.compile(r"(?<=\S)\*"),
    "_": re.compile(r"(?<=\S)_"),
}
_QUOTES = "\"'"


@functools.lru_cache(maxsize=16)  # a page asks more than once: its search entry, description and JSON-LD
def plain_text(markdown: str) -> str:
    """The answer as plain text (for JSON-LD): safe Markdown without emphasis marks or link syntax.

    Both steps give what ``re.sub`` gave with the patterns ``(!?)\\[([^\\]]*)\\]\\(...\\)`` and
    ``(\\*\\*|__|\\*|_)(?=\\S)(.+?)(?<=\\S)\\1``, in linear time: those patterns searched to the end
    of the text (or line) again from every unclosed ``[`` or ``*``, and 120 KB of ``*a`` took two minutes.
    """
    return _strip_emphasis(_strip_links(markdown))


def _positions(pattern: re.Pattern[str], text: str) -> list[int]:
    return [match.start() for match in pattern.finditer(text)]


def _after(positions: list[int], start: int) -> int | None:
    """The first of the sorted *positions* at or after *start*."""
    index = bisect.bisect_left(positions, start)
    return positions[index] if index < len(positions) else None


def _strip_links(text: str) -> str:
    """``[text](url "title")`` and ``![alt](src)`` → their text; the link's text ends at its first ``]``."""
    closes = _positions(_CLOSE_BRACKET, text)
    parens = _positions(_CLOSE_PAREN, text)
    ends: dict[int, int | None] = {}  # the link's end, by the position of its "]"
    out: list[str] = []
    cursor = 0
    for opening in _OPEN_BRACKET.finditer(text):
        start = opening.start()
        if start < cursor:
            continue
        close = _after(closes, start + 1)
        if close is None or _after(parens, close) is None:  # every link ends with a ")"
            break
        if close not in ends:
            ends[close] = _link_end(text, close + 1, parens)
        end = ends[close]
        if end is None:
            continue
        begin = start - 1 if start > cursor and text[start - 1] == "!" else start
        out += [text[cursor:begin], text[start + 1 : close]]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _link_end(text: str, at: int, parens: list[int]) -> int | None:
    """Where ``(url "title")`` starting at *at* ends, or None if it is not one there."""
    tail = _LINK_TAIL.match(text, at)
    if tail is None:
        return None
    after = _SPACE_RUN.match(text, tail.end()).end()  # type: ignore[union-attr]  # \s* always matches
    if after > tail.end() and after < len(text) and text[after] in _QUOTES:
        end = _title_end(text, after, parens)
        if end is not None:
            return end
    if after < len(text) and text[after] == ")":
        return after + 1
    # Fewer spaces after "(": no URL, and the title starts at the first non-space.
    first = _SPACE_RUN.match(text, at + 1).end()  # type: ignore[union-attr]
    if first > at + 1 and first < len(text) and text[first] in _QUOTES:
        return _title_end(text, first, parens)
    return None


def _title_end(text: str, quote: int, parens: list[int]) -> int | None:
    """After a title's opening quote at *quote*: the end of ``"title")``, or None.

    The title ends at the last quote before the first ``)``, with only spaces between.
    """
    close = _after(parens, quote + 1)
    if close is None:
        return None
    last = close - 1
    while last > quote and text[last].isspace():
        last -= 1
    return close + 1 if last > quote and text[last] in _QUOTES else None


def _strip_emphasis(text: str) -> str:
    """``**a**``, ``__a__``, ``*a*``, ``_a_`` → ``a``: each opening closes at the nearest same delimiter on its line."""
    closers = {delimiter: _positions(pattern, text) for delimiter, pattern in _CLOSERS.items()}
    newlines = _positions(_NEWLINE, text)
    out: list[str] = []
    cursor = 0
    search = _OPENER.search
    candidate = search(text)
    while candidate is not None:
        start = candidate.start()
        candidate = search(text, start + 1)
        for delimiter in _STAR if text[start] == "*" else _UNDERSCORE:
            inner = start + len(delimiter)
            if not closers[delimiter] or inner >= len(text) or not text.startswith(delimiter, start):
                continue
            if text[inner].isspace():
                continue
            close = _after(closers[delimiter], inner + 1)
            if close is None:  # none later either
                closers[delimiter] = []
                continue
            line_end = _after(newlines, inner)
            if line_end is None or close < line_end:
                out += [text[cursor:start], text[inner:close]]
                cursor = close + len(delimiter)
                candidate = search(text, cursor)
                break
    out.append(text[cursor:])
    return "".join(out)


_OPEN_BRACKET = re.compile(r"\[")
_CLOSE_BRACKET = re.compile(r"\]")
_CLOSE_PAREN = re.compile(r"\)")
_NEWLINE = re.compile(r"\n")
#: Where emphasis may open: a delimiter character before a non-space one.
_OPENER = re.compile(r"[*_](?=\S)")
