"""Doctree nodes of the extension and their HTML visitors.

Each node subclasses a standard docutils node, so every builder without a
visitor of ours (LaTeX, text, man, texinfo, third-party ones) renders it as
that base node: Sphinx's translators dispatch along the class's MRO, and
the tag name is the base's, so code that looks for "section" finds it.  Only
HTML gets dedicated markup (``<article>``, ``<time>``, real ``<hN>``
headings).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator


class quicktake_article(nodes.section):  # noqa: N801 - docutils naming
    """One QuickTake: a section whose title is the question."""

    tagname = "section"  # Sphinx's std domain finds section labels by tag name


class qt_heading(nodes.rubric):  # noqa: N801
    """A heading inside an article, ``depth`` levels below the question.

    Kept out of the table of contents on purpose: answers are scraped text and
    their headings would flood the site's navigation.
    """

    tagname = "rubric"


class qt_date(nodes.inline):  # noqa: N801
    """A publication date; ``datetime`` holds the ISO form."""

    tagname = "inline"


def visit_article_html(self: HTML5Translator, node: quicktake_article) -> None:
    self.section_level += 1
    self.body.append(self.starttag(node, "article"))


def depart_article_html(self: HTML5Translator, node: quicktake_article) -> None:
    self.body.append("</article>\n")
    self.section_level -= 1


def _heading_level(self: HTML5Translator, node: qt_heading) -> int:
    # The question is at the current section level; answer headings go below it.
    return min(6, self.section_level + self.initial_header_level - 1 + node.get("depth", 1))


def visit_heading_html(self: HTML5Translator, node: qt_heading) -> None:
    self.body.append(self.starttag(node, f"h{_heading_level(self, node)}", "", CLASS="qt-heading"))


def depart_heading_html(self: HTML5Translator, node: qt_heading) -> None:
    self.body.append(f"</h{_heading_level(self, node)}>\n")


def visit_date_html(self: HTML5Translator, node: qt_date) -> None:
    attributes = {"datetime": node["datetime"]} if node.get("datetime") else {}
    self.body.append(self.starttag(node, "time", "", **attributes))


def depart_date_html(self: HTML5Translator, node: qt_date) -> None:
    self.body.append("</time>")


HTML_VISITORS = {
    quicktake_article: (visit_article_html, depart_article_html),
    qt_heading: (visit_heading_html, depart_heading_html),
    qt_date: (visit_date_html, depart_date_html),
}
