"""The extension's configuration values, all prefixed ``quicktakes_``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.config import ENUM

from .library.catalog import DEFAULT_SUFFIXES
from .library.citation import STYLES

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def register(app: Sphinx) -> None:
    app.add_config_value("quicktakes_sources", [], "env", types=frozenset({list, tuple, str}))
    app.add_config_value("quicktakes_source_suffixes", list(DEFAULT_SUFFIXES), "env", types=frozenset({list, tuple}))
    app.add_config_value("quicktakes_citation_style", "vancouver", "env", types=ENUM(*STYLES))
    app.add_config_value("quicktakes_external_base", None, "html", types=frozenset({str, type(None)}))
    app.add_config_value("quicktakes_pages", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("quicktakes_seo_title", False, "html", types=frozenset({bool}))
    app.add_config_value("quicktakes_opengraph", True, "html", types=frozenset({bool}))
    app.add_config_value("quicktakes_sitemap_lastmod", True, "html", types=frozenset({bool}))
