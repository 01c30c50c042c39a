"""Pages to write again although their source did not change (``env-get-updated``).

Sphinx writes again the pages it reads again, and the pages whose toctree
lists one of those directly.  A page also shows things of *other* pages that
are only resolved when it is written, and those change without its source:

* its links to articles (related articles, list entries, ``:qt:article:``
  roles) and to papers (``:qt:paper:``): where each goes and, for related
  articles and roles, the target's current question and subject;
* its "Referenced by" lists: the articles that name the article (their
  questions and pages) and the pages with a role for it (their titles);
* its toctrees: the titles and sections of every page below it, however deep
  (the home page's toctree shows the generated keyword letters two levels
  down);
* its place in the reading order: the previous and next page and the pages
  above it, with their titles (``<link rel="next">``, the theme's pager and
  breadcrumbs), which a page added or removed elsewhere changes.

For the first two, the domain records at read time which articles and papers
each page links to (``placeholders``, ``article_refs``, ``paper_refs``), and
keeps a digest of each page's resolved view at the end of every build
(``views``); a page whose view changed is written again.  For toctrees, a page
read again whose title or table of contents changed (``tocs``) has every page
above it written again.  For the reading order, a digest per page
(``relations``) is compared.  All of it is plain data in the environment, so it
survives between builds and costs a dictionary lookup per recorded link.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..render.nodes import qt_article_link, qt_backlinks
from .links import article_link
from .loading import get_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .domain import QuickTakesDomain


def record_placeholders(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the article links and "Referenced by" lists of the page, to check them next build."""
    links = [[node["qt_id"], node.get("qt_url", "")] for node in doctree.findall(qt_article_link)]
    backlinks = sorted({node["qt_id"] for node in doctree.findall(qt_backlinks)})
    if links or backlinks:
        get_domain(app.env).placeholders[app.env.docname] = {"links": links, "backlinks": backlinks}


def note_removed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: remember the removed pages (the pages above them show them no more)."""
    get_domain(env).removed = set(removed)
    return []


def note_reread(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the pages read again in this build."""
    get_domain(env).reread.update(docnames)


def _digest(parts: Iterable[Any]) -> str:
    return hashlib.sha256(repr(list(parts)).encode()).hexdigest()[:16]


def page_view(
    env: BuildEnvironment, domain: QuickTakesDomain, docname: str, link: Callable[[int, str], tuple[str, ...]]
) -> str | None:
    """A digest of what *docname* shows of other pages when it is written; None if it shows nothing.

    *link* gives where a link to an article (id, site path) goes, as :func:`links.article_link`.
    """
    library = domain.library
    parts: list[Any] = []
    recorded = domain.placeholders.get(docname, {})
    for qt_id, url in recorded.get("links", ()):
        target = library.quicktakes.get(qt_id)
        shown = (target.question, target.subject) if target is not None else None
        parts.append(("link", qt_id, link(qt_id, url), shown))
    for qt_id in recorded.get("backlinks", ()):
        for source in library.referrers(qt_id):
            source_qt = library.quicktakes[source]
            parts.append(("referrer", qt_id, source, source_qt.question, link(source, source_qt.url)))
        for page in sorted(set(domain.article_backrefs.get(qt_id, {})) - {docname}):
            title = env.titles[page].astext() if page in env.titles else page
            parts.append(("backref", qt_id, page, title))
    for qt_id in sorted(domain.article_refs.get(docname, {})):
        parts.append(("role", qt_id, domain.article_target(qt_id) or link(qt_id, "")))
    for key in sorted(domain.paper_refs.get(docname, {})):
        found = domain.paper_target(key)
        parts.append(("paper", key, (found[0], found[1], found[2]["title"]) if found else None))
    return _digest(parts) if parts else None


def _toc_digest(env: BuildEnvironment, docname: str) -> str:
    """What a toctree entry of *docname* shows: its title, sections and own toctrees."""
    title = env.titles[docname].astext() if docname in env.titles else ""
    toc = env.tocs[docname].pformat() if docname in env.tocs else ""
    return _digest((title, toc))


def toctree_ancestors(env: BuildEnvironment, domain: QuickTakesDomain) -> set[str]:
    """Every page above a page whose toctree entry changed in this build (read again, added or removed)."""
    tocs: dict[str, str] = domain.data["tocs"]
    changed = set()
    for docname in domain.reread:
        digest = _toc_digest(env, docname)
        if tocs.get(docname) != digest:
            tocs[docname] = digest
            changed.add(docname)
    for docname in domain.removed:
        tocs.pop(docname, None)
        changed.add(docname)
    domain.toc_changed = bool(changed)
    ancestors: set[str] = set()
    frontier = list(changed)
    while frontier:
        for parent in env.files_to_rebuild.get(frontier.pop(), ()):
            if parent not in ancestors:
                ancestors.add(parent)
                frontier.append(parent)
    return ancestors


def relation_views(env: BuildEnvironment) -> dict[str, str]:
    """Per page, a digest of its previous and next page and the pages above it, with their titles."""
    relations = env.collect_relations()

    def title(docname: str | None) -> str:
        return env.titles[docname].astext() if docname in env.titles else ""

    views = {}
    for docname, (parent, previous, following) in relations.items():
        chain: list[tuple[str, str]] = []
        while parent is not None and all(parent != name for name, _ in chain):
            chain.append((parent, title(parent)))
            parent = relations.get(parent, (None,))[0]
        views[docname] = _digest((chain, previous, title(previous), following, title(following)))
    return views


def _inventories(env: BuildEnvironment) -> str:
    """Which intersphinx inventories the links were resolved against (and when they were fetched)."""
    cache = getattr(env, "intersphinx_cache", None) or {}
    return _digest(sorted((str(uri), repr(entry[1])) for uri, entry in cache.items()))


def touched_ids(env: BuildEnvironment, domain: QuickTakesDomain) -> set[int] | None:
    """The articles whose link, question, subject or referrers may differ from the last build's.

    ``None`` when that is not known (no record of the last build's library): then every page is looked at.
    An article counts when its record changed, when a page that places it or names it in a role was
    read again or removed (its link or its "Referenced by" pages may have moved), and, for each of
    those, the articles it names as related (their "Referenced by" lists show it).
    """
    changes = domain.changes
    if changes is None:
        return None
    base = set(changes.quicktakes) | domain.purged_ids
    for docname in domain.reread:
        base |= domain.doc_ids(docname)
    library = domain.library
    touched = set(base)
    for qt_id in base:
        for record in (*changes.quicktakes.get(qt_id, ()), library.quicktakes.get(qt_id)):
            if record is not None:
                touched.update(related.id for related in record.related)
    return touched


def _pages_showing(domain: QuickTakesDomain, ids: set[int], papers: bool) -> set[str]:
    """The pages whose view (:func:`page_view`) involves one of *ids*, or any paper when *papers*."""
    pages = set()
    for docname, recorded in domain.placeholders.items():
        if any(qt_id in ids for qt_id, _url in recorded.get("links", ())) or not ids.isdisjoint(
            recorded.get("backlinks", ())
        ):
            pages.add(docname)
    pages.update(docname for docname, refs in domain.article_refs.items() if not ids.isdisjoint(refs))
    if papers:
        pages.update(domain.paper_refs)
    return pages


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages whose links, backlinks or toctrees would now be written differently.

    Only the views that an edit can have changed are computed again (:func:`touched_ids`): at 10,000
    articles computing all of them costs about half a second of every rebuild.
    """
    domain = get_domain(env)
    old: dict[str, str] = domain.data["views"]
    candidates = domain.placeholders.keys() | domain.article_refs.keys() | domain.paper_refs.keys()
    inventories = _inventories(env)
    touched = touched_ids(env, domain)
    if touched is not None and old and domain.data.get("views_inventories") == inventories:
        papers = domain.purged_papers or bool(domain.changes and domain.changes.papers)
        papers |= any(domain.cards.get(docname) or domain.paper_refs.get(docname) for docname in domain.reread)
        look_at = (_pages_showing(domain, touched, papers) | domain.reread) & candidates
        new = {docname: view for docname, view in old.items() if docname in candidates and docname not in look_at}
    else:
        look_at, new = set(candidates), {}
    domain.data["views_inventories"] = inventories

    @functools.cache  # many pages link to the same articles
    def link(qt_id: int, url: str) -> tuple[str, ...]:
        return tuple(article_link(env, qt_id, url))

    for docname in look_at:
        view = page_view(env, domain, docname, link)
        if view is not None:
            new[docname] = view
    domain.data["views"] = new
    pages = {docname for docname in look_at if docname in new and old.get(docname) != new[docname]}
    changed_tocs = toctree_ancestors(env, domain)
    pages |= changed_tocs
    old_relations: dict[str, str] = domain.data["relations"]
    if changed_tocs or domain.toc_changed or domain.removed or not old_relations:
        domain.data["relations"] = new_relations = relation_views(env)
        pages |= {docname for docname, view in new_relations.items() if old_relations.get(docname) != view}
    return sorted((pages - domain.reread) & env.found_docs)
