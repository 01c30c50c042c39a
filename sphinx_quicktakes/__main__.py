"""The command line: ``sphinx-quicktakes`` (or ``python -m sphinx_quicktakes``).

``check PATH...`` (:mod:`sphinx_quicktakes.library.checker`), ``shards CONFDIR``
(:mod:`sphinx_quicktakes.library.planner`) and ``--version``.  Only the command that
runs is imported, and neither imports Sphinx, so a pre-commit hook starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__

USAGE = """\
usage: {prog} {{check,shards}} ... | --version

Check a library of QuickTake and paper files, or plan the builds of a sharded site,
without a Sphinx build.

commands:
  check PATH...   validate QuickTake and paper files ({prog} check --help)
  shards CONFDIR  list the builds of a sharded site ({prog} shards --help)

options:
  -h, --help      show this help message and exit
  --version       show the version and exit
"""


def _prog() -> str:
    """``sphinx-quicktakes`` when run as the console script, else ``python -m sphinx_quicktakes``."""
    name = Path(sys.argv[0]).name
    return "sphinx-quicktakes" if name.startswith("sphinx-quicktakes") else "python -m sphinx_quicktakes"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status is the command's (2 for a usage error, as argparse gives)."""
    args = list(sys.argv[1:] if argv is None else argv)
    prog = _prog()
    if args[:1] == ["--version"]:
        print(f"sphinx-quicktakes {__version__}")
        return 0
    if args[:1] in (["-h"], ["--help"]):
        print(USAGE.format(prog=prog), end="")
        return 0
    if not args:
        print(USAGE.format(prog=prog), end="", file=sys.stderr)
        return 2
    if args[:1] == ["shards"]:
        from .library import planner

        return planner.main(args, prog=prog)
    from .library import checker

    return checker.main(args, prog=prog)


if __name__ == "__main__":
    sys.exit(main())
