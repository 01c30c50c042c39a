"""Build-time benchmark: sphinx-quicktakes against plain MyST pages with the same content.

This is a benchmark to run by hand, not a test.  For each corpus size N (a
synthetic corpus from ``benchmarks/corpus.py``, the same seed for every size),
it builds the same content at least twice:

``ours``
    a Sphinx project with ``sphinx_quicktakes`` generating the pages
    (``quicktakes_pages = "questions"``, ``quicktakes_external_base`` set);
``plain``
    the same articles as plain MyST Markdown pages written by this script:
    one page per article (the question as H1, the meta line, the answer's
    Markdown, the keywords linking to the keyword index, the related articles
    as Markdown links to their pages or to the public site, "Referenced by"),
    one page per paper, subject pages, keyword index pages by letter, a dates
    page and a root toctree; no sphinx_quicktakes.

and, on request (``--variants ours,ours-fixed,plain,plain-index``):

``plain-index``
    ``plain`` with the index entries that the ``quicktake`` directive gives each
    article (its question; its subject and question as a pair), so that Sphinx
    writes the same general index (``genindex.html``) for both: the cost of
    the content, not of the extension.

``ours-fixed``
    ``ours`` plus a benchmark-local extension (:data:`FIX_EXTENSION`) that works
    around the doctree bloat found with this benchmark: answer nodes keep a
    reference to a throwaway document whose settings hold the environment, so
    every article's pickled doctree contains the whole environment.  Its HTML
    is identical to ``ours``; it shows what fixing that in the package is worth.

All use the ``basic`` theme, and every build runs in a fresh subprocess,
``python -m sphinx -q -b html`` (``-j J`` for each J of ``--jobs``), from an
empty output folder (and, for ``ours``, without the generated ``questions/``
folder, so page generation is part of the time).

Measurements, per size, variant and job count:

* wall time of the child process (``time.perf_counter`` around it), its CPU
  time (user + system, from the same rusage; less disturbed by other work on
  the machine) and the one-minute load average just before it;
* peak RSS of the child, from ``os.wait4``, which returns the rusage of that one
  child (and of its own reaped children), so it is exact per build and
  needs no polling.  Linux reports ``ru_maxrss`` as the largest resident set
  of any single process in that tree: with ``-j 2`` it is the largest of the
  main process and its forked workers, not their sum;
* after the serial builds of every variant, two kinds of rebuild into the same
  output and doctree folders, each repeated ``--rebuilds R`` times (default 3)
  with the variants taking turns, so that a change of load on the machine hits
  all of them alike; the fastest of each is compared:

  - a **no-change rebuild**: ``sphinx-build`` again with nothing edited (what
    ``sphinx-autobuild`` does when an unrelated file is saved);
  - a **one-article edit rebuild** ("incremental"): a sentence added to the
    first paragraph of one article's answer, in the QuickTake file for ``ours``,
    in the article's page for ``plain`` (a different sentence each time); the
    file is restored afterwards.

Mind the cost before running the default sizes: with the package as of
November 2026, ``ours`` grows with the square of N (about 185 s at 2,000
articles on 2 vCPUs, an extrapolated hour and ~55 GB of doctrees at 10,000);
``plain`` and ``ours-fixed`` take 5 to 8 minutes each at 10,000.

Derived figures: the ratio ours/plain, time per article, the scaling
``time(N_max)/time(N_min)`` (the linearity target is stated for
10,000/1,000, so include 1000 and 10000 in ``--sizes`` to check it), the
speed-up of each ``-j J`` over ``-j 1``, and the incremental rebuild as a
share of the full build.

Targets (for the extension's build; measured results are in ``docs/performance.md``):

* full build at 10,000 articles within 1.3x of plain Sphinx (the ``plain`` variant);
* time(10,000) / time(1,000) <= 11 (near-linear);
* ``-j 2`` at least 1.6x faster than serial;
* a one-article edit rebuilds in under 5% of the full build's time;
* peak memory at 10,000 articles below 2 GiB;

and the edit loop against plain Sphinx in the same run, checked at every size
(the issue states them for 10,000 articles):

* a one-article edit rebuild no slower than plain's edit rebuild;
* a no-change rebuild within 1.2x of plain's no-change rebuild;
* peak RSS of the full serial build no higher than plain's.

``--theme NAME`` builds every variant under that HTML theme instead of
``basic`` (``quicktakes`` works for ``plain`` too: it needs no extension).

Usage::

    .venv/bin/python benchmarks/run.py                       # sizes 500,2000,10000; jobs 1,2
    .venv/bin/python benchmarks/run.py --sizes 500,1000,2000 --jobs 1,2 --json results.json
    .venv/bin/python benchmarks/run.py --sizes 10000 --jobs 1 --json results.json --append
    .venv/bin/python benchmarks/run.py --sizes 2000 --jobs 1 --theme quicktakes --rebuilds 5
    .venv/bin/python benchmarks/run.py --report results.json  # the tables again, no build

The work folder (``--workdir``, default ``/tmp/qt-bench``) keeps the corpora
and projects; corpora are reused when they already exist.  Results are printed
as Markdown tables; ``--json FILE`` writes the raw numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpus_module  # the sibling module (this folder is on sys.path when run as a script)

EXTERNAL_BASE = "https://quicktakes.io"
TARGETS = {
    "ratio_at_10000": 1.3,
    "scaling_10000_over_1000": 11.0,
    "speedup_j2": 1.6,
    "incremental_share": 0.05,
    "peak_rss_gib_at_10000": 2.0,
    "edit_over_plain_edit": 1.0,
    "nochange_over_plain_nochange": 1.2,
    "rss_over_plain_rss": 1.0,
}
#: Build kinds: a fresh serial or parallel build, an edit rebuild, a rebuild with nothing changed.
KINDS = ("full", "incremental", "nochange")
EDIT_SENTENCE = " This sentence was added by the incremental-rebuild benchmark."
#: Text of the first paragraph of every generated answer, in the QuickTake file and the plain page alike.
ANSWER_ANCHOR = " Here are the key aspects"

OURS_CONF = f"""\
project = "bench-ours"
extensions = ["myst_parser", "sphinx_quicktakes"]
quicktakes_sources = ["../corpus"]
quicktakes_pages = "questions"
quicktakes_external_base = "{EXTERNAL_BASE}"
html_theme = "basic"
exclude_patterns = ["_build"]
"""
OURS_INDEX = """\
Benchmark
=========

.. toctree::
   :maxdepth: 1

   questions/index
"""
#: A benchmark-local extension for the ``ours-fixed`` variant (no package code is changed).
#: ``render_answer`` parses each answer into a throwaway docutils document whose settings hold
#: the BuildEnvironment; the answer's nodes keep that document in ``_document``, so pickling a
#: page's doctree pickles the whole environment with it.  Dropping the stray references before
#: Sphinx pickles the doctree (``doctree-read``) shows what fixing that is worth.
FIX_EXTENSION = """\
from docutils import nodes


def drop_foreign_documents(app, doctree):
    for node in doctree.findall():
        if getattr(node, "_document", None) is not None and node._document is not doctree:
            node._document = None


def setup(app):
    app.connect("doctree-read", drop_foreign_documents)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""
FIXED_CONF = OURS_CONF.replace('"sphinx_quicktakes"]', '"sphinx_quicktakes", "bench_fix"]').replace(
    "project =", "import sys\nsys.path.insert(0, __file__.rpartition('/')[0])\nproject ="
)
PLAIN_CONF = """\
project = "bench-plain"
extensions = ["myst_parser"]
html_theme = "basic"
exclude_patterns = ["_build"]
"""


@dataclass(slots=True)
class Build:
    """One measured ``sphinx-build`` run."""

    size: int
    variant: str  # "ours" or "plain"
    jobs: int
    kind: str  # "full", "incremental" (one-article edit) or "nochange" (see KINDS)
    seconds: float
    #: User + system CPU time of the child and its workers: less sensitive than wall time to other load.
    cpu_seconds: float
    peak_rss_mib: float
    returncode: int
    warnings: int
    #: One-minute load average just before the build (other work on the machine skews wall times).
    load_before: float


# -- running a build --------------------------------------------------------------


def run_sphinx(project: Path, jobs: int, *, fresh: bool, log: Path) -> tuple[float, float, float, int, int]:
    """Build *project* in a child process: (seconds, CPU seconds, peak RSS in MiB, return code, warning lines)."""
    out = project / "_build" / "html"
    if fresh:
        shutil.rmtree(project / "_build", ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-j", str(jobs), str(project), str(out)]
    with log.open("w", encoding="utf-8") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    warnings = sum(1 for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if "WARNING" in line)
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, process.returncode, warnings


# -- the two projects ---------------------------------------------------------------


def with_theme(conf: str, theme: str) -> str:
    """*conf* with its ``html_theme`` line set to *theme*."""
    line = 'html_theme = "basic"\n'
    if conf.count(line) != 1:
        raise RuntimeError(f"the configuration should contain {line!r} once")
    return conf.replace(line, f'html_theme = "{theme}"\n')


def write_ours(root: Path, *, fixed: bool = False, theme: str = "basic", search: str = "auto") -> Path:
    """The ``ours`` project; *search* is its ``quicktakes_search`` (``auto``: Pagefind under the theme)."""
    project = root / ("ours-fixed" if fixed else "ours")
    project.mkdir(parents=True, exist_ok=True)
    conf = with_theme(FIXED_CONF if fixed else OURS_CONF, theme) + f"quicktakes_search = {search!r}\n"
    (project / "conf.py").write_text(conf, encoding="utf-8")
    (project / "index.rst").write_text(OURS_INDEX, encoding="utf-8")
    if fixed:
        (project / "bench_fix.py").write_text(FIX_EXTENSION, encoding="utf-8")
    return project


def _md_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>{}#|" else c for c in " ".join(text.split()))


def _letter(keyword: str) -> str:
    first = keyword[:1].casefold()
    return first if "a" <= first <= "z" else "other"


def write_plain(root: Path, corpus_dir: Path, theme: str = "basic", *, index: bool = False) -> Path:
    """The same library as plain MyST pages (read with the package's loader, so the text is the same).

    With *index* (the ``plain-index`` variant), each article page also has the index entries the
    ``quicktake`` directive gives an article: its question, and its subject and question as a pair.
    """
    from sphinx_quicktakes.library import build_library, discover

    paths, roots, problems = discover([str(corpus_dir)], corpus_dir)
    library = build_library(paths, roots, problems)
    if not library.quicktakes:
        raise SystemExit(f"no QuickTakes loaded from {corpus_dir}: {library.problems[:3]}")
    project = root / ("plain-index" if index else "plain")
    shutil.rmtree(project, ignore_errors=True)
    pages = project / "questions"
    for folder in ("subjects", "keywords", "papers"):
        (pages / folder).mkdir(parents=True)
    (project / "conf.py").write_text(with_theme(PLAIN_CONF, theme), encoding="utf-8")
    (project / "index.md").write_text("# Benchmark\n\n```{toctree}\n:maxdepth: 1\n\nquestions/index\n```\n", "utf-8")

    quicktakes = sorted(library.quicktakes.values(), key=lambda qt: qt.id)
    referrers: dict[int, list[int]] = defaultdict(list)
    for quicktake in quicktakes:
        for related in quicktake.related:
            referrers[related.id].append(quicktake.id)
    by_subject: dict[str, list[Any]] = defaultdict(list)
    by_keyword: dict[str, list[Any]] = defaultdict(list)
    shown: dict[str, str] = {}
    for quicktake in quicktakes:
        by_subject[quicktake.subject].append(quicktake)
        for keyword in quicktake.keywords:
            by_keyword[keyword.casefold()].append(quicktake)
            shown.setdefault(keyword.casefold(), keyword)

    def label(keyword: str) -> str:
        return "kw-" + corpus_module.slugify(keyword)

    for qt in quicktakes:
        date = qt.date.strftime("%b %d, %Y") if qt.date else qt.date_text
        entries = [f"single: {qt.question}", *([f"pair: {qt.subject}; {qt.question}"] if qt.subject else [])]
        lines = [
            *([f"```{{index}} {entry}\n```\n" for entry in entries] if index else []),
            f"({'qt-' + str(qt.id)})=",
            f"# {_md_escape(qt.question)}",
            "",
            f"*{_md_escape(qt.subject)} · {qt.post_on_text or 'Posted on'} {date} · By {_md_escape(qt.author)}*",
            "",
            qt.answer,
            "",
            "**Keywords:** " + ", ".join(f"{{ref}}`{_md_escape(k)} <{label(k)}>`" for k in qt.keywords),
            "",
            "## Related articles",
            "",
        ]
        for related in qt.related:
            title = _md_escape(related.title or str(related.id))
            if related.id in library.quicktakes:
                lines.append(f"- [{title}]({related.id}.md)")
            else:
                lines.append(f"- [{title}]({EXTERNAL_BASE}{related.url})")
        if referrers.get(qt.id):
            lines += ["", "## Referenced by", ""]
            for other in sorted(referrers[qt.id]):
                lines.append(f"- [{_md_escape(library.quicktakes[other].question)}]({other}.md)")
        (pages / f"{qt.id}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")

    subject_pages = []
    for subject in sorted(by_subject, key=str.casefold):
        name = corpus_module.slugify(subject) or "no-subject"
        subject_pages.append(f"subjects/{name}")
        articles = by_subject[subject]
        lines = [f"# {_md_escape(subject)}", "", "```{toctree}", ":hidden:", ""]
        lines += [f"../{qt.id}" for qt in articles]
        lines += ["```", ""]
        for qt in sorted(articles, key=lambda qt: qt.question.casefold()):
            lines.append(f"- [{_md_escape(qt.question)}](../{qt.id}.md)")
        (pages / "subjects" / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")

    letters: dict[str, list[str]] = defaultdict(list)
    for keyword in sorted(by_keyword):
        letters[_letter(keyword)].append(keyword)
    for letter, keywords in letters.items():
        lines = [f"# Keywords: {letter.upper() if letter != 'other' else 'other'}", ""]
        for keyword in keywords:
            lines += [f"({label(keyword)})=", f"## {_md_escape(shown[keyword])}", ""]
            for qt in sorted(by_keyword[keyword], key=lambda qt: qt.question.casefold()):
                lines.append(f"- [{_md_escape(qt.question)}](../{qt.id}.md)")
            lines.append("")
        (pages / "keywords" / f"{letter}.md").write_text("\n".join(lines), encoding="utf-8")
    toc = "\n".join(sorted(letters))
    (pages / "keywords" / "index.md").write_text(f"# Keywords\n\n```{{toctree}}\n{toc}\n```\n", encoding="utf-8")

    by_month: dict[str, list[Any]] = defaultdict(list)
    for qt in quicktakes:
        if qt.date:
            by_month[f"{qt.date.year}-{qt.date.month:02d}"].append(qt)
    lines = ["# By date", ""]
    for month in sorted(by_month, reverse=True):
        lines += [f"## {month}", ""]
        for qt in sorted(by_month[month], key=lambda qt: qt.date, reverse=True):
            lines.append(f"- [{_md_escape(qt.question)}]({qt.id}.md)")
        lines.append("")
    (pages / "dates.md").write_text("\n".join(lines), encoding="utf-8")

    paper_names = []
    for index, paper in enumerate(sorted(library.papers.values(), key=lambda p: p.key)):
        name = f"paper-{index:05d}"
        paper_names.append(name)
        lines = [
            f"# {_md_escape(paper.title)}",
            "",
            f"*{_md_escape(paper.journal)}*, {_md_escape(paper.volume)}. DOI: [{paper.doi}](https://doi.org/{paper.doi})",
            "",
            "**Keywords:** " + _md_escape(", ".join(paper.keywords)),
            "",
            *[_md_escape(paragraph) + "\n" for paragraph in paper.abstract],
        ]
        (pages / "papers" / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    papers_toc = "\n".join(paper_names)
    (pages / "papers" / "index.md").write_text(f"# Papers\n\n```{{toctree}}\n{papers_toc}\n```\n", encoding="utf-8")

    root_page = [
        "# Questions",
        "",
        f"{len(quicktakes)} QuickTakes, by subject, keyword and date.",
        "",
        "```{toctree}",
        ":maxdepth: 1",
        "",
        *subject_pages,
        "```",
        "",
        "```{toctree}",
        ":maxdepth: 1",
        "",
        "keywords/index",
        "dates",
        "papers/index",
        "```",
    ]
    (pages / "index.md").write_text("\n".join(root_page) + "\n", encoding="utf-8")
    return project


# -- one size -----------------------------------------------------------------------------


def edited_text(text: str, number: int = 1) -> str:
    """*text* with a sentence (the *number*-th) added to the first paragraph of the answer."""
    position = text.index(ANSWER_ANCHOR)
    sentence = EDIT_SENTENCE if number == 1 else EDIT_SENTENCE.replace(" This", f" Edit {number}: this")
    return text[:position] + sentence + text[position:]


def bench_size(
    size: int,
    jobs: list[int],
    seed: int,
    workdir: Path,
    variants: list[str],
    incremental: bool,
    *,
    rebuilds: int = 3,
    theme: str = "basic",
    search: str = "auto",
) -> list[Build]:
    root = workdir / f"n{size}"
    corpus_dir = root / "corpus"
    if not (corpus_dir / ".complete").exists():
        shutil.rmtree(corpus_dir, ignore_errors=True)
        corpus_module.generate(corpus_dir, size, seed)
        (corpus_dir / ".complete").write_text(f"{size} {seed}\n", encoding="utf-8")
    projects = {
        "ours": write_ours(root, theme=theme, search=search),
        "ours-fixed": write_ours(root, fixed=True, theme=theme, search=search),
        "plain": write_plain(root, corpus_dir, theme) if "plain" in variants else None,
        "plain-index": write_plain(root, corpus_dir, theme, index=True) if "plain-index" in variants else None,
    }
    first_file = sorted(corpus_dir.glob("0*.txt"))[0]
    first_id = int(first_file.read_text(encoding="utf-8").split("\nid: ", 1)[1].split("\n", 1)[0])
    results: list[Build] = []

    def record(variant: str, job: int, kind: str, project: Path, fresh: bool, attempt: int = 1) -> None:
        if variant.startswith("ours") and fresh:
            shutil.rmtree(project / "questions", ignore_errors=True)
        log = root / f"{variant}-j{job}-{kind}-{attempt}.log"
        load = os.getloadavg()[0]
        seconds, cpu, rss, code, warnings = run_sphinx(project, job, fresh=fresh, log=log)
        build = Build(size, variant, job, kind, round(seconds, 3), round(cpu, 3), round(rss, 1), code, warnings, load)
        results.append(build)
        print(
            f"  {variant:10} -j {job} {kind:11} {seconds:8.2f} s  cpu {cpu:8.2f} s  {rss:8.1f} MiB  "
            f"rc={code} warnings={warnings} load={load:.2f}",
            flush=True,
        )
        if code != 0:
            print(f"  build failed, see {log}", file=sys.stderr)

    def edited(variant: str) -> Path:
        project = projects[variant]
        assert project is not None
        return first_file if variant.startswith("ours") else project / "questions" / f"{first_id}.md"

    for job in jobs:
        for variant in variants:
            project = projects[variant]
            assert project is not None
            record(variant, job, "full", project, fresh=True)
        if not incremental or job != min(jobs):
            continue
        # The rebuilds after the serial builds, the variants taking turns (noise hits them alike).
        originals: dict[Path, str] = {}
        try:
            for attempt in range(1, rebuilds + 1):
                for variant in variants:
                    record(variant, job, "nochange", projects[variant], fresh=False, attempt=attempt)  # type: ignore[arg-type]
                for variant in variants:
                    target = edited(variant)
                    original = originals.setdefault(target, target.read_text(encoding="utf-8"))
                    target.write_text(edited_text(original, attempt), encoding="utf-8")  # a new sentence each time
                    record(variant, job, "incremental", projects[variant], fresh=False, attempt=attempt)  # type: ignore[arg-type]
        finally:
            for target, old in originals.items():
                target.write_text(old, encoding="utf-8")
    return results


# -- reporting ------------------------------------------------------------------------------


def _find(builds: list[Build], size: int, variant: str, jobs: int, kind: str = "full") -> Build | None:
    """The latest matching full build (a measurement repeated with ``--append`` replaces the earlier one),
    or the fastest matching rebuild (rebuilds are repeated; the fastest is the least disturbed)."""
    matching = [b for b in builds if (b.size, b.variant, b.jobs, b.kind) == (size, variant, jobs, kind)]
    if not matching:
        return None
    if kind == "full":
        return matching[-1]
    return min(matching, key=lambda build: build.seconds)


def _ratio(ours: Build | None, plain: Build | None, attribute: str = "seconds") -> float | None:
    if ours is None or plain is None or not getattr(plain, attribute):
        return None
    return round(getattr(ours, attribute) / getattr(plain, attribute), 2)


def _least_cpu(builds: list[Build], size: int, variant: str, kind: str) -> float | None:
    """The least CPU time of the matching serial builds (the measure least disturbed by other load)."""
    times = [b.cpu_seconds for b in builds if (b.size, b.variant, b.jobs, b.kind) == (size, variant, 1, kind)]
    return min(times) if times else None


def _cpu_ratio(ours: float | None, plain: float | None) -> float | None:
    return round(ours / plain, 2) if ours is not None and plain else None


def edit_loop(builds: list[Build], ours_variant: str = "ours", baseline: str = "plain") -> list[dict[str, Any]]:
    """Per size (serial builds): no-change and edit rebuilds and full-build peak RSS, ours against plain.

    Wall times are those of the fastest run of each kind; CPU times the least of each kind.
    """
    rows = []
    for size in sorted({b.size for b in builds}):
        ours, plain = _find(builds, size, ours_variant, 1), _find(builds, size, baseline, 1)
        nochange, plain_nochange = (_find(builds, size, v, 1, "nochange") for v in (ours_variant, baseline))
        edit, plain_edit = (_find(builds, size, v, 1, "incremental") for v in (ours_variant, baseline))
        if ours is None:
            continue
        rows.append(
            {
                "size": size,
                "ours_full_s": ours.seconds,
                "plain_full_s": plain.seconds if plain else None,
                "ours_nochange_s": nochange.seconds if nochange else None,
                "plain_nochange_s": plain_nochange.seconds if plain_nochange else None,
                "nochange_ratio": _ratio(nochange, plain_nochange),
                "ours_edit_s": edit.seconds if edit else None,
                "plain_edit_s": plain_edit.seconds if plain_edit else None,
                "edit_ratio": _ratio(edit, plain_edit),
                "ours_rss_mib": ours.peak_rss_mib,
                "plain_rss_mib": plain.peak_rss_mib if plain else None,
                "rss_ratio": _ratio(ours, plain, "peak_rss_mib"),
                **{
                    f"{name}_cpu_{label}": value
                    for label, kind in (("nochange", "nochange"), ("edit", "incremental"), ("full", "full"))
                    for name, value in (
                        ("ours", _least_cpu(builds, size, ours_variant, kind)),
                        ("plain", _least_cpu(builds, size, baseline, kind)),
                    )
                },
                "rebuilds": sum(
                    1 for b in builds if (b.size, b.variant, b.jobs, b.kind) == (size, ours_variant, 1, "incremental")
                ),
            }
        )
        row = rows[-1]
        for label in ("nochange", "edit", "full"):
            row[f"{label}_cpu_ratio"] = _cpu_ratio(row[f"ours_cpu_{label}"], row[f"plain_cpu_{label}"])
    return rows


def summarize(builds: list[Build], ours_variant: str = "ours") -> dict[str, Any]:
    """Derived figures for one of the extension's variants (``ours`` or ``ours-fixed``) against ``plain``."""
    sizes = sorted({b.size for b in builds})
    jobs = sorted({b.jobs for b in builds})
    serial = 1 if 1 in jobs else min(jobs)
    rows = []
    for size in sizes:
        for job in jobs:
            ours, plain = _find(builds, size, ours_variant, job), _find(builds, size, "plain", job)
            if ours is None:
                continue
            incr = _find(builds, size, ours_variant, job, "incremental")
            plain_incr = _find(builds, size, "plain", job, "incremental")
            nochange = _find(builds, size, ours_variant, job, "nochange")
            plain_nochange = _find(builds, size, "plain", job, "nochange")
            base = _find(builds, size, ours_variant, serial)
            rows.append(
                {
                    "size": size,
                    "jobs": job,
                    "ours_s": ours.seconds,
                    "ours_cpu_s": ours.cpu_seconds,
                    "plain_cpu_s": plain.cpu_seconds if plain else None,
                    "plain_s": plain.seconds if plain else None,
                    "ratio": round(ours.seconds / plain.seconds, 2) if plain else None,
                    "ours_ms_per_article": round(1000 * ours.seconds / size, 1),
                    "plain_ms_per_article": round(1000 * plain.seconds / size, 1) if plain else None,
                    "ours_rss_mib": ours.peak_rss_mib,
                    "plain_rss_mib": plain.peak_rss_mib if plain else None,
                    "speedup_vs_serial": round(base.seconds / ours.seconds, 2) if base else None,
                    "incremental_s": incr.seconds if incr else None,
                    "incremental_share": round(incr.seconds / ours.seconds, 3) if incr else None,
                    "plain_incremental_s": plain_incr.seconds if plain_incr else None,
                    "nochange_s": nochange.seconds if nochange else None,
                    "plain_nochange_s": plain_nochange.seconds if plain_nochange else None,
                }
            )
    scaling = []
    for small in sizes:
        for big in sizes:
            if big <= small:
                continue
            a, b = _find(builds, small, ours_variant, serial), _find(builds, big, ours_variant, serial)
            p, q = _find(builds, small, "plain", serial), _find(builds, big, "plain", serial)
            if a and b:
                scaling.append(
                    {
                        "from": small,
                        "to": big,
                        "size_ratio": round(big / small, 2),
                        "ours_time_ratio": round(b.seconds / a.seconds, 2),
                        "plain_time_ratio": round(q.seconds / p.seconds, 2) if p and q else None,
                        "ours_marginal_ms_per_article": round(1000 * (b.seconds - a.seconds) / (big - small), 1),
                    }
                )
    summary = {
        "rows": rows,
        "scaling": scaling,
        "edit_loop": edit_loop(builds, ours_variant),
        "targets": check_targets(builds, ours_variant),
    }
    if any(b.variant == "plain-index" for b in builds):
        summary["edit_loop_vs_plain_index"] = edit_loop(builds, ours_variant, "plain-index")
    return summary


def check_targets(builds: list[Build], ours_variant: str = "ours") -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    ours10k, plain10k = _find(builds, 10000, ours_variant, 1), _find(builds, 10000, "plain", 1)
    ours1k = _find(builds, 1000, ours_variant, 1)
    if ours10k and plain10k:
        value = ours10k.seconds / plain10k.seconds
        checks.append({"target": "ours/plain at 10,000 <= 1.3", "value": round(value, 2), "met": value <= 1.3})
    if ours10k and ours1k:
        value = ours10k.seconds / ours1k.seconds
        checks.append({"target": "time(10,000)/time(1,000) <= 11", "value": round(value, 2), "met": value <= 11})
    for size in sorted({b.size for b in builds}):
        one, two = _find(builds, size, ours_variant, 1), _find(builds, size, ours_variant, 2)
        if one and two:
            value = one.seconds / two.seconds
            checks.append({"target": f"-j 2 speed-up >= 1.6 at {size}", "value": round(value, 2), "met": value >= 1.6})
        incr = _find(builds, size, ours_variant, 1, "incremental")
        if one and incr:
            value = incr.seconds / one.seconds
            checks.append({"target": f"edit rebuild < 5% at {size}", "value": round(value, 3), "met": value < 0.05})
    for row in edit_loop(builds, ours_variant):
        size = row["size"]
        for key, cpu_key, limit_key, target in (
            ("edit_ratio", "edit_cpu_ratio", "edit_over_plain_edit", f"edit rebuild <= plain's edit rebuild at {size}"),
            ("nochange_ratio", "nochange_cpu_ratio", "nochange_over_plain_nochange",
             f"no-change rebuild <= 1.2x plain's at {size}"),
            ("rss_ratio", None, "rss_over_plain_rss", f"peak RSS of the full build <= plain's at {size}"),
        ):  # fmt: skip
            limit = TARGETS[limit_key]
            if row[key] is not None:
                checks.append({"target": target, "value": row[key], "met": row[key] <= limit})
            if cpu_key and row[cpu_key] is not None:  # also in CPU time, which other load disturbs less
                checks.append({"target": f"{target} (CPU time)", "value": row[cpu_key], "met": row[cpu_key] <= limit})
    if ours10k:
        peak = max(b.peak_rss_mib for b in builds if b.size == 10000 and b.variant == ours_variant) / 1024
        checks.append({"target": "peak RSS at 10,000 < 2 GiB", "value": round(peak, 2), "met": peak < 2})
    return checks


def _cell(value: object) -> str:
    return "–" if value is None else str(value)


def markdown(summary: dict[str, Any]) -> str:
    """Tables of one summary; "ours" is the variant the summary was made for."""
    head = (
        "| N | -j | ours (s) | plain (s) | ours/plain | ours ms/article | plain ms/article | ours peak RSS (MiB) "
        "| plain peak RSS (MiB) | speed-up vs -j 1 | edit rebuild (s) | edit/full |"
    )
    lines = [head, "|" + "---|" * 12]
    keys = [
        "size", "jobs", "ours_s", "plain_s", "ratio", "ours_ms_per_article", "plain_ms_per_article",
        "ours_rss_mib", "plain_rss_mib", "speedup_vs_serial", "incremental_s", "incremental_share",
    ]  # fmt: skip
    for row in summary["rows"]:
        lines.append("| " + " | ".join(_cell(row[key]) for key in keys) + " |")
    if summary["scaling"]:
        lines += ["", "| from N | to N | size ratio | ours time ratio | plain time ratio | ours marginal ms/article |"]
        lines.append("|---|---|---|---|---|---|")
        for item in summary["scaling"]:
            values = [item[k] for k in ("from", "to", "size_ratio", "ours_time_ratio", "plain_time_ratio")]
            values.append(item["ours_marginal_ms_per_article"])
            lines.append("| " + " | ".join(_cell(v) for v in values) + " |")
    if any(row["ours_nochange_s"] is not None or row["ours_edit_s"] is not None for row in summary["edit_loop"]):
        lines += [
            "",
            "| N | no-change ours (s) | no-change plain (s) | ratio | edit ours (s) | edit plain (s) | ratio "
            "| full peak RSS ours (MiB) | plain (MiB) | ratio |",
            "|" + "---|" * 10,
        ]
        keys = [
            "size", "ours_nochange_s", "plain_nochange_s", "nochange_ratio", "ours_edit_s", "plain_edit_s",
            "edit_ratio", "ours_rss_mib", "plain_rss_mib", "rss_ratio",
        ]  # fmt: skip
        for row in summary["edit_loop"]:
            lines.append("| " + " | ".join(_cell(row[key]) for key in keys) + " |")
        lines += [
            "",
            "| N | CPU (s): no-change ours | plain | ratio | edit ours | plain | ratio | full ours | plain | ratio |",
            "|" + "---|" * 10,
        ]
        keys = ["size"] + [
            f"{part}_{label}" if part == "ours_cpu" or part == "plain_cpu" else f"{label}_cpu_ratio"
            for label in ("nochange", "edit", "full")
            for part in ("ours_cpu", "plain_cpu", "ratio")
        ]
        for row in summary["edit_loop"]:
            lines.append("| " + " | ".join(_cell(row[key]) for key in keys) + " |")
    if summary["targets"]:
        lines += ["", "| target | measured | met |", "|---|---|---|"]
        for check in summary["targets"]:
            lines.append(f"| {check['target']} | {check['value']} | {'yes' if check['met'] else 'no'} |")
    return "\n".join(lines)


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def _commit() -> str:
    """The repository's commit being measured ("" outside a git checkout), with "+dirty" for local changes."""
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, check=True)
        status = subprocess.run(["git", "status", "--porcelain"], cwd=here, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return ""
    return commit.stdout.strip() + ("+dirty" if status.stdout.strip() else "")


def machine(seed: int) -> dict[str, Any]:
    """What a result file records about where and when it was measured."""
    import sphinx

    return {
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seed": seed,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_ints, default=[500, 2000, 10000], help="corpus sizes (default 500,2000,10000)")
    parser.add_argument("--jobs", type=_ints, default=[1, 2], help="sphinx-build -j values (default 1,2)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qt-bench"), help="work folder")
    parser.add_argument(
        "--variants",
        default="ours,plain",
        help="comma-separated: ours, ours-fixed, plain, plain-index (default ours,plain)",
    )
    parser.add_argument("--no-incremental", action="store_true", help="skip the no-change and edit rebuilds")
    parser.add_argument("--rebuilds", type=int, default=3, help="times each rebuild is repeated (default 3)")
    parser.add_argument("--theme", default="basic", help="html_theme of every variant (default basic)")
    parser.add_argument(
        "--search",
        choices=("auto", "pagefind", "sphinx"),
        default="auto",
        help="quicktakes_search of the ours variants (default auto: Pagefind under the quicktakes theme)",
    )
    parser.add_argument("--json", type=Path, help="write the raw numbers to this file")
    parser.add_argument("--append", action="store_true", help="keep the builds already in the --json file")
    parser.add_argument("--report", type=Path, help="print the tables of an earlier --json file; build nothing")
    args = parser.parse_args(argv)
    variants = [v for v in args.variants.split(",") if v]
    if args.report:
        report = [Build(**item) for item in json.loads(args.report.read_text(encoding="utf-8"))["builds"]]
        print(report_text(report))
        return

    environment = machine(args.seed)
    environment.update(theme=args.theme, search=args.search, rebuilds=args.rebuilds, commit=_commit())
    print(f"# sphinx-quicktakes build benchmark ({environment['started']})")
    builds: list[Build] = []
    if args.append and args.json and args.json.exists():
        builds = [Build(**item) for item in json.loads(args.json.read_text(encoding="utf-8"))["builds"]]
    for size in args.sizes:
        print(f"N = {size}", flush=True)
        builds += bench_size(
            size,
            args.jobs,
            args.seed,
            args.workdir,
            variants,
            not args.no_incremental,
            rebuilds=max(1, args.rebuilds),
            theme=args.theme,
            search=args.search,
        )
        if args.json:  # after every size, so a long run that is stopped keeps what it measured
            summaries = {name: summarize(builds, name) for name in _ours_variants(builds)}
            payload = {"environment": environment, "builds": [asdict(b) for b in builds], "summaries": summaries}
            args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print()
    print(report_text(builds))


def _ours_variants(builds: list[Build]) -> list[str]:
    return sorted({b.variant for b in builds if b.variant.startswith("ours")})


def report_text(builds: list[Build]) -> str:
    parts = []
    for name in _ours_variants(builds):
        summary = summarize(builds, name)
        parts += [f"## {name} against plain", "", markdown(summary), ""]
        if "edit_loop_vs_plain_index" in summary:
            parts += [f"## {name} against plain-index (the plain pages with the articles' index entries)", ""]
            parts += [_edit_loop_table(summary["edit_loop_vs_plain_index"]), ""]
    return "\n".join(parts)


def _edit_loop_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| N | wall (s): no-change ours | baseline | ratio | edit ours | baseline | ratio | full peak RSS ratio "
        "| CPU ratio: no-change | edit | full |",
        "|" + "---|" * 11,
    ]
    keys = [
        "size", "ours_nochange_s", "plain_nochange_s", "nochange_ratio", "ours_edit_s", "plain_edit_s",
        "edit_ratio", "rss_ratio", "nochange_cpu_ratio", "edit_cpu_ratio", "full_cpu_ratio",
    ]  # fmt: skip
    for row in rows:
        lines.append("| " + " | ".join(_cell(row[key]) for key in keys) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
