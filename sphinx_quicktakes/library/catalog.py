"""The library: every QuickTake and Paper under the configured sources, loaded once.

Sphinx-free on purpose: the Sphinx glue (``loading.py``) feeds it paths and
turns its :class:`Problem` list into warnings; a command-line checker can use
it the same way.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter, repair
from .model import Paper, Problem, QuickTake
from .paper_file import load_paper, looks_like_paper
from .quicktake_file import load_quicktake
from .text import fold

Item = QuickTake | Paper
DEFAULT_SUFFIXES = (".txt", ".md")
_GLOB_CHARS = frozenset("*?[")


def normalise_suffix(suffix: str) -> str | None:
    """A file suffix as it is matched: ``".txt"`` for ``"txt"``, ``".TXT"`` or ``"*.txt"``.

    None for what can be no suffix (empty, a path, a glob pattern, spaces):
    a suffix written without its dot used to find nothing, silently.
    """
    text = suffix.strip().lower().removeprefix("*")
    text = text if text.startswith(".") else f".{text}"
    if text == "." or _GLOB_CHARS & set(text) or "/" in text or "\\" in text or any(c.isspace() for c in text):
        return None
    return text


def load_file(path: Path) -> tuple[Item | None, list[Problem]]:
    """Read, decode and parse one file of either kind; never raises for bad content."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(path, None, "read", f"cannot read file: {exc.strerror or exc}")]
    try:
        text = repair.decode(data)
    except repair.DecodeError as exc:
        return None, [Problem(path, exc.line, exc.subtype, f"{exc.message}; the file is skipped")]
    try:
        if frontmatter.has_front_matter(text) or not looks_like_paper(text):
            return load_quicktake(path, text)
        return load_paper(path, text)
    except Exception as exc:
        message = f"cannot be read ({type(exc).__name__}: {str(exc)[:200]}); the file is skipped"
        return None, [Problem(path, None, "internal", message)]


@dataclass(frozen=True, slots=True)
class Source:
    """One entry of ``quicktakes_sources``: a folder, a file or a glob pattern."""

    spec: str
    #: The folder no file of this source may escape (symlinks included).
    root: Path
    #: Glob pattern relative to ``root``; ``None`` means every file with a known suffix.
    pattern: str | None = None

    @classmethod
    def parse(cls, spec: str, base: Path) -> Source:
        parts = Path(spec).parts
        for index, part in enumerate(parts):
            if _GLOB_CHARS & set(part):
                return cls(spec, (base / Path(*parts[:index])).resolve(), str(Path(*parts[index:])))
        full = (base / spec).resolve()
        if full.is_file():
            return cls(spec, full.parent, glob.escape(full.name))
        return cls(spec, full)

    def files(self, suffixes: Sequence[str]) -> Iterator[Path]:
        for path, _linked in self.entries(suffixes):
            yield path

    def entries(self, suffixes: Sequence[str], problems: list[Problem] | None = None) -> Iterator[tuple[Path, bool]]:
        """Each file with whether it may be a symbolic link (only those need resolving).

        Hidden files and folders are left out; linked folders are not followed.  A file
        whose symbolic links cannot be followed (a loop) is left out, with a problem in
        *problems*: it used to raise, and the checker printed a traceback.
        """
        if self.pattern is not None:
            for path in self.root.glob(self.pattern):
                if any(part.startswith(".") for part in path.relative_to(self.root).parts):
                    continue
                if _is_file(path, path, problems):
                    yield path, True
            return
        endings = tuple(suffixes)  # "qt.txt" as well as ".txt": a name's end, not its last suffix
        folders = [str(self.root)]
        while folders:
            try:
                found = os.scandir(folders.pop())
            except OSError:
                continue  # unreadable: skipped, as a glob skips it
            with found:
                for entry in found:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif entry.name.lower().endswith(endings) and _is_file(entry, Path(entry.path), problems):
                        yield Path(entry.path), entry.is_symlink()


def _is_file(entry: os.DirEntry[str] | Path, path: Path, problems: list[Problem] | None) -> bool:
    """Whether *entry* is a file, following links; a broken link is no file, a loop is a problem."""
    try:
        if isinstance(entry, Path):
            return stat.S_ISREG(entry.stat().st_mode)
        return entry.is_file()
    except FileNotFoundError:  # a broken link
        return False
    except OSError as exc:
        if problems is not None:
            reason = exc.strerror or type(exc).__name__
            problems.append(Problem(path, None, "path", f"cannot be opened ({reason.lower()}); not read"))
        return False


def discover(
    specs: Sequence[str], base: Path, suffixes: Sequence[str] = DEFAULT_SUFFIXES
) -> tuple[list[Path], list[Path], list[Problem]]:
    """Files of all sources, de-duplicated, with the source roots.

    The order decides which of two files with the same id (or DOI) wins, the
    first one: the files of the first entry of *specs* come first, then those
    of the second, and so on; within one entry, by path.  A file that two
    entries find keeps the place of the first.  A file whose real path leaves
    its source's folder (a symlink pointing outside the project, say) is
    refused with a problem, never read.
    """
    found: dict[Path, None] = {}
    roots: list[Path] = []
    problems: list[Problem] = []
    for spec in specs:
        source = Source.parse(spec, base)
        if not source.root.is_dir():
            problems.append(Problem(base / spec, None, "sources", f"source {spec!r} does not exist"))
            continue
        roots.append(source.root)
        entries = list(source.entries(suffixes, problems))
        if not entries:
            what = f"has no file ending in {', '.join(suffixes)}" if source.pattern is None else "matches no file"
            problems.append(Problem(base / spec, None, "sources", f"source {spec!r} {what}"))
        inside: list[Path] = []
        for path, linked in entries:
            real = path.resolve() if linked else path  # the root is resolved, and linked folders are not followed
            if not real.is_relative_to(source.root):
                problems.append(
                    Problem(path, None, "path", f"resolves outside its source folder {source.root}; not read")
                )
                continue
            inside.append(real)
        for real in sorted(inside):
            found.setdefault(real, None)
    return list(found), roots, problems


@dataclass(slots=True)
class Library:
    """QuickTakes by id, papers by lower-case DOI, both by resolved path."""

    quicktakes: dict[int, QuickTake] = field(default_factory=dict)
    papers: dict[str, Paper] = field(default_factory=dict)
    by_path: dict[Path, Item] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Folders files may be loaded from (besides the Sphinx source directory).
    roots: tuple[Path, ...] = ()
    _referrers: dict[int, list[int]] | None = None
    _groups: dict[str, dict[str, list[QuickTake]]] = field(default_factory=dict)
    #: Whole selections in order (see ``selection.Selection.apply``), by everything but the page.
    _ordered: dict[tuple[object, ...], list[QuickTake]] = field(default_factory=dict)

    def add(self, item: Item) -> Problem | None:
        """Register *item*; a duplicate id or DOI is refused and reported."""
        if isinstance(item, QuickTake):
            first = self.quicktakes.get(item.id)
            if first is not None:
                return Problem(
                    item.path,
                    item.line_of("id"),
                    "duplicate",
                    f"id {item.id} is already used by {first.path}:{first.line_of('id')}; this file is skipped",
                )
            self.quicktakes[item.id] = item
        elif item.doi:
            first_paper = self.papers.get(item.key)
            if first_paper is not None:
                return Problem(
                    item.path,
                    item.line_of("doi"),
                    "duplicate",
                    f"DOI {item.doi} is already used by {first_paper.path}:{first_paper.line_of('doi')}; "
                    "this file is skipped",
                )
            self.papers[item.key] = item
        self.by_path[item.path] = item
        return None

    def referrers(self, qt_id: int) -> list[int]:
        """Ids of the QuickTakes whose related lists name *qt_id* (itself excepted), ascending."""
        if self._referrers is None:
            index: dict[int, set[int]] = {}
            for source in self.quicktakes.values():
                for related in source.related:
                    if related.id != source.id:
                        index.setdefault(related.id, set()).add(source.id)
            self._referrers = {target: sorted(sources) for target, sources in index.items()}
        return self._referrers.get(qt_id, [])

    def group(self, kind: str, value: str) -> list[QuickTake]:
        """QuickTakes whose ``kind`` ("subject" or "keyword") is *value*, case-insensitively.

        Built once per build, so a site with thousands of keyword lists stays linear.
        """
        if kind not in self._groups:
            groups: dict[str, list[QuickTake]] = {}
            for quicktake in self.quicktakes.values():
                values = quicktake.keywords if kind == "keyword" else (quicktake.subject,)
                for key in {fold(v) for v in values}:
                    groups.setdefault(key, []).append(quicktake)
            self._groups[kind] = groups
        return self._groups[kind].get(fold(value), [])

    def forget_derived(self) -> None:
        """After articles are removed: the referrers, groups and selections are made again."""
        self._referrers = None
        self._groups.clear()
        self._ordered.clear()

    def ordered(self, key: tuple[object, ...], make: Callable[[], list[QuickTake]]) -> list[QuickTake]:
        """*make*'s list, made once per build: the pages of a split index are slices of one list
        (the keyword ``imaging`` alone has 200 pages at 120,000 articles)."""
        found = self._ordered.get(key)
        if found is None:
            found = self._ordered[key] = make()
        return found

    def find_path(self, path: Path) -> Item | None:
        return self.by_path.get(path.resolve())

    def allows(self, path: Path) -> bool:
        """Whether *path* (already resolved) lies inside one of the library's roots."""
        return any(path.is_relative_to(root) for root in self.roots)


def build_library(
    paths: Iterable[Path],
    roots: Sequence[Path] = (),
    problems: Iterable[Problem] = (),
    progress: Callable[[Iterable[Path]], Iterable[Path]] = iter,
    load: Callable[[Path], tuple[Item | None, list[Problem]]] = load_file,
) -> Library:
    """Load every file of *paths* (in order: the first of two duplicates wins).

    *load* reads one file; a :class:`~.cache.LibraryCache`'s ``load`` reuses
    what an earlier build parsed.
    """
    library = Library(problems=list(problems), roots=tuple(roots))
    for path in progress(paths):
        item, found = load(path)
        library.problems.extend(found)
        if item is not None:
            duplicate = library.add(item)
            if duplicate is not None:
                library.problems.append(duplicate)
    return library
