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
keeps a digest of what a page can show of each article and paper at the end of
every build (``id_states``, ``paper_states``); a page that involves one whose
digest changed is written again.  For toctrees, a page
read again whose title or table of contents changed (``tocs``) has every page
above it written again.  For the reading order, a digest per page
(``relations``) is compared.  All of it is plain data in the environment, so it
survives between builds and costs a dictionary lookup per recorded link.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from ..library.doi import doi_key, normalize_doi
from ..render.compact_list import entry_links, qt_list
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
    for listed in doctree.findall(qt_list):
        links += entry_links(listed)
    backlinks = sorted({node["qt_id"] for node in doctree.findall(qt_backlinks)})
    domain = get_domain(app.env)
    if links or backlinks:
        domain.placeholders[app.env.docname] = {"links": links, "backlinks": backlinks}
    # An article's DOI references link to the paper's card, titled by the paper: the page shows the
    # paper as a ``:qt:paper:`` role does, and is written again when the card moves or is retitled.
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("qt_reference") and node.get("refdomain") == "qt" and node.get("reftype") == "paper":
            domain.note_paper_ref(app.env.docname, doi_key(normalize_doi(node["reftarget"])))


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


def article_state(env: BuildEnvironment, domain: QuickTakesDomain, qt_id: int) -> tuple[str, str]:
    """Digests of what a page can show of article *qt_id*: for a link or role to it, where it goes
    and its question and subject; for its "Referenced by" list, its referrers (their questions and
    where they are) and the pages with a role for it (their titles).

    A page's view is its own recorded links (fixed until it is read again) and these states of the
    articles it involves, so a page must be written again exactly when one of them changed.
    """
    library = domain.library
    record = library.quicktakes.get(qt_id)
    shown = (record.question, record.subject, record.url) if record is not None else None
    referrers = []
    for source in library.referrers(qt_id):
        source_qt = library.quicktakes[source]
        referrers.append((source, source_qt.question, source_qt.url, domain.article_target(source)))
    backrefs = [
        (page, env.titles[page].astext() if page in env.titles else page)
        for page in sorted(domain.article_backrefs.get(qt_id, {}))
    ]
    link = _digest((domain.article_target(qt_id), tuple(article_link(env, qt_id, "")), shown))
    return link, _digest((referrers, backrefs))


def paper_state(domain: QuickTakesDomain, key: str) -> str:
    """A digest of what a ``:qt:paper:`` role shows of the paper *key*: where it goes and its title."""
    found = domain.paper_target(key)
    return _digest([(found[0], found[1], found[2]["title"]) if found else None])


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


def _pages_showing(domain: QuickTakesDomain, linked: set[int], listed: set[int], papers: set[str]) -> set[str]:
    """The pages that link to or have a role for one of *linked*, a "Referenced by" list of one of
    *listed*, or a role for one of *papers*."""
    pages = set()
    for docname, recorded in domain.placeholders.items():
        if any(qt_id in linked for qt_id, _url in recorded.get("links", ())) or not listed.isdisjoint(
            recorded.get("backlinks", ())
        ):
            pages.add(docname)
    pages.update(docname for docname, refs in domain.article_refs.items() if not linked.isdisjoint(refs))
    pages.update(docname for docname, refs in domain.paper_refs.items() if not papers.isdisjoint(refs))
    return pages


def _involved(domain: QuickTakesDomain) -> tuple[set[int], set[str]]:
    """Every article and paper some page shows something of."""
    ids: set[int] = set()
    for recorded in domain.placeholders.values():
        ids.update(qt_id for qt_id, _url in recorded.get("links", ()))
        ids.update(recorded.get("backlinks", ()))
    for refs in domain.article_refs.values():
        ids.update(refs)
    papers = {key for refs in domain.paper_refs.values() for key in refs}
    return ids, papers


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: the pages whose links, backlinks or toctrees would now be written differently.

    The state of each article a page involves is kept from the last build (:func:`article_state`);
    only the articles an edit can have changed (:func:`touched_ids`) are looked at again, and the
    pages that involve one whose state changed are written again.  At 10,000 articles, comparing
    every page's view instead cost about a second of every rebuild (the generated index pages
    link to every article).
    """
    domain = get_domain(env)
    old_ids: dict[int, tuple[str, str]] = domain.data["id_states"]
    old_papers: dict[str, str] = domain.data["paper_states"]
    inventories = _inventories(env)
    touched = touched_ids(env, domain)
    involved_ids, involved_papers = _involved(domain)
    known = bool(old_ids or old_papers) and domain.data.get("views_inventories") == inventories
    if touched is None or not known:
        check_ids, check_papers = involved_ids, involved_papers
        new_ids: dict[int, tuple[str, str]] = {}
        new_papers: dict[str, str] = {}
    else:
        papers = domain.purged_papers or bool(domain.changes and domain.changes.papers)
        papers |= any(domain.cards.get(docname) or domain.paper_refs.get(docname) for docname in domain.reread)
        check_ids, check_papers = touched & involved_ids, involved_papers if papers else set()
        new_ids, new_papers = dict(old_ids), dict(old_papers)
    domain.data["views_inventories"] = inventories
    linked, listed = set(), set()
    for qt_id in check_ids:
        new_ids[qt_id] = state = article_state(env, domain, qt_id)
        before = old_ids.get(qt_id)
        if before is None or before[0] != state[0]:
            linked.add(qt_id)
        if before is None or before[1] != state[1]:
            listed.add(qt_id)
    changed_papers = set()
    for key in check_papers:
        new_papers[key] = shown = paper_state(domain, key)
        if old_papers.get(key) != shown:
            changed_papers.add(key)
    domain.data["id_states"], domain.data["paper_states"] = new_ids, new_papers
    if known:
        pages = _pages_showing(domain, linked, listed, changed_papers)
    else:  # no record of what the pages showed: every page that shows another is written again
        pages = set(domain.placeholders) | set(domain.article_refs) | set(domain.paper_refs)
    changed_tocs = toctree_ancestors(env, domain)
    pages |= changed_tocs
    old_relations: dict[str, str] = domain.data["relations"]
    if changed_tocs or domain.toc_changed or domain.removed or not old_relations:
        domain.data["relations"] = new_relations = relation_views(env)
        pages |= {docname for docname, view in new_relations.items() if old_relations.get(docname) != view}
    return sorted((pages - domain.reread) & env.found_docs)
