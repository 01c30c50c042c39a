"""Search benchmark: Pagefind (``quicktakes_search = "pagefind"``) against Sphinx's search on the same site.

A benchmark to run by hand, not a test.  For each size N it writes a synthetic corpus
(``benchmarks/corpus.py``) and one project per search, both the ``ours`` project of ``run.py``
(one generated page per article, plus the subject, keyword, date and paper pages) under the
``quicktakes`` theme, differing only in ``quicktakes_search``.  Each is built from scratch in a fresh
process (``run.run_sphinx``), then served on 127.0.0.1 and opened in Chromium (Playwright) at
``search.html?q=<word>``, a word of one article's keywords that occurs in several articles.

Measured, per size and search:

- **build**: wall time of the whole build; for Pagefind also the **indexing** time, timed by running
  the extension's own indexing step (``publishing/search.py: _index``) again over the built pages,
  and its share of the build;
- **fetched**: bytes of every response the browser received from opening the search page until the
  first result is shown (HTML, CSS, scripts and index, as served, uncompressed for Sphinx; Pagefind's
  chunks are gzip files as written), and of those, the search's own bytes (``pagefind/`` files;
  ``searchindex.js``, ``searchtools.js`` and ``language_data.js``);
- **first results**: milliseconds from the start of navigation until the first result is in the page,
  the fastest of ``--repeat`` cold loads (a new browser context each, so nothing is cached);
- the size of Sphinx's ``searchindex.js`` for the same site.

Usage::

    .venv/bin/python benchmarks/search.py --sizes 2000 --workdir /tmp/qt-search-bench
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus  # noqa: E402
import run  # noqa: E402

from tests.browser_support import launch, serve  # noqa: E402

SEARCH_FILES = ("searchindex.js", "searchtools.js", "language_data.js", "/pagefind/")
SELECTOR = {"pagefind": ".qt-search-page .qt-search-result", "sphinx": "#search-results li"}


def write_project(root: Path, search: str) -> Path:
    project = root / search
    project.mkdir(parents=True, exist_ok=True)
    conf = run.OURS_CONF.replace('html_theme = "basic"', 'html_theme = "quicktakes"')
    (project / "conf.py").write_text(conf + f'quicktakes_search = "{search}"\n', encoding="utf-8")
    (project / "index.rst").write_text(run.OURS_INDEX, encoding="utf-8")
    return project


def indexing_seconds(outdir: Path) -> tuple[float, int]:
    """The extension's indexing step again over the built site's indexed pages (those it marked)."""
    from sphinx_quicktakes.publishing.search import _index

    site = outdir.parent / "reindex-site"
    shutil.rmtree(site, ignore_errors=True)
    for path in sorted(outdir.rglob("*.html")):
        if "/_static/" not in path.as_posix() and "data-pagefind-body" in path.read_text(encoding="utf-8"):
            target = site / path.relative_to(outdir)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
    start = time.perf_counter()
    pages = asyncio.run(_index(site, outdir.parent / "reindex"))
    return time.perf_counter() - start, pages


def first_results(browser: Any, url: str, search: str) -> tuple[float, int, int]:
    """(milliseconds to the first result, bytes fetched, of which the search's own) for one cold load."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: list[tuple[str, int]] = []

    def record(response: Any) -> None:
        try:
            sizes.append((response.url, len(response.body())))
        except Exception:  # a response without a body (a redirect)
            sizes.append((response.url, 0))

    page.on("response", record)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(SELECTOR[search], timeout=120_000)
    elapsed = (time.perf_counter() - start) * 1000
    page.wait_for_timeout(50)  # responses already received are recorded
    context.close()
    total = sum(size for _, size in sizes)
    own = sum(size for address, size in sizes if any(name in address for name in SEARCH_FILES))
    return elapsed, total, own


def bench(size: int, workdir: Path, seed: int, jobs: int, repeat: int) -> dict[str, Any]:
    root = workdir / f"n{size}"
    generated = corpus.generate(root / "corpus", size, seed)
    middle = generated.articles[sorted(generated.articles)[len(generated.articles) // 2]]
    word = middle.keywords[0].split()[0]
    result: dict[str, Any] = {"size": size, "query": word}
    for search in ("sphinx", "pagefind"):
        project = write_project(root, search)
        seconds, cpu, _rss, code, warnings = run.run_sphinx(project, jobs, fresh=True, log=root / f"{search}.log")
        assert code == 0, (root / f"{search}.log").read_text(encoding="utf-8")
        out = project / "_build" / "html"
        row: dict[str, Any] = {"build_s": round(seconds, 1), "cpu_s": round(cpu, 1), "warnings": warnings}
        if search == "sphinx":
            row["searchindex_bytes"] = (out / "searchindex.js").stat().st_size
        else:
            assert not (out / "searchindex.js").exists()
            index_s, pages = indexing_seconds(out)
            row.update(indexing_s=round(index_s, 2), indexed_pages=pages, indexing_share=round(index_s / seconds, 3))
            row["pagefind_folder_bytes"] = sum(p.stat().st_size for p in (out / "pagefind").rglob("*") if p.is_file())
        with serve(out) as url, launch() as browser:
            loads = [first_results(browser, f"{url}search.html?q={word}", search) for _ in range(repeat)]
        best = min(loads)
        row.update(first_results_ms=round(best[0]), fetched_bytes=best[1], search_bytes=best[2])
        row["loads"] = [[round(a), b, c] for a, b, c in loads]
        result[search] = row
    sphinx, pagefind = result["sphinx"], result["pagefind"]
    result["fetched_ratio"] = round(pagefind["fetched_bytes"] / sphinx["fetched_bytes"], 3)
    result["first_results_speedup"] = round(sphinx["first_results_ms"] / pagefind["first_results_ms"], 2)
    result["build_ratio"] = round(pagefind["build_s"] / sphinx["build_s"], 3)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=[2000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qt-search-bench"))
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    results = [bench(size, args.workdir, args.seed, args.jobs, args.repeat) for size in args.sizes]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
