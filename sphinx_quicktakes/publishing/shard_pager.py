"""Previous and next page across the builds of a sharded site (``quicktakes_shards``).

A site that is not sharded reads subject by subject: a subject's page, its articles by id,
the next subject's page, through the toctrees of the generated pages.  A sharded site keeps
that order although the subject pages are on the hub and the articles in the shards: the
pager of every article page and subject page is set here from the library alone
(``xref/shards.py: reading_order``), so it points into whichever build holds the neighbour.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..xref.loading import get_domain
from ..xref.shards import Neighbour, Target, reading_order, subject_docnames

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _order(app: Sphinx) -> dict[Neighbour, tuple[Neighbour | None, Neighbour | None]]:
    domain = get_domain(app.env)
    state = domain.shards
    assert state is not None
    if state._order is None:
        state._order = reading_order(domain.library, state.pages)
    return state._order


def _key(app: Sphinx, pagename: str) -> Neighbour | None:
    """Where *pagename* is in the reading order, if this build writes its pager."""
    state = get_domain(app.env).shards
    assert state is not None
    prefix = f"{state.pages}/{state.build}/"
    if state.build and pagename.startswith(prefix) and pagename[len(prefix) :].isdigit():
        key: Neighbour = int(pagename[len(prefix) :])
    elif not state.build:
        key = pagename
    else:
        return None
    return key if key in _order(app) else None


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: ``prev`` and ``next`` of the pages in the reading order."""
    if get_domain(app.env).shards is None:
        return
    key = _key(app, pagename)
    if key is None:
        return
    before, after = _order(app)[key]
    context["prev"] = _entry(app, pagename, before)
    context["next"] = _entry(app, pagename, after)


def pages_to_rewrite(app: Sphinx, env: Any) -> list[str]:
    """``env-get-updated``: the pages whose previous or next page changed, whichever build holds it.

    The order comes from the whole library, so an article added, removed, retitled or moved to
    another subject in any shard changes the pagers beside it in this build; a digest of what each
    pager shows is kept from the last build and compared.
    """
    domain = get_domain(env)
    state = domain.shards
    if state is None:
        domain.data.pop("shard_pagers", None)
        return []
    state._order = None  # the library of this build
    views: dict[str, str] = {}
    for docname in env.found_docs:
        key = _key(app, docname)
        if key is not None:
            before, after = _order(app)[key]
            views[docname] = repr((_view(app, before), _view(app, after)))
    old: dict[str, str] = domain.data.get("shard_pagers", {})
    domain.data["shard_pagers"] = views
    return sorted(docname for docname, view in views.items() if old.get(docname) != view)


def _view(app: Sphinx, neighbour: Neighbour | None) -> tuple[str, str, str] | None:
    """What a pager shows of *neighbour*: its build, page and title (independent of the page showing it)."""
    if neighbour is None:
        return None
    domain = get_domain(app.env)
    state = domain.shards
    assert state is not None
    if isinstance(neighbour, int):
        return (state.plan.articles.get(neighbour, ""), state.article_docname(neighbour) or "",
                domain.library.quicktakes[neighbour].question)  # fmt: skip
    node = app.env.titles.get(neighbour)
    title = node.astext() if node is not None and not state.build else _subject_title(app, neighbour)
    return ("", neighbour, title)


def _entry(app: Sphinx, pagename: str, neighbour: Neighbour | None) -> dict[str, str] | None:
    """The pager's link to *neighbour* from *pagename*: what :func:`_view` says it shows, as a link."""
    view = _view(app, neighbour)
    if view is None:
        return None
    build, docname, title = view
    state = get_domain(app.env).shards
    assert state is not None
    if build == state.build:
        link = app.builder.get_relative_uri(pagename, docname)
    else:
        link = state.href(app.builder, pagename, Target(build, docname)) or ""
    return {"link": link, "title": html.escape(" ".join(title.split()))}


def _subject_title(app: Sphinx, docname: str) -> str:
    """A hub's subject page's title, seen from a shard: the subject (the page's title is the subject)."""
    domain = get_domain(app.env)
    state = domain.shards
    assert state is not None
    for subject, page in subject_docnames(domain.library, state.pages).items():
        if page == docname:
            return subject or _("No subject")
    return docname


def library_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``, after the ``quicktakes`` theme's: on a shard's pages, the theme's links to
    the library's index pages (questions, keywords, dates, papers) lead to the hub, which holds them."""
    state = get_domain(app.env).shards
    words = context.get("qt_labels")
    if state is None or not state.build or "qt_library" not in context or not isinstance(words, dict):
        return
    wanted = [("index", "questions"), ("keywords/index", "keywords"), ("dates", "by_date")]
    if get_domain(app.env).library.papers:
        wanted.append(("papers/index", "papers"))
    links = []
    for name, label in wanted:
        href = state.href(app.builder, pagename, Target("", f"{state.pages}/{name}"))
        if href is not None:
            links.append({"title": words.get(label, label), "href": href, "state": ""})
    context["qt_library"] = links
