"""Publish medical QuickTakes (question-and-answer articles) and paper cards with Sphinx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .domain import QuickTakesDomain
from .i18n import LOCALE_DIR, MESSAGE_CATALOG
from .library import DEFAULT_SUFFIXES
from .loading import load_library, outdated_docs
from .nodes import HTML_VISITORS
from .quicktake_directive import QuickTakeDirective
from .transforms import ArticleOutsideSection

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

_HERE = Path(__file__).parent


def _add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path.append(str(_HERE / "static"))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("quicktakes_sources", [], "env", types=frozenset({list, tuple, str}))
    app.add_config_value("quicktakes_source_suffixes", list(DEFAULT_SUFFIXES), "env", types=frozenset({list, tuple}))

    app.add_domain(QuickTakesDomain)
    for node, (visit, depart) in HTML_VISITORS.items():
        app.add_node(node, html=(visit, depart))
    app.add_directive("quicktake", QuickTakeDirective)
    app.add_transform(ArticleOutsideSection)
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    app.add_css_file("quicktakes.css")

    app.connect("config-inited", _add_static_path)
    app.connect("builder-inited", load_library)
    app.connect("env-get-outdated", outdated_docs)
    return {
        "version": __version__,
        "env_version": 1,
        # Reading only touches the domain's plain data, merged in merge_domaindata;
        # writing keeps no state between pages.
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
