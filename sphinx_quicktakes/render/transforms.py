"""Doctree transforms run on every page that shows QuickTakes."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .nodes import qt_cite_choice, qt_heading, qt_reference, quicktake_article


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


class CiteBoxForFormat(SphinxPostTransform):
    """The "Cite this" box for builders that are not HTML.

    Paper cannot offer a choice, so LaTeX, text, man and Texinfo show the
    reference in the first style alone.  Text and man pages are plain: there
    the reference loses its italics and bold rather than show ``*...*``.
    Runs on each builder's copy of the doctree, so the stored doctree keeps
    every style for the next HTML build.
    """

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        # As SphinxPostTransform.is_supported reads it; Sphinx 8.2's environment has no _builder_cls.
        builder_cls = getattr(self.env, "_builder_cls", None)
        builder_format = builder_cls.format if builder_cls is not None else self.app.builder.format
        if builder_format != "html":
            for choice in list(self.document.findall(qt_cite_choice)):
                first = next(iter(choice.findall(qt_reference)), None)
                choice.replace_self(first.deepcopy() if first is not None else [])
        if builder_format in ("text", "man"):
            for reference in self.document.findall(qt_reference):
                text = reference.astext()
                del reference[:]
                reference += nodes.Text(text)
