"""Search benchmark: Pagefind (``quicktakes_search = "pagefind"``) against Sphinx's search on the same site.

A benchmark to run by hand, not a test.  For each size N it writes a synthetic corpus
(``benchmarks/corpus.py``) and one project per search, both the ``ours`` project of ``run.py``
(one generated page per article, plus the subject, keyword, date and paper pages) under the
``quicktakes`` theme, differing only in ``quicktakes_search``.  Each is built from scratch in a fresh
process (``run.run_sphinx``), then served on 127.0.0.1 and opened in Chromium (Playwright) at
``search.html?q=<word>``, a word of one article's keywords that occurs in several articles.

Measured, per size and search:

- **build**: wall time of the whole build; for Pagefind also the **indexing** time, timed by running
  the extension's own indexing step (``publishing/search.py: _index``, then
  ``search_bundle.canonicalize``) again over the built pages, and its share of the build;
- **fetched**: bytes of every response the browser had received, on the wire, when the first result
  was shown (HTML, CSS, scripts and index), and of those, the search's own bytes (``pagefind/``
  files; ``searchindex.js``, ``searchtools.js`` and ``language_data.js``), with the site served two
  ways: its files as they are (``identity``; Pagefind's chunks are gzip files as written), and
  with text files gzip-compressed (``gzip``, level 6), as GitHub Pages, Read the Docs and
  Netlify send them (the page's own Resource Timing entries, ``encodedBodySize``);
- **first results**: milliseconds from the start of navigation until the first result is in the page
  (noted in the page by a ``MutationObserver``, on the browser's clock),
  the fastest of ``--repeat`` cold loads (a new browser context each, so nothing is cached);
- the size of Sphinx's ``searchindex.js`` for the same site.

The first-results time is measured over loopback (no transfer time at all) and under each
``--networks`` profile, Chrome DevTools' throttling presets applied through the DevTools protocol
(``Network.emulateNetworkConditions``): what a phone sees, where Sphinx's one large index costs
its download time.

Each search's figures are kept in ``<workdir>/n<N>/<search>.json``; ``--searches`` builds and
measures only some of them (the others' figures are read from there), ``--build-only`` builds
without measuring and ``--measure-only`` measures the sites already built, so that a long run can
be done in parts (the two builds at the same time, then the measurements one after the other).

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
SEARCHES = ("sphinx", "pagefind")
#: Notes when an element matching the selector first appears, in ms since the navigation began.
FIRST_RESULT = """
new MutationObserver(function (changes, observer) {
  if (document.querySelector(%s)) {
    window.qtFirstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""
#: The first result's time, and the page and each response that had come by then with its size on the wire.
FETCHED = """() => {
  const shown = window.qtFirstResult;
  const page = performance.getEntriesByType("navigation")[0];
  const came = performance.getEntriesByType("resource").filter((entry) => entry.responseEnd <= shown);
  return [shown, [[page.name, page.encodedBodySize], ...came.map((entry) => [entry.name, entry.encodedBodySize])]];
}"""
#: The files as they are, and text files gzip-compressed as static hosts send them.
SERVINGS = ("identity", "gzip")
#: Chrome DevTools' presets (front_end/core/sdk/NetworkManager.ts): latency in ms, throughput in bytes/s.
NETWORKS: dict[str, dict[str, float] | None] = {
    "loopback": None,
    "fast-4g": {
        "latency": 60 * 2.75,
        "downloadThroughput": 9 * 1000 * 1000 / 8 * 0.9,
        "uploadThroughput": 1.5 * 1000 * 1000 / 8 * 0.9,
    },
    "slow-4g": {
        "latency": 150 * 3.75,
        "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
        "uploadThroughput": 750 * 1000 / 8 * 0.9,
    },
}


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
    from sphinx_quicktakes.publishing.search_bundle import canonicalize

    site = outdir.parent / "reindex-site"
    shutil.rmtree(site, ignore_errors=True)
    for path in sorted(outdir.rglob("*.html")):
        if "/_static/" not in path.as_posix() and "data-pagefind-body" in path.read_text(encoding="utf-8"):
            target = site / path.relative_to(outdir)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
    start = time.perf_counter()
    pages, bundle = asyncio.run(_index(site))
    canonicalize(bundle)
    return time.perf_counter() - start, pages


def first_results(browser: Any, url: str, search: str, network: str = "loopback") -> tuple[float, int, int]:
    """(milliseconds to the first result, bytes fetched before it, of which the search's own) for one
    cold load.  A response counts if it had all come when the first result was shown, at its size on
    the wire (its encoded body: compressed if the server compressed it), both read from the page's
    own Resource Timing entries, on the page's clock."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    conditions = NETWORKS[network]
    if conditions is not None:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", {"offline": False, **conditions})
    # The moment the first result is put in the page (polling for it from here would see it up to
    # 100 ms later, and count what came meanwhile).
    page.add_init_script(FIRST_RESULT % json.dumps(SELECTOR[search]))
    page.goto(url, wait_until="commit", timeout=600_000)  # not "load": Sphinx's page loads its index first
    page.wait_for_selector(SELECTOR[search], timeout=600_000)
    elapsed, sizes = page.evaluate(FETCHED)
    context.close()
    total = sum(size for _, size in sizes)
    own = sum(size for address, size in sizes if any(name in address for name in SEARCH_FILES))
    return elapsed, total, own


def build(root: Path, search: str, jobs: int) -> dict[str, Any]:
    """Build one search's site from scratch; its build figures."""
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
    return row


def measure(out: Path, search: str, word: str, repeat: int, networks: list[str]) -> dict[str, Any]:
    """First results of the query on the built site, served as they are and gzip-compressed (as static
    hosts serve text files), over each network; the fastest of *repeat* loads."""
    row: dict[str, Any] = {}
    for serving in SERVINGS:
        with serve(out, compress=serving == "gzip") as url, launch() as browser:
            for network in networks:
                loads = [first_results(browser, f"{url}search.html?q={word}", search, network) for _ in range(repeat)]
                best = min(loads)
                row[f"{serving}/{network}"] = {
                    "first_results_ms": round(best[0]),
                    "fetched_bytes": best[1],
                    "search_bytes": best[2],
                    "loads": [[round(a), b, c] for a, b, c in loads],
                }
    return row


def bench(size: int, workdir: Path, seed: int, jobs: int, repeat: int, **options: Any) -> dict[str, Any]:
    root = workdir / f"n{size}"
    marker = root / "corpus" / f".complete-{size}-{seed}"  # written once: builds at the same time share it
    if marker.is_file():
        articles = {article.id: article for article in corpus.plan(size, seed)}
    else:
        articles = corpus.generate(root / "corpus", size, seed).articles
        marker.write_text("", encoding="utf-8")
    middle = articles[sorted(articles)[len(articles) // 2]]
    word = middle.keywords[0].split()[0]
    result: dict[str, Any] = {"size": size, "query": word}
    networks = options.get("networks", ["loopback"])
    for search in SEARCHES:
        saved = root / f"{search}.json"
        if search in options.get("searches", SEARCHES):
            if not options.get("measure_only"):
                saved.write_text(json.dumps(build(root, search, jobs), indent=1), encoding="utf-8")
            if not options.get("build_only"):
                row = json.loads(saved.read_text(encoding="utf-8"))
                row.update(measure(root / search / "_build" / "html", search, word, repeat, networks))
                saved.write_text(json.dumps(row, indent=1), encoding="utf-8")
        if saved.is_file():
            result[search] = json.loads(saved.read_text(encoding="utf-8"))
    if options.get("build_only") or any(f"identity/{networks[0]}" not in result.get(search, {}) for search in SEARCHES):
        return result
    sphinx, pagefind = result["sphinx"], result["pagefind"]
    for key in (f"{serving}/{network}" for serving in SERVINGS for network in networks):
        if key in sphinx and key in pagefind:
            result[key] = {
                "first_results_speedup": round(sphinx[key]["first_results_ms"] / pagefind[key]["first_results_ms"], 2),
            }
            if "fetched_bytes" in sphinx[key]:
                result[key]["fetched_ratio"] = round(pagefind[key]["fetched_bytes"] / sphinx[key]["fetched_bytes"], 3)
    result["build_ratio"] = round(pagefind["build_s"] / sphinx["build_s"], 3)
    result["build_cpu_ratio"] = round(pagefind["cpu_s"] / sphinx["cpu_s"], 3)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda text: [int(n) for n in text.split(",")], default=[2000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qt-search-bench"))
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--searches", type=lambda text: text.split(","), default=list(SEARCHES))
    parser.add_argument("--networks", type=lambda text: text.split(","), default=list(NETWORKS))
    parser.add_argument("--measure-only", action="store_true", help="measure the sites already built")
    parser.add_argument("--build-only", action="store_true", help="build the sites, measure nothing")
    args = parser.parse_args(argv)
    options = {
        "searches": args.searches,
        "networks": args.networks,
        "measure_only": args.measure_only,
        "build_only": args.build_only,
    }
    results = [bench(size, args.workdir, args.seed, args.jobs, args.repeat, **options) for size in args.sizes]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
