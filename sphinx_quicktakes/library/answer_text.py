"""What can be told of an answer's Markdown without rendering it.

The checker reports the same problems as the build without loading Sphinx,
and JSON-LD wants the answer as plain text; both read only the source.
"""

from __future__ import annotations

import re

_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
#: Links markdown-it refuses outright (so they stay literal text): worth telling the editor.
_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*((?:javascript|vbscript|data|file):)", re.IGNORECASE)
#: MyST role syntax (``{download}`x```), shown as text since roles are off in answers.
_MYST_ROLE = re.compile(r"\{([A-Za-z][\w:.-]*)\}`")


def scan(markdown: str) -> list[str]:
    """Problems visible in the source itself, each reported once per answer."""
    problems = []
    tags = sorted({match.group(1).lower() for match in _HTML_TAG.finditer(markdown)})
    if tags:
        problems.append(f"raw HTML ({', '.join(f'<{tag}>' for tag in tags)}) is shown as text, not rendered")
    schemes = sorted({match.group(1).lower() for match in _UNSAFE_LINK.finditer(markdown)})
    if schemes:
        problems.append(f"links with {', '.join(schemes)} URLs are shown as text, never as links")
    roles = sorted({match.group(1) for match in _MYST_ROLE.finditer(markdown)})
    if roles:
        problems.append(f"roles ({', '.join(f'{{{role}}}' for role in roles)}) are not run in an answer; shown as text")
    return problems


#: ``[text](url "title")`` and ``![alt](src)``; the URL may hold one level of balanced parentheses.
_MD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def plain_text(markdown: str) -> str:
    """The answer as plain text (for JSON-LD): safe Markdown without emphasis marks or link syntax."""
    text = _MD_LINK.sub(lambda match: match.group(2), markdown)
    return _EMPHASIS.sub(lambda match: match.group(2), text)
