"""How large the generated index pages get: the largest page's HTML, for a library of N articles.

A benchmark to run by hand, not a test.  Building every page of a library of
120,000 articles takes hours, and the size of an index page does not depend
on the article pages, so this builds only the index pages (Sphinx's
``include_patterns``): page 1 of every subject, of the keyword index or of
every keyword letter, and of the dates, and pages 2 and 3 of each (a full
page; the last page of an index is the only one that can be shorter).  With
the article pages left out, list entries link to ``quicktakes_external_base``
(``https://quicktakes.io/learn/<subject>/questions/<question slug>``), which is
longer than the link to a generated page (``../../118100.html#qt-118100``):
the sizes measured are an upper bound of the real ones.  Sphinx warns for each
toctree entry it leaves out; those warnings are expected.

Usage::

    python benchmarks/index_pages.py --count 120000 --workdir /tmp/qt-index [--page-size 500]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpus_module  # the sibling module

CONF = """\
project = "index pages"
extensions = ["sphinx_quicktakes"]
quicktakes_sources = ["../corpus"]
quicktakes_pages = "questions"
quicktakes_page_size = {page_size}
quicktakes_external_base = "https://quicktakes.io"
html_theme = "{theme}"
include_patterns = [
    "index.rst",
    "questions/index.rst",
    "questions/subjects/*.rst",
    "questions/subjects/*/[23].rst",
    "questions/keywords/*.rst",
    "questions/keywords/*/[23].rst",
    "questions/dates.rst",
    "questions/dates/[23].rst",
]
"""
INDEX = "Home\n====\n\n.. toctree::\n\n   questions/index\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--theme", default="quicktakes")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qt-index"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    corpus = args.workdir / "corpus"
    if not (corpus / ".complete").exists():
        corpus_module.generate(corpus, args.count, args.seed)
        (corpus / ".complete").write_text(f"{args.count} {args.seed}\n", encoding="utf-8")
    docs = args.workdir / f"docs-{args.page_size}"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "conf.py").write_text(CONF.format(page_size=args.page_size, theme=args.theme), encoding="utf-8")
    (docs / "index.rst").write_text(INDEX, encoding="utf-8")
    out = args.workdir / f"html-{args.page_size}"
    started = time.perf_counter()
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(docs), str(out)], capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if build.returncode != 0:
        raise SystemExit(build.stderr[-2000:])
    questions = docs / "questions"
    generated = {
        "subject pages": len(list((questions / "subjects").rglob("*.rst"))),
        "keyword pages": len(list((questions / "keywords").rglob("*.rst"))),
        "date pages": 1 + len(list((questions / "dates").glob("*.rst"))) if (questions / "dates").is_dir() else 1,
    }
    sizes = sorted(
        ((path.stat().st_size, path.relative_to(out).as_posix()) for path in (out / "questions").rglob("*.html")),
        reverse=True,
    )
    entries = {}
    for _size, name in sizes[:5]:
        entries[name] = (out / name).read_text(encoding="utf-8").count('<li><p><a class="qt-link-external')
    result = {
        "count": args.count,
        "page_size": args.page_size,
        "theme": args.theme,
        "generated": generated,
        "pages_built": len(sizes),
        "largest": [{"page": name, "bytes": size, "entries": entries[name]} for size, name in sizes[:5]],
        "build_wall_s": round(wall, 1),
        "build_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "build_peak_rss_mib": round(usage.ru_maxrss / 1024),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
