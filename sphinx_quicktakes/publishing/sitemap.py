"""Offer each article's date to sphinx-sitemap as its ``<lastmod>``.

sphinx-sitemap knows dates only from Git (``sitemap_show_lastmod``); a
QuickTake carries its own publication date, and its ``updated`` date when the
answer changed since (which then wins).  After sphinx-sitemap has written
``sitemap.xml``, each URL of a page given to one article (see
``metadata.record_main_article``) that has no
``<lastmod>`` yet gets the article's date.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from ..library import files
from ..xref.loading import get_domain
from .citation_files import writes_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def add_lastmod(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not app.config.quicktakes_sitemap_lastmod or not writes_files(app.builder):
        return
    path = app.builder.outdir / getattr(app.config, "sitemap_filename", "sitemap.xml")
    if "sphinx_sitemap" not in app.extensions or not path.is_file():
        return
    domain = get_domain(app.env)
    dates = {}  # page URL (as the builder writes it) -> date, for pages given to one article
    pages = dict(domain.main_articles)
    if domain.data_pages is not None:
        pages.update({page: qt_id for qt_id, page in domain.data_pages.articles.items()})
    for docname, qt_id in pages.items():
        quicktake = domain.library.quicktakes.get(qt_id)
        day = (quicktake.updated or quicktake.date) if quicktake is not None else None
        if day:
            dates[app.builder.get_target_uri(docname)] = day.isoformat()
    if not dates:
        return
    ElementTree.register_namespace("", _NS)
    tree = ElementTree.parse(path)  # our own build output, not untrusted input
    base = app.config.html_baseurl.rstrip("/") + "/"
    for url in tree.getroot().findall(f"{{{_NS}}}url"):
        loc = url.findtext(f"{{{_NS}}}loc") or ""
        date = dates.get(loc.removeprefix(base)) if loc.startswith(base) else None
        if date and url.find(f"{{{_NS}}}lastmod") is None:
            ElementTree.SubElement(url, f"{{{_NS}}}lastmod").text = date
    buffer = io.BytesIO()
    tree.write(buffer, xml_declaration=True, encoding="utf-8")
    files.write_bytes(path, buffer.getvalue())
