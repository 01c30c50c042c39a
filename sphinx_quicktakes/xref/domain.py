"""The ``qt`` domain: cross-document state of the extension.

``data`` holds plain, picklable records only, merged after ``-j`` reads and
purged per document:

``uses``
    which QuickTake or paper each page shows and from which file, so that a
    page is re-read when that file changes, disappears, or an id moves (see
    ``loading.outdated_docs``);
``cards``
    the paper cards on each page (anchor, DOI key, citation fields), for
    ``:qt:paper:`` links, ``objects.inv`` and the generated citation files;
``paper_targets``
    DOI key -> {docname: anchor}, the index ``:qt:paper:`` resolves against;
``articles``
    the QuickTake articles placed on each page: {docname: {id: [anchor, question]}};
``article_targets``
    id -> {docname: anchor}, the index related articles and ``:qt:article:`` resolve against;
``article_refs``
    docname -> {id: count}: the ``:qt:article:`` roles of each page, and
``article_backrefs``
    id -> {docname: count}, the same inverted (pages that are backlinks of an id);
``paper_refs``
    docname -> {DOI key: count}: the ``:qt:paper:`` roles of each page;
``placeholders``
    docname -> {"links": [[id, url], ...], "backlinks": [id, ...]}: the links to
    articles (related articles, list entries) and the "Referenced by" lists of
    each page, resolved only when the page is written;
``id_states`` and ``paper_states``
    per article and paper that a page shows something of, a digest of what it
    shows (where it is, its question, its referrers), as of the last build;
``tocs`` and ``relations``
    per page, a digest of what its entry in a toctree shows (title and
    sections), and of its previous, next and parent pages, as of the last
    build, so that ``env-get-updated`` rewrites exactly the pages that would
    now be written differently (``rewrites.py``).

The loaded :class:`~sphinx_quicktakes.library.Library`, and what changed in it
since the previous build, hang off the domain *instance*, which Sphinx rebuilds
every run and never pickles.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ..i18n import _
from ..library.cache import Changes
from ..library.catalog import Library
from ..library.doi import doi_key, doi_slug, normalize_doi
from .data_pages import DataPages
from .shards import ShardState

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: ``(kind, key)`` of a use: ``("quicktake", "118100")``, ``("path", "/abs/file.txt")``,
#: ``("list", <selection key>)``.
UseKey = tuple[str, str]


class ArticleRole(XRefRole):
    """``:qt:article:`118100``` and ``:qt:article:`text <118100>```; the page becomes a backlink."""

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: nodes.Element, is_ref: bool
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        qt_id = _article_id(node["reftarget"])
        if qt_id is not None:
            cast("QuickTakesDomain", env.get_domain("qt")).note_article_ref(env.docname, qt_id)
        return super().result_nodes(document, env, node, is_ref)


class PaperRole(XRefRole):
    """``:qt:paper:`10.1016/...```; recorded so that the page is rewritten when the card it links to moves."""

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: nodes.Element, is_ref: bool
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        domain = cast("QuickTakesDomain", env.get_domain("qt"))
        domain.note_paper_ref(env.docname, doi_key(normalize_doi(node["reftarget"])))
        return super().result_nodes(document, env, node, is_ref)


class QuickTakesDomain(Domain):
    name = "qt"
    label = "QuickTakes"
    # These three are typed by Domain itself: Sphinx 8.2 declares them instance variables and
    # Sphinx 9 ClassVars, so an annotation here would contradict one of the two (mypy: "Cannot
    # override instance variable ... with class variable"). Unannotated, they take the base's type.
    object_types = {  # noqa: RUF012 (class-level by Sphinx's design; typed by Domain)
        "article": ObjType(_("QuickTake"), "article"),
        "paper": ObjType(_("paper"), "paper"),
    }
    #: Both sit in prose: the link text is plain, not code.
    roles = {  # noqa: RUF012
        "article": ArticleRole(innernodeclass=nodes.inline),
        "paper": PaperRole(innernodeclass=nodes.inline),
    }
    initial_data = {  # noqa: RUF012
        "uses": {},
        "cards": {},
        "paper_targets": {},
        "articles": {},
        "article_targets": {},
        "article_refs": {},
        "article_backrefs": {},
        "paper_refs": {},
        "placeholders": {},
        "id_states": {},
        "paper_states": {},
        "tocs": {},
        "relations": {},
        "main_articles": {},
    }
    data_version = 6

    library: Library = Library()
    #: This build's place in a sharded site, or None (``xref/shards.py``).
    shards: ShardState | None = None
    #: What differs from the library of the previous build (``None``: not known, assume anything).
    changes: Changes | None = None
    #: The article pages this build renders from data, not as documents (``xref/data_pages.py``).
    data_pages: DataPages | None = None

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: Document names of the pages ``quicktakes_pages`` generates in this build.
        self.generated_pages: set[str] = set()
        #: Files (relative to the output folder) the extension wrote, or found up to date, in this build.
        self.written_outputs: set[str] = set()
        #: Documents Sphinx reads again in this build (``env-before-read-docs``), and those it removes.
        self.reread: set[str] = set()
        self.removed: set[str] = set()
        #: Articles a page forgot when it was purged (read again or removed) placed or named in a role,
        #: and whether it had paper cards or roles: what the rewrites must look at (``rewrites.py``).
        self.purged_ids: set[int] = set()
        self.purged_papers = False
        #: Whether a page's title or table of contents changed in this build (``rewrites.py``).
        self.toc_changed = False
        #: Whether state kept in the environment changed since Sphinx last saved it (see loading.save_environment).
        self.unsaved = False
        #: Pages with lists read in this build whose doctrees are still to be dropped (see memory.py).
        self.list_pages_read: set[str] = set()
        #: Whether the last build into this output folder did not finish, so that no record of it
        #: may be trusted and everything is written again (``publishing/unfinished.py``).
        self.recovering = False
        #: This build's mark of being unfinished, and the marks of the gone builds it recovers from.
        self.unfinished_mark: Path | None = None
        self.recovered_marks: list[Path] = []
        #: The outputs journal of this build, once opened (``publishing/outputs.py``).
        self.outputs_journal: Any = None

    # -- records -----------------------------------------------------------------

    @property
    def uses(self) -> dict[str, dict[UseKey, str | None]]:
        """docname -> {(kind, key): resolved file path (None if unknown), or a list's digest}."""
        return self.data["uses"]

    @property
    def cards(self) -> dict[str, dict[str, dict[str, Any]]]:
        """docname -> {anchor: {"key": DOI key, "citation": citation fields}}."""
        return self.data["cards"]

    @property
    def paper_targets(self) -> dict[str, dict[str, str]]:
        return self.data["paper_targets"]

    @property
    def articles(self) -> dict[str, dict[int, list[str]]]:
        return self.data["articles"]

    @property
    def article_targets(self) -> dict[int, dict[str, str]]:
        return self.data["article_targets"]

    @property
    def article_refs(self) -> dict[str, dict[int, int]]:
        return self.data["article_refs"]

    @property
    def article_backrefs(self) -> dict[int, dict[str, int]]:
        return self.data["article_backrefs"]

    @property
    def paper_refs(self) -> dict[str, dict[str, int]]:
        """docname -> {DOI key: count}: the ``:qt:paper:`` roles of each page."""
        return self.data["paper_refs"]

    @property
    def main_articles(self) -> dict[str, int]:
        """docname -> id of the article the page is given to (its title is the question)."""
        return self.data["main_articles"]

    def note_use(self, docname: str, use: UseKey, path: str | None) -> None:
        self.uses.setdefault(docname, {})[use] = path

    def note_card(self, docname: str, anchor: str, key: str, citation: dict[str, Any]) -> None:
        self.cards.setdefault(docname, {})[anchor] = {"key": key, "citation": citation}
        if key:  # within a page, the first card of a paper is the link target
            self.paper_targets.setdefault(key, {}).setdefault(docname, anchor)

    def note_article(self, docname: str, qt_id: int, anchor: str, question: str) -> None:
        """An article placed on *docname*; the first one of an id on a page is its target there."""
        self.articles.setdefault(docname, {}).setdefault(qt_id, [anchor, question])
        self.article_targets.setdefault(qt_id, {}).setdefault(docname, anchor)

    def note_article_ref(self, docname: str, qt_id: int) -> None:
        refs = self.article_refs.setdefault(docname, {})
        refs[qt_id] = refs.get(qt_id, 0) + 1
        self.article_backrefs.setdefault(qt_id, {})[docname] = refs[qt_id]

    @property
    def placeholders(self) -> dict[str, dict[str, list[Any]]]:
        return self.data["placeholders"]

    def note_paper_ref(self, docname: str, key: str) -> None:
        refs = self.paper_refs.setdefault(docname, {})
        refs[key] = refs.get(key, 0) + 1

    def clear_doc(self, docname: str) -> None:
        self.purged_ids.update(self.doc_ids(docname))
        self.purged_papers |= bool(self.cards.get(docname) or self.paper_refs.get(docname))
        self.uses.pop(docname, None)
        self.paper_refs.pop(docname, None)
        self.placeholders.pop(docname, None)
        self.main_articles.pop(docname, None)
        for card in self.cards.pop(docname, {}).values():
            _discard(self.paper_targets, card["key"], docname)
        for qt_id in self.articles.pop(docname, {}):
            _discard(self.article_targets, qt_id, docname)
        for qt_id in self.article_refs.pop(docname, {}):
            _discard(self.article_backrefs, qt_id, docname)

    def doc_ids(self, docname: str) -> set[int]:
        """The articles page *docname* places (shows) or names in a ``:qt:article:`` role."""
        return set(self.articles.get(docname, {})) | set(self.article_refs.get(docname, {}))

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["uses"]:
                self.uses[docname] = otherdata["uses"][docname]
            for name in ("paper_refs", "placeholders"):
                if docname in otherdata[name]:
                    self.data[name][docname] = otherdata[name][docname]
            if docname in otherdata["main_articles"]:
                self.main_articles[docname] = otherdata["main_articles"][docname]
            for anchor, card in otherdata["cards"].get(docname, {}).items():
                self.note_card(docname, anchor, card["key"], card["citation"])
            for qt_id, (anchor, question) in otherdata["articles"].get(docname, {}).items():
                self.note_article(docname, qt_id, anchor, question)
            for qt_id, count in otherdata["article_refs"].get(docname, {}).items():
                self.article_refs.setdefault(docname, {})[qt_id] = count
                self.article_backrefs.setdefault(qt_id, {})[docname] = count

    # -- lookups -------------------------------------------------------------------

    def paper_target(self, key: str) -> tuple[str, str, dict[str, Any]] | None:
        """(docname, anchor, citation) of the card for DOI *key*: its own page (from data, or generated
        as a document); otherwise the first page by name."""
        page = self.data_pages.papers.get(key) if self.data_pages is not None else None
        if page is not None:
            return page.name, page.anchor, page.citation
        targets = self.paper_targets.get(key)
        if not targets:
            return None
        docname = self._own_page(targets, "papers/" + doi_slug(key)) or min(targets)
        anchor = targets[docname]
        return docname, anchor, self.cards[docname][anchor]["citation"]

    def page_cards(self, pagename: str) -> dict[str, dict[str, Any]]:
        """The cards page *pagename* shows, by anchor ({"key", "citation"}), a page from data's too."""
        page = self.data_pages.paper_page(pagename) if self.data_pages is not None else None
        if page is not None:
            return {page[1].anchor: {"key": page[0], "citation": page[1].citation}}
        return self.cards.get(pagename, {})

    def every_card(self) -> Iterator[tuple[str, dict[str, dict[str, Any]]]]:
        """(page, its cards) for every page with cards, the pages from data too."""
        yield from self.cards.items()
        for key, page in self.data_pages.papers.items() if self.data_pages is not None else ():
            yield page.name, {page.anchor: {"key": key, "citation": page.citation}}

    def _own_page(self, targets: dict[str, str], name: str) -> str | None:
        """The generated page *name* (under ``quicktakes_pages``) if it shows the item."""
        pages = self.env.config.quicktakes_pages
        return f"{pages}/{name}" if pages and f"{pages}/{name}" in targets else None

    def main_article(self, pagename: str) -> int | None:
        """The id of the article page *pagename* is given to (its title is the question), if any."""
        if self.data_pages is not None:
            qt_id = self.data_pages.article_of(pagename)
            if qt_id is not None:
                return qt_id
        return self.main_articles.get(pagename)

    def placed_ids(self) -> set[int]:
        """Every article some page of this build shows: a document or a page from data."""
        ids = set(self.article_targets)
        return ids | set(self.data_pages.articles) if self.data_pages is not None else ids

    def article_target(self, qt_id: int) -> tuple[str, str, str] | None:
        """(docname, anchor, question) where links to article *qt_id* go, if it is placed.

        Its own page wins (from data, or generated as a document); otherwise the first page by name.
        """
        page = self.data_pages.articles.get(qt_id) if self.data_pages is not None else None
        if page is not None:
            quicktake = self.library.quicktakes[qt_id]
            return page, quicktake.anchor, quicktake.question
        targets = self.article_targets.get(qt_id)
        if not targets:
            return None
        docname = self._own_page(targets, str(qt_id)) or min(targets)
        anchor, question = self.articles[docname][qt_id]
        return docname, anchor, question

    def elsewhere(self, typ: str, target: str) -> bool:
        """Whether another build of a sharded site holds the role's target (links go to its page there)."""
        if self.shards is None:
            return False
        if typ == "article":
            qt_id = _article_id(target)
            return qt_id is not None and self.shards.article_elsewhere(qt_id) is not None
        paper = self.library.papers.get(doi_key(normalize_doi(target))) if typ == "paper" else None
        return paper is not None and self.shards.paper_elsewhere(paper) is not None

    def _target(self, typ: str, target: str) -> tuple[str, str, str] | None:
        """(docname, anchor, title) for a role target, or None."""
        if self.elsewhere(typ, target):
            return None  # links.missing_reference links the page of the build that holds it
        if typ == "article":
            qt_id = _article_id(target)
            return self.article_target(qt_id) if qt_id is not None else None
        if typ == "paper":
            found = self.paper_target(doi_key(normalize_doi(target)))
            return (found[0], found[1], found[2]["title"]) if found else None
        return None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """Links inside the project; what is not here goes on to intersphinx, then to
        ``links.missing_reference`` (doi.org, the external base, or plain text)."""
        found = self._target(typ, target)
        if found is None:
            return None
        docname, anchor, title = found
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=[f"qt-{typ}-ref"])
        return make_refnode(builder, fromdocname, docname, anchor, contnode, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        results = []
        for typ in ("article", "paper"):
            found = self._target(typ, target)
            if found is not None:
                docname, anchor, title = found
                results.append((f"qt:{typ}", make_refnode(builder, fromdocname, docname, anchor, contnode, title)))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for qt_id in sorted(self.placed_ids()):
            article = self.article_target(qt_id)
            if article is not None:
                yield str(qt_id), article[2], "article", article[0], article[1], 1
        for key in sorted(self.paper_targets.keys() | (self.data_pages.papers if self.data_pages else {}).keys()):
            paper = self.paper_target(key)
            if paper is not None:
                docname, anchor, citation = paper
                yield citation["doi"] or key, citation["title"], "paper", docname, anchor, 1


def _article_id(target: str) -> int | None:
    """The id a role names, or None: ASCII digits only, as "³" is a digit that int() refuses."""
    target = target.strip()
    return int(target) if target.isascii() and target.isdigit() else None


def _discard(index: dict[Any, dict[str, Any]], key: Any, docname: str) -> None:
    """Remove *docname* from ``index[key]``, and the key once nothing is left."""
    inner = index.get(key)
    if inner is not None:
        inner.pop(docname, None)
        if not inner:
            del index[key]
