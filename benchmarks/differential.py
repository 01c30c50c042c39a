"""Differential test of incremental builds: after every edit, an incremental build equals a clean one.

A project is generated (a library of QuickTakes and papers from ``corpus.py``
in two folders, and hand-written pages that use every directive and role,
under ``html_theme = "quicktakes"`` with ``quicktakes_pages`` set and the
Pagefind search, so that its ``pagefind/`` folder is compared too).  Then a
seeded sequence of edits is applied, of every kind a library sees: retitle an
article; change its subject, keywords, date or answer; add, delete or move a
file; change an id; add or drop a related article; edit a page's roles, cards
and lists; add or drop a paper.  After each edit:

1. the project is built **incrementally**: the same output and doctree
   folders as the build before, no ``-E``, as an editor's rebuild is;
2. the same state is copied to a fresh folder (without the generated pages)
   and built **clean**, into fresh folders;
3. the two output folders must hold the same files, byte for byte
   (:func:`compare`): no file missing, none left over, none different.

The suite runs a short sequence (``tests/test_differential.py``); a long one
runs from here::

    .venv/bin/python benchmarks/differential.py --edits 200 --seed 1
    .venv/bin/python benchmarks/differential.py --edits 50 --builder dirhtml --count 120

The incremental builds run in this process (``sphinx.application.Sphinx``), one
app per build, which also checks that no state leaks from one build into the
next; each clean build runs in a fresh process, at the same time as the next
incremental build.  ``--jobs 2`` runs the incremental builds with ``-j 2`` (the
clean ones stay serial: the reference).

**Kill mode** (``--kill``, :func:`run_kills`): after each edit the incremental
build runs in a process of its own and is killed with ``SIGKILL`` at a
random moment (half the time while it writes), as a Ctrl-C, a CI timeout or a
restart stops a build; then a second edit follows in a third of
the rounds (what an editor may do before building again); then a normal
incremental build runs, and its output is compared with a clean build of the
same state.  Every stale, missing or left-over file counts::

    .venv/bin/python benchmarks/differential.py --kill --kills 12 --seed 1 --count 120
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # the sibling module (this folder is on sys.path)

#: Every kind of edit, in the order the short sequence of the suite applies them.
KINDS = (
    "retitle",
    "subject",
    "keywords",
    "date",
    "answer",
    "add",
    "delete",
    "move",
    "change_id",
    "add_related",
    "drop_related",
    "page_roles",
    "page_lists",
    "add_paper",
    "drop_paper",
    "page_boundary",
)
FOLDERS = ("a", "b")
#: Subjects an edit may give; "Anatomy" sorts first, so its new page comes before every other subject's.
EDIT_SUBJECTS = ("Anatomy", "Medicine", "Nursing", "Radiology", "Biology")
#: Keywords with initials the corpus vocabulary rarely has, so letter pages come and go.
RARE_KEYWORDS = ("quadrant pain", "xanthoma", "yoga therapy", "zonal anatomy", "9p deletion", "juxtaglomerular cells")
EXTERNAL_BASE = "https://quicktakes.io"
#: Entries per generated index page: small, so that subjects, keyword letters and dates span pages.
PAGE_SIZE = 8

CONF = f"""\
project = "differential"
copyright = "2026, QuickTakes editors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_quicktakes"]
quicktakes_sources = ["../library/a", "../library/b"]
quicktakes_pages = "questions"
quicktakes_external_base = "{EXTERNAL_BASE}"
html_theme = "quicktakes"
html_baseurl = "https://example.org/"
quicktakes_page_size = {PAGE_SIZE}
exclude_patterns = ["_build"]
quicktakes_search = "pagefind"
"""

#: Output files that are not compared, and why (paths relative to the output folder).  Every other
#: file must be byte for byte the same.
EXCLUDED: dict[str, str] = {}

#: The search index is compared after undoing two losses of Sphinx's own incremental search index
#: (``IndexBuilder.load`` and ``IndexBuilder.prune`` in sphinx/search/__init__.py, Sphinx 9.0.4), which
#: every Sphinx project has:
#:
#: * "indexentries" (the ``.. index::`` entries search results list since Sphinx 7.3) is dropped:
#:   ``load`` restores the titles, file names, terms and title terms of the pages that are not written
#:   again, but not their index entries, so an incremental index holds only the entries of the pages
#:   written in that build;
#: * a term (or title term) whose pages are all gone is dropped: ``prune`` empties its set of pages
#:   but keeps the term, which the index then lists with no page (``"elsevi": []``); a clean build
#:   has no such term.  Search finds nothing for it either way.
#:
#: Everything else in the file (every other term, title, object, file name) must be the same.
SEARCH_INDEX = "searchindex.js"


# -- the project's content ------------------------------------------------------------------------


@dataclass(slots=True)
class Entry:
    """One QuickTake file, as the edits see it."""

    id: int
    folder: str
    file: str
    question: str
    subject: str
    date: dt.date
    keywords: list[str]
    answer: str
    description: str
    #: (id, stored title, stored subject, url) of each ``related_articleN``.
    related: list[tuple[int, str, str, str]] = field(default_factory=list)

    def render(self) -> str:
        url = f"/learn/{corpus.slugify(self.subject)}/questions/{corpus.slugify(self.question)}"
        lines = [
            "---",
            "_schema: default",
            f"id: {self.id}",
            f"date: {self.date.isoformat()}",
            f"title: >-\n    {self.question}",
            "date_format: MMM DD, YYYY",
            "post_on_text: Posted on",
            "seo:",
            f"  title: QuickTakes | {self.subject}",
            f"  page_description: >-\n    {self.description}",
            f"  page_keywords: >-\n    {', '.join(self.keywords)}",
            "author: QuickTakes",
            f"question: >-\n    {self.question}",
            f"answer: >-\n    {self.answer}",
            f"subject: {self.subject}",
            f"url: {url}",
        ]
        for position, (other, title, subject, other_url) in enumerate(self.related, start=1):
            lines += [
                f"related_article{position}:",
                f"    id: {other}",
                f"    title: >-\n        {title}",
                f"    subject: {subject}",
                f"    url: {other_url}",
            ]
        return "\n".join([*lines, "---", "", "&nbsp;"]) + "\n"


@dataclass(slots=True)
class PaperFile:
    doi: str
    text: str


@dataclass(slots=True)
class Pages:
    """What the hand-written pages show; the page edits change these."""

    featured: list[int] = field(default_factory=list)  # ``.. quicktake:: <id>``
    by_path: int | None = None  # ``.. quicktake:: ../library/<folder>/<file>``
    roles: list[int] = field(default_factory=list)  # ``:qt:article:`<id>```
    titled_roles: list[int] = field(default_factory=list)  # ``:qt:article:`text <id>```
    paper_roles: list[str] = field(default_factory=list)  # ``:qt:paper:`<doi>```
    cards: list[str] = field(default_factory=list)  # ``.. paper-card:: <doi>``
    lists: list[dict[str, str]] = field(default_factory=list)  # ``.. quicktake-list::`` options


class Project:
    """A project on disk (``root/docs``, ``root/library/{a,b}``) and the model it is written from."""

    def __init__(self, root: Path, count: int, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.entries: dict[int, Entry] = {}
        self.papers: dict[str, PaperFile] = {}
        self.pages = Pages()
        self._paper_number = 0
        self._words = corpus.vocabulary(count)
        articles = corpus.plan(count, seed)
        by_id = {article.id: article for article in articles}
        for index, article in enumerate(articles):
            related = []
            for other in article.related:
                if other in by_id:
                    target = by_id[other]
                    related.append((other, target.question, target.subject, target.url))
                else:
                    related.append((other, self._question(), "Medicine", f"/learn/medicine/questions/x{other}"))
            self.entries[article.id] = Entry(
                id=article.id,
                folder=FOLDERS[index % 2],
                file=article.file,
                question=article.question,
                subject=article.subject,
                date=article.date,
                keywords=article.keywords,
                answer=self._answer(article.answer),
                description=article.description,
                related=related,
            )
        for _ in range(max(2, count // 20)):
            self._new_paper()
        ids = sorted(self.entries)
        dois = sorted(paper.doi for paper in self.papers.values())
        self.pages = Pages(
            featured=ids[:3],
            by_path=ids[3],
            roles=[ids[0], ids[5], ids[-1], 424242],
            titled_roles=[ids[7]],
            paper_roles=[dois[0], "10.9999/not.here"],
            cards=dois[:2],
            lists=[
                {"subject": "Nursing", "sort": "title"},
                {"keyword": "MRI", "sort": "-date", "limit": "5"},
                {"since": "2024-01-01", "until": "2024-03-31", "sort": "date"},
                {"sort": "-id", "limit": "4"},
            ],
        )

    # -- writing ----------------------------------------------------------------------------------

    def library(self, folder: str) -> Path:
        return self.root / "library" / folder

    def path_of(self, entry: Entry) -> Path:
        return self.library(entry.folder) / entry.file

    def write_all(self) -> None:
        for folder in FOLDERS:
            self.library(folder).mkdir(parents=True, exist_ok=True)
        for entry in self.entries.values():
            self.write_entry(entry)
        for name, paper in self.papers.items():
            (self.library("b") / name).write_text(paper.text + "\n", encoding="utf-8")
        docs = self.root / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        (docs / "conf.py").write_text(CONF, encoding="utf-8")
        (docs / "index.rst").write_text(INDEX, encoding="utf-8")
        self.write_pages()

    def write_entry(self, entry: Entry) -> None:
        self.path_of(entry).write_text(entry.render(), encoding="utf-8")

    def write_pages(self) -> None:
        docs = self.root / "docs"
        pages = self.pages
        featured = ["Featured", "========", ""]
        for qt_id in pages.featured:
            featured += [f".. quicktake:: {qt_id}", ""]
        if pages.by_path is not None:
            entry = self.entries.get(pages.by_path)
            target = f"../library/{entry.folder}/{entry.file}" if entry else "../library/a/gone.txt"
            featured += [f".. quicktake:: {target}", "   :hide: backlinks", ""]
        for doi in pages.cards:
            featured += [f".. paper-card:: {doi}", ""]
        featured += [".. paper-card::", "   :title: A paper without a file", "   :year: 2024", ""]
        _write_if_changed(docs / "featured.rst", "\n".join(featured))

        roles = ["Roles", "=====", ""]
        for qt_id in pages.roles:
            roles += [f"See :qt:article:`{qt_id}`.", ""]
        for qt_id in pages.titled_roles:
            roles += [f"And :qt:article:`this answer <{qt_id}>`.", ""]
        for doi in pages.paper_roles:
            roles += [f"Cited: :qt:paper:`{doi}`.", ""]
        _write_if_changed(docs / "roles.rst", "\n".join(roles))

        lists = ["# Lists", ""]
        for number, options in enumerate(pages.lists, start=1):
            lists += [f"## List {number}", "", "```{quicktake-list}"]
            lists += [f":{name}: {value}" for name, value in options.items()]
            lists += ["```", ""]
        _write_if_changed(docs / "lists.md", "\n".join(lists))

    # -- content --------------------------------------------------------------------------------

    def _question(self) -> str:
        rng = self.rng
        a = rng.choice(corpus._METHODS)
        b = f"{rng.choice(corpus._ORGANS)} {rng.choice(corpus._CONDITIONS)}"
        return rng.choice(corpus._QUESTIONS).format(a=a, b=b)

    @staticmethod
    def _answer(answer: str) -> str:
        """The corpus answer's introduction and first point: enough Markdown, quicker to build."""
        return "\\n\\n".join(answer.split("\\n\\n")[:2])

    def _new_id(self) -> int:
        while True:
            candidate = self.rng.randrange(200_000, 300_000)
            if candidate not in self.entries:
                return candidate

    def _new_paper(self) -> str:
        number = self._paper_number = self._paper_number + 1
        doi, text = corpus.render_paper(number, self.rng, self._words)
        name = f"p{number:05d}.txt"
        self.papers[name] = PaperFile(doi, text)
        return name

    def _pick(self) -> Entry:
        """An article to edit: half the time one the pages show or link to, so that edits reach them."""
        pages = self.pages
        shown = sorted({*pages.featured, *pages.roles, *pages.titled_roles, pages.by_path or 0} & self.entries.keys())
        if shown and self.rng.random() < 0.5:
            return self.entries[self.rng.choice(shown)]
        return self.entries[self.rng.choice(sorted(self.entries))]

    # -- the edits: each changes the files and returns what it did ----------------------------------

    def edit(self, kind: str) -> str:
        return str(getattr(self, f"_edit_{kind}")())

    def _edit_retitle(self) -> str:
        entry = self._pick()
        entry.question = self._question()
        self.write_entry(entry)
        return f"{entry.id}: question {entry.question!r}"

    def _edit_page_boundary(self) -> str:
        """Move the first article of the largest subject (by title) to its last page: every page shifts."""
        counts = Counter(entry.subject for entry in self.entries.values())
        subject = max(sorted(counts), key=lambda name: counts[name])
        members = sorted(
            (entry for entry in self.entries.values() if entry.subject == subject),
            key=lambda entry: (entry.question.casefold(), entry.id),
        )
        entry = members[0]
        entry.question = f"Zygote {self._question()}"
        self.write_entry(entry)
        return f"{entry.id}: from page 1 of {subject} ({counts[subject]} articles) to its last, {entry.question!r}"

    def _edit_subject(self) -> str:
        entry = self._pick()
        entry.subject = self.rng.choice([s for s in EDIT_SUBJECTS if s != entry.subject])
        self.write_entry(entry)
        return f"{entry.id}: subject {entry.subject!r}"

    def _edit_keywords(self) -> str:
        entry = self._pick()
        if self.rng.random() < 0.6 or len(entry.keywords) < 2:
            entry.keywords = [*entry.keywords, self.rng.choice(RARE_KEYWORDS)]
        else:
            entry.keywords = [k for k in entry.keywords if k != self.rng.choice(entry.keywords)]
        entry.keywords = list(dict.fromkeys(entry.keywords))
        self.write_entry(entry)
        return f"{entry.id}: keywords {entry.keywords[-3:]}"

    def _edit_date(self) -> str:
        entry = self._pick()
        entry.date = dt.date(2023, 1, 1) + dt.timedelta(days=self.rng.randrange(900))
        self.write_entry(entry)
        return f"{entry.id}: date {entry.date}"

    def _edit_answer(self) -> str:
        entry = self._pick()
        entry.answer += f" Edited answer {self.rng.randrange(10**6)}."
        self.write_entry(entry)
        return f"{entry.id}: answer"

    def _edit_add(self) -> str:
        qt_id = self._new_id()
        others = self.rng.sample(sorted(self.entries), 3)
        entry = Entry(
            id=qt_id,
            folder=self.rng.choice(FOLDERS),
            file=f"new_{qt_id}.txt",
            question=self._question(),
            subject=self.rng.choice(EDIT_SUBJECTS),
            date=dt.date(2024, 1, 1) + dt.timedelta(days=self.rng.randrange(365)),
            keywords=self.rng.sample(self._words[:40], 4),
            answer="A new answer with **bold** text.\\n\\n1. **First**: a point.",
            description="A new article.",
            related=[self._related_to(other) for other in others],
        )
        self.entries[qt_id] = entry
        self.write_entry(entry)
        return f"{qt_id}: added"

    def _edit_delete(self) -> str:
        entry = self.entries.pop(self._pick().id)
        self.path_of(entry).unlink()
        return f"{entry.id}: deleted"

    def _edit_move(self) -> str:
        entry = self._pick()
        old = self.path_of(entry)
        entry.folder = FOLDERS[1 - FOLDERS.index(entry.folder)]
        if self.rng.random() < 0.5:
            entry.file = f"moved_{entry.id}.txt"
        old.rename(self.path_of(entry))
        return f"{entry.id}: moved to {entry.folder}/{entry.file}"

    def _edit_change_id(self) -> str:
        entry = self.entries.pop(self._pick().id)
        old = entry.id
        entry.id = self._new_id()
        self.entries[entry.id] = entry
        self.write_entry(entry)
        return f"{old}: id now {entry.id}"

    def _related_to(self, other: int) -> tuple[int, str, str, str]:
        target = self.entries.get(other)
        if target is None:
            return other, self._question(), "Medicine", f"/learn/medicine/questions/x{other}"
        url = f"/learn/{corpus.slugify(target.subject)}/questions/{corpus.slugify(target.question)}"
        return other, target.question, target.subject, url

    def _edit_add_related(self) -> str:
        entry = self._pick()
        choice = self.rng.random()
        if choice < 0.6:
            other = self.rng.choice([i for i in self.entries if i != entry.id])
        elif choice < 0.8:
            other = 900_000 + self.rng.randrange(1000)  # outside the library: external link
        else:
            other = self._new_id()  # an id that may appear later
        entry.related = [*entry.related, self._related_to(other)]
        self.write_entry(entry)
        return f"{entry.id}: related + {other}"

    def _edit_drop_related(self) -> str:
        entry = self._pick()
        while not entry.related:
            entry = self._pick()
        dropped = entry.related.pop(self.rng.randrange(len(entry.related)))
        self.write_entry(entry)
        return f"{entry.id}: related - {dropped[0]}"

    def _edit_page_roles(self) -> str:
        pages, ids = self.pages, sorted(self.entries)
        what = self.rng.choice(("role", "titled", "featured", "by_path", "paper_role", "card"))
        if what == "role":
            pages.roles[self.rng.randrange(len(pages.roles))] = self.rng.choice([*ids, 424242])
        elif what == "titled":
            pages.titled_roles = [*pages.titled_roles[-2:], self.rng.choice(ids)]
        elif what == "featured":
            pages.featured[self.rng.randrange(len(pages.featured))] = self.rng.choice(ids)
        elif what == "by_path":
            pages.by_path = self.rng.choice(ids)
        else:
            dois = sorted(paper.doi for paper in self.papers.values())
            target = pages.paper_roles if what == "paper_role" else pages.cards
            target[self.rng.randrange(len(target))] = self.rng.choice(dois)
        self.write_pages()
        return f"pages: {what}"

    def _edit_page_lists(self) -> str:
        options = self.rng.choice(
            [
                {"subject": self.rng.choice(EDIT_SUBJECTS), "sort": self.rng.choice(("title", "-date"))},
                {"keyword": self.rng.choice(self._words[:30]), "sort": "title", "limit": str(self.rng.randint(1, 6))},
                {"since": "2023-06-01", "until": "2023-09-30", "sort": self.rng.choice(("date", "id"))},
                {"sort": self.rng.choice(("-date", "-id", "title")), "limit": str(self.rng.randint(1, 8))},
            ]
        )
        self.pages.lists[self.rng.randrange(len(self.pages.lists))] = options
        self.write_pages()
        return f"pages: list {options}"

    def _edit_add_paper(self) -> str:
        name = self._new_paper()
        (self.library("b") / name).write_text(self.papers[name].text + "\n", encoding="utf-8")
        return f"paper {self.papers[name].doi}: added"

    def _edit_drop_paper(self) -> str:
        name = self.rng.choice(sorted(self.papers))
        paper = self.papers.pop(name)
        (self.library("b") / name).unlink()
        return f"paper {paper.doi}: dropped"


INDEX = """\
Differential
============

.. toctree::

   questions/index
   featured
   roles
   lists
"""


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


# -- building and comparing -----------------------------------------------------------------------


def build(srcdir: Path, outdir: Path, doctreedir: Path, builder: str = "html", jobs: int = 1) -> str:
    """One Sphinx build in this process; returns its warnings."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    # As sphinx-build does: the roles, directives and nodes an app registers in docutils' global
    # tables are taken out again afterwards, so nothing leaks into the next build in this process.
    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(srcdir, srcdir, outdir, doctreedir, builder, status=None, warning=warnings, parallel=jobs)
        app.build()
    return warnings.getvalue()


def build_command(srcdir: Path, outdir: Path, doctreedir: Path, builder: str = "html", jobs: int = 1) -> list[str]:
    """The ``sphinx-build`` command of one build in a process of its own."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-d", str(doctreedir), "-j", str(jobs)]
    return [*command, str(srcdir), str(outdir)]


def clean_copy(project: Path, target: Path) -> Path:
    """The project's state in a fresh folder: its own files only (no generated pages), same layout."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(project / "library", target / "library")
    shutil.copytree(project / "docs", target / "docs", ignore=shutil.ignore_patterns("questions", "_build"))
    return target


def files(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path.relative_to(folder).as_posix()


def compare(incremental: Path, clean: Path) -> list[str]:
    """How the incremental output differs from the clean one: one line per file (empty: equal)."""
    mine = {name for name in files(incremental) if name not in EXCLUDED}
    theirs = {name for name in files(clean) if name not in EXCLUDED}
    problems = [f"left over: {name}" for name in sorted(mine - theirs)]
    problems += [f"missing: {name}" for name in sorted(theirs - mine)]
    for name in sorted(mine & theirs):
        a, b = (incremental / name).read_bytes(), (clean / name).read_bytes()
        if name == SEARCH_INDEX and a != b:
            a, b = _search_index(a), _search_index(b)
        if a != b:
            problems.append(f"differs: {name}")
    return problems


def _search_index(data: bytes) -> bytes:
    """``searchindex.js`` less what Sphinx itself loses on incremental builds (see :data:`SEARCH_INDEX`)."""
    text = data.decode("utf-8")
    prefix, suffix = "Search.setIndex(", ")"
    if not (text.startswith(prefix) and text.endswith(suffix)):
        return data
    index = json.loads(text[len(prefix) : -len(suffix)])
    index.pop("indexentries", None)
    for name in ("terms", "titleterms"):
        index[name] = {term: pages for term, pages in index.get(name, {}).items() if pages != []}
    return json.dumps(index, ensure_ascii=False).encode("utf-8")


def first_difference(a: Path, b: Path, width: int = 160) -> str:
    """Where two text files first differ, for a readable report."""
    left, right = a.read_text(encoding="utf-8", errors="replace"), b.read_text(encoding="utf-8", errors="replace")
    index = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right)))
    start = max(0, index - width // 2)
    return f"incremental: {left[start : index + width]!r}\n      clean: {right[start : index + width]!r}"


@dataclass
class Step:
    number: int
    kind: str
    what: str
    mismatches: list[str]
    incremental_seconds: float
    clean_seconds: float

    #: Kill mode: seconds after its start the killed build was killed (``None``: it had finished by then),
    #: and the edit made between the killed build and the next one ("" if none).
    killed_after: float | None = None
    edit_after_kill: str = ""
    #: Kill mode: where the killed build was (:data:`PHASES`).
    phase: str = ""


@dataclass
class Result:
    seed: int
    count: int
    builder: str
    steps: list[Step] = field(default_factory=list)
    jobs: int = 1

    @property
    def kills(self) -> int:
        """Builds that were still running when killed (the others had finished)."""
        return sum(step.killed_after is not None for step in self.steps)

    def phases(self) -> Counter[str]:
        """Kill mode: how many builds were killed in each phase (or had finished)."""
        return Counter(step.phase for step in self.steps)

    @property
    def mismatches(self) -> int:
        return sum(len(step.mismatches) for step in self.steps)

    def kinds(self) -> Counter[str]:
        return Counter(step.kind for step in self.steps)


@dataclass
class _Pending:
    """A clean build running in its own process, and the incremental output it is to be compared with."""

    number: int
    kind: str
    what: str
    incremental: Path
    clean: Path
    process: subprocess.Popen[bytes]
    incremental_seconds: float
    started: float
    killed_after: float | None = None
    edit_after_kill: str = ""
    phase: str = ""


def _start_clean(project: Path, target: Path, builder: str) -> subprocess.Popen[bytes]:
    """A clean build of a copy of the project in a fresh process (fresh folders, nothing shared)."""
    fresh = clean_copy(project, target)
    command = build_command(fresh / "docs", fresh / "out", fresh / "doctrees", builder)
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _finish(pending: _Pending, details: bool) -> Step:
    pending.process.wait()
    clean_seconds = time.perf_counter() - pending.started
    out, clean = pending.incremental, pending.clean / "out"
    if pending.process.returncode != 0:
        mismatches = [f"the clean build failed with status {pending.process.returncode}"]
    else:
        mismatches = compare(out, clean)
    if details:
        mismatches = [
            f"{line}\n{first_difference(out / line[9:], clean / line[9:])}" if line.startswith("differs: ") else line
            for line in mismatches
        ]
    if not mismatches:  # kept otherwise, to look at
        shutil.rmtree(pending.incremental)
        shutil.rmtree(pending.clean)
    return Step(
        pending.number,
        pending.kind,
        pending.what,
        mismatches,
        pending.incremental_seconds,
        clean_seconds,
        pending.killed_after,
        pending.edit_after_kill,
        pending.phase,
    )


def run(
    workdir: Path,
    kinds: list[str],
    *,
    seed: int = 1,
    count: int = 200,
    builder: str = "html",
    jobs: int = 1,
    report: Callable[[Step], None] | None = None,
    details: bool = False,
) -> Result:
    """Generate a project in *workdir*, then apply each edit of *kinds* and compare the builds.

    The incremental builds run in this process, one after the other.  The clean build of each
    state runs in a process of its own while the next edit is built incrementally, so that both
    cores of a small machine work; the incremental output is copied aside for the comparison.
    """
    if workdir.exists():
        shutil.rmtree(workdir)
    project = Project(workdir / "project", count, seed)
    project.write_all()
    srcdir = project.root / "docs"
    out, doctrees = workdir / "incremental" / "out", workdir / "incremental" / "doctrees"
    build(srcdir, out, doctrees, builder, jobs)
    result = Result(seed, count, builder, jobs=jobs)
    pending: _Pending | None = None

    def collect() -> None:
        if pending is not None:
            step = _finish(pending, details)
            result.steps.append(step)
            if report is not None:
                report(step)

    for number, kind in enumerate(kinds, start=1):
        what = project.edit(kind)
        started = time.perf_counter()
        build(srcdir, out, doctrees, builder, jobs)
        incremental_seconds = time.perf_counter() - started
        collect()
        snapshot = workdir / f"incremental-{number}"
        shutil.copytree(out, snapshot)
        clean = workdir / f"clean-{number}"
        process = _start_clean(project.root, clean, builder)
        pending = _Pending(number, kind, what, snapshot, clean, process, incremental_seconds, time.perf_counter())
    collect()
    return result


def _run_process(command: list[str]) -> float:
    """Run one build to its end; its seconds.  A failed build is an error of the harness's project."""
    started = time.perf_counter()
    finished = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"build failed ({finished.returncode}): {finished.stderr.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - started


#: Where a killed build was when it was killed, from what it left in the doctree folder.
PHASES = ("finished", "reading", "saving", "writing")


def _killed_build(command: list[str], doctrees: Path, delay: float, *, after_reading: bool) -> tuple[float | None, str]:
    """Start a build and ``SIGKILL`` it *delay* seconds after its start (or, *after_reading*, after it
    saved the environment): when it was killed (``None`` if it had finished) and in which phase.

    The phase is read from what the build left: no mark of an unfinished build yet ("reading":
    starting, loading the library, writing the page sources, reading), a mark but the environment
    not saved ("saving"), the environment saved ("writing", which includes ``build-finished``).
    """
    pickle = doctrees / "environment.pickle"
    before = pickle.stat().st_mtime_ns if pickle.exists() else 0
    marks = set(doctrees.glob("quicktakes-unfinished-*"))

    def saved() -> bool:
        return pickle.exists() and pickle.stat().st_mtime_ns != before

    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    started = time.perf_counter()
    try:
        if after_reading:
            while not saved() and process.poll() is None:
                time.sleep(0.005)
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the build and any -j worker it forked, at once
        process.wait()
    else:
        return None, "finished"
    killed_after = time.perf_counter() - started
    if saved():
        return killed_after, "writing"
    return killed_after, "saving" if set(doctrees.glob("quicktakes-unfinished-*")) - marks else "reading"


def run_kills(
    workdir: Path,
    kinds: list[str],
    *,
    seed: int = 1,
    count: int = 120,
    builder: str = "html",
    jobs: int = 1,
    kills: int | None = None,
    report: Callable[[Step], None] | None = None,
    details: bool = False,
) -> Result:
    """Kill mode: after each edit of *kinds*, an incremental build killed at a random moment, then
    (in a third of the rounds) another edit, then a normal incremental build, compared with a clean build.

    Every build runs in a process of its own, so that a killed one leaves exactly what a killed
    ``sphinx-build`` leaves, and all see the same configuration.  Half the kills come at a moment
    drawn (with the seed) from zero to the length of the last complete incremental build, so they
    land in every phase (starting, loading, reading, writing, ``build-finished``); the other
    half at a moment after the environment was saved, the phase where Sphinx's records and the
    files on disk disagree most.  Each step says where its build was killed (:data:`PHASES`).
    With *kills*, the rounds end once that many builds were killed while running (a build may
    finish before its moment comes).
    """
    if workdir.exists():
        shutil.rmtree(workdir)
    project = Project(workdir / "project", count, seed)
    project.write_all()
    rng = random.Random(f"kills {seed}")
    srcdir = project.root / "docs"
    out, doctrees = workdir / "incremental" / "out", workdir / "incremental" / "doctrees"
    command = build_command(srcdir, out, doctrees, builder, jobs)
    last = _run_process(command)
    result = Result(seed, count, builder, jobs=jobs)
    pending: _Pending | None = None
    killed = 0

    def collect() -> None:
        if pending is not None:
            step = _finish(pending, details)
            result.steps.append(step)
            if report is not None:
                report(step)

    for number, kind in enumerate(kinds, start=1):
        if kills is not None and killed >= kills:
            break
        what = project.edit(kind)
        # Half the kills at any moment of the build, half while it writes (after the environment is saved).
        after_reading = rng.random() < 0.5
        delay = rng.uniform(0.0, last / 2 if after_reading else last)
        killed_after, phase = _killed_build(command, doctrees, delay, after_reading=after_reading)
        killed += killed_after is not None
        edit_after_kill = project.edit(rng.choice(KINDS)) if rng.random() < 1 / 3 else ""
        last = incremental_seconds = _run_process(command)
        collect()
        snapshot = workdir / f"incremental-{number}"
        shutil.copytree(out, snapshot)
        clean = workdir / f"clean-{number}"
        process = _start_clean(project.root, clean, builder)
        pending = _Pending(
            number,
            kind,
            what,
            snapshot,
            clean,
            process,
            incremental_seconds,
            time.perf_counter(),
            killed_after,
            edit_after_kill,
            phase,
        )
    collect()
    return result


def sequence(length: int, seed: int) -> list[str]:
    """*length* edit kinds: every kind once (in order), then a seeded random choice."""
    rng = random.Random(seed)
    return [*KINDS[:length], *(rng.choice(KINDS) for _ in range(max(0, length - len(KINDS))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=200, help="number of edits (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the library and of the edits (default 1)")
    parser.add_argument("--count", type=int, default=200, help="QuickTakes in the library (default 200)")
    parser.add_argument("--builder", default="html", help="html (default) or dirhtml")
    parser.add_argument("--jobs", type=int, default=1, help="-j of the incremental builds (default 1)")
    parser.add_argument("--kill", action="store_true", help="kill mode: kill each incremental build first")
    parser.add_argument("--kills", type=int, help="kill mode: edit until this many builds were killed while running")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qt-differential"))
    parser.add_argument("--json", type=Path, help="write the result to this file")
    parser.add_argument("--details", action="store_true", help="show where each differing file differs")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def report(step: Step) -> None:
        status = "ok" if not step.mismatches else f"{len(step.mismatches)} MISMATCHES"
        kill = ""
        if args.kill:
            kill = "finished before the kill" if step.killed_after is None else f"killed at {step.killed_after:4.1f}s"
            kill += f" ({step.phase})" if step.killed_after is not None else ""
            kill += f", then {step.edit_after_kill[:30]!r}" if step.edit_after_kill else ""
        print(
            f"{step.number:4d} {step.kind:13s} {step.what[:60]:60s} "
            f"incr {step.incremental_seconds:5.1f}s clean {step.clean_seconds:5.1f}s  {kill}  {status}",
            flush=True,
        )
        for line in step.mismatches:
            print(f"       {line}")

    common: dict[str, Any] = {"seed": args.seed, "count": args.count, "builder": args.builder, "jobs": args.jobs}
    common |= {"report": report, "details": args.details}
    if args.kill:
        edits = args.edits if args.kills is None else max(args.edits, 4 * args.kills)
        result = run_kills(args.workdir, sequence(edits, args.seed), kills=args.kills, **common)
    else:
        result = run(args.workdir, sequence(args.edits, args.seed), **common)
    seconds = time.perf_counter() - started
    kinds = dict(sorted(result.kinds().items()))
    kills = f", {result.kills} builds killed while running {dict(result.phases())}" if args.kill else ""
    print(f"\n{len(result.steps)} edits, {result.mismatches} mismatches{kills}, {seconds:.0f} s; kinds: {kinds}")
    if args.json:
        data = {
            "seed": args.seed,
            "count": args.count,
            "builder": args.builder,
            "jobs": args.jobs,
            "kill": args.kill,
            "kills": result.kills,
            "kills_wanted": args.kills,
            "phases": dict(result.phases()) if args.kill else {},
            "edits": len(result.steps),
            "mismatches": result.mismatches,
            "seconds": round(seconds, 1),
            "kinds": kinds,
            "steps": [dataclasses.asdict(step) for step in result.steps],
        }
        args.json.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return 1 if result.mismatches else 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
