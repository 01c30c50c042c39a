"""Doctree nodes of the extension and their HTML visitors.

Each node subclasses a standard docutils node, so every builder without a
visitor of ours (LaTeX, text, man, texinfo, third-party ones) renders it as
that base node: Sphinx's translators dispatch along the class's MRO, and
the tag name is the base's, so code that looks for "section" finds it.  Only
HTML gets dedicated markup (``<article>``, ``<time>``, real ``<hN>``
headings).
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator
from sphinx.writers.latex import LaTeXTranslator


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


class qt_paper_card(nodes.container):  # noqa: N801
    """A journal paper's citation card; a framed block in LaTeX."""

    tagname = "container"


class qt_details(nodes.container):  # noqa: N801
    """Collapsible content (``<details>`` in HTML); its first child is a :class:`qt_summary`.

    ``open`` shows it open at first; ``group`` names the ``<details>`` elements
    of which browsers keep one open at a time.  Other builders show the
    content expanded: paper is not interactive.
    """

    tagname = "container"


class qt_cite_choice(nodes.container):  # noqa: N801
    """The references of a card in several styles, one :class:`qt_details` each; see ``transforms``."""

    tagname = "container"


class qt_reference(nodes.paragraph):  # noqa: N801
    """A formatted reference; text and man pages show it without italics (see ``transforms``)."""

    tagname = "paragraph"


class qt_summary(nodes.paragraph):  # noqa: N801
    """The always-visible label of a :class:`qt_details`."""

    tagname = "paragraph"


class qt_downloads(nodes.paragraph):  # noqa: N801
    """The "Download: BibTeX · RIS" line of a card; only browsable HTML shows it."""

    tagname = "paragraph"


class qt_search_box(nodes.General, nodes.Element):  # noqa: N801
    """Where the ``quicktakes-search`` directive puts the search box; only browsable HTML shows it."""


class qt_citation_file(nodes.inline):  # noqa: N801
    """A link to a generated citation file (``filename``); see ``citation_files``."""

    tagname = "inline"


class qt_article_link(nodes.inline):  # noqa: N801
    """A link to QuickTake ``qt_id``, resolved when the page is written (see ``links``)."""

    tagname = "inline"


class qt_backlinks(nodes.container):  # noqa: N801
    """Where the "Referenced by" list of article ``qt_id`` goes (see ``links``)."""

    tagname = "container"


class qt_pager(nodes.container):  # noqa: N801
    """Links between the pages of one paginated index; ``label`` names it for screen readers."""

    tagname = "container"


class qt_rule(nodes.container):  # noqa: N801
    """A thematic break (``---``) inside an answer, written as each builder writes a transition.

    A ``nodes.transition`` cannot be used: docutils allows it only as a child of a document or
    section, and warns, untyped, about one inside the article.  Builders without our visitor
    see an empty container.
    """

    tagname = "container"


def visit_rule(self: nodes.NodeVisitor, node: qt_rule) -> None:
    """The builder's own transition markup: ``<hr>``, ``\\hrule``, a line of ``=``."""
    self.visit_transition(node)  # every Sphinx translator has it
    raise nodes.SkipNode


def visit_pager_html(self: HTML5Translator, node: qt_pager) -> None:
    self.body.append(self.starttag(node, "nav", **{"aria-label": node["label"]}))


def depart_pager_html(self: HTML5Translator, node: qt_pager) -> None:
    self.body.append("</nav>\n")


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


def visit_card_html(self: HTML5Translator, node: qt_paper_card) -> None:
    self.body.append(self.starttag(node, "article"))


def depart_card_html(self: HTML5Translator, node: qt_paper_card) -> None:
    self.body.append("</article>\n")


def visit_details_html(self: HTML5Translator, node: qt_details) -> None:
    attributes = {"open": "open"} if node.get("open") else {}
    # ``name`` keeps one of a group open (HTML since 2023); ePub's XHTML schema does not allow it.
    if node.get("group") and "epub" not in self.builder.name:
        attributes["name"] = node["group"]
    self.body.append(self.starttag(node, "details", **attributes))


def depart_details_html(self: HTML5Translator, node: qt_details) -> None:
    self.body.append("</details>\n")


def visit_summary_html(self: HTML5Translator, node: qt_summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def depart_summary_html(self: HTML5Translator, node: qt_summary) -> None:
    self.body.append("</summary>\n")


def visit_card_latex(self: LaTeXTranslator, node: qt_paper_card) -> None:
    self.in_minipage += 1  # footnotes and tables inside a framed box need care, as in topics
    self.body.append("\n\\begin{sphinxtopic}\n")
    self.body.append(self.hypertarget_to(node))  # so :qt:paper: and :ref: links land in the PDF


def depart_card_latex(self: LaTeXTranslator, node: qt_paper_card) -> None:
    self.body.append("\n\\end{sphinxtopic}\n")
    self.in_minipage -= 1


def visit_heading_latex(self: LaTeXTranslator, node: qt_heading) -> None:
    if not node.get("plain"):
        self.visit_rubric(node)
        return
    # A sectioning command is not allowed inside a framed box: a bold line instead.
    self.body.append("\n\\par\\noindent\\sphinxstylestrong{")
    self.context.append("}\\par\\smallskip\n")


def depart_heading_latex(self: LaTeXTranslator, node: qt_heading) -> None:
    if not node.get("plain"):
        self.depart_rubric(node)
        return
    self.body.append(self.context.pop())


Visitors = dict[type[nodes.Element], tuple[Callable[..., None], Callable[..., None]]]

HTML_VISITORS: Visitors = {
    quicktake_article: (visit_article_html, depart_article_html),
    qt_heading: (visit_heading_html, depart_heading_html),
    qt_date: (visit_date_html, depart_date_html),
    qt_paper_card: (visit_card_html, depart_card_html),
    qt_details: (visit_details_html, depart_details_html),
    qt_summary: (visit_summary_html, depart_summary_html),
    qt_pager: (visit_pager_html, depart_pager_html),
}
LATEX_VISITORS: Visitors = {
    qt_paper_card: (visit_card_latex, depart_card_latex),
    qt_heading: (visit_heading_latex, depart_heading_latex),
}
