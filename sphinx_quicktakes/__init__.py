"""Publish medical QuickTakes (question-and-answer articles) and paper cards with Sphinx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.config import ENUM

from . import citation_files, export, links, llms, metadata, pages, sitemap
from .citation import STYLES
from .domain import QuickTakesDomain
from .i18n import LOCALE_DIR, MESSAGE_CATALOG
from .library import DEFAULT_SUFFIXES
from .list_directive import QuickTakeListDirective
from .loading import load_library, outdated_docs
from .nodes import HTML_VISITORS, LATEX_VISITORS, qt_citation_file, qt_downloads
from .paper_directive import PaperCardDirective
from .quicktake_directive import QuickTakeDirective
from .transforms import ArticleOutsideSection

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

_HERE = Path(__file__).parent


def _add_support_files(app: Sphinx, config: Config) -> None:
    """The components' CSS for HTML, and for LaTeX a package mapping medical symbols."""
    config.html_static_path.append(str(_HERE / "static"))
    config.latex_additional_files.append(str(_HERE / "latex" / "sphinxquicktakes.sty"))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("quicktakes_sources", [], "env", types=frozenset({list, tuple, str}))
    app.add_config_value("quicktakes_source_suffixes", list(DEFAULT_SUFFIXES), "env", types=frozenset({list, tuple}))
    app.add_config_value("quicktakes_citation_style", "vancouver", "env", types=ENUM(*STYLES))
    app.add_config_value("quicktakes_external_base", None, "html", types=frozenset({str, type(None)}))
    app.add_config_value("quicktakes_pages", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("quicktakes_seo_title", False, "html", types=frozenset({bool}))
    app.add_config_value("quicktakes_opengraph", True, "html", types=frozenset({bool}))
    app.add_config_value("quicktakes_sitemap_lastmod", True, "html", types=frozenset({bool}))

    app.add_domain(QuickTakesDomain)
    for node, html in HTML_VISITORS.items():
        if node in LATEX_VISITORS:
            app.add_node(node, html=html, latex=LATEX_VISITORS[node])
        else:
            app.add_node(node, html=html)
    app.add_directive("quicktake", QuickTakeDirective)
    app.add_directive("paper-card", PaperCardDirective)
    app.add_directive("quicktake-list", QuickTakeListDirective)
    app.add_transform(ArticleOutsideSection)
    skip = (citation_files.skip, None)
    app.add_node(
        qt_downloads,
        html=(citation_files.visit_downloads_html, citation_files.depart_downloads_html),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_node(qt_citation_file, html=(citation_files.visit_file_html, citation_files.depart_file_html))
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    app.add_css_file("quicktakes.css")
    app.add_latex_package("sphinxquicktakes")

    app.connect("config-inited", _add_support_files)
    app.connect("builder-inited", load_library)
    app.connect("builder-inited", pages.generate, priority=600)  # after load_library
    app.connect("env-get-outdated", outdated_docs)
    app.connect("build-finished", citation_files.write_files)
    app.connect("build-finished", export.write)
    app.connect("build-finished", llms.write)
    app.connect("build-finished", sitemap.add_lastmod, priority=900)  # after sphinx-sitemap writes its file
    # Before sphinxext-opengraph (500), so that it sees our description and adds no second one.
    app.connect("html-page-context", metadata.page_context, priority=400)
    app.connect("doctree-read", metadata.record_main_article)
    app.connect("doctree-resolved", links.resolve_placeholders)
    app.connect("env-get-updated", links.pages_to_rewrite)
    # After intersphinx (priority 500) has had its chance at qt:article and qt:paper targets.
    app.connect("missing-reference", links.missing_reference, priority=900)
    return {
        "version": __version__,
        "env_version": 2,
        # Reading only touches the domain's plain data, merged in merge_domaindata;
        # writing keeps no state between pages.
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
