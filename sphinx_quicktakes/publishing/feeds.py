"""Atom feeds of the articles: ``feeds/all.atom`` and one per subject.

Written by feedgen at ``build-finished`` for the browsable HTML builders, and
only when ``html_baseurl`` is set (an Atom entry needs an absolute address).
An entry is an article placed on a page of this project that has a date: its
question as title, its page as link, ``date`` as published and ``updated``
(else ``date``) as updated, the ``seo`` description as summary, subject and
keywords as categories, and its author.  The newest ``quicktakes_feed_length``
articles are kept.

Output is deterministic (a feed's updated time is its newest entry's, never
the build's), a file is written only when its text changes, and feeds of
subjects that are gone are removed, so an incremental build leaves the same
files as a clean one.  Every page links to ``all.atom``; a subject's index
page (``quicktakes_pages``) to that subject's feed too.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from html import escape
from typing import TYPE_CHECKING, Any, NamedTuple
from weakref import WeakKeyDictionary

from feedgen.feed import FeedGenerator

from ..i18n import _
from ..library.answer_text import plain_text
from ..library.model import QuickTake
from ..xref.loading import get_domain
from ..xref.shards import subject_docnames
from . import outputs
from .citation_files import writes_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FOLDER = "feeds"
ALL = "all.atom"
_SUMMARY_LIMIT = 300


class Entry(NamedTuple):
    quicktake: QuickTake
    url: str


def enabled(app: Sphinx) -> bool:
    return bool(app.config.html_baseurl) and writes_files(app.builder)


def _base(app: Sphinx) -> str:
    return str(app.config.html_baseurl).rstrip("/") + "/"


def _when(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


#: Per application: the articles placed in this build, worked out once per writing phase.
_PLACED: WeakKeyDictionary[Sphinx, list[Entry]] = WeakKeyDictionary()


def forget(app: Sphinx, env: Any) -> None:
    """``env-updated``: what is placed where may have changed since the last build of this app."""
    _PLACED.pop(app, None)


def _placed(app: Sphinx) -> list[Entry]:
    """Every article a page of this project shows, with its page's address."""
    if app in _PLACED:
        return _PLACED[app]
    domain = get_domain(app.env)
    base = _base(app)
    found = []
    for qt_id in sorted(domain.placed_ids()):
        quicktake = domain.library.quicktakes.get(qt_id)
        target = domain.article_target(qt_id)
        if quicktake is None or target is None:
            continue
        docname, anchor, _question = target
        url = base + app.builder.get_target_uri(docname)
        if domain.main_article(docname) != qt_id:
            url += f"#{anchor}"
        found.append(Entry(quicktake, url))
    _PLACED[app] = found
    return found


def _entries(app: Sphinx) -> list[Entry]:
    """Placed, dated articles, newest first (by publication date, then update, then id)."""

    def newest(entry: Entry) -> tuple[dt.date, dt.date, int]:
        qt = entry.quicktake
        published = qt.date or qt.updated
        assert published is not None
        return published, qt.updated or published, qt.id

    dated = [entry for entry in _placed(app) if entry.quicktake.date or entry.quicktake.updated]
    return sorted(dated, key=newest, reverse=True)


def subject_feeds(app: Sphinx) -> dict[str, str]:
    """Feed file name -> subject (as first written, by id), for every subject of a placed article.

    Named by the subject's slug, as its index page is; a subject whose articles have no date
    gets an empty feed, so that which feeds exist depends only on the subjects.
    """
    names: dict[str, str] = {}
    feeds = _feed_names(app)
    for entry in _placed(app):
        subject = " ".join(entry.quicktake.subject.split())
        if subject:
            names.setdefault(feeds[subject], subject)
    return dict(sorted(names.items()))


def _feed_names(app: Sphinx) -> dict[str, str]:
    """Subject -> its feed's file name: the name of its page (``subjects/<name>``), ``.atom``."""
    pages = subject_docnames(get_domain(app.env).library, "")
    return {subject: f"{posixpath.basename(page)}.atom" for subject, page in pages.items()}


def _summary(quicktake: QuickTake) -> str:
    text = quicktake.seo.description or " ".join(plain_text(quicktake.answer).split())
    return text if len(text) <= _SUMMARY_LIMIT else text[: _SUMMARY_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def render_feed(app: Sphinx, name: str, title: str, entries: list[Entry]) -> bytes:
    """One Atom document; its updated time is its newest entry's."""
    base = _base(app)
    owner = str(app.config.author or app.config.project or "")
    feed = FeedGenerator()
    feed.id(f"{base}{FOLDER}/{name}")
    feed.title(title)
    feed.author({"name": owner or title})
    feed.link(href=f"{base}{FOLDER}/{name}", rel="self", type="application/atom+xml")
    feed.link(href=base, rel="alternate", type="text/html")
    feed.language(app.config.language or "en")
    days = [day for qt in (e.quicktake for e in entries) if (day := qt.updated or qt.date) is not None]
    newest = _when(max(days)) if days else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    feed.updated(newest)
    for entry in entries:
        quicktake = entry.quicktake
        item = feed.add_entry(order="append")
        item.id(entry.url)
        item.title(quicktake.question)
        item.link(href=entry.url, rel="alternate", type="text/html")
        if quicktake.date:
            item.published(_when(quicktake.date))
        updated = quicktake.updated or quicktake.date
        assert updated is not None
        item.updated(_when(updated))
        item.summary(_summary(quicktake))
        item.author({"name": quicktake.author or owner or title})
        terms = [quicktake.subject, *quicktake.keywords] if quicktake.subject else list(quicktake.keywords)
        for term in dict.fromkeys(" ".join(term.split()) for term in terms if term.strip()):
            item.category(term=term, label=term)
    data: bytes = feed.atom_str(pretty=True)
    return data


def write(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the feeds (only those whose text changed)."""
    if exception is not None or not enabled(app):
        return
    entries = _entries(app)
    length = app.config.quicktakes_feed_length
    project = str(app.config.project or "")
    files = {ALL: render_feed(app, ALL, project or _("Articles"), entries[:length])}
    by_subject: dict[str, list[Entry]] = defaultdict(list)
    feeds = _feed_names(app)
    for entry in entries:
        if entry.quicktake.subject.strip():
            by_subject[feeds[" ".join(entry.quicktake.subject.split())]].append(entry)
    for name, subject in subject_feeds(app).items():
        chosen = by_subject[name][:length]
        files[name] = render_feed(app, name, f"{project}: {subject}" if project else subject, chosen)
    # Through the outputs record: written atomically when changed, and a feed no longer made is removed.
    for name, data in files.items():
        outputs.write(app, f"{FOLDER}/{name}", data.decode("utf-8"))


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: ``<link rel="alternate">`` to the site's feed, and a subject page's own."""
    if not enabled(app):
        return
    pathto = context["pathto"]
    links = [(ALL, str(app.config.project or _("Articles")))]
    pages = app.config.quicktakes_pages
    if pages and pagename.startswith(f"{pages}/subjects/"):
        for name, subject in subject_feeds(app).items():
            if pagename == f"{pages}/subjects/{name.removesuffix('.atom')}":
                links.append((name, subject))
    tags = [
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
        f'href="{escape(pathto(f"{FOLDER}/{name}", 1))}" />'
        for name, title in links
    ]
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"
