"""Micro-benchmark: what formatting a paper card's reference costs, per paper and per build.

A benchmark to run by hand, not a test.  It writes the synthetic corpus of
``benchmarks/corpus.py`` (``--size`` articles, one paper per 20 articles, the
papers like seed 004: no authors, no year), reads the papers with the
library, and for each style of ``--styles``:

Times are CPU time of this process (``time.process_time``), since the
machine this runs on is often shared.

* ``load``: :func:`~sphinx_quicktakes.library.csl.find_style` in a fresh
  process state (the style file read, citeproc-py's element tree built, one
  probe reference formatted): what a build pays once per style and process;
* ``format``: :func:`~sphinx_quicktakes.library.csl.format_reference` for every
  paper, the result cache emptied first, so each paper is formatted as in a
  clean build; mean and median per paper, and the total;
* ``card``: the rest of the card, :func:`~sphinx_quicktakes.render.paper_card.build_paper_card`
  with the formatted reference given (docutils nodes only), as the scale the
  formatting cost is read against;
* the same papers with six authors and a year (``--authors``), since names
  are most of citeproc-py's work.

With ``--baseline REV`` the hand-written Vancouver and APA formatter of git
revision REV (``sphinx_quicktakes/library/citation.py`` before it was
replaced) formats the same papers, for comparison.  With ``--all-styles`` it
formats two references in every style of the repository and reports those
citeproc-py cannot format.

Usage::

    python benchmarks/citations.py --size 10000
    python benchmarks/citations.py --size 10000 --baseline 3710d2c
    python benchmarks/citations.py --all-styles
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

from sphinx_quicktakes.library import csl as csl_module  # noqa: E402
from sphinx_quicktakes.library import load_file  # noqa: E402
from sphinx_quicktakes.library.citation import Citation  # noqa: E402
from sphinx_quicktakes.library.csl import Style, find_style, format_reference, plain_text, style_names  # noqa: E402
from sphinx_quicktakes.library.model import Paper  # noqa: E402

SIX_AUTHORS = ("Halpern SD", "Ubel PA", "Caplan AL", "Rose ME", "Huerbin MB", "Melick J")


def papers(size: int, seed: int) -> list[Citation]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        written = corpus.generate(out, size, seed)
        citations = []
        for name in written.papers:
            item, problems = load_file(out / name)
            assert isinstance(item, Paper) and not problems, (name, problems)
            citations.append(Citation.from_paper(item))
    return citations


def timed(function: Callable[[Citation], object], items: list[Citation]) -> list[float]:
    """CPU seconds of *function* for each item: steadier than wall time on a shared machine."""
    times = []
    for item in items:
        start = time.process_time()
        function(item)
        times.append(time.process_time() - start)
    return times


def report(label: str, times: list[float]) -> None:
    mean, median = statistics.fmean(times) * 1000, statistics.median(times) * 1000
    print(f"  {label:<28} CPU mean {mean:7.3f} ms  median {median:7.3f} ms  total {sum(times):6.2f} s")


def bench_styles(citations: list[Citation], styles: list[str]) -> None:
    from sphinx_quicktakes.render.paper_card import build_paper_card

    with_authors = [dataclasses.replace(c, authors=SIX_AUTHORS, year="2023") for c in citations]
    for name in styles:
        csl_module._load.cache_clear()
        start = time.process_time()
        style = find_style(name, HERE)
        load = time.process_time() - start
        print(f"{name} ({style.title}): load {load * 1000:.1f} ms")
        csl_module._format.cache_clear()
        report("format, as in the corpus", timed(lambda c, s=style: format_reference(c, s), citations))
        csl_module._format.cache_clear()
        report("format, six authors + year", timed(lambda c, s=style: format_reference(c, s), with_authors))
        references = {c: format_reference(c, style) for c in citations}
        card = functools.partial(_card, build_paper_card, style, references)
        report("rest of the card (docutils)", timed(card, citations))
        print(f"  e.g. {plain_text(references[citations[0]])}")


def _card(build: Callable[..., object], style: Style, references: dict[Citation, Any], citation: Citation) -> object:
    return build(citation, anchor="a", link_doi=True, references=[(style, references[citation])])


def bench_baseline(citations: list[Citation], revision: str) -> None:
    """The hand-written formatter of *revision*, loaded from git as a module of the package."""
    source = subprocess.run(
        ["git", "show", f"{revision}:sphinx_quicktakes/library/citation.py"],
        cwd=HERE.parent,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader("sphinx_quicktakes.library._baseline_citation", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "sphinx_quicktakes.library"
    sys.modules[spec.name] = module  # dataclasses look their module up
    exec(compile(source, f"{revision}:citation.py", "exec"), module.__dict__)
    with_authors = [dataclasses.replace(c, authors=SIX_AUTHORS, year="2023") for c in citations]
    for style in ("vancouver", "apa"):
        print(f"hand-written {style} ({revision})")
        old = [module.Citation(**dataclasses.asdict(c)) for c in citations]
        old_authors = [module.Citation(**dataclasses.asdict(c)) for c in with_authors]
        report("format, as in the corpus", timed(lambda c, s=style: module.reference_segments(c, s), old))
        report("format, six authors + year", timed(lambda c, s=style: module.reference_segments(c, s), old_authors))


def sweep() -> None:
    """Every style of the repository, by name: which ones citeproc-py cannot format."""
    sample = [
        Citation(
            "Solid-organ transplantation in HIV-infected patients",
            authors=SIX_AUTHORS[:3],
            journal="N Engl J Med",
            year="2002",
            volume="347",
            issue="4",
            pages="284-287",
        ),
        Citation(
            "Imaging of the hepatic arterial infusion pump: Primer for radiologists",
            journal="CLINICAL IMAGING",
            volume="105",
            doi="10.1016/j.clinimag.2023.110022",
        ),
    ]
    names = sorted(style_names())
    start = time.perf_counter()
    refused: list[tuple[str, str]] = []
    for name in names:
        try:
            style = find_style(name, HERE)
            for citation in sample:
                assert plain_text(format_reference(citation, style))
        except csl_module.StyleError as error:
            refused.append((name, str(error)))
    print(f"{len(names)} styles in {time.perf_counter() - start:.0f} s; {len(refused)} refused:")
    for name, message in refused:
        print(f"  {name}: {message[:160]}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="articles in the corpus (papers: size / 20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--styles", default="vancouver,american-medical-association,apa")
    parser.add_argument("--baseline", metavar="REV", help="also time the hand-written formatter of git revision REV")
    parser.add_argument("--all-styles", action="store_true", help="format in every style of the repository")
    args = parser.parse_args(argv)
    if args.all_styles:
        sweep()
        return
    citations = papers(args.size, args.seed)
    print(f"{args.size} articles, {len(citations)} papers; Python {sys.version.split()[0]}")
    bench_styles(citations, [name for name in args.styles.split(",") if name])
    if args.baseline:
        bench_baseline(citations, args.baseline)


if __name__ == "__main__":
    main()
