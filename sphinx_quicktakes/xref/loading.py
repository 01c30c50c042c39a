"""Load the library once per build and keep incremental builds right.

``builder-inited``: every file under ``quicktakes_sources`` is read (with
Sphinx's progress output) and every problem becomes a located warning, on every
build while the file stays bad, so ``-W`` fails consistently.

``env-get-outdated``: a page is re-read when what it shows would now come from
a different file, or from no file at all (an id that moved, vanished or newly
appeared).  Edits to a file it already shows are ordinary Sphinx dependencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from sphinx.locale import __
from sphinx.util.display import status_iterator

from .. import reporting
from ..library.catalog import Item, Library, build_library, discover
from ..library.selection import Selection, digest
from ..library.shards import Site, leave_out, parse_rules, plan
from .domain import QuickTakesDomain, UseKey
from .shards import ShardState

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def get_domain(env: BuildEnvironment) -> QuickTakesDomain:
    return cast(QuickTakesDomain, env.get_domain("qt"))


def load_library(app: Sphinx) -> None:
    config = app.config
    sources = [config.quicktakes_sources] if isinstance(config.quicktakes_sources, str) else config.quicktakes_sources
    suffixes = tuple(s.lower() for s in config.quicktakes_source_suffixes)
    paths, roots, problems = discover(list(sources), Path(app.confdir), suffixes)

    def progress(items: Iterable[Path]) -> Iterable[Path]:
        return status_iterator(
            items,
            __("loading quicktakes... "),
            "darkgreen",
            len(paths),
            app.verbosity,
            stringify_func=lambda path: path.name,
        )

    library = build_library(paths, roots, problems, progress)
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
        domain.shards = ShardState(placed, site, build, str(config.quicktakes_pages))


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
    outdated = []
    for docname, uses in domain.uses.items():
        if docname in removed:
            continue
        for use, recorded in uses.items():
            if _current(domain.library, use) != recorded:
                outdated.append(docname)
                break
    return outdated
