"""What a serial build keeps in memory: not the doctrees of pages with lists.

Sphinx (7.2 and later) keeps every doctree it reads in a serial build in memory
until it writes the page (``BuildEnvironment._write_doc_doctree_cache``), so the
peak memory of a full build holds every page at once.  Pages with
``quicktake-list`` directives grow with the library (the generated keyword,
subject and date indexes list every article, some of them thousands of times
over): at 2,000 articles they are about a third of all doctrees in memory.  They
are dropped from that cache as soon as the next page is read (and when reading
ends); Sphinx then reads them back from the doctree files it has just written,
one at a time, when it writes them.  Nothing else changes: the same doctree is
written to the same page.

The cache is private to Sphinx; when it is missing or has changed shape, nothing
is dropped and the build only needs more memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .loading import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_CACHE = "_write_doc_doctree_cache"


def note_list_page(env: BuildEnvironment, docname: str) -> None:
    """A page being read has a list: its doctree is not to be kept in memory until it is written."""
    get_domain(env).list_pages_read.add(docname)


def drop_list_doctrees(env: BuildEnvironment) -> None:
    """Drop the doctrees of the list pages read so far from Sphinx's write cache."""
    pending = get_domain(env).list_pages_read
    cache = getattr(env, _CACHE, None)
    if isinstance(cache, dict):
        for docname in pending:
            cache.pop(docname, None)
    pending.clear()


def page_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: the previous page is in the cache by now."""
    drop_list_doctrees(app.env)


def reading_done(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the last page read."""
    drop_list_doctrees(env)
    return []
