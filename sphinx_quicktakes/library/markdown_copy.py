"""Answers re-written as safe Markdown, for files published beside the pages.

The ``llms.txt`` copies must not carry what the rendered page refuses: raw
HTML, ``javascript:`` links, reference definitions, autolinks.  Regular
expressions over Markdown miss nested and reference forms, so the answer is
parsed with markdown-it (raw HTML off) and written out again from its syntax
tree: every text is escaped, and a link is re-created only for an http(s) or
mailto target, in the ``[text](<percent-encoded URL>)`` form that no URL can
break out of.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from .answer_text import heading_depths, paragraphs, too_deep

#: The only URL schemes that become links anywhere: in pages, cards and Markdown copies.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
#: What starts a block at the beginning of a line: headings, quotes, list markers.
_LINE_START = re.compile(r"^(\s*)([#>+\-=])", re.MULTILINE)
_LINE_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_URL_SAFE = ":/?#@!$'*+,;=%~-._&"


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def escape(text: str) -> str:
    """Text that Markdown shows as written, never as markup."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_NUMBER.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", text))


def safe_markdown(markdown: str, first_heading: int = 1) -> str:
    """*markdown* written out safely; its headings start at level *first_heading* (as on the page).

    An answer nested too deep for the syntax tree is written as escaped text, as the page shows it.
    """
    if too_deep(markdown) is not None:
        return "\n\n".join(escape(text) for text in paragraphs(markdown)) + "\n"
    tree = SyntaxTreeNode(_parser().parse(markdown))
    headings = [child for child in tree.children if child.type == "heading"]
    depths = heading_depths([int(heading.tag[1]) for heading in headings])
    level_of = {id(heading): min(6, first_heading - 1 + depth) for heading, depth in zip(headings, depths, strict=True)}
    blocks = [
        "#" * level_of[id(child)] + " " + _inline_children(child) if child.type == "heading" else _block(child)
        for child in tree.children
    ]
    return "\n\n".join(block for block in blocks if block).strip() + "\n"


def _block(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind == "paragraph":
        return _inline_children(node)
    if kind == "heading":
        return "#" * int(node.tag[1]) + " " + _inline_children(node)
    if kind in ("bullet_list", "ordered_list"):
        start = int(node.attrs.get("start", 1) or 1)
        items = []
        for index, item in enumerate(node.children):
            marker = f"{start + index}. " if kind == "ordered_list" else "- "
            tight = all(_hidden(child) for child in item.children if child.type == "paragraph")
            parts = [part for part in (_block(child) for child in item.children) if part]
            body = ("\n" if tight else "\n\n").join(parts)
            items.append(
                marker + "\n".join((" " * len(marker) + line).rstrip() for line in body.split("\n"))[len(marker) :]
            )
        return "\n".join(items)
    if kind == "blockquote":
        inner = "\n\n".join(_block(child) for child in node.children)
        return "\n".join("> " + line for line in inner.split("\n"))
    if kind in ("fence", "code_block"):
        fence = "`" * max(3, _longest_run(node.content, "`") + 1)
        return f"{fence}\n{node.content.rstrip()}\n{fence}"
    if kind == "hr":
        return "---"
    if kind == "table":
        rows = [row for section in node.children for row in section.children]
        lines = ["| " + " | ".join(_inline_children(cell) for cell in row.children) + " |" for row in rows]
        if lines:
            lines.insert(1, "|" + "---|" * len(rows[0].children))
        return "\n".join(lines)
    if kind == "inline":
        return _inline(node)
    return escape(node.content) if node.content else ""


def _hidden(node: SyntaxTreeNode) -> bool:
    """A paragraph of a tight list (no blank lines between items)."""
    return node.nester_tokens is not None and node.nester_tokens.opening.hidden


def _inline_children(node: SyntaxTreeNode) -> str:
    return "".join(_inline(child) for child in node.children)


def _inline(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind == "inline":
        return _inline_children(node)
    if kind == "text":
        return escape(node.content)
    if kind == "softbreak":
        return "\n"
    if kind == "hardbreak":
        return "\\\n"
    if kind == "strong":
        return f"**{_inline_children(node)}**"
    if kind == "em":
        return f"*{_inline_children(node)}*"
    if kind == "code_inline":
        ticks = "`" * (_longest_run(node.content, "`") + 1)
        return f"{ticks} {node.content} {ticks}"
    if kind == "link":
        text = _inline_children(node)
        href = str(node.attrs.get("href", ""))
        if urlsplit(href).scheme.lower() in SAFE_SCHEMES:
            return f"[{text}](<{quote(href, safe=_URL_SAFE)}>)"
        return text
    if kind == "image":
        return _inline_children(node)  # the description, never the image
    return escape(node.content) if node.content else _inline_children(node)


def _longest_run(text: str, char: str) -> int:
    return max((len(run) for run in re.findall(f"{re.escape(char)}+", text)), default=0)


def link(text: str, href: str) -> str:
    """``[text](<href>)`` with the text escaped and the URL encoded; just the text for unsafe schemes."""
    scheme = urlsplit(href).scheme.lower()
    if scheme and scheme not in SAFE_SCHEMES:  # a relative path of the site is fine
        return escape(text)
    return f"[{escape(text)}](<{quote(href, safe=_URL_SAFE)}>)"
