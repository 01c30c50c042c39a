"""Load the library once per build and keep incremental builds right.

``builder-inited``: every file under ``quicktakes_sources`` is found again,
and parsed again only if it changed since the last build (the
:class:`~..library.cache.LibraryCache` kept in the environment); every problem
becomes a located warning, on every build while the file stays bad, cached or
not, so ``-W`` fails consistently.

``env-get-outdated``: a page is re-read when what it shows would now come from
a different file, or from no file at all (an id that moved, vanished or newly
appeared), or when a list on it would show something else.  Edits to a file it
already shows are ordinary Sphinx dependencies.  Only the lists that a changed
QuickTake matches (before or after the change) are run again.
"""

from __future__ import annotations

import os
import pickle
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.display import status_iterator

from .. import reporting
from ..library.cache import Changes, LibraryCache, fingerprint
from ..library.catalog import Item, Library, build_library, discover
from ..library.selection import Selection, digest, same_for_lists
from ..library.shards import Site, leave_out, parse_rules, plan
from .domain import QuickTakesDomain, UseKey
from .shards import ShardState, paper_slugs

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


#: The environment attribute that keeps the :class:`LibraryCache` between builds (pickled with it).
CACHE_ATTRIBUTE = "quicktakes_library_cache"


def get_domain(env: BuildEnvironment) -> QuickTakesDomain:
    return cast(QuickTakesDomain, env.get_domain("qt"))


def library_cache(env: BuildEnvironment, stamp: str) -> LibraryCache:
    """The environment's cache if it was made for *stamp*, else a new, empty one."""
    cache = getattr(env, CACHE_ATTRIBUTE, None)
    if not isinstance(cache, LibraryCache) or cache.fingerprint != stamp:
        cache = LibraryCache(stamp)
        setattr(env, CACHE_ATTRIBUTE, cache)
    return cache


def load_library(app: Sphinx) -> None:
    config = app.config
    sources = [config.quicktakes_sources] if isinstance(config.quicktakes_sources, str) else config.quicktakes_sources
    suffixes = tuple(s.lower() for s in config.quicktakes_source_suffixes)
    paths, roots, problems = discover(list(sources), Path(app.confdir), suffixes)

    def progress(changed: list[Path]) -> Iterable[Path]:
        return status_iterator(
            changed,
            __("loading quicktakes... "),
            "darkgreen",
            len(changed),
            app.verbosity,
            stringify_func=lambda path: path.name,
        )

    stamp = fingerprint(tuple(sources), suffixes)
    cache = library_cache(app.env, stamp)
    before = len(cache.entries)
    cache.update(paths, progress)
    library = build_library(paths, roots, problems, load=cache.load)
    for problem in library.problems:
        reporting.warn(problem)
    domain = get_domain(app.env)
    domain.library = library
    domain.shards = None
    build = getattr(config, "_quicktakes_build", None)
    if build is not None:  # a sharded site (config.choose_shard): place every article and paper
        placed = plan(library, parse_rules(config.quicktakes_shards))
        for problem in placed.problems():
            reporting.warn(problem)
        leave_out(library, placed.unmatched)
        site = Site(config.quicktakes_shard_url, config.quicktakes_hub_url)
        domain.shards = ShardState(placed, site, build, str(config.quicktakes_pages), paper_names=paper_slugs(library))
    domain.changes = cache.remember(library)
    if cache.parsed or len(cache.entries) != before:
        mark_unsaved(app.env)
    if not domain.changes.none:
        new_generation(app.env)
    logger.verbose("quicktakes: %d files parsed, %d unchanged since the last build", cache.parsed, cache.reused)


#: The environment attribute naming the state of the library and the pages read (see :func:`generation`).
GENERATION_ATTRIBUTE = "quicktakes_generation"


def record_stamp(env: BuildEnvironment, item: Item) -> tuple[str, str, int, int] | None:
    """What identifies *item*'s record across builds (see :meth:`LibraryCache.stamp`); ``None`` if unknown."""
    cache = getattr(env, CACHE_ATTRIBUTE, None)
    return cache.stamp(item.path) if isinstance(cache, LibraryCache) else None


def mark_unsaved(env: BuildEnvironment) -> None:
    """Something kept in the environment changed (the library cache, the generated pages' record)."""
    get_domain(env).unsaved = True


def generation(env: BuildEnvironment) -> str:
    """A token that changes whenever the library or a page read into the environment changes.

    Output files made from the library and the domain's records (the Markdown
    copies, ``quicktakes.json``) are up to date while it stays the same: each
    records the token it was made with.  A random token, not a counter, so that
    a fresh environment (``-E``) never repeats an old one.
    """
    token = getattr(env, GENERATION_ATTRIBUTE, None)
    if not isinstance(token, str):
        token = new_generation(env)
    return token


def new_generation(env: BuildEnvironment) -> str:
    token = uuid.uuid4().hex
    setattr(env, GENERATION_ATTRIBUTE, token)
    mark_unsaved(env)
    return token


def page_purged(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """``env-purge-doc``: a page is about to be read again, or was removed."""
    new_generation(env)


def environment_saved(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: Sphinx calls it right after saving the environment."""
    get_domain(env).unsaved = False


def save_environment(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: save the environment if Sphinx did not and what we keep in it changed.

    Sphinx saves the environment only when it re-read a page.  A build that
    parsed changed files but re-read no page (a file no page shows was edited,
    the package was upgraded) would otherwise lose its cache, and every later
    build would parse those files again.  Written like Sphinx writes it, but
    through a temporary file, so a reader never sees half of it.
    """
    if exception is not None or not get_domain(app.env).unsaved:
        return
    from sphinx.application import ENV_PICKLE_FILENAME

    target = Path(app.doctreedir) / ENV_PICKLE_FILENAME
    temporary = target.with_name(f".{ENV_PICKLE_FILENAME}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as handle:
            pickle.dump(app.env, handle, pickle.HIGHEST_PROTOCOL)
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        logger.warning(
            f"cannot save the environment ({error}); the next build parses the library again",
            type="quicktakes",
            subtype="cache",
        )
    get_domain(app.env).unsaved = False


def lookup(library: Library, use: UseKey) -> Item | None:
    kind, key = use
    if kind == "quicktake":
        return library.quicktakes.get(int(key))
    if kind == "paper":
        return library.papers.get(key)  # recorded as a DOI key already
    return library.find_path(Path(key))


def _current(library: Library, use: UseKey) -> str | None:
    """What a recorded use would give now: a file path, or a list's digest."""
    if use[0] == "list":
        return digest(Selection.from_key(use[1]).apply(library))
    item = lookup(library, use)
    return str(item.path) if item else None


def outdated_docs(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    domain = get_domain(env)
    may_differ = _list_filter(domain.changes)
    outdated = []
    for docname, uses in domain.uses.items():
        if docname in removed:
            continue
        for use, recorded in uses.items():
            if (use[0] != "list" or may_differ(use[1])) and _current(domain.library, use) != recorded:
                outdated.append(docname)
                break
    return outdated


#: Above this many changed QuickTakes, every list is simply run again.
_FEW_CHANGES = 64


def _list_filter(changes: Changes | None) -> Callable[[str], bool]:
    """Which lists (by selection key) can show something else now: those a changed QuickTake matches,
    before or after the change.  A list that matches none of them chooses the same unchanged records
    in the same order, and a QuickTake changed only where no list looks (its answer, say) changes no
    list.  The other uses are dictionary lookups, cheap enough to check every time."""
    if changes is None:
        return lambda key: True
    items = [
        item
        for before, after in changes.quicktakes.values()
        if before is None or after is None or not same_for_lists(before, after)
        for item in (before, after)
        if item is not None
    ]
    if not items:
        return lambda key: False
    if len(items) > _FEW_CHANGES:
        return lambda key: True
    return lambda key: any(Selection.from_key(key).matches(item) for item in items)
