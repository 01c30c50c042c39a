"""An answer's Markdown written straight to HTML, as the node route (``answer.py``) would show it.

The same markdown-it parser as :func:`~.answer.render_answer` reads the answer; its tokens are
written as MyST's nodes are written by Sphinx's HTML5 translator.  Only what is common in
answers is written here: paragraphs, emphasis, strong text, inline code, line breaks, links
with an http(s) or mailto target, lists, headings at the answer's top level and thematic
breaks.  Anything else (code blocks, tables, quotes, images, links that are kept as text and
warned about, nesting too deep for the renderer) gives ``None``: the caller renders the article
through nodes, which also reports the answer's problems.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from markdown_it.tree import SyntaxTreeNode

from ..library.answer_text import heading_depths, scan_depth
from ..library.markdown_copy import SAFE_SCHEMES
from .answer import answer_parser
from .html_out import HtmlOut, UnsupportedError, emptytag, starttag

_LISTS = ("bullet_list", "ordered_list")


def answer_html(markdown: str, out: HtmlOut) -> bool:
    """Write *markdown* into *out*; False (and *out* as it was) when the node route must render it."""
    problems, depth = scan_depth(markdown)
    if problems or depth is not None:
        return False
    tree = SyntaxTreeNode(answer_parser().parse(markdown, {}))
    mark = len(out.parts)
    try:
        _blocks(out, tree.children, top=True)
    except UnsupportedError:
        del out.parts[mark:]
        out.close_block()
        return False
    return True


def _blocks(out: HtmlOut, children: list[SyntaxTreeNode], *, top: bool = False, compact: bool = False) -> None:
    headings = [int(node.tag[1]) for node in children if node.type == "heading"]
    depths = iter(heading_depths(headings))  # MyST's nested sections, flattened as ``answer.py`` does
    for node in children:
        kind = node.type
        if kind == "paragraph":
            _paragraph(out, node, in_item_alone=False)
        elif kind in _LISTS:
            _list(out, node, compact)
        elif kind == "heading" and top:
            depth = min(6, 1 + next(depths))  # the question is <h1>
            out.markup(starttag(f"h{depth}", ["qt-heading"]))
            _inline_block(out, node)
            out.markup(f"</h{depth}>\n")
        elif kind == "hr" and top:
            out.markup(emptytag("hr", ["qt-rule", "docutils"], "\n"))
        else:
            raise UnsupportedError(kind)


def _paragraph(out: HtmlOut, node: SyntaxTreeNode, *, in_item_alone: bool) -> None:
    out.markup("<p>")
    _inline_block(out, node)
    out.markup("</p>" if in_item_alone else "</p>\n")


def _inline_block(out: HtmlOut, node: SyntaxTreeNode) -> None:
    out.open_block()
    for child in node.children:  # the one "inline" token
        _inline(out, child.children)
    out.close_block()


def _simple(node: SyntaxTreeNode) -> bool:
    """docutils' ``SimpleListChecker``: each item is one paragraph or list, or a paragraph then a list."""
    for item in node.children:
        kinds = [child.type for child in item.children]
        if len(kinds) >= 2 and kinds[0] == "paragraph" and kinds[-1] in _LISTS:
            kinds.pop()
        if len(kinds) > 1 or (kinds and kinds[0] not in ("paragraph", *_LISTS)):
            return False
        if any(child.type in _LISTS and not _simple(child) for child in item.children):
            return False
    return True


def _list(out: HtmlOut, node: SyntaxTreeNode, compact: bool) -> None:
    simple = _simple(node)
    if node.type == "bullet_list":
        out.markup(starttag("ul", ["simple"] if simple and not compact else [], "\n"))
        closing = "</ul>\n"
        inner_compact = simple  # HTMLTranslator.compact_simple, for the lists inside
    else:
        start = node.attrs.get("start")
        attributes = {"start": start} if start is not None else {}
        out.markup(starttag("ol", ["arabic", *(["simple"] if simple else [])], "\n", **attributes))
        closing = "</ol>\n"
        inner_compact = compact  # an enumerated list leaves compact_simple as it found it
    for item in node.children:
        out.markup("<li>")
        alone = len(item.children) == 1
        for child in item.children:
            if child.type == "paragraph":
                _paragraph(out, child, in_item_alone=alone)
            elif child.type in _LISTS:
                _list(out, child, inner_compact)
            else:
                raise UnsupportedError(child.type)
        out.markup("</li>\n")
    out.markup(closing)


_TAGS = {"em": "em", "strong": "strong"}


def _inline(out: HtmlOut, children: list[SyntaxTreeNode]) -> None:
    for node in children:
        kind = node.type
        if kind == "text":
            out.text(node.content)
        elif kind == "softbreak":
            out.text("\n")
        elif kind == "hardbreak":  # MyST: raw HTML "<br />\n", then raw LaTeX, which HTML leaves out
            out.text("<br />\n", literal=True, shown=False)
            out.markup("<br />\n")
            out.text("\\\\\n", literal=True, shown=False)
        elif kind in _TAGS:
            out.markup(f"<{_TAGS[kind]}>")
            _inline(out, node.children)
            out.markup(f"</{_TAGS[kind]}>")
        elif kind == "code_inline":
            out.markup('<code class="docutils literal notranslate">')
            out.text(node.content, code=True)
            out.markup("</code>")
        elif kind == "link":
            _link(out, node)
        else:
            raise UnsupportedError(kind)


def _link(out: HtmlOut, node: SyntaxTreeNode) -> None:
    href = str(node.attrGet("href") or "")
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        raise UnsupportedError("link") from None
    if scheme not in SAFE_SCHEMES or scheme == "mailto":  # text and a warning; Sphinx cloaks addresses
        raise UnsupportedError("link")
    attributes: dict[str, object] = {"href": href or "#"}
    title = node.attrGet("title")
    if title is not None:
        attributes["title"] = title
    out.markup(starttag("a", ["reference", "external"], **attributes))
    _inline(out, node.children)
    out.markup("</a>")
