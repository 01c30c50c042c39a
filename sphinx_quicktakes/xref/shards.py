"""This build's place in a sharded site (``quicktakes_shards``): what it holds, where the rest is.

Computed at ``builder-inited`` from the library alone (``library/shards.py``), so every build
of the site agrees on where each article and paper is without reading another's output.
Kept on the domain *instance* beside the library (it is rebuilt every run, never pickled).

Page names, the same in every build: the article *N* of shard *S* is
``<quicktakes_pages>/<S>/<N>``, a paper card of shard *S* is
``<quicktakes_pages>/<S>/papers/<slug>``, one of the hub ``<quicktakes_pages>/papers/<slug>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..library.catalog import Library
from ..library.citation import Citation
from ..library.model import Paper
from ..library.shards import HUB, Plan, Site, is_absolute
from ..library.text import distinct_slugs
from ..render.paper_card import paper_anchor

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config


#: A neighbour in the reading order: an article id, or the docname of a hub's subject page.
Neighbour = int | str


@dataclass(frozen=True, slots=True)
class Target:
    """A page of another build: which build, the page's name there, the anchor on it."""

    build: str
    docname: str
    anchor: str = ""


def index_entries(config: Config) -> bool:
    """Whether articles get entries in Sphinx's general index.

    ``"auto"`` keeps them in a site built as one and leaves them out of a sharded one: there a
    build's general index would list only its own part of the library (and 15,000 articles'
    entries made a 4.4 MB ``genindex.html``); the hub's subject, keyword and date pages index all.
    """
    value = config.quicktakes_index_entries
    return bool(value) if value != "auto" else getattr(config, "_quicktakes_build", None) is None


def paper_slug(paper: Paper) -> str:
    """A paper's card's anchor without the ``qt-paper-`` prefix (the DOI's slug)."""
    return paper_anchor(Citation.from_paper(paper)).removeprefix("qt-paper-")


def paper_slugs(library: Library) -> dict[str, str]:
    """Each paper's page name, by key: its :func:`paper_slug`, made distinct, so that DOIs that
    slug alike (``10.5555/x-a``, ``10.5555/x.a``) get a page each."""
    papers = library.papers
    return distinct_slugs(papers, slugger=lambda key: paper_slug(papers[key]))


@dataclass(slots=True)
class ShardState:
    plan: Plan
    site: Site
    #: This build: a shard name, or "" for the hub.
    build: str
    #: ``quicktakes_pages``, the folder of the generated pages.
    pages: str
    _order: dict[Neighbour, tuple[Neighbour | None, Neighbour | None]] | None = None
    #: Each paper's page name (:func:`paper_slugs`), by key.
    paper_names: dict[str, str] = field(default_factory=dict)

    def article_docname(self, qt_id: int) -> str | None:
        shard = self.plan.articles.get(qt_id)
        return f"{self.pages}/{shard}/{qt_id}" if shard else None

    def paper_docname(self, paper: Paper) -> str:
        owner = self.plan.papers.get(paper.key, HUB)
        folder = f"{self.pages}/{owner}" if owner else self.pages
        return f"{folder}/papers/{self.paper_names.get(paper.key) or paper_slug(paper)}"

    def article_elsewhere(self, qt_id: int) -> Target | None:
        """The page of article *qt_id* when another build holds it."""
        shard = self.plan.articles.get(qt_id)
        if shard is None or shard == self.build:
            return None
        return Target(shard, f"{self.pages}/{shard}/{qt_id}", f"qt-{qt_id}")

    def paper_elsewhere(self, paper: Paper) -> Target | None:
        owner = self.plan.papers.get(paper.key, HUB)
        if owner == self.build:
            return None
        return Target(owner, self.paper_docname(paper), paper_anchor(Citation.from_paper(paper)))

    def hub_page(self, docname: str, anchor: str = "") -> Target | None:
        """A page of the hub (an index page), when this build is a shard."""
        return None if self.build == HUB else Target(HUB, docname, anchor)

    def href(self, builder: Builder, fromdocname: str | None, target: Target) -> str | None:
        """The address of *target* seen from *fromdocname* (None: from the build's root folder).

        The page's path in its build is what this builder would write for it (``x.html`` or
        ``x/``).  None when a builder without such paths (LaTeX, text) would need a relative one.
        """
        if not hasattr(builder, "link_suffix") and not is_absolute(self.site.base(target.build)):
            return None
        uri = builder.get_target_uri(target.docname)
        uri += f"#{target.anchor}" if target.anchor else ""
        from_uri = builder.get_target_uri(fromdocname) if fromdocname is not None else ""
        return self.site.href(self.build, from_uri.split("#", 1)[0], target.build, uri)


def subject_order(library: Library) -> list[tuple[str, list[int]]]:
    """The subjects as the hub's index lists them, each with its articles by id: the reading order
    previous/next follow (the order a site that is not sharded has, through its toctrees)."""
    by_subject: dict[str, list[int]] = {}
    for qt_id in sorted(library.quicktakes):
        by_subject.setdefault(" ".join(library.quicktakes[qt_id].subject.split()), []).append(qt_id)
    return [(subject, by_subject[subject]) for subject in sorted(by_subject, key=str.casefold)]


NO_SUBJECT = "no-subject"


def subject_docnames(library: Library, pages: str) -> dict[str, str]:
    """The page of each subject (whitespace collapsed; "" for none) under the folder *pages*
    ("" for names relative to it): the one naming that the generated pages, the article pages
    from data, the feeds and the reading order of a sharded site share.  Subjects that slug
    alike (``PET/CT``, ``PET-CT``) get a page each (:func:`distinct_slugs`)."""
    subjects = {" ".join(quicktake.subject.split()) for quicktake in library.quicktakes.values()}
    folder = f"{pages}/subjects" if pages else "subjects"
    reserved = {NO_SUBJECT} if "" in subjects else set()
    names = {subject: f"{folder}/{name}" for subject, name in distinct_slugs(subjects - {""}, reserved).items()}
    if "" in subjects:
        names[""] = f"{folder}/{NO_SUBJECT}"
    return names


def reading_order(library: Library, pages: str) -> dict[Neighbour, tuple[Neighbour | None, Neighbour | None]]:
    """Previous and next of every article and subject page: subject page, its articles, next subject page."""
    sequence: list[Neighbour] = []
    docnames = subject_docnames(library, pages)
    for subject, ids in subject_order(library):
        sequence.append(docnames[subject])
        sequence.extend(ids)
    return {
        item: (sequence[index - 1] if index else None, sequence[index + 1] if index + 1 < len(sequence) else None)
        for index, item in enumerate(sequence)
    }
