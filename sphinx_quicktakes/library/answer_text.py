"""What can be told of an answer's Markdown without rendering it.

The checker reports the same problems as the build without loading Sphinx,
and JSON-LD wants the answer as plain text; both read only the source.
"""

from __future__ import annotations

import re
from typing import NamedTuple

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


def scan(markdown: str) -> list[AnswerProblem]:
    """Problems visible in the source itself, each reported once per answer."""
    problems = []
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
    return problems


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
