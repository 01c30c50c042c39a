"""Where the links of an article page written from data go: the node route's answers, without nodes.

``render/article_html.py`` asks; these answers are those the node route gets from Sphinx's
reference resolution and ``links.resolve_placeholders`` for the same page: the same rule
(``links.article_link``), the same addresses (``links.link_href``, which makes them as
``make_refnode`` does), the standard domain's labels for keyword chips and the domain's paper
cards.  A link the node route would send elsewhere (another build of a sharded site, an
intersphinx inventory, a warning) is declined with ``UnsupportedError``: that page takes the
node route, which does all of that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..library.doi import doi_key, doi_url, is_valid_doi, normalize_doi
from ..library.model import QuickTake
from ..library.reference import Reference
from ..render.html_out import UnsupportedError
from .links import Link, article_link, link_href
from .loading import get_domain

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx


class PageLinks:
    """:class:`~sphinx_quicktakes.render.article_html.Links` for page *pagename* of this build."""

    def __init__(self, app: Sphinx, pagename: str, keyword_label: Callable[[str], str]) -> None:
        self.env, self.builder, self.pagename = app.env, app.builder, pagename
        self.domain = get_domain(app.env)
        self._label = keyword_label
        self._anonlabels = app.env.get_domain("std").anonlabels  # type: ignore[attr-defined]
        self._inventories = bool(getattr(app.env, "intersphinx_inventory", None))
        if self.domain.shards is not None:
            raise UnsupportedError("sharded site")

    def article(self, qt_id: int, url: str) -> tuple[str, str | None]:
        link = article_link(self.env, qt_id, url)
        if link.kind == "shard":
            raise UnsupportedError("shard")
        return link.kind, link_href(self.builder, self.pagename, link)

    def paper(self, reference: Reference) -> tuple[str, str, str]:
        doi = normalize_doi(reference.value)
        found = self.domain.paper_target(doi_key(doi))
        if found is not None:
            docname, anchor, citation = found
            href = link_href(self.builder, self.pagename, Link("internal", docname=docname, anchor=anchor))
            return "reference internal", href or "#", str(citation["title"])
        if self._inventories or not is_valid_doi(doi):  # intersphinx may have it; an invalid one warns
            raise UnsupportedError("paper")
        return "qt-doi reference external", doi_url(doi), ""

    def keyword(self, keyword: str) -> str:
        docname, labelid = self._anonlabels.get(self._label(keyword), ("", ""))
        if not docname:  # an undefined label: the node route warns
            raise UnsupportedError("keyword")
        return link_href(self.builder, self.pagename, Link("internal", docname=docname, anchor=labelid)) or "#"

    def citing_pages(self, qt_id: int) -> list[tuple[str, str]]:
        titles = self.env.titles
        pages = []
        for docname in sorted(set(self.domain.article_backrefs.get(qt_id, {})) - {self.pagename}):
            title = titles[docname].astext() if docname in titles else docname
            pages.append((link_href(self.builder, self.pagename, Link("internal", docname=docname)) or "#", title))
        return pages

    def current(self, qt_id: int) -> tuple[str, str] | None:
        found = self.domain.library.quicktakes.get(qt_id)
        return (found.question, found.subject) if found is not None else None

    def referrers(self, qt_id: int) -> list[QuickTake]:
        library = self.domain.library
        return [library.quicktakes[source] for source in library.referrers(qt_id)]
