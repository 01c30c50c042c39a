"""An article written straight to HTML from its record, as Sphinx writes ``article.py``'s nodes.

The node route builds the article (``build_article``), gives it Sphinx's smart quotes, resolves
its links after reading (keyword chips, ``qt:paper`` references, related articles and "Referenced
by": ``xref/links.py``) and translates it.  For a page from data that is most of the page's cost,
so this module writes the same markup from the record, part by part in the same order, with the
same text blocks for quotes (``html_out.py``).  Where a link would take the node route somewhere
this module does not go (a shard, an inventory, a warning), the :class:`Links` raise
:class:`~.html_out.UnsupportedError` and the page is rendered through nodes.
``tests/test_article_html.py`` builds articles both ways and compares the bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from typing import Protocol, TypeVar

from ..i18n import _
from ..library.dates import format_quicktake_date
from ..library.model import QuickTake, RelatedArticle
from ..library.reference import Reference
from .answer_html import answer_html
from .article import PARTS
from .html_out import Educator, HtmlOut, UnsupportedError, attval, starttag

T = TypeVar("T")


class Links(Protocol):
    """Where an article's links go, as the node route resolves them (raise ``UnsupportedError`` to decline)."""

    def article(self, qt_id: int, url: str) -> tuple[str, str | None]:
        """(kind, address) of a link to article *qt_id*: kind as ``links.Link``; no address: shown as text."""

    def paper(self, reference: Reference) -> tuple[str, str, str]:
        """(classes, address, title) of a DOI reference's link: its card here, or doi.org."""

    def keyword(self, keyword: str) -> str:
        """The address of the keyword's section on the keyword index."""

    def citing_pages(self, qt_id: int) -> list[tuple[str, str]]:
        """(address, title) of the pages whose ``:qt:article:`` roles name the article (not this page)."""

    def current(self, qt_id: int) -> tuple[str, str] | None:
        """(question, subject) of article *qt_id* when the library has it."""

    def referrers(self, qt_id: int) -> list[QuickTake]:
        """The articles whose related lists name article *qt_id*."""


def article_html(
    quicktake: QuickTake,
    links: Links,
    *,
    educate: Educator | None,
    language: str | None,
    permalink: Callable[[str], str],
    parts: Collection[str] = PARTS,
) -> str | None:
    """The article's ``<article>`` element, or None when the node route must write it."""
    out = HtmlOut(educate)
    out.markup(starttag("article", ["qt-article"], "\n", id=quicktake.anchor))
    out.markup("<h1>")
    out.open_block()
    out.text(quicktake.question)
    out.close_block()
    out.markup(permalink(quicktake.anchor) + "</h1>\n")
    _meta_line(out, quicktake, parts, language)
    try:
        if "answer" in parts:
            out.markup('<div class="qt-answer docutils container">\n')
            if not answer_html(quicktake.answer, out):
                return None
            out.markup("</div>\n")
        if "references" in parts and quicktake.references:
            _references(out, quicktake, links)
        if "keywords" in parts and quicktake.keywords:
            _keywords(out, quicktake, links)
        if "related" in parts and quicktake.related:
            _related(out, quicktake, links)
        if "backlinks" in parts:
            _backlinks(out, quicktake, links)
    except UnsupportedError:
        return None
    out.markup("</article>\n")
    return out.html()


def _meta_line(out: HtmlOut, quicktake: QuickTake, parts: Collection[str], language: str | None) -> None:
    """``article._meta_line``: the same spans, the same text nodes (quotes are educated across them)."""
    items: list[Callable[[], None]] = []
    if "subject" in parts and quicktake.subject:
        items.append(lambda: _span(out, "qt-subject", quicktake.subject))
    if "date" in parts and (quicktake.date or quicktake.date_text):
        posted = quicktake.post_on_text if quicktake.post_on_text not in ("", "Posted on") else _("Posted on")
        if quicktake.date is not None:
            date = quicktake.date
            items.append(lambda: _dated(out, "qt-posted", posted, date.isoformat(), _date(quicktake, date, language)))
        else:
            items.append(lambda: _dated(out, "qt-posted", posted, None, quicktake.date_text))
    if "author" in parts and quicktake.author:
        items.append(lambda: _author(out, quicktake.author))
    if "date" in parts and quicktake.updated is not None:
        updated = quicktake.updated
        items.append(
            lambda: _dated(out, "qt-updated", _("Updated"), updated.isoformat(), _date(quicktake, updated, language))
        )
    if "review" in parts and (quicktake.reviewed_by or quicktake.last_reviewed):
        items.append(lambda: _review(out, quicktake, language))
    if not items:
        return
    out.markup('<p class="qt-meta">')
    out.open_block()
    for index, item in enumerate(items):
        if index:
            _span(out, "qt-sep", " · ")
        item()
    out.close_block()
    out.markup("</p>\n")


def _date(quicktake: QuickTake, date: dt.date, language: str | None) -> str:
    return format_quicktake_date(date, quicktake.date_format, language)


def _span(out: HtmlOut, classes: str, text: str) -> None:
    out.markup(f'<span class="{classes}">')
    out.text(text)
    out.markup("</span>")


def _time(out: HtmlOut, iso: str | None, text: str) -> None:
    out.markup(starttag("time", ["qt-date"], datetime=iso) if iso else '<time class="qt-date">')
    out.text(text)
    out.markup("</time>")


def _dated(out: HtmlOut, classes: str, label: str, iso: str | None, text: str) -> None:
    out.markup(f'<span class="{classes}">')
    out.text(f"{label} ")
    _time(out, iso, text)
    out.markup("</span>")


def _author(out: HtmlOut, author: str) -> None:
    out.markup('<span class="qt-author">')
    out.text(_("By") + " ")
    _span(out, "qt-author-name", author)
    out.markup("</span>")


def _review(out: HtmlOut, quicktake: QuickTake, language: str | None) -> None:
    if not quicktake.reviewed_by:
        assert quicktake.last_reviewed is not None
        date = quicktake.last_reviewed
        _dated(out, "qt-review", _("Last reviewed"), date.isoformat(), _date(quicktake, date, language))
        return
    out.markup('<span class="qt-review">')
    out.text(_("Reviewed by") + " ")
    names = quicktake.reviewed_by
    conjunction = _("and")
    for index, name in enumerate(names):
        if index:
            out.text(f" {conjunction} " if index == len(names) - 1 else "; ")
        _span(out, "qt-reviewer", name)
    if quicktake.last_reviewed is not None:
        date = quicktake.last_reviewed
        out.text(" " + _("on") + " ")
        _time(out, date.isoformat(), _date(quicktake, date, language))
    out.markup("</span>")


def _heading(out: HtmlOut, label: str, *, educated: bool = True) -> None:
    out.markup('<h2 class="qt-heading">')
    if educated:
        out.open_block()
    out.text(label)
    out.close_block()
    out.markup("</h2>\n")


def _references(out: HtmlOut, quicktake: QuickTake, links: Links) -> None:
    def reference_link(reference: Reference) -> None:
        out.open_block()
        if reference.kind == "doi":
            classes, href, title = links.paper(reference)
            attributes = {"title": title} if title else {}
            out.markup(starttag("a", [classes], href=href or "#", **attributes))
        else:
            out.markup(starttag("a", ["reference", "external"], href=reference.url or "#"))
        _span(out, "qt-reference-link", reference.label)
        out.markup("</a>")
        out.close_block()

    opening = '<ol class="arabic simple qt-references-list">\n'
    _list_block(out, "qt-references", _("References"), (opening, "</ol>\n"), quicktake.references, reference_link)


def _list_block(
    out: HtmlOut,
    css: str,
    label: str,
    tags: tuple[str, str],
    items: Sequence[T],
    write: Callable[[T], None],
    *,
    educated: bool = True,
) -> None:
    """A container of a heading and a compact list, one paragraph an item (references, related, backlinks)."""
    out.markup(f'<div class="{css} docutils container">\n')
    _heading(out, label, educated=educated)
    out.markup(tags[0])
    for item in items:
        out.markup("<li><p>")
        write(item)
        out.markup("</p></li>\n")
    out.markup(tags[1] + "</div>\n")


def _keywords(out: HtmlOut, quicktake: QuickTake, links: Links) -> None:
    out.markup('<div class="qt-keywords docutils container">\n<p>')
    out.open_block()
    _span(out, "qt-label", _("Keywords:") + " ")
    for index, keyword in enumerate(quicktake.keywords):
        if index:
            _span(out, "qt-sep", ", ")
        out.markup(f'<span class="qt-keyword"><a class="reference internal" href="{attval(links.keyword(keyword))}">')
        _span(out, "std std-ref", keyword)
        out.markup("</a></span>")
    out.close_block()
    out.markup("</p>\n</div>\n")


def _link(out: HtmlOut, kind: str, href: str | None, title: str, css: str, shown: Callable[[], None]) -> None:
    """``links._link_node`` around *shown* in a span of class *css*: a link of its kind, or text without address."""
    if href is None:
        out.markup(f'<span class="qt-unlinked qt-link-{kind}"><span class="{css}">')
        shown()
        out.markup("</span></span>")
        return
    side = "internal" if kind == "internal" else "external"
    attributes = {"title": title} if title or kind != "internal" else {}
    out.markup(starttag("a", [f"qt-link-{kind}", "reference", side], href=href, **attributes))
    out.markup(f'<span class="{css}">')
    shown()
    out.markup("</span></a>")


def _related(out: HtmlOut, quicktake: QuickTake, links: Links) -> None:
    tags = ('<ul class="qt-related-list simple">\n', "</ul>\n")
    _list_block(
        out, "qt-related", _("Related articles"), tags, quicktake.related, lambda item: _related_item(out, item, links)
    )


def _related_item(out: HtmlOut, related: RelatedArticle, links: Links) -> None:
    """One related article.  The node route educates the file's title and subject while reading, then,
    when the target's current question or subject differs from that (``links._show_current``), shows
    those instead, as they are: both are kept here."""
    stored = related.title or f"#{related.id}"
    educated_title = out.educated(stored)
    current = links.current(related.id)
    title, subject = current if current is not None else (educated_title, related.subject)
    kept = (title, subject) == (educated_title, related.subject)
    if kept:
        title, subject = stored, related.subject
        out.open_block()
    kind, href = links.article(related.id, related.url)
    _link(out, kind, href, title, "qt-related-title", lambda: out.text(title))
    if subject:
        out.markup('<span class="qt-related-subject"><span class="qt-paren">')
        out.text(" (")
        out.markup("</span>")
        out.text(subject)
        out.markup('<span class="qt-paren">')
        out.text(")")
        out.markup("</span></span>")
    out.close_block()


def _backlinks(out: HtmlOut, quicktake: QuickTake, links: Links) -> None:
    """ "Referenced by", filled after smart quotes in the node route: its text is never educated.
    The articles whose related lists name this one, then the pages whose roles do (``make_refnode``)."""
    entries: list[tuple[str, str | None, str]] = [
        (*links.article(source.id, source.url), source.question) for source in links.referrers(quicktake.id)
    ]
    entries += [("page", href, title) for href, title in links.citing_pages(quicktake.id)]
    if not entries:
        return

    def entry(item: tuple[str, str | None, str]) -> None:
        kind, href, title = item
        if kind != "page":
            _link(out, kind, href, title, "qt-backlink-title", lambda: out.text(title))
            return
        out.markup(starttag("a", ["reference", "internal"], href=href, title=title or None) + "<span>")
        out.text(title)
        out.markup("</span></a>")

    tags = ('<ul class="qt-backlinks-list simple">\n', "</ul>\n")
    _list_block(out, "qt-backlinks", _("Referenced by"), tags, entries, entry, educated=False)
