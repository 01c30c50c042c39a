"""Sharded builds of a large generated library: what each build costs, and whether it fits a host.

A library of 120,000 articles is too large for one Sphinx build (issue 14). Split into shards
(``quicktakes_shards``), each build holds a part; this script measures, on a generated library
(``corpus.py``), every build of the split site, one after the other, each in its own process:

* **loading** the library alone (finding and parsing every file, what every build does first);
* **each shard** and **the hub**: wall time, CPU time and peak RSS, with the number of articles it
  holds (from the planner, ``python -m sphinx_quicktakes shards --json``);

and compares each build with Read the Docs' default limits (15 minutes, 7 GB). The shards take
equal ranges of ids (cut at the quantiles of the corpus's ids), the last one a catch-all.

``--side-by-side`` measures the other claim of sharding on one machine: a library built as two
shards and the hub, two builds at a time (``xargs -P 2``'s way), against one serial unsharded
build of the same library, in the same run.

The results are written to ``--json`` after every build, and ``--append`` keeps the builds already
there, so a long run can be resumed (a build already measured is not run again).

Usage::

    python benchmarks/shards.py --size 120000 --shards 8 --json benchmarks/results/shards-120k.json
    python benchmarks/shards.py --size 12000 --side-by-side --json benchmarks/results/shards-12k.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpus_module  # the sibling module (this folder is on sys.path when run as a script)
from run import machine  # the same machine record as the build benchmark

#: Read the Docs' default build limits (docs.readthedocs.com, "Build resources"): 15 minutes, 7 GB.
RTD_SECONDS = 15 * 60
RTD_MIB = 7 * 1000**3 / 1024**2
#: The loading target of issue 14: at most this many seconds per build to load the whole library.
LOAD_SECONDS = 60.0
#: Two shards side by side against one serial build: at most this share of its time.
SIDE_BY_SIDE_SHARE = 0.6

CONF = """\
project = "bench-shards"
extensions = ["sphinx_quicktakes"]
quicktakes_sources = ["../corpus"]
quicktakes_pages = "questions"
quicktakes_external_base = "https://quicktakes.io"
html_theme = "{theme}"
exclude_patterns = ["_build"]
quicktakes_shard_url = "{{shard}}/"
quicktakes_shards = {shards!r}
"""
INDEX = """\
Benchmark
=========

.. toctree::
   :maxdepth: 1

   questions/index
"""

LOAD_CHILD = """\
import sys
from pathlib import Path
from sphinx_quicktakes.library.catalog import build_library, discover
paths, roots, problems = discover([sys.argv[1]], Path.cwd())
library = build_library(paths, roots, problems)
print(len(library.quicktakes), len(library.papers))
"""


def measure(command: list[str], *, cwd: Path, log: Path) -> dict[str, Any]:
    """Run *command*: wall seconds, CPU seconds (with its children), peak RSS in MiB, exit status."""
    with log.open("w", encoding="utf-8") as stderr:
        load = os.getloadavg()[0]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=stderr, text=True)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        output = process.stdout.read() if process.stdout else ""
    warnings = sum("WARNING" in line for line in log.read_text(encoding="utf-8", errors="replace").splitlines())
    return {
        "warnings": warnings,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "returncode": os.waitstatus_to_exitcode(status),
        "load_before": round(load, 2),
        "stdout": output.strip()[-2000:],
    }


def shard_rules(ids: list[int], count: int) -> dict[str, dict[str, Any]]:
    """*count* shards of about equal size: ranges cut at the quantiles of *ids*, the last a catch-all."""
    ordered = sorted(ids)
    cuts = [ordered[len(ordered) * k // count] for k in range(1, count)]
    rules: dict[str, dict[str, Any]] = {}
    low = 0
    for number, cut in enumerate(cuts, 1):
        rules[f"part{number}"] = {"ids": [low, cut]}
        low = cut
    rules[f"part{count}"] = {}
    return rules


def prepare(root: Path, size: int, seed: int, shards: int, theme: str) -> tuple[Path, dict[str, Any]]:
    """The corpus (generated once per size and seed) and the project with its shards."""
    corpus = root / "corpus"
    marker = root / "corpus.done"
    if not marker.is_file() or marker.read_text() != f"{size} {seed}":
        start = time.perf_counter()
        corpus_module.generate(corpus, size, seed)
        marker.write_text(f"{size} {seed}")
        print(f"corpus of {size} articles written in {time.perf_counter() - start:.0f} s", flush=True)
    ids = [article.id for article in corpus_module.plan(size, seed)]
    project = root / "project"
    project.mkdir(parents=True, exist_ok=True)
    rules = shard_rules(ids, shards) if shards else {}
    conf = (
        CONF.format(theme=theme, shards=rules) if shards else CONF.split("quicktakes_shard_url")[0].format(theme=theme)
    )
    (project / "conf.py").write_text(conf, encoding="utf-8")
    (project / "index.rst").write_text(INDEX, encoding="utf-8")
    return project, rules


def plan_builds(project: Path) -> list[dict[str, Any]]:
    """The planner's builds (``--json``): shards first, the hub last."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_quicktakes", "shards", str(project), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def build_command(project: Path, root: Path, name: str, shard: str | None) -> list[str]:
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(root / "doctrees" / name)]
    if shard is not None:
        command += ["-D", f"quicktakes_shard={shard}"]
    return [*command, str(project), str(root / "site-builds" / name)]


def largest_page(outdir: Path) -> dict[str, Any]:
    """The largest HTML file a build wrote (issue 14: none may exceed 1 MB at 120,000 articles)."""
    sizes = [(path.stat().st_size, path) for path in outdir.rglob("*.html")]
    if not sizes:
        return {}
    size, path = max(sizes)
    return {"path": path.relative_to(outdir).as_posix(), "bytes": size}


def save(path: Path | None, record: dict[str, Any]) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def sharded(args: argparse.Namespace, record: dict[str, Any]) -> None:
    root = args.workdir / f"n{args.size}-s{args.shards}"
    project, _rules = prepare(root, args.size, args.seed, args.shards, args.theme)
    builds = record.setdefault("builds", {})
    if "load" not in builds:
        builds["load"] = measure([sys.executable, "-c", LOAD_CHILD, "../corpus"], cwd=project, log=root / "load.log")
        print(f"load: {builds['load']['seconds']} s, {builds['load']['peak_rss_mib']} MiB", flush=True)
        save(args.json, record)
    planned = plan_builds(project)
    record["plan"] = [{key: build[key] for key in ("name", "shard", "articles", "papers")} for build in planned]
    todo = [
        build
        for build in planned
        if not (build["name"] in builds and builds[build["name"]]["returncode"] == 0)  # measured before (--append)
        and (not args.only or build["name"] in args.only)
    ]

    def one(build: dict[str, Any]) -> None:
        name = build["name"]
        result = measure(build_command(project, root, name, build["shard"]), cwd=project, log=root / f"{name}.log")
        result["articles"] = build["articles"]
        result["at_once"] = args.at_once
        result["largest_page"] = largest_page(root / "site-builds" / name)
        builds[name] = result
        print(
            f"{name:8} {build['articles']:7} articles  {result['seconds']:8.1f} s  cpu {result['cpu_seconds']:8.1f} s"
            f"  {result['peak_rss_mib']:8.0f} MiB  exit {result['returncode']}",
            flush=True,
        )
        save(args.json, record)

    with ThreadPoolExecutor(max_workers=args.at_once) as pool:
        list(pool.map(one, todo))


def fresh(root: Path) -> None:
    """As a clean checkout would build: no doctrees, no outputs and no generated pages from a run before."""
    for folder in (root / "doctrees", root / "site-builds", root / "project" / "questions"):
        shutil.rmtree(folder, ignore_errors=True)


def side_by_side(args: argparse.Namespace, record: dict[str, Any]) -> None:
    """Two shards and the hub, two builds at a time, against one serial build without shards."""
    root = args.workdir / f"n{args.size}-side"
    runs = record.setdefault("side_by_side", {})
    one, _ = prepare(root / "one", args.size, args.seed, 0, args.theme)
    if "serial" not in runs:
        fresh(root / "one")
        runs["serial"] = measure(build_command(one, root / "one", "all", None), cwd=one, log=root / "serial.log")
        save(args.json, record)
    split, _ = prepare(root / "split", args.size, args.seed, 2, args.theme)
    if "two_at_a_time" not in runs:
        planned = plan_builds(split)
        fresh(root / "split")
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(
                pool.map(
                    lambda build: measure(
                        build_command(split, root / "split", build["name"], build["shard"]),
                        cwd=split,
                        log=root / f"split-{build['name']}.log",
                    ),
                    planned,
                )
            )
        runs["two_at_a_time"] = {
            "seconds": round(time.perf_counter() - start, 2),
            "builds": {build["name"]: result for build, result in zip(planned, results, strict=True)},
        }
        save(args.json, record)
    runs["share"] = round(runs["two_at_a_time"]["seconds"] / runs["serial"]["seconds"], 3)
    save(args.json, record)


def report(record: dict[str, Any]) -> None:
    builds = record.get("builds", {})
    if builds:
        print(f"\n{record['size']:,} articles in {record['shards']} shards and the hub\n")
        print(
            "| build | articles | wall, s | CPU, s | peak RSS, MiB | largest page, KB | within RTD's 15 min and 7 GB |"
        )
        print("|---|---|---|---|---|---|---|")
        for name, result in builds.items():
            articles = f"{result['articles']:,}" if "articles" in result else "(whole library)"
            # With builds side by side, wall times share the machine: a build alone takes about its CPU time.
            alone = result["cpu_seconds"] if result.get("at_once", 1) > 1 else result["seconds"]
            fits = alone <= RTD_SECONDS and result["peak_rss_mib"] <= RTD_MIB
            target = result["seconds"] <= LOAD_SECONDS if name == "load" else fits
            largest = result.get("largest_page", {}).get("bytes")
            ok = target and result["returncode"] == 0 and not result.get("warnings")
            print(
                f"| {name} | {articles} | {result['seconds']:.1f} | {result['cpu_seconds']:.1f} |"
                f" {result['peak_rss_mib']:,.0f} | {f'{largest / 1000:,.0f}' if largest else '–'} |"
                f" {'yes' if ok else 'no'} |"
            )
    runs = record.get("side_by_side")
    if runs and "share" in runs:
        print(
            f"\n{record['size']:,} articles: one serial build {runs['serial']['seconds']:.1f} s; two shards and the"
            f" hub, two at a time, {runs['two_at_a_time']['seconds']:.1f} s: {runs['share']:.2f}x"
            f" (target <= {SIDE_BY_SIDE_SHARE})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=120_000, help="articles in the generated library")
    parser.add_argument("--shards", type=int, default=8, help="number of shards (besides the hub)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--theme", default="basic")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qt-shards-bench"))
    parser.add_argument("--side-by-side", action="store_true", help="two shards at once against one serial build")
    parser.add_argument(
        "--at-once", type=int, default=1, help="builds run at the same time (wall times then share the machine)"
    )
    parser.add_argument("--only", type=lambda text: set(text.split(",")), help="build only these (names)")
    parser.add_argument("--json", type=Path, help="write the results here (after every build)")
    parser.add_argument("--append", action="store_true", help="keep (and skip) the builds already in --json")
    args = parser.parse_args(argv)
    record: dict[str, Any] = {}
    if args.append and args.json and args.json.is_file():
        record = json.loads(args.json.read_text(encoding="utf-8"))
    record.update(size=args.size, shards=args.shards, seed=args.seed, theme=args.theme)
    record.setdefault("started", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    record["machine"] = machine(args.seed)
    if args.side_by_side:
        side_by_side(args, record)
    else:
        sharded(args, record)
    report(record)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
