"""How long loading a library takes, per file, against plain PyYAML in the same run.

A benchmark to run by hand, not a test.  It writes a synthetic corpus of N
QuickTakes (``benchmarks/corpus.py``, plus its N/20 papers) once, then loads it
in a fresh process per loader, so that each one's peak RSS is its own:

* ``ours``: ``discover`` + ``build_library`` of ``sphinx_quicktakes.library``,
  what a build, the checker and a shard build do (front matter, repairs,
  problems and all);
* ``safe_load``: each file read and decoded, its front matter cut out and
  given to ``yaml.safe_load`` (PyYAML's pure-Python safe loader), nothing else:
  the plain baseline;
* ``csafe_load``: the same with ``yaml.load(..., Loader=yaml.CSafeLoader)``
  (libyaml), the fastest plain YAML there is.

For each it reports CPU time (user + system of the child: less sensitive than
wall time to other work on a shared machine) and wall time per file, peak RSS,
and the ratio of ours to each baseline.  The page cache is warmed by a first
read of every file, so all three read from memory.

Usage::

    python benchmarks/load.py --count 10000 --workdir /tmp/qt-load [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpus_module  # the sibling module

LOADERS = ("ours", "safe_load", "csafe_load")


def load(kind: str, folder: Path) -> int:
    """Load every file of *folder* the way *kind* says; the number of files read."""
    if kind == "ours":
        from sphinx_quicktakes.library.catalog import build_library, discover

        paths, roots, problems = discover([str(folder)], folder)
        library = build_library(paths, roots, problems)
        if len(library.quicktakes) == 0:
            raise SystemExit(f"nothing loaded from {folder}: {library.problems[:3]}")
        return len(paths)
    import yaml

    loader = yaml.SafeLoader if kind == "safe_load" else yaml.CSafeLoader
    count = 0
    kept = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
        count += 1
        if text.startswith("---\n"):
            block = text[4:].split("\n---\n", 1)[0]
            kept.append(yaml.load(block, Loader=loader))  # kept, as a library keeps its records
    return count


def child(kind: str, folder: Path) -> None:
    """Run in the measured process: load, then print the numbers as JSON."""
    wall = time.perf_counter()
    files = load(kind, folder)
    wall = time.perf_counter() - wall
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {"files": files, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024}
        )
    )


def measure(kind: str, folder: Path) -> dict[str, float]:
    """One fresh process loading *folder*: CPU of the load alone (the start-up's CPU subtracted)."""
    startup = "import resource, yaml, sphinx_quicktakes.library.catalog; u = resource.getrusage(resource.RUSAGE_SELF)"
    start = subprocess.run(
        [sys.executable, "-c", f"{startup}; print(u.ru_utime + u.ru_stime)"], check=True, capture_output=True, text=True
    )
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(folder)], check=True, capture_output=True, text=True
    )
    result = json.loads(output.stdout)
    result["cpu"] = max(result["cpu"] - float(start.stdout), 0.0)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10000, help="QuickTakes in the corpus (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qt-load"))
    parser.add_argument("--repeat", type=int, default=3, help="runs per loader; the fastest counts (default 3)")
    parser.add_argument("--loaders", default=",".join(LOADERS), help="comma-separated subset of " + ",".join(LOADERS))
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--child", nargs=2, metavar=("LOADER", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    folder = args.workdir / f"corpus-{args.count}-{args.seed}"
    if not (folder / ".complete").exists():
        corpus_module.generate(folder, args.count, args.seed)
        (folder / ".complete").write_text("done\n", encoding="utf-8")
    for path in folder.iterdir():  # warm the page cache: every loader reads from memory
        path.read_bytes()
    results: dict[str, dict[str, float]] = {}
    for kind in args.loaders.split(","):
        runs = [measure(kind, folder) for _ in range(args.repeat)]
        best = min(runs, key=lambda run: run["cpu"])
        best["wall"] = min(run["wall"] for run in runs)
        results[kind] = best
    print(f"{args.count} QuickTakes ({results[next(iter(results))]['files']:.0f} files), best of {args.repeat}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"{'loader':12} {'CPU ms/file':>12} {'wall ms/file':>13} {'CPU total s':>12} {'peak RSS MiB':>13}")
    for kind, result in results.items():
        files = result["files"]
        print(f"{kind:12} {result['cpu'] / files * 1e3:12.3f} {result['wall'] / files * 1e3:13.3f} "
              f"{result['cpu']:12.2f} {result['rss_mib']:13.0f}")  # fmt: skip
    if "ours" in results:
        for base in ("safe_load", "csafe_load"):
            if base in results:
                ratio = results["ours"]["cpu"] / max(results[base]["cpu"], 1e-9)
                print(f"ours / {base}: {ratio:.2f}x CPU time")
    if args.json:
        payload = {"count": args.count, "seed": args.seed, "python": platform.python_version(), "results": results}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
