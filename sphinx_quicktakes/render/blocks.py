"""Doctree pieces shared by QuickTake articles and paper cards."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from sphinx import addnodes

from ..i18n import _


def keywords_block(keywords: Sequence[str], labels: Sequence[str] = ()) -> nodes.container:
    """``Keywords: a, b, c`` with each keyword in its own ``span.qt-keyword``.

    With *labels* (one per keyword), each keyword links to that ``:ref:`` label:
    its section on the generated keyword index.
    """
    paragraph = nodes.paragraph()
    label = _("Keywords:") + " "
    paragraph += nodes.inline(label, label, classes=["qt-label"])
    for index, keyword in enumerate(keywords):
        if index:  # a real comma for text, PDF and screen readers; chips hide it visually
            paragraph += nodes.inline(", ", ", ", classes=["qt-sep"])
        text: nodes.Node = nodes.Text(keyword)
        if labels:  # the chip holds the link, so it keeps its class whatever the resolver makes
            text = addnodes.pending_xref(
                "",
                nodes.inline(keyword, keyword),
                refdomain="std",
                reftype="ref",
                reftarget=labels[index],
                refexplicit=True,
                refwarn=True,
            )
        paragraph += nodes.inline("", "", text, classes=["qt-keyword"])
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
