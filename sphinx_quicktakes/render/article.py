"""Build the doctree of one QuickTake article.

The structure is semantic and builder-neutral::

    quicktake_article (section, id "qt-<id>")
      title                      the question
      paragraph.qt-meta          subject · posted-on date · author
      container.qt-answer        the answer, parsed Markdown
      container.qt-keywords      "Keywords:" keyword, keyword, ...
      container.qt-related       heading + bullet list of related articles (links: ``links.py``)
      qt_backlinks               "Referenced by", filled when the page is written
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from docutils import nodes

from ..i18n import _
from ..library.dates import format_quicktake_date
from ..library.model import QuickTake
from .answer import render_answer
from .blocks import keywords_block, separated
from .nodes import qt_article_link, qt_backlinks, qt_date, qt_heading, quicktake_article

#: Parts of an article that the directive can show or hide (the question always shows).
PARTS = ("subject", "date", "author", "answer", "keywords", "related", "backlinks")


def build_article(
    quicktake: QuickTake,
    *,
    parts: Collection[str] = PARTS,
    classes: list[str] | None = None,
    settings: Any,
    language: str | None,
    keyword_labels: Callable[[str], str] | None = None,
) -> tuple[quicktake_article, list[str]]:
    """The article node for *quicktake* and the answer's rendering problems.

    *keyword_labels* maps a keyword to its index label when keyword pages exist.
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

    problems: list[str] = []
    if "answer" in parts:
        answer = nodes.container(classes=["qt-answer"])
        children, problems = render_answer(quicktake.answer, settings, source, quicktake.answer_line())
        answer.extend(children)
        article += answer

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
            text = format_quicktake_date(quicktake.date, quicktake.date_format, language)
            date = qt_date(text, text, classes=["qt-date"], datetime=quicktake.date.isoformat())
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
    if not items:
        return None
    return nodes.paragraph("", "", *separated(items), classes=["qt-meta"])


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
            qt_related=True,
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
