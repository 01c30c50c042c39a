"""The ``quicktakes`` HTML theme: registration and the build hooks it needs.

Sphinx loads this module through the ``sphinx.html_themes`` entry point when a
project sets ``html_theme = "quicktakes"``.  The theme works without the
extension (any Sphinx site can use it), and shows the extension's articles and
paper cards as designed components when both are loaded.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from . import highlighting, navigation, page_context
from .options import is_active, theme_options

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)
THEME_NAME = "quicktakes"
THEME_DIR = Path(__file__).parent / THEME_NAME
#: Where the navigation snapshot of the last build is kept (pickled with the environment).
SNAPSHOT_ATTRIBUTE = "quicktakes_theme_navigation"


def _builder_inited(app: Sphinx) -> None:
    """Check the theme options once, and take Read the Docs' canonical URL of the version being built."""
    page_context.forget_navigation()  # a new build in this process: its pages and titles may differ
    if not is_active(app.builder):
        return
    options = theme_options(app)
    for problem in page_context.option_problems(options):
        logger.warning(problem, type="quicktakes", subtype="theme")
    canonical = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    if canonical and not app.config.html_baseurl:
        app.config.html_baseurl = canonical


def _env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: rewrite the pages whose navigation changed, though their sources did not.

    Sphinx rewrites only the pages it re-read; a page added to a section also
    changes what its neighbours' navigation lists.  The snapshot is plain data
    kept in the environment between builds.
    """
    if not is_active(app.builder):
        return []
    new = navigation.snapshot(env)
    old = getattr(env, SNAPSHOT_ATTRIBUTE, None)
    setattr(env, SNAPSHOT_ATTRIBUTE, new)
    if old is None:
        return []
    options = theme_options(app)
    limit = page_context.section_limit(options.get("section_pages_limit"))
    pages = navigation.pages_to_rewrite(old, new, app.config.root_doc, limit)
    if pages is None:
        return sorted(env.found_docs)
    return sorted(pages & env.found_docs)


def setup(app: Sphinx) -> ExtensionMetadata:
    from .. import __version__

    app.add_html_theme(THEME_NAME, str(THEME_DIR))
    app.add_message_catalog(page_context.MESSAGE_CATALOG, str(page_context.LOCALE_DIR))
    app.connect("builder-inited", _builder_inited)
    if "write-started" in app.events.events:  # Sphinx 8.2 lacks it: the navigation is then built lazily
        app.connect("write-started", page_context.prepare)
    app.connect("html-page-context", page_context.add_context)
    app.connect("env-updated", _env_updated)
    app.connect("build-finished", highlighting.write_stylesheet)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
