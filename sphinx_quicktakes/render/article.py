"""Build the doctree of one QuickTake article.

The structure is semantic and builder-neutral::

    quicktake_article (section, id "qt-<id>")
      title                      the question
      paragraph.qt-meta          subject · posted-on date · updated date · author · reviewers and review date
      container.qt-answer        the answer, parsed Markdown
      container.qt-references    heading + numbered list of the references (DOIs become ``qt:paper`` xrefs)
      container.qt-keywords      "Keywords:" keyword, keyword, ...
      container.qt-related       heading + bullet list of related articles (links: ``links.py``)
      qt_backlinks               "Referenced by", filled when the page is written
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from docutils import nodes
from sphinx import addnodes

from ..i18n import _
from ..library.answer_text import AnswerProblem
from ..library.dates import format_quicktake_date
from ..library.model import QuickTake
from ..library.reference import Reference
from .answer import render_answer
from .blocks import keywords_block, separated
from .nodes import qt_article_link, qt_backlinks, qt_date, qt_heading, quicktake_article

#: Parts of an article that the directive can show or hide (the question always shows).
PARTS = ("subject", "date", "author", "review", "answer", "references", "keywords", "related", "backlinks")


def build_article(
    quicktake: QuickTake,
    *,
    parts: Collection[str] = PARTS,
    classes: list[str] | None = None,
    settings: Any,
    language: str | None,
    keyword_labels: Callable[[str], str] | None = None,
    answer_html: str | None = None,
) -> tuple[quicktake_article, list[AnswerProblem]]:
    """The article node for *quicktake* and the answer's rendering problems.

    *keyword_labels* maps a keyword to its index label when keyword pages exist.  *answer_html*
    is the answer already written as HTML (``answer_html.py``), for a page written from data.
    """
    source = str(quicktake.path)
    article = quicktake_article(
        "",
        ids=[quicktake.anchor],
        classes=["qt-article", *(classes or [])],
        qt_id=quicktake.id,
    )
    article.source, article.line = source, quicktake.line_of("question")
    title = nodes.title(quicktake.question, quicktake.question)
    title.source, title.line = source, quicktake.line_of("question")
    article += title

    meta = _meta_line(quicktake, parts, language)
    if meta is not None:
        article += meta

    problems: list[AnswerProblem] = []
    if "answer" in parts:
        answer = nodes.container(classes=["qt-answer"])
        if answer_html is not None:
            answer += nodes.raw("", answer_html, format="html")
        else:
            children, problems = render_answer(quicktake.answer, settings, source, quicktake.answer_line())
            answer.extend(children)
        article += answer

    if "references" in parts and quicktake.references:
        article += references_block(quicktake)

    if "keywords" in parts and quicktake.keywords:
        labels = [keyword_labels(k) for k in quicktake.keywords] if keyword_labels else []
        article += keywords_block(quicktake.keywords, labels)

    if "related" in parts and quicktake.related:
        article += _related(quicktake)
    if "backlinks" in parts:
        article += qt_backlinks(qt_id=quicktake.id)  # filled once every page is read
    return article, problems


def _meta_line(quicktake: QuickTake, parts: Collection[str], language: str | None) -> nodes.paragraph | None:
    items: list[nodes.Node] = []
    if "subject" in parts and quicktake.subject:
        items.append(nodes.inline(quicktake.subject, quicktake.subject, classes=["qt-subject"]))
    if "date" in parts and (quicktake.date or quicktake.date_text):
        if quicktake.date is not None:
            date = _date_node(quicktake.date, quicktake, language)
        else:
            date = qt_date(quicktake.date_text, quicktake.date_text, classes=["qt-date"])
        # The source site's own English label is translated; a custom one is kept as written.
        posted = quicktake.post_on_text if quicktake.post_on_text not in ("", "Posted on") else _("Posted on")
        items.append(nodes.inline("", "", nodes.Text(f"{posted} "), date, classes=["qt-posted"]))
    if "author" in parts and quicktake.author:
        items.append(
            nodes.inline(
                "",
                "",
                nodes.Text(_("By") + " "),
                nodes.inline(quicktake.author, quicktake.author, classes=["qt-author-name"]),
                classes=["qt-author"],
            )
        )
    if "date" in parts and quicktake.updated is not None:
        items.append(_dated(_("Updated"), quicktake.updated, quicktake, language, "qt-updated"))
    if "review" in parts and (quicktake.reviewed_by or quicktake.last_reviewed):
        items.append(_review(quicktake, language))
    if not items:
        return None
    return nodes.paragraph("", "", *separated(items), classes=["qt-meta"])


def _date_node(date: Any, quicktake: QuickTake, language: str | None) -> qt_date:
    text = format_quicktake_date(date, quicktake.date_format, language)
    return qt_date(text, text, classes=["qt-date"], datetime=date.isoformat())


def _dated(label: str, date: Any, quicktake: QuickTake, language: str | None, css: str) -> nodes.inline:
    return nodes.inline("", "", nodes.Text(f"{label} "), _date_node(date, quicktake, language), classes=[css])


def _review(quicktake: QuickTake, language: str | None) -> nodes.inline:
    """ "Reviewed by A and B on <date>", "Reviewed by A", or "Last reviewed <date>"."""
    if not quicktake.reviewed_by:
        assert quicktake.last_reviewed is not None
        return _dated(_("Last reviewed"), quicktake.last_reviewed, quicktake, language, "qt-review")
    review = nodes.inline("", "", nodes.Text(_("Reviewed by") + " "), classes=["qt-review"])
    names = quicktake.reviewed_by
    conjunction = _("and")  # names may hold commas ("Dr Ana Lima, MD"): a semicolon parts them
    for index, name in enumerate(names):
        if index:
            review += nodes.Text(f" {conjunction} " if index == len(names) - 1 else "; ")
        review += nodes.inline(name, name, classes=["qt-reviewer"])
    if quicktake.last_reviewed is not None:
        on = _("on")  # "Reviewed by X on <date>"
        review += nodes.Text(f" {on} ")
        review += _date_node(quicktake.last_reviewed, quicktake, language)
    return review


def references_block(quicktake: QuickTake) -> nodes.container:
    """The numbered "References" list: a DOI is a ``qt:paper`` cross-reference (its card when the
    project has one, else doi.org: ``links.missing_reference``), a PMID links to PubMed, an address
    to itself."""
    container = nodes.container(classes=["qt-references"])
    label = _("References")
    container += qt_heading(label, label, depth=1)
    items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["qt-references-list"])
    for reference in quicktake.references:
        items += nodes.list_item("", nodes.paragraph("", "", _reference_link(reference, quicktake)))
    container += items
    return container


def _reference_link(reference: Reference, quicktake: QuickTake) -> nodes.Element:
    text = nodes.inline(reference.label, reference.label, classes=["qt-reference-link"])
    if reference.kind == "doi":
        xref = addnodes.pending_xref(
            "",
            text,
            refdomain="qt",
            reftype="paper",
            reftarget=reference.value,
            refexplicit=True,
            refwarn=False,
            qt_reference=True,
        )
        xref.source, xref.line = str(quicktake.path), quicktake.line_of("references")
        return xref
    return nodes.reference("", "", text, refuri=reference.url, internal=False)


def _related(quicktake: QuickTake) -> nodes.container:
    """The related articles, with the titles and subjects the file stores.

    When the page is written, ``links.resolve_placeholders`` shows the target's
    current question and subject instead, whenever the target is in the library.
    """
    container = nodes.container(classes=["qt-related"])
    label = _("Related articles")
    container += qt_heading(label, label, depth=1)
    items = nodes.bullet_list(classes=["qt-related-list"])
    for related in quicktake.related:
        paragraph = nodes.paragraph()
        title = related.title or f"#{related.id}"
        paragraph += qt_article_link(
            "",
            "",
            nodes.Text(title),
            classes=["qt-related-title"],
            qt_id=related.id,
            qt_url=related.url,
            qt_location=f"{quicktake.path}:{related.line}" if related.line else str(quicktake.path),
            qt_related=1,  # an int: docutils 0.21 and 0.22 write a bool differently in doctree snapshots
            qt_subject=related.subject,
            reftitle=title,
        )
        if related.subject:
            paragraph += related_subject(related.subject)
        items += nodes.list_item("", paragraph)
    container += items
    return container


def related_subject(subject: str) -> nodes.inline:
    """`` (Medicine)`` after a related article's title.

    The brackets belong to the subject, so that a layout showing it on a line of its own
    (the quicktakes theme's cards) can hide them; every other output reads " (Medicine)".
    """
    return nodes.inline(
        "",
        "",
        nodes.inline(" (", " (", classes=["qt-paren"]),
        nodes.Text(subject),
        nodes.inline(")", ")", classes=["qt-paren"]),
        classes=["qt-related-subject"],
    )
