"""Doctree pieces shared by QuickTake articles and paper cards."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from .i18n import _


def keywords_block(keywords: Sequence[str]) -> nodes.container:
    """``Keywords: a, b, c`` with each keyword in its own ``span.qt-keyword``."""
    paragraph = nodes.paragraph()
    label = _("Keywords:") + " "
    paragraph += nodes.inline(label, label, classes=["qt-label"])
    for index, keyword in enumerate(keywords):
        if index:  # a real comma for text, PDF and screen readers; chips hide it visually
            paragraph += nodes.inline(", ", ", ", classes=["qt-sep"])
        paragraph += nodes.inline(keyword, keyword, classes=["qt-keyword"])
    container = nodes.container(classes=["qt-keywords"])
    container += paragraph
    return container


def separated(items: Sequence[nodes.Node], separator: str = " · ") -> list[nodes.Node]:
    """*items* with a ``span.qt-sep`` between each pair (a meta line)."""
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.inline(separator, separator, classes=["qt-sep"]))
        out.append(item)
    return out
