"""The library: QuickTake and paper files read, repaired and checked, without Sphinx.

Everything here is plain Python on plain data (:mod:`.model`), so the checker,
the benchmarks and other tools can use it without a Sphinx build; a test
imports every module with Sphinx and docutils blocked.
"""

from .catalog import DEFAULT_SUFFIXES, Item, Library, build_library, discover, load_file
from .model import Paper, Problem, QuickTake

__all__ = [
    "DEFAULT_SUFFIXES",
    "Item",
    "Library",
    "Paper",
    "Problem",
    "QuickTake",
    "build_library",
    "discover",
    "load_file",
]
