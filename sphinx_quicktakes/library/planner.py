"""Plan the builds of a sharded site, without Sphinx.

    python -m sphinx_quicktakes shards CONFDIR [--json | --names]

Reads ``CONFDIR/conf.py`` the way Sphinx does (it is run as Python, in its own folder,
with ``tags`` defined), loads the library of its ``quicktakes_sources`` and prints each
build of ``quicktakes_shards`` with its number of articles and papers, the hub last.
``--names`` prints one build name a line (for ``xargs``); ``--json`` prints a list
for a CI matrix: one object per build with ``shard`` (the value
of ``-D quicktakes_shard=``, "" for the hub), ``name`` (a folder or job name: the shard,
or ``hub``), ``folder`` (where its output goes in the assembled site: ``.`` or the shard
name), ``url`` and the counts.  A shard holding more than twice the mean number of
articles is warned about on standard error; an article that matches no shard is an error
(exit status 1), as it is in the builds.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .catalog import DEFAULT_SUFFIXES, build_library, discover, normalise_suffix
from .shards import DEFAULT_URL, HUB, ShardsError, Site, check_url, parse_rules, plan, uneven


class _Tags:
    """What ``conf.py`` sees as Sphinx's ``tags``: no tag is set."""

    def has(self, name: str) -> bool:
        return False

    def __contains__(self, name: str) -> bool:
        return False

    def add(self, name: str) -> None:
        pass

    def remove(self, name: str) -> None:
        pass


def read_conf(confdir: Path) -> dict[str, Any]:
    """The names ``confdir/conf.py`` defines, run in its folder as Sphinx runs it."""
    path = confdir / "conf.py"
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist")
    before = Path.cwd()
    os.chdir(confdir)
    try:
        return runpy.run_path(str(path), init_globals={"tags": _Tags()})
    finally:
        os.chdir(before)


def builds(confdir: Path) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """(one entry per build, warnings, errors) for the project configured in *confdir*."""
    conf = read_conf(confdir)
    shards = conf.get("quicktakes_shards") or {}
    rules = parse_rules(shards)
    if not rules:
        raise ShardsError("quicktakes_shards is not set: the site is built as one")
    if not conf.get("quicktakes_pages"):
        raise ShardsError("quicktakes_shards needs quicktakes_pages: the shards hold generated pages")
    sources = conf.get("quicktakes_sources") or []
    sources = [sources] if isinstance(sources, str) else [str(source) for source in sources]
    suffixes = [normalise_suffix(s) for s in conf.get("quicktakes_source_suffixes") or DEFAULT_SUFFIXES]
    paths, roots, problems = discover(sources, confdir, [s for s in suffixes if s])
    library = build_library(paths, roots, problems)
    placed = plan(library, rules)
    site = Site(check_url(conf.get("quicktakes_shard_url", DEFAULT_URL)), str(conf.get("quicktakes_hub_url") or ""))
    counts = placed.counts()
    entries = [
        {
            "shard": name,
            "name": name or "hub",
            "folder": name or ".",
            "url": site.base(name),
            "articles": articles,
            "papers": papers,
        }
        for name, (articles, papers) in counts.items()
    ]
    mean = sum(count for name, (count, _) in counts.items() if name != HUB) / len(rules)
    warnings = [
        f"shard {name!r} holds {counts[name][0]} articles, more than twice the mean ({mean:.0f}); "
        "split its rules to even the builds out"
        for name in uneven(counts)
    ]
    errors = [str(problem) + " [quicktakes.shards]" for problem in placed.problems()]
    return entries, warnings, errors


def main(argv: Sequence[str] | None = None, prog: str = "python -m sphinx_quicktakes") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("shards", help="list the builds of a sharded site (quicktakes_shards)")
    command.add_argument("confdir", type=Path, help="the folder of conf.py, such as docs/")
    command.add_argument("--json", action="store_true", help="print a list for a CI matrix")
    command.add_argument("--names", action="store_true", help="print one build name a line (the hub as 'hub')")
    args = parser.parse_args(argv)
    try:
        entries, warnings, errors = builds(args.confdir.resolve())
    except (ShardsError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(entries))
    elif args.names:
        print("\n".join(entry["name"] for entry in entries))
    else:
        width = max(len("build"), *(len(entry["name"]) for entry in entries))
        print(f"{'build':<{width}}  {'articles':>8}  {'papers':>6}  address")
        for entry in entries:
            name = entry["name"] if entry["shard"] else "(hub)"
            print(f"{name:<{width}}  {entry['articles']:>8}  {entry['papers']:>6}  {entry['url'] or './'}")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in errors:
        print(problem, file=sys.stderr)
    return 1 if errors else 0
