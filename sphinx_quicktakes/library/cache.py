"""Parsed library files kept between builds, so a rebuild re-parses only the files that changed.

A :class:`LibraryCache` maps each file's path to what :func:`~.catalog.load_file`
gave for it (the item, or ``None``, and the file's problems), together with the
file's size and modification time (``st_mtime_ns``) when it was read.  A file is
parsed again when its size or mtime differs, and the whole cache is dropped when
its :func:`fingerprint` differs: another version of this package or of the
libraries the parsers use (PyYAML, ftfy), or other settings.

Its known limit is that of every mtime cache (make's, Sphinx's own): a file
rewritten with the same size *and* the same modification time, to the
nanosecond the file system keeps, is not noticed.  Tools that copy files with
their times preserved (``cp -p``, ``rsync -t``, ``git`` never does) can do that;
a build with ``-E`` (a fresh environment) reads every file again.

Plain data only (paths as text, numbers, the frozen model records), so it
pickles with Sphinx's environment.  A copy pickled by another process than the
one that loaded it (a ``-j`` worker, forked for a chunk of documents, sending
its environment back) is pickled empty: the main process never reads a
worker's copy, and sending thousands of articles back per chunk would make
parallel reading slower than serial.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import frontmatter, model
from .catalog import Item, Library, load_file
from .model import Paper, Problem, QuickTake

#: Bumped when what an entry holds changes shape.
FORMAT_VERSION = 2


@cache
def _code_digest() -> str:
    """The parsers' own source: a development checkout changes it without changing the version."""
    hasher = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        hasher.update(source.name.encode())
        hasher.update(source.read_bytes())
    return hasher.hexdigest()[:16]


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def fingerprint(*settings: Any) -> str:
    """What every parse depends on besides the file's bytes and path: the cache is valid only for it.

    *settings* are the build's own (the sources and suffixes, say); anything
    ``repr`` shows the same way compares equal.
    """
    parts = [
        str(FORMAT_VERSION),
        _code_digest(),
        _version("sphinx-quicktakes"),
        _version("PyYAML"),
        frontmatter._BaseLoader.__name__,  # the C loader or the pure-Python one
        _version("ftfy"),
        repr(settings),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Entry:
    """One file as read: its size and mtime then, and what parsing it gave."""

    __getstate__ = model._getstate
    __setstate__ = model._setstate

    size: int
    mtime_ns: int
    item: Item | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Changes:
    """What differs between the library loaded now and the one the previous build loaded."""

    #: id -> (the QuickTake then, the QuickTake now); ``None`` where the id was not loaded.
    quicktakes: dict[int, tuple[QuickTake | None, QuickTake | None]]
    #: Whether any paper was added, removed or differs.
    papers: bool

    @property
    def none(self) -> bool:
        return not self.quicktakes and not self.papers


def _differs(before: object, now: object) -> bool:
    return before is not now and before != now  # an unchanged file gives the very same record


class LibraryCache:
    """Parse results by path, reused while a file keeps its size and mtime (see the module's docstring)."""

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        #: Random, new with every new cache (a fresh environment, other settings): see :meth:`stamp`.
        self.token = uuid.uuid4().hex
        self.entries: dict[str, Entry] = {}
        #: Files parsed and files taken from the cache by the last :meth:`update`; what a test or ``-v`` sees.
        self.parsed = 0
        self.reused = 0
        #: The library loaded last with this cache, for :meth:`remember`.
        self.quicktakes: dict[int, QuickTake] = {}
        self.papers: dict[str, Paper] = {}
        self._owner = os.getpid()

    def update(self, paths: Sequence[Path], progress: Callable[[list[Path]], Iterable[Path]] = iter) -> None:
        """Parse the files of *paths* that are new or changed (under *progress*, which sees only those),
        and forget the files that are not among *paths* (deleted, renamed, no longer in a source)."""
        self._owner = os.getpid()
        stale: dict[Path, tuple[int, int]] = {}
        keep: set[str] = set()
        for path in paths:
            key = str(path)
            keep.add(key)
            try:
                stat = path.stat()  # before reading: a file changed while it is read is parsed again next time
            except OSError:
                stale[path] = (-1, -1)  # never matches: read again next time, and load_file says why it failed
                continue
            entry = self.entries.get(key)
            if entry is None or entry.size != stat.st_size or entry.mtime_ns != stat.st_mtime_ns:
                stale[path] = (stat.st_size, stat.st_mtime_ns)
        for key in self.entries.keys() - keep:
            del self.entries[key]
        for path in progress(list(stale)):
            item, problems = load_file(path)
            size, mtime_ns = stale[path]
            self.entries[str(path)] = Entry(size, mtime_ns, item, tuple(problems))
        self.parsed, self.reused = len(stale), len(keep) - len(stale)

    def load(self, path: Path) -> tuple[Item | None, list[Problem]]:
        """What :func:`~.catalog.load_file` gave for *path* (one of the paths of the last :meth:`update`)."""
        entry = self.entries[str(path)]
        return entry.item, list(entry.problems)

    def remember(self, library: Library) -> Changes:
        """What differs in *library* from the library remembered last; then remember *library*.

        With nothing remembered (a first build, a dropped cache) everything is new.
        """
        before, now = self.quicktakes, library.quicktakes
        quicktakes = {
            qt_id: (before.get(qt_id), now.get(qt_id))
            for qt_id in before.keys() | now.keys()
            if _differs(before.get(qt_id), now.get(qt_id))
        }
        papers = self.papers.keys() != library.papers.keys() or any(
            _differs(paper, library.papers[key]) for key, paper in self.papers.items()
        )
        self.quicktakes, self.papers = dict(now), dict(library.papers)
        return Changes(quicktakes, papers)

    def stamp(self, path: Path) -> tuple[str, str, int, int] | None:
        """What identifies the record read from *path*: this cache's token, the path, the file's size and mtime.

        Equal stamps mean the same record, within the cache's one limit (see the
        module's docstring); outputs made from a record can keep its stamp instead
        of its text.  ``None`` for a file this cache did not read.
        """
        key = str(path)
        entry = self.entries.get(key)
        return (self.token, key, entry.size, entry.mtime_ns) if entry is not None else None

    def __getstate__(self) -> dict[str, Any]:
        state = {"format": FORMAT_VERSION, "fingerprint": self.fingerprint, "token": self.token}
        if os.getpid() != self._owner:  # a -j worker's copy: never read, so never sent back
            return {**state, "entries": {}, "quicktakes": {}, "papers": {}}
        return {**state, "entries": self.entries, "quicktakes": self.quicktakes, "papers": self.papers}

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state.get("format") != FORMAT_VERSION:  # another version's cache: empty, and replaced when loading
            self.__init__("")  # type: ignore[misc]
            return
        self.__init__(state["fingerprint"])  # type: ignore[misc]
        self.token = state["token"]
        self.entries, self.quicktakes, self.papers = state["entries"], state["quicktakes"], state["papers"]
