"""Which library pages this build writes straight from data, not as Sphinx documents.

An HTML build (``html``, ``dirhtml``) with ``quicktakes_pages`` set gives every QuickTake a
page ``<quicktakes_pages>/<id>``, and every paper with a DOI a page ``<quicktakes_pages>/papers/<slug>``,
that the library alone determines: they are rendered at ``html-collect-pages``
(``publishing/article_pages.py``, ``publishing/paper_pages.py``) instead of being written as
sources, read, pickled and resolved.  The set is worked out from the library at
``builder-inited`` and kept on the domain *instance* (never pickled), so it is a pure
function of the library and the configuration, whatever an earlier build left behind.

Every other builder (LaTeX, ePub, text, man, Texinfo, singlehtml) and a sharded site keep
the generated documents: a book of the library.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from ..library.catalog import Library
from ..library.citation import Citation
from ..library.doi import is_valid_doi
from ..render.paper_card import paper_anchor
from .shards import paper_slugs

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config

#: The builders whose article pages come from data.
BUILDERS = ("html", "dirhtml")


@dataclass(frozen=True, slots=True)
class PaperPage:
    """A paper's page from data: its name, and the card's anchor and citation fields (``domain.cards``' form)."""

    name: str
    anchor: str
    citation: dict[str, Any]


@dataclass(frozen=True, slots=True)
class DataPages:
    """The pages of this build that come from data: article id -> page name, paper key -> its page."""

    folder: str
    articles: dict[int, str] = field(default_factory=dict)
    papers: dict[str, PaperPage] = field(default_factory=dict)
    _paper_names: dict[str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def names(self) -> set[str]:
        return set(self.articles.values()) | {page.name for page in self.papers.values()}

    def paper_page(self, pagename: str) -> tuple[str, PaperPage] | None:
        """(key, page) of the paper page *pagename*, if it is one of these pages."""
        if not pagename.startswith(f"{self.folder}/papers/"):
            return None
        if self._paper_names is None:
            object.__setattr__(self, "_paper_names", {page.name: key for key, page in self.papers.items()})
        key = self._paper_names.get(pagename)  # type: ignore[union-attr]
        return (key, self.papers[key]) if key is not None else None

    def article_of(self, pagename: str) -> int | None:
        """The id of the article page *pagename*, if it is one of these pages."""
        name = pagename.removeprefix(f"{self.folder}/")
        if name == pagename or not name.isascii() or not name.isdigit():
            return None
        qt_id = int(name)
        return qt_id if self.articles.get(qt_id) == pagename else None


def from_data(builder: Builder, config: Config) -> bool:
    """Whether this build renders the library's article pages from data."""
    return (
        bool(config.quicktakes_pages)
        and bool(config.quicktakes_data_pages)
        and builder.name in BUILDERS
        and not config.quicktakes_shards
    )


def plan_pages(library: Library, folder: str) -> DataPages:
    """One page per QuickTake of *library*, by id, and one per paper with a DOI, by its slug (the URLs
    the document route gives them too).  A paper without a DOI keeps its generated document: only a
    DOI names it in a ``:qt:paper:`` role, which is how the papers index lists pages from data."""
    slugs = paper_slugs(library)
    papers = {}
    for key, paper in sorted(library.papers.items()):
        if not is_valid_doi(paper.doi):
            continue
        citation = Citation.from_paper(paper)
        papers[key] = PaperPage(f"{folder}/papers/{slugs[key]}", paper_anchor(citation), asdict(citation))
    return DataPages(folder, {qt_id: f"{folder}/{qt_id}" for qt_id in sorted(library.quicktakes)}, papers)
