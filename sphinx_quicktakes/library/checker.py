"""Check a library of QuickTake and paper files without a Sphinx build.

    python -m sphinx_quicktakes check PATH... [--json] [--suffix .txt ...]

Every problem the build would report about the files themselves (front
matter, YAML, fields, encodings, duplicate ids or DOIs, unsafe answer
content) is printed as ``file:line: message [quicktakes.subtype]``; the exit
status is 1 when there is any, so content authors can run it in their CI.

Notes (``file:line: note: message [quicktakes.subtype]``) point at something
worth a look that is not wrong: a related article's stored title that differs
from the question its target has now (the pages show the question).  They do
not change the exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO

from .answer_text import scan
from .catalog import DEFAULT_SUFFIXES, Library, build_library, discover
from .model import Problem, QuickTake

#: Folders with more files than this get a progress bar (on a terminal).
PROGRESS_FROM = 200


def check(paths: Sequence[str], suffixes: Sequence[str] = DEFAULT_SUFFIXES, progress: bool = False) -> Library:
    """Load every file under *paths* (folders, files or glob patterns) and collect the problems."""
    files, roots, problems = discover(paths, Path.cwd(), suffixes)
    show = _progress_bar(len(files), sys.stderr) if progress and len(files) >= PROGRESS_FROM else _quiet
    library = build_library(files, roots, problems, show)
    for quicktake in library.quicktakes.values():
        library.problems.extend(_answer_problems(quicktake))
    library.problems.sort(key=lambda p: (str(p.path), p.line or 0, p.subtype))
    return library


def notes(library: Library) -> list[Problem]:
    """Related-article titles that differ from their target's question (whitespace aside).

    Not problems: the site shows the target's current question wherever the
    target is in the library, so the stored title is only a fallback.
    """
    found = []
    for quicktake in library.quicktakes.values():
        for related in quicktake.related:
            target = library.quicktakes.get(related.id)
            if (
                target is None
                or not related.title
                or " ".join(related.title.split()) == " ".join(target.question.split())
            ):
                continue
            message = (
                f"related_article{related.position} {related.id} is titled {related.title!r} here, but its "
                f"question is now {target.question!r}; the pages show the question"
            )
            found.append(Problem(quicktake.path, related.line, "related-title", message))
    found.sort(key=lambda p: (str(p.path), p.line or 0))
    return found


def _shown(path: Path) -> str:
    """*path* relative to the working directory when it is below it, as editors expect."""
    return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)


def _answer_problems(quicktake: QuickTake) -> list[Problem]:
    return [Problem(quicktake.path, quicktake.answer_line(), "markdown", m) for m in scan(quicktake.answer)]


def _quiet(items: Iterable[Path]) -> Iterable[Path]:
    return items


def _progress_bar(total: int, stream: TextIO) -> Callable[[Iterable[Path]], Iterable[Path]]:
    def show(items: Iterable[Path]) -> Iterable[Path]:
        width = 30
        for index, item in enumerate(items, start=1):
            if index == total or index % max(1, total // 100) == 0:
                done = width * index // total
                stream.write(f"\rchecking [{'#' * done}{'.' * (width - done)}] {index}/{total}")
                stream.flush()
            yield item
        stream.write("\n")

    return show


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sphinx_quicktakes", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("check", help="validate QuickTake and paper files")
    command.add_argument("paths", nargs="+", help="folders, files or glob patterns")
    command.add_argument("--json", action="store_true", help="print the problems as JSON")
    command.add_argument(
        "--suffix", action="append", dest="suffixes", help=f"file suffixes in folders (default: {DEFAULT_SUFFIXES})"
    )
    args = parser.parse_args(argv)
    library = check(args.paths, tuple(args.suffixes or DEFAULT_SUFFIXES), progress=sys.stderr.isatty())
    remarks = notes(library)
    if args.json:
        report = {
            "files": len(library.by_path) + len({p.path for p in library.problems} - set(library.by_path)),
            "quicktakes": len(library.quicktakes),
            "papers": len(library.papers),
            "problems": [
                {"path": _shown(p.path), "line": p.line, "subtype": p.subtype, "message": p.message}
                for p in library.problems
            ],
            "notes": [
                {"path": _shown(p.path), "line": p.line, "subtype": p.subtype, "message": p.message} for p in remarks
            ],
        }
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for problem in library.problems:
            line = f":{problem.line}" if problem.line else ""
            print(f"{_shown(problem.path)}{line}: {problem.message} [quicktakes.{problem.subtype}]")
        for note in remarks:
            line = f":{note.line}" if note.line else ""
            print(f"{_shown(note.path)}{line}: note: {note.message} [quicktakes.{note.subtype}]")
        summary = (
            f"{len(library.quicktakes)} QuickTakes, {len(library.papers)} papers, {len(library.problems)} problems"
        )
        print(summary + (f", {len(remarks)} notes" if remarks else ""), file=sys.stderr)
    return 1 if library.problems else 0
