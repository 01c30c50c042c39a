"""What can be told of an answer's Markdown without rendering it.

The checker reports the same problems as the build without loading Sphinx,
and JSON-LD wants the answer as plain text; both read only the source.
"""

from __future__ import annotations

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


#: ``[text](url "title")`` and ``![alt](src)``; the URL may hold one level of balanced parentheses.
_MD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def plain_text(markdown: str) -> str:
    """The answer as plain text (for JSON-LD): safe Markdown without emphasis marks or link syntax."""
    text = _MD_LINK.sub(lambda match: match.group(2), markdown)
    return _EMPHASIS.sub(lambda match: match.group(2), text)
