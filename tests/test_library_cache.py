"""The library cache: a cached load equals a fresh one, whatever happened to the files in between."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import random
from pathlib import Path

import pytest

from sphinx_quicktakes.library.cache import LibraryCache, fingerprint
from sphinx_quicktakes.library.catalog import Library, build_library, discover

from .conftest import SEED_FILES, SEEDS


def fresh(folder: Path) -> Library:
    paths, roots, problems = discover([str(folder)], folder)
    return build_library(paths, roots, problems)


def cached(folder: Path, cache: LibraryCache) -> Library:
    paths, roots, problems = discover([str(folder)], folder)
    cache.update(paths)
    return build_library(paths, roots, problems, load=cache.load)


def assert_same(one: Library, other: Library) -> None:
    assert one.quicktakes == other.quicktakes
    assert list(one.quicktakes) == list(other.quicktakes)  # the same order too (lists and pages follow it)
    assert one.papers == other.papers
    assert one.by_path == other.by_path
    assert one.problems == other.problems
    assert one.roots == other.roots


class Files:
    """A folder of QuickTake files whose every write gets a new, later mtime (no reliance on clock ticks)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.clock = 1_700_000_000 * 10**9

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        self.clock += 10**9
        os.utime(path, ns=(self.clock, self.clock))
        return path


def quicktake(qt_id: int, question: str, *, subject: str = "Medicine", related: int | None = None) -> str:
    lines = ["---", f"id: {qt_id}", f"question: {question}", "answer: An answer.", f"subject: {subject}"]
    if related is not None:
        lines += ["related_article1:", f"    id: {related}", "    title: Another"]
    return "\n".join([*lines, "---", ""])


@pytest.fixture
def files(tmp_path: Path) -> Files:
    folder = tmp_path / "library"
    folder.mkdir()
    files = Files(folder)
    for name in SEED_FILES.values():
        files.write(name, (SEEDS / name).read_bytes())
    return files


def test_a_second_load_parses_nothing_and_equals_a_fresh_load(files: Files) -> None:
    cache = LibraryCache("test")
    first = cached(files.folder, cache)
    assert (cache.parsed, cache.reused) == (len(SEED_FILES), 0)
    second = cached(files.folder, cache)
    assert (cache.parsed, cache.reused) == (0, len(SEED_FILES))
    assert_same(second, fresh(files.folder))
    assert second.quicktakes[118136] is first.quicktakes[118136]  # reused, not parsed again


def test_edits_adds_deletes_and_renames(files: Files) -> None:
    cache = LibraryCache("test")
    cached(files.folder, cache)
    seed = files.folder / SEED_FILES[118100]

    files.write(seed.name, seed.read_text(encoding="utf-8").replace("question: >-", "question: >-\n    EDITED", 1))
    library = cached(files.folder, cache)
    assert cache.parsed == 1
    assert library.quicktakes[118100].question.startswith("EDITED")
    assert_same(library, fresh(files.folder))

    files.write("sub/new.txt", quicktake(7, "New?"))
    library = cached(files.folder, cache)
    assert (cache.parsed, library.quicktakes[7].question) == (1, "New?")
    assert_same(library, fresh(files.folder))

    (files.folder / "sub" / "new.txt").rename(files.folder / "moved.txt")
    library = cached(files.folder, cache)
    assert cache.parsed == 1
    assert library.quicktakes[7].path == (files.folder / "moved.txt").resolve()
    assert_same(library, fresh(files.folder))

    (files.folder / "moved.txt").unlink()
    seed.unlink()
    library = cached(files.folder, cache)
    assert cache.parsed == 0
    assert 7 not in library.quicktakes and 118100 not in library.quicktakes
    assert str((files.folder / "moved.txt").resolve()) not in cache.entries  # a deleted file is forgotten
    assert_same(library, fresh(files.folder))


def test_problems_of_an_unchanged_bad_file_come_back_on_every_load(files: Files) -> None:
    files.write("bad.txt", b"---\nid: 12\nquestion: [unclosed\n---\n")
    files.write("worse.txt", b"\xff\xfe\x00garbage")
    cache = LibraryCache("test")
    first = cached(files.folder, cache)
    assert {p.path.name for p in first.problems} >= {"bad.txt", "worse.txt"}
    second = cached(files.folder, cache)
    assert cache.parsed == 0
    assert second.problems == first.problems


def test_duplicates_are_decided_again_when_the_first_file_goes(files: Files) -> None:
    """The library is assembled on every load: an unchanged duplicate takes over a deleted file's id."""
    files.write("a.txt", quicktake(5, "First?"))
    files.write("b.txt", quicktake(5, "Second?"))
    cache = LibraryCache("test")
    library = cached(files.folder, cache)
    assert library.quicktakes[5].question == "First?"
    assert any(p.subtype == "duplicate" for p in library.problems)
    (files.folder / "a.txt").unlink()
    library = cached(files.folder, cache)
    assert cache.parsed == 0
    assert library.quicktakes[5].question == "Second?"
    assert not any(p.subtype == "duplicate" for p in library.problems)
    assert_same(library, fresh(files.folder))


def test_a_random_sequence_of_changes(files: Files) -> None:
    """Seeded: after every step the cached load equals the fresh one, and only changed files are parsed."""
    rng = random.Random(11)
    cache = LibraryCache("test")
    for step in range(40):
        names = sorted(p.relative_to(files.folder).as_posix() for p in files.folder.rglob("*.txt"))
        action = rng.choice(["edit", "add", "delete", "rename", "duplicate", "break", "none"])
        touched = 0
        if action == "edit" and names:
            name = rng.choice(names)
            path = files.folder / name
            files.write(name, path.read_text(encoding="utf-8", errors="replace") + f"\nedited {step}\n")
            touched = 1
        elif action == "add":
            files.write(f"d{rng.randrange(3)}/n{step}.md", quicktake(1000 + step, f"Question {step}?", related=7))
            touched = 1
        elif action == "delete" and names:
            (files.folder / rng.choice(names)).unlink()
        elif action == "rename" and names:
            (files.folder / rng.choice(names)).rename(files.folder / f"renamed{step}.txt")
            touched = 1  # a new path: parsed under its new name
        elif action == "duplicate":
            files.write(f"dup{step}.txt", quicktake(118136, f"Duplicate {step}?"))
            touched = 1
        elif action == "break":
            files.write(f"broken{step}.txt", "---\nid: nope\nquestion: [\n---\n")
            touched = 1
        before = dict(cache.entries)
        library = cached(files.folder, cache)
        assert_same(library, fresh(files.folder))
        if before:  # after the first load, only what was touched is parsed again
            assert cache.parsed == touched, (step, action)


def test_a_change_that_keeps_size_and_mtime_is_not_seen(files: Files) -> None:
    """The known limit of an mtime cache (documented); a new cache, as ``-E`` makes, sees the change."""
    path = files.write("same.txt", quicktake(9, "Early?"))
    stat = path.stat()
    cache = LibraryCache("test")
    cached(files.folder, cache)
    path.write_text(quicktake(9, "Later?"), encoding="utf-8")  # the same length
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cached(files.folder, cache).quicktakes[9].question == "Early?"
    assert cached(files.folder, LibraryCache("test")).quicktakes[9].question == "Later?"


def test_fingerprint_follows_the_settings() -> None:
    assert fingerprint(("../seeds",), (".txt",)) == fingerprint(("../seeds",), (".txt",))
    assert fingerprint(("../seeds",), (".txt",)) != fingerprint(("../seeds",), (".txt", ".md"))
    assert fingerprint(("../seeds",), (".txt",)) != fingerprint(("../other",), (".txt",))


def test_the_cache_pickles_with_its_entries(files: Files) -> None:
    cache = LibraryCache("test")
    library = cached(files.folder, cache)
    cache.remember(library)
    copy = pickle.loads(pickle.dumps(cache))
    assert copy.fingerprint == "test" and copy.entries == cache.entries
    assert_same(cached(files.folder, copy), library)
    assert copy.parsed == 0
    assert copy.remember(library).none


def _pickle_in_child(cache: LibraryCache, connection: multiprocessing.connection.Connection) -> None:
    connection.send_bytes(pickle.dumps(cache))


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="-j forks only where fork exists")
def test_a_forked_worker_sends_no_entries_back(files: Files) -> None:
    """Sphinx's -j workers pickle their environment back per chunk; the cache is not part of that."""
    cache = LibraryCache("test")
    cache.remember(cached(files.folder, cache))
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_pickle_in_child, args=(cache, sender))
    child.start()
    copy = pickle.loads(receiver.recv_bytes())
    child.join()
    assert copy.entries == {} and copy.quicktakes == {}
    assert len(pickle.loads(pickle.dumps(cache)).entries) == len(SEED_FILES)  # the main process keeps them


def test_changes_name_what_differs(files: Files) -> None:
    cache = LibraryCache("test")
    first = cached(files.folder, cache)
    everything = cache.remember(first)
    assert set(everything.quicktakes) == set(first.quicktakes) and everything.papers  # nothing was remembered
    assert cache.remember(cached(files.folder, cache)).none
    files.write("new.txt", quicktake(3, "New?"))
    seed = files.folder / SEED_FILES[97068]
    seed.unlink()
    changes = cache.remember(cached(files.folder, cache))
    assert set(changes.quicktakes) == {3, 97068} and not changes.papers
    assert changes.quicktakes[3][0] is None and changes.quicktakes[97068][1] is None


def test_a_cache_pickled_by_another_version_loads_empty(files: Files) -> None:
    """The environment still loads (Sphinx would otherwise start afresh); the cache is simply replaced."""
    cache = LibraryCache("test")
    cached(files.folder, cache)
    state = cache.__getstate__()
    state["format"] = -1
    old = LibraryCache.__new__(LibraryCache)
    old.__setstate__(state)
    assert old.entries == {} and old.fingerprint != "test"
