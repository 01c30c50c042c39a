"""The extension's configuration values, all prefixed ``quicktakes_``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from .library.catalog import DEFAULT_SUFFIXES
from .library.csl import DEFAULT_STYLE, Style, StyleError, find_style

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def register(app: Sphinx) -> None:
    app.add_config_value("quicktakes_sources", [], "env", types=frozenset({list, tuple, str}))
    app.add_config_value("quicktakes_source_suffixes", list(DEFAULT_SUFFIXES), "env", types=frozenset({list, tuple}))
    app.add_config_value("quicktakes_citation_style", DEFAULT_STYLE, "env", types=frozenset({str}))
    app.add_config_value("quicktakes_citation_styles", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("quicktakes_external_base", None, "html", types=frozenset({str, type(None)}))
    app.add_config_value("quicktakes_pages", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("quicktakes_seo_title", False, "html", types=frozenset({bool}))
    app.add_config_value("quicktakes_opengraph", True, "html", types=frozenset({bool}))
    app.add_config_value("quicktakes_sitemap_lastmod", True, "html", types=frozenset({bool}))
    app.connect("config-inited", check_citation_styles)


def check_citation_styles(app: Sphinx, config: Config) -> None:
    """Find the cards' citation styles once, as ``config._quicktakes_styles``; a bad one is warned about and skipped.

    Paths are relative to the configuration directory and stay inside it or
    the source directory.  Without any usable style the cards use the default.
    """
    base, roots = Path(app.confdir), (Path(app.srcdir),)
    settings = [("quicktakes_citation_style", config.quicktakes_citation_style)]
    listed = config.quicktakes_citation_styles
    # A wrong type is Sphinx's own warning; a lone string is still read as one style.
    listed = [listed] if isinstance(listed, str) else list(listed) if isinstance(listed, list | tuple) else []
    settings += [(f"quicktakes_citation_styles[{i}]", value) for i, value in enumerate(listed)]
    found: dict[str, list[Style]] = {"quicktakes_citation_style": [], "quicktakes_citation_styles": []}
    for setting, value in settings:
        if not isinstance(value, str):
            # A wrong type of the first setting is Sphinx's own warning; the list's items are ours.
            if setting != "quicktakes_citation_style":
                message = f"{setting} = {value!r} is not a style name or path; it is ignored"
                logger.warning(message, type="quicktakes", subtype="citation")
            continue
        try:
            found[setting.partition("[")[0]].append(find_style(value, base, roots))
        except StyleError as error:
            # The list replaces the single setting; without it, a bad single setting means the default.
            fallback = "it is ignored" if "[" in setting or listed else f"the cards use {DEFAULT_STYLE!r}"
            logger.warning(f"{setting}: {error}; {fallback}", type="quicktakes", subtype="citation")
    styles = found["quicktakes_citation_styles"] or found["quicktakes_citation_style"]
    config._quicktakes_styles = tuple(dict.fromkeys(styles)) or (find_style(DEFAULT_STYLE, base),)
