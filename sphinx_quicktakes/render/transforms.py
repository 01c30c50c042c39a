"""Doctree transforms run on every page that shows QuickTakes."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .nodes import qt_heading, quicktake_article


class ArticleOutsideSection(SphinxTransform):
    """An article used inside a body element (a note, a list, a table cell)
    cannot be a section: LaTeX, for one, forbids sectioning there.  It becomes
    a ``div.qt-article`` whose question is a heading one level below the
    enclosing section, with the answer's headings shifted to match.
    """

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        for article in list(self.document.findall(quicktake_article)):
            if isinstance(article.parent, nodes.section | nodes.document):
                continue
            title = article[0]
            container = nodes.container(ids=article["ids"], classes=article["classes"], names=article["names"])
            container.source, container.line = article.source, article.line
            heading = qt_heading(title.rawsource, "", *title.children, depth=1, classes=["qt-question"])
            container += heading
            for child in article.children[1:]:
                for inner in child.findall(qt_heading):
                    inner["depth"] = inner.get("depth", 1) + 1
                container += child
            article.replace_self(container)
