"""Which library pages this build writes straight from data, not as Sphinx documents.

An HTML build (``html``, ``dirhtml``) with ``quicktakes_pages`` set gives every QuickTake a
page ``<quicktakes_pages>/<id>`` that the library alone determines: it is rendered at
``html-collect-pages`` (``publishing/article_pages.py``) instead of being written as a
source, read, pickled and resolved.  The set is worked out from the library at
``builder-inited`` and kept on the domain *instance* (never pickled), so it is a pure
function of the library and the configuration, whatever an earlier build left behind.

Every other builder (LaTeX, ePub, text, man, Texinfo, singlehtml) and a sharded site keep
the generated documents: a book of the library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..library.catalog import Library

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config

#: The builders whose article pages come from data.
BUILDERS = ("html", "dirhtml")


@dataclass(frozen=True, slots=True)
class DataPages:
    """The pages of this build that come from data: article id -> page name."""

    folder: str
    articles: dict[int, str] = field(default_factory=dict)

    @property
    def names(self) -> set[str]:
        return set(self.articles.values())

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
    """One page per QuickTake of *library*, by id (the URL the document route gives it too)."""
    return DataPages(folder, {qt_id: f"{folder}/{qt_id}" for qt_id in sorted(library.quicktakes)})
