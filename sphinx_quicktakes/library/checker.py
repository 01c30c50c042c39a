"""Check a library of QuickTake and paper files without a Sphinx build.

    python -m sphinx_quicktakes check PATH... [--json] [--suffix .txt ...] [--max-review-age DAYS]

Every problem the build would report about the files themselves (front
matter, YAML, fields, encodings, duplicate ids or DOIs, unsafe answer
content) is printed as ``file:line: message [quicktakes.subtype]``; the exit
status is 1 when there is any, so content authors can run it in their CI.
With ``--max-review-age DAYS``, every article whose ``last_reviewed`` date is
older than DAYS, or absent, is listed too (``quicktakes.review``).

Notes (``file:line: note: message [quicktakes.subtype]``) point at something
worth a look that is not wrong: a related article's stored title that differs
from the question its target has now (the pages show the question), and, with
``--absent-related``, every related article that is not in the files checked
(a build shows it as text unless ``quicktakes_external_base`` or an inventory
links it).  They do not change the exit status.
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
from .catalog import DEFAULT_SUFFIXES, Library, build_library, discover, normalise_suffix
from .model import Problem, QuickTake
from .review import stale_reviews

#: Folders with more files than this get a progress bar (on a terminal).
PROGRESS_FROM = 200


def check(
    paths: Sequence[str],
    suffixes: Sequence[str] = DEFAULT_SUFFIXES,
    progress: bool = False,
    max_review_age: int | None = None,
) -> Library:
    """Load every file under *paths* (folders, files or glob patterns) and collect the problems.

    A source that yields no file at all is a ``sources`` problem, so checking
    the wrong folder (or with the wrong suffix) fails instead of passing.
    """
    files, roots, problems = discover(paths, Path.cwd(), suffixes)
    show = _progress_bar(len(files), sys.stderr) if progress and len(files) >= PROGRESS_FROM else _quiet
    library = build_library(files, roots, problems, show)
    for quicktake in library.quicktakes.values():
        library.problems.extend(_answer_problems(quicktake))
    if max_review_age is not None:
        library.problems.extend(stale_reviews(library.quicktakes.values(), max_review_age))
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


def absent_related(library: Library) -> list[Problem]:
    """Related-article entries whose target is not in *library*: the full list that a build's one
    ``quicktakes.related`` warning counts (when the build loads these same files)."""
    found = [
        Problem(
            quicktake.path,
            related.line,
            "related-absent",
            f"related_article{related.position} {related.id} is not in the library; "
            "a build shows it as text unless quicktakes_external_base or an inventory links it",
        )
        for quicktake in library.quicktakes.values()
        for related in quicktake.related
        if related.id not in library.quicktakes
    ]
    found.sort(key=lambda p: (str(p.path), p.line or 0))
    return found


def _shown(path: Path) -> str:
    """*path* relative to the working directory when it is below it, as editors expect."""
    return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)


def _answer_problems(quicktake: QuickTake) -> list[Problem]:
    line = quicktake.answer_line()
    return [Problem(quicktake.path, line, found.subtype, found.message) for found in scan(quicktake.answer)]


def _suffix(text: str) -> str:
    """``--suffix txt`` as ``.txt``; what can be no suffix is a usage error."""
    suffix = normalise_suffix(text)
    if suffix is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a file suffix (such as .txt)")
    return suffix


def _days(text: str) -> int:
    """``--max-review-age 365``: a whole number of days, 0 or more."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days")
    return int(text)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def summary(library: Library) -> str:
    """``1 QuickTake, 2 papers, 0 problems``: the line printed after the problems."""
    counts = (
        _count(len(library.quicktakes), "QuickTake", "QuickTakes"),
        _count(len(library.papers), "paper", "papers"),
        _count(len(library.problems), "problem", "problems"),
    )
    return ", ".join(counts)


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


def main(argv: Sequence[str] | None = None, prog: str = "python -m sphinx_quicktakes") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("check", help="validate QuickTake and paper files")
    command.add_argument("paths", nargs="+", help="folders, files or glob patterns")
    command.add_argument("--json", action="store_true", help="print the problems as JSON")
    command.add_argument(
        "--suffix",
        action="append",
        dest="suffixes",
        type=_suffix,
        metavar="SUFFIX",
        help=f"file suffix in folders, with or without its dot; repeatable (default: {', '.join(DEFAULT_SUFFIXES)})",
    )
    command.add_argument(
        "--max-review-age",
        type=_days,
        metavar="DAYS",
        help="also list every QuickTake whose last_reviewed date is older than DAYS, or absent",
    )
    command.add_argument(
        "--absent-related",
        action="store_true",
        help="also note every related article that is not in the files checked",
    )
    args = parser.parse_args(argv)
    library = check(
        args.paths,
        tuple(args.suffixes or DEFAULT_SUFFIXES),
        progress=sys.stderr.isatty(),
        max_review_age=args.max_review_age,
    )
    remarks = notes(library)
    if args.absent_related:
        remarks = sorted(remarks + absent_related(library), key=lambda p: (str(p.path), p.line or 0))
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
        print(summary(library) + (f", {_count(len(remarks), 'note', 'notes')}" if remarks else ""), file=sys.stderr)
    return 1 if library.problems else 0
