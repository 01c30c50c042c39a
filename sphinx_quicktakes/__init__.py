"""Publish medical QuickTakes (question-and-answer articles) and paper cards with Sphinx.

The package is built in layers (``docs/architecture.md``): ``library`` reads
and checks the files and knows nothing of Sphinx; ``render`` builds doctree
nodes; ``xref`` holds the cross-document state; ``directives`` put articles on
pages; ``publishing`` writes output files; ``theme`` is the HTML theme.
:func:`setup` is the one place they are wired into Sphinx.  It imports them
when Sphinx calls it, so that ``import sphinx_quicktakes.library`` and
``python -m sphinx_quicktakes check`` never load Sphinx.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

_HERE = Path(__file__).parent


def _add_support_files(app: Sphinx, config: Config) -> None:
    """The components' CSS for HTML and ePub, and for LaTeX a package mapping medical symbols.

    Set here, before the builder is known, so that the saved configuration is the same on
    every build (a value changed later makes Sphinx report a changed configuration each time).
    Both stylesheets are copied; the book leaves out the one for browsers.
    """
    config.html_static_path.append(str(_HERE / "static"))
    config.epub_exclude_files = [*config.epub_exclude_files, "_static/quicktakes.css"]
    config.latex_additional_files.append(str(_HERE / "latex" / "sphinxquicktakes.sty"))


def _link_stylesheet(app: Sphinx) -> None:
    """``builder-inited``: browsers get ``quicktakes.css``; the ePub builders the plain
    ``quicktakes-epub.css`` that e-readers' CSS engines parse (epubcheck refuses the other)."""
    from sphinx.builders._epub_base import EpubBuilder
    from sphinx.builders.html import StandaloneHTMLBuilder

    if isinstance(app.builder, StandaloneHTMLBuilder):
        epub = isinstance(app.builder, EpubBuilder)
        app.add_css_file("quicktakes-epub.css" if epub else "quicktakes.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    from . import config
    from .directives.page_links import PageLinksDirective
    from .directives.paper_card import PaperCardDirective
    from .directives.quicktake import QuickTakeDirective
    from .directives.quicktake_list import QuickTakeListDirective
    from .directives.quicktakes_search import QuickTakesSearchDirective
    from .i18n import LOCALE_DIR, MESSAGE_CATALOG
    from .publishing import (
        article_pages,
        citation_files,
        export,
        feeds,
        llms,
        metadata,
        outputs,
        pages,
        paper_pages,
        search,
        shard_pager,
        sitemap,
        unfinished,
    )
    from .render import compact_list
    from .render.nodes import (
        HTML_VISITORS,
        LATEX_VISITORS,
        qt_citation_file,
        qt_downloads,
        qt_rule,
        qt_search_box,
        visit_rule,
    )
    from .render.transforms import ArticleOutsideSection, CiteBoxForFormat
    from .xref import links, memory, rewrites
    from .xref.domain import QuickTakesDomain
    from .xref.loading import environment_saved, load_library, outdated_docs, page_purged, save_environment
    from .xref.review import warn_stale_reviews

    config.register(app)
    app.add_domain(QuickTakesDomain)
    for node, html in HTML_VISITORS.items():
        if node in LATEX_VISITORS:
            app.add_node(node, html=html, latex=LATEX_VISITORS[node])
        else:
            app.add_node(node, html=html)
    app.add_directive("quicktake", QuickTakeDirective)
    app.add_directive("paper-card", PaperCardDirective)
    app.add_directive("quicktake-list", QuickTakeListDirective)
    app.add_directive("quicktake-pages", PageLinksDirective)
    app.add_directive("quicktakes-search", QuickTakesSearchDirective)
    app.add_node(compact_list.qt_list, html=(compact_list.visit_html, None))
    app.add_transform(ArticleOutsideSection)
    app.add_post_transform(CiteBoxForFormat)
    skip = (citation_files.skip, None)
    app.add_node(
        qt_downloads,
        html=(citation_files.visit_downloads_html, citation_files.depart_downloads_html),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    search_skip = (search.skip, None)
    app.add_node(
        qt_search_box,
        html=(search.visit_box_html, None),
        latex=search_skip,
        text=search_skip,
        man=search_skip,
        texinfo=search_skip,
    )
    rule = (visit_rule, None)
    app.add_node(qt_rule, html=rule, latex=rule, text=rule, man=rule, texinfo=rule)
    app.add_node(qt_citation_file, html=(citation_files.visit_file_html, citation_files.depart_file_html))
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    app.add_latex_package("sphinxquicktakes")

    app.connect("config-inited", _add_support_files)
    app.connect("builder-inited", _link_stylesheet)
    app.connect("builder-inited", load_library)
    app.connect("builder-inited", warn_stale_reviews, priority=550)  # after load_library
    app.connect("builder-inited", pages.generate, priority=600)  # after load_library
    app.connect("builder-inited", article_pages.prepare_search, priority=650)  # after pages.generate
    app.connect("env-get-outdated", outdated_docs)
    app.connect("env-get-outdated", rewrites.note_removed)
    app.connect("env-get-outdated", pages.pages_with_moved_labels)
    app.connect("env-before-read-docs", rewrites.note_reread)
    app.connect("doctree-read", rewrites.record_placeholders)
    app.connect("build-finished", citation_files.write_files)
    app.connect("build-finished", export.write)
    app.connect("build-finished", llms.write)
    app.connect("builder-inited", search.choose)
    app.connect("builder-inited", search.merge_shards, priority=600)  # after load_library and choose
    app.connect("html-collect-pages", article_pages.collect)
    app.connect("html-collect-pages", paper_pages.collect)
    app.connect("html-collect-pages", search.search_page)
    app.connect("html-page-context", search.page_context, priority=450)
    # After every other file is written, before outputs.remove_stale_files (950) saves the record of its files
    app.connect("build-finished", search.write_index, priority=940)
    app.connect("build-finished", feeds.write)
    app.connect("html-page-context", feeds.page_context)
    app.connect("env-updated", feeds.forget)
    app.connect("build-finished", sitemap.add_lastmod, priority=900)  # after sphinx-sitemap writes its file
    app.connect("build-finished", outputs.remove_stale_files, priority=950)  # after every writer of ours
    app.connect("env-updated", unfinished.begin, priority=100)  # before the environment is saved, and any output
    app.connect("env-updated", outputs.remove_stale_pages)
    app.connect("env-check-consistency", environment_saved)
    app.connect("env-purge-doc", page_purged)
    app.connect("source-read", memory.page_read)
    app.connect("env-updated", memory.reading_done)
    app.connect("build-finished", save_environment, priority=950)
    app.connect("build-finished", unfinished.finish, priority=990)  # last: all is written and recorded
    # Before sphinxext-opengraph (500), so that it sees our description and adds no second one.
    app.connect("html-page-context", metadata.page_context, priority=400)
    app.connect("html-page-context", shard_pager.page_context, priority=450)
    app.connect("html-page-context", shard_pager.library_links, priority=600)  # after the theme's context
    app.connect("doctree-read", metadata.record_main_article)
    app.connect("doctree-resolved", links.resolve_placeholders)
    app.connect("env-updated", links.warn_unlinked_related)
    app.connect("env-get-updated", rewrites.pages_to_rewrite)
    app.connect("env-get-updated", pages.pages_to_rewrite)
    app.connect("env-get-updated", shard_pager.pages_to_rewrite)
    app.connect("env-get-updated", unfinished.write_everything)
    app.connect("env-before-read-docs", pages.read_keyword_index_first)
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
