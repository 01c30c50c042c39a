"""Build-time benchmark: the same sphinx-quicktakes project under different HTML themes.

This is a benchmark to run by hand, not a test.  It answers one question: how
much of the build time is the theme's?  Themes that render the whole site
navigation into every page (``furo``, ``alabaster``'s sidebar toctree, the
"Read the Docs" and PyData themes) do work proportional to the number of pages
*on* every page, so their build grows with the square of the page count;
``basic`` does not.  The project's own ``quicktakes`` theme is meant to scale
like ``basic``.

For each corpus size N (a synthetic corpus from ``benchmarks/corpus.py``, the
same seed for every size, shared by all themes in ``<workdir>/n<N>/corpus``)
and each theme of ``--themes``, it writes one project,
``<workdir>/n<N>/theme-<name>/``: the ``ours`` project of ``benchmarks/run.py``
(``sphinx_quicktakes`` generating one page per article plus the subject,
keyword, date and paper pages; :data:`run.OURS_CONF` and
:data:`run.OURS_INDEX`) with only its ``html_theme`` line changed, so every
theme renders the same content.  Each project is built with
``run.run_sphinx``: ``python -m sphinx -q -b html -j J`` in a fresh child
process, from an empty ``_build`` and without the generated ``questions/``
folder, so page generation is part of the time.  With ``--repeat R`` each
(size, theme) cell is built R times, the themes interleaved so that a change
of load on the machine hits all of them alike; the fastest run is the one
compared, all are reported.

Measurements, per size and theme: wall time, CPU time (user + system of the
child and its workers), peak RSS (all three as in ``run.py``), the warnings in
the log, and the number of HTML pages written (``*.html`` under the output,
without ``_static``), which must be the same for every theme of a size.

Derived figures: wall and CPU time relative to ``basic``, milliseconds per
page, and, when two or more sizes are given, each theme's scaling
``time(N_max)/time(N_min)`` divided by ``N_max/N_min``: about 1 is linear
(below 1 when fixed start-up costs still dominate), clearly above 1 is
superlinear.

Target: the ``quicktakes`` theme within 1.3x of ``basic`` (wall time).  The
furo/basic ratio is printed next to it for scale.

Themes that are not installed (not a Sphinx built-in theme, no
``sphinx.html_themes`` entry point, or one that does not import; for
``quicktakes``, no ``theme.toml``/``theme.conf`` under
``sphinx_quicktakes/theme/``) are reported as skipped, as is a theme that the
build itself does not find.

Mind the cost before running the default size: at 2,000 articles ``basic``
takes a few minutes on 2 vCPUs, but ``furo`` and ``alabaster`` take tens of
minutes *each*, and they grow with N squared; try ``--sizes 200`` first.

Usage::

    .venv/bin/python benchmarks/themes.py                    # N = 2000; basic,quicktakes,alabaster,furo
    .venv/bin/python benchmarks/themes.py --sizes 200,1000 --themes basic,quicktakes,furo --json themes.json
    .venv/bin/python benchmarks/themes.py --sizes 500 --themes basic,quicktakes --repeat 3
    .venv/bin/python benchmarks/themes.py --themes basic,sphinx_rtd_theme,pydata_sphinx_theme --sizes 200
    .venv/bin/python benchmarks/themes.py --report themes.json   # the tables again, no build

The work folder (``--workdir``, default ``/tmp/qt-bench-themes``) keeps the
corpora, projects and build logs; a corpus is reused when it exists for the
same size and seed.  Results are printed as Markdown tables; ``--json FILE``
writes the raw numbers and the machine's details (rewritten after every build,
so a long run that is stopped keeps what it measured).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus as corpus_module  # the sibling modules (this folder is on sys.path)
import run as run_module

BASELINE = "basic"
OWN_THEME = "quicktakes"
#: The theme every ratio is compared with besides the baseline, for scale.
NAV_THEME = "furo"
DEFAULT_THEMES = [BASELINE, OWN_THEME, "alabaster", NAV_THEME]
#: Other themes known to work with the project (anything else with a ``sphinx.html_themes`` entry point works too).
OTHER_THEMES = ["sphinx_rtd_theme", "pydata_sphinx_theme"]
TARGET_RATIO = 1.3
#: The line of ``run.OURS_CONF`` that each project replaces; nothing else in the conf changes.
THEME_LINE = f'html_theme = "{BASELINE}"\n'
#: Sphinx's message when ``html_theme`` names no theme it knows (``sphinx.theming.HTMLThemeFactory.create``).
NO_THEME_MESSAGE = "no theme named"
_THEME_NAME = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass(slots=True)
class ThemeBuild(run_module.Build):
    """One measured build of ``run.py``'s kind, its ``variant`` the theme's name, and the pages it wrote."""

    pages: int = 0
    #: 1 to ``--repeat``: which of the runs of this (size, theme) cell it was.
    attempt: int = 1


@dataclass(slots=True)
class Skip:
    """A theme not measured at one size, and why (so the report says it instead of leaving a gap)."""

    size: int
    theme: str
    reason: str


#: Called with the builds and skips of the size being measured, after each build.
Saver = Callable[[list[ThemeBuild], list[Skip]], None]


# -- the projects ---------------------------------------------------------------------


def theme_conf(theme: str) -> str:
    """``run.OURS_CONF`` with only the theme changed, so that every theme renders the same content."""
    found = run_module.OURS_CONF.count(THEME_LINE)
    if found != 1:  # not an assert: it must also hold under python -O
        raise RuntimeError(f"run.OURS_CONF should contain {THEME_LINE!r} exactly once, not {found} times")
    return run_module.OURS_CONF.replace(THEME_LINE, f'html_theme = "{theme}"\n')


def ensure_corpus(root: Path, size: int, seed: int) -> Path:
    """The corpus shared by all themes of one size; regenerated only if missing, incomplete or of another seed."""
    corpus_dir = root / "corpus"
    marker = corpus_dir / ".complete"
    stamp = f"{size} {seed}\n"
    if not marker.exists() or marker.read_text(encoding="utf-8") != stamp:
        shutil.rmtree(corpus_dir, ignore_errors=True)
        corpus_module.generate(corpus_dir, size, seed)
        marker.write_text(stamp, encoding="utf-8")
    return corpus_dir


def write_project(root: Path, theme: str) -> Path:
    """``<root>/theme-<name>/``, beside the corpus, so ``quicktakes_sources = ["../corpus"]`` finds it."""
    project = root / f"theme-{theme}"
    project.mkdir(parents=True, exist_ok=True)
    (project / "conf.py").write_text(theme_conf(theme), encoding="utf-8")
    (project / "index.rst").write_text(run_module.OURS_INDEX, encoding="utf-8")
    return project


def count_pages(out: Path) -> int:
    """HTML pages written under *out*, not counting the theme's own files in ``_static``."""
    return sum(1 for path in out.rglob("*.html") if "_static" not in path.relative_to(out).parts)


# -- which themes are there ---------------------------------------------------------------


def _entry_point(theme: str) -> importlib.metadata.EntryPoint | None:
    for entry_point in importlib.metadata.entry_points(group="sphinx.html_themes"):
        if entry_point.name == theme:
            return entry_point
    return None


def _builtin(theme: str) -> bool:
    import sphinx

    folder = Path(sphinx.__file__).parent / "themes" / theme
    return (folder / "theme.toml").is_file() or (folder / "theme.conf").is_file()


def _own_theme_files() -> list[Path]:
    """``theme.toml``/``theme.conf`` files of the package's theme (the extension registers it when it loads)."""
    import sphinx_quicktakes

    folder = Path(sphinx_quicktakes.__file__).parent / "theme"
    if not folder.is_dir():
        return []
    return sorted(path for name in ("theme.toml", "theme.conf") for path in folder.rglob(name))


def missing_reason(theme: str) -> str | None:
    """Why *theme* cannot be measured here, or None: checked before building, so a missing theme costs nothing."""
    if _builtin(theme):
        return None
    entry_point = _entry_point(theme)
    if entry_point is not None:
        try:
            importlib.import_module(entry_point.module)
        except Exception as error:  # a broken install is a skip, not a crash of the whole run
            return f"its sphinx.html_themes entry point ({entry_point.value}) does not import: {error!r}"
        return None
    if theme == OWN_THEME:
        if _own_theme_files():
            return None
        return "not written yet: no theme.toml or theme.conf under sphinx_quicktakes/theme/"
    return (
        f"not installed: no Sphinx built-in theme and no 'sphinx.html_themes' entry point named {theme!r} "
        f"(pip install {theme.replace('_', '-')}?)"
    )


def theme_version(theme: str) -> str | None:
    """The version of the distribution that provides *theme*, for the JSON's machine details."""
    try:
        if _builtin(theme):
            return "sphinx " + importlib.metadata.version("sphinx")
        entry_point = _entry_point(theme)
        if entry_point is not None and entry_point.dist is not None:
            return f"{entry_point.dist.name} {entry_point.dist.version}"
        if theme == OWN_THEME:
            return "sphinx-quicktakes " + importlib.metadata.version("sphinx-quicktakes")
    except importlib.metadata.PackageNotFoundError:
        pass
    return None


# -- one size ---------------------------------------------------------------------------


def bench_size(
    size: int, themes: list[str], jobs: int, repeat: int, seed: int, workdir: Path, save: Saver | None = None
) -> tuple[list[ThemeBuild], list[Skip]]:
    """Build every available theme *repeat* times on the corpus of *size*; *save* is called after each build."""
    root = workdir / f"n{size}"
    ensure_corpus(root, size, seed)
    builds: list[ThemeBuild] = []
    skips: list[Skip] = []
    projects: dict[str, Path] = {}
    for theme in themes:
        reason = missing_reason(theme)
        if reason is None:
            projects[theme] = write_project(root, theme)
        else:
            skips.append(Skip(size, theme, reason))
            print(f"  {theme:20} skipped: {reason}", flush=True)

    for attempt in range(1, repeat + 1):  # themes interleaved: a change of load hits all of them alike
        for theme, project in list(projects.items()):
            shutil.rmtree(project / "questions", ignore_errors=True)
            log = root / f"theme-{theme}-j{jobs}-run{attempt}.log"
            load = os.getloadavg()[0]
            seconds, cpu, rss, code, warnings = run_module.run_sphinx(project, jobs, fresh=True, log=log)
            if code != 0 and NO_THEME_MESSAGE in log.read_text(encoding="utf-8", errors="replace"):
                reason = f"Sphinx found no theme named {theme!r} (the extension does not register it yet?); see {log}"
                skips.append(Skip(size, theme, reason))
                del projects[theme]
                print(f"  {theme:20} skipped: {reason}", flush=True)
                continue
            pages = count_pages(project / "_build" / "html")
            build = ThemeBuild(
                size, theme, jobs, "full", round(seconds, 3), round(cpu, 3), round(rss, 1), code, warnings, load,
                pages=pages, attempt=attempt,
            )  # fmt: skip
            builds.append(build)
            print(
                f"  {theme:20} run {attempt}/{repeat} {seconds:8.2f} s  cpu {cpu:8.2f} s  {rss:8.1f} MiB  "
                f"pages={pages} rc={code} warnings={warnings} load={load:.2f}",
                flush=True,
            )
            if code != 0:
                print(f"  build failed, see {log}", file=sys.stderr)
            if save is not None:
                save(builds, skips)
    counts = {b.variant: b.pages for b in builds if b.returncode == 0}
    if len(set(counts.values())) > 1:
        print(f"  WARNING: the themes wrote different numbers of pages at N = {size}: {counts}", file=sys.stderr)
    elif counts:
        print(f"  every theme wrote {next(iter(counts.values()))} HTML pages", flush=True)
    return builds, skips


# -- reporting --------------------------------------------------------------------------------


def fastest(builds: list[ThemeBuild], size: int, theme: str) -> ThemeBuild | None:
    """The fastest successful run of a cell (or, if all failed, the last failure, so the failure shows)."""
    cell = [b for b in builds if (b.size, b.variant) == (size, theme)]
    good = [b for b in cell if b.returncode == 0]
    if good:
        return min(good, key=lambda b: b.seconds)
    return cell[-1] if cell else None


def _ratio(value: float, base: float) -> float | None:
    return round(value / base, 2) if base > 0 else None


def _skip_reason(skips: list[Skip], size: int, theme: str) -> str | None:
    return next((s.reason for s in skips if (s.size, s.theme) == (size, theme)), None)


def summarize(builds: list[ThemeBuild], skips: list[Skip], themes: list[str]) -> dict[str, Any]:
    """Per-size rows and verdicts, and per-theme scaling: what the tables show, also stored in the JSON."""
    sizes = sorted({b.size for b in builds} | {s.size for s in skips})
    per_size = []
    for size in sizes:
        base = fastest(builds, size, BASELINE)
        if base is not None and base.returncode != 0:
            base = None
        rows = []
        for theme in themes:
            best = fastest(builds, size, theme)
            if best is None:
                continue
            ok = best.returncode == 0
            runs = [b for b in builds if (b.size, b.variant) == (size, theme)]
            rows.append(
                {
                    "theme": theme,
                    "pages": best.pages,
                    "seconds": best.seconds,
                    "cpu_seconds": best.cpu_seconds,
                    "peak_rss_mib": best.peak_rss_mib,
                    "wall_ratio": _ratio(best.seconds, base.seconds) if ok and base else None,
                    "cpu_ratio": _ratio(best.cpu_seconds, base.cpu_seconds) if ok and base else None,
                    "ms_per_page": round(1000 * best.seconds / best.pages, 1) if best.pages else None,
                    "warnings": best.warnings,
                    "returncode": best.returncode,
                    "runs": [(b.seconds, b.returncode) for b in runs],
                }
            )
        pages = {row["pages"] for row in rows if row["returncode"] == 0}
        per_size.append(
            {
                "size": size,
                "rows": rows,
                "pages_match": len(pages) <= 1,
                "skipped": {s.theme: s.reason for s in skips if s.size == size},
                "target": _verdict(rows, skips, size, themes),
            }
        )
    return {"sizes": per_size, "scaling": _scaling(builds, themes, sizes)}


def _verdict(rows: list[dict[str, Any]], skips: list[Skip], size: int, themes: list[str]) -> dict[str, Any]:
    """The target's outcome at one size: met (True/False) or None with the reason it was not measured."""
    by_theme = {row["theme"]: row for row in rows}
    ratio = by_theme.get(OWN_THEME, {}).get("wall_ratio")
    if ratio is not None:
        return {"value": ratio, "cpu_value": by_theme[OWN_THEME]["cpu_ratio"], "met": ratio <= TARGET_RATIO}
    for theme in (OWN_THEME, BASELINE):
        if theme not in themes:
            return {"value": None, "met": None, "why": f"{theme} not in --themes"}
        reason = _skip_reason(skips, size, theme)
        if reason:
            return {"value": None, "met": None, "why": f"{theme} skipped: {reason}"}
        if theme in by_theme and by_theme[theme]["returncode"] != 0:
            return {"value": None, "met": None, "why": f"the {theme} build failed (rc={by_theme[theme]['returncode']})"}
    return {"value": None, "met": None, "why": "no build"}


def _scaling(builds: list[ThemeBuild], themes: list[str], sizes: list[int]) -> list[dict[str, Any]]:
    measured = sorted({b.size for b in builds})
    if len(measured) < 2:
        return []
    small, big = measured[0], measured[-1]
    items: list[dict[str, Any]] = []
    for theme in themes:
        a, b = fastest(builds, small, theme), fastest(builds, big, theme)
        if a is None or b is None or a.returncode or b.returncode:
            items.append({"theme": theme, "from": small, "to": big, "time_ratio": None, "scaling": None})
            continue
        size_ratio = big / small
        items.append(
            {
                "theme": theme,
                "from": small,
                "to": big,
                "size_ratio": round(size_ratio, 2),
                "time_ratio": round(b.seconds / a.seconds, 2),
                "scaling": round(b.seconds / a.seconds / size_ratio, 2),
                "cpu_scaling": round(b.cpu_seconds / a.cpu_seconds / size_ratio, 2) if a.cpu_seconds else None,
                #: Cost of one more article, start-up excluded: at small N a clearer sign of growth than the ratio.
                "marginal_ms_per_article": round(1000 * (b.seconds - a.seconds) / (big - small), 1),
            }
        )
    base = next((item for item in items if item["theme"] == BASELINE and item["scaling"]), None)
    for item in items:
        item["scaling_vs_basic"] = round(item["scaling"] / base["scaling"], 2) if base and item["scaling"] else None
    return items


def _shape(scaling: float) -> str:
    """A word for a scaling figure; the bounds are rough (start-up costs weigh more at small N)."""
    if scaling < 0.8:
        return "sublinear (fixed start-up costs dominate)"
    if scaling <= 1.25:
        return "about linear"
    return "superlinear"


def _x(value: float | None) -> str:
    return "–" if value is None else f"{value}x"


def markdown(summary: dict[str, Any], jobs: int, repeat: int) -> str:
    """The tables: one per size, then the scaling (when there are two sizes or more)."""
    cell = run_module._cell
    lines: list[str] = []
    for item in summary["sizes"]:
        best = "fastest of " + str(repeat) if repeat > 1 else "one run"
        lines += [f"## N = {item['size']} articles (-j {jobs}, {best} per theme)", ""]
        lines.append(
            "| theme | pages | wall (s) | CPU (s) | peak RSS (MiB) | wall/basic | CPU/basic | ms/page | warnings "
            "| runs (s) |"
        )
        lines.append("|" + "---|" * 10)
        for row in item["rows"]:
            runs = ", ".join(f"{s}" if rc == 0 else f"{s} (rc {rc})" for s, rc in row["runs"])
            values = [row["theme"], row["pages"], row["seconds"], row["cpu_seconds"], row["peak_rss_mib"]]
            values += [_x(row["wall_ratio"]), _x(row["cpu_ratio"]), row["ms_per_page"], row["warnings"], runs]
            lines.append("| " + " | ".join(cell(v) for v in values) + " |")
        lines.append("")
        for theme, reason in item["skipped"].items():
            lines.append(f"- {theme}: skipped, {reason}")
        if not item["pages_match"]:
            pages = {row["theme"]: row["pages"] for row in item["rows"] if row["returncode"] == 0}
            lines.append(f"- WARNING: the themes wrote different numbers of pages: {pages}")
        target = item["target"]
        if target["met"] is None:
            verdict = f"not measured ({target['why']})"
        else:
            outcome = "PASS" if target["met"] else "FAIL"
            verdict = f"{outcome} ({target['value']}x wall, {_x(target['cpu_value'])} CPU)"
        lines.append(f"- target: {OWN_THEME} within {TARGET_RATIO}x of {BASELINE}: {verdict}")
        nav = next((row for row in item["rows"] if row["theme"] == NAV_THEME), None)
        if nav is not None and nav["wall_ratio"] is not None:
            nav_text = f"{nav['wall_ratio']}x wall, {_x(nav['cpu_ratio'])} CPU"
        else:
            nav_text = "not measured" + (f" ({item['skipped'][NAV_THEME]})" if NAV_THEME in item["skipped"] else "")
        lines += [f"- {NAV_THEME}/{BASELINE}: {nav_text}", ""]
    if summary["scaling"]:
        first = summary["scaling"][0]
        lines += [
            f"## Scaling from N = {first['from']} to N = {first['to']}",
            "",
            "time(N_max)/time(N_min) divided by N_max/N_min: about 1 is linear, clearly above 1 superlinear "
            "(below 1 while start-up costs still dominate; compare with basic's, and the marginal cost per article).",
            "",
            "| theme | size ratio | time ratio | scaling (wall) | scaling (CPU) | scaling / basic's "
            "| marginal ms/article | shape |",
            "|" + "---|" * 8,
        ]
        for item in summary["scaling"]:
            if item["scaling"] is None:
                lines.append(f"| {item['theme']} | – | – | – | – | – | – | not measured at both sizes |")
                continue
            keys = ["theme", "size_ratio", "time_ratio", "scaling", "cpu_scaling", "scaling_vs_basic"]
            values = [item[key] for key in keys] + [item["marginal_ms_per_article"]]
            lines.append("| " + " | ".join(cell(v) for v in values) + f" | {_shape(item['scaling'])} |")
        lines.append("")
    return "\n".join(lines)


# -- command line -----------------------------------------------------------------------------


def _themes(text: str) -> list[str]:
    names = list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    for name in names:
        if not _THEME_NAME.fullmatch(name):
            raise argparse.ArgumentTypeError(f"not a theme name: {name!r}")
    if not names:
        raise argparse.ArgumentTypeError("no theme given")
    return names


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _payload(
    environment: dict[str, Any], themes: list[str], builds: list[ThemeBuild], skips: list[Skip]
) -> dict[str, Any]:
    return {
        "environment": environment,
        "themes": themes,
        "builds": [asdict(b) for b in builds],
        "skipped": [asdict(s) for s in skips],
        "summary": summarize(builds, skips, themes),
    }


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark (or, with ``--report``, print the tables of an earlier run)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=run_module._ints, default=[2000], help="corpus sizes (default 2000)")
    parser.add_argument(
        "--themes",
        type=_themes,
        default=DEFAULT_THEMES,
        help=f"comma-separated HTML themes (default {','.join(DEFAULT_THEMES)}; also e.g. {','.join(OTHER_THEMES)})",
    )
    parser.add_argument("--jobs", type=_positive, default=1, help="sphinx-build -j value (default 1: serial)")
    parser.add_argument("--repeat", type=_positive, default=1, help="runs per size and theme; the fastest counts")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/qt-bench-themes"), help="work folder")
    parser.add_argument("--json", type=Path, help="write the raw numbers to this file")
    parser.add_argument("--report", type=Path, help="print the tables of an earlier --json file; build nothing")
    args = parser.parse_args(argv)
    if args.report:
        data = json.loads(args.report.read_text(encoding="utf-8"))
        environment = data["environment"]
        earlier = [ThemeBuild(**item) for item in data["builds"]]
        earlier_skips = [Skip(**item) for item in data["skipped"]]
        print(f"# sphinx-quicktakes theme benchmark ({environment['started']}, {environment['cpus']} CPUs)")
        print()
        print(markdown(summarize(earlier, earlier_skips, data["themes"]), environment["jobs"], environment["repeat"]))
        return

    environment = {
        **run_module.machine(args.seed),
        "jobs": args.jobs,
        "repeat": args.repeat,
        "theme_versions": {theme: theme_version(theme) for theme in args.themes},
    }
    print(f"# sphinx-quicktakes theme benchmark ({environment['started']})")
    builds: list[ThemeBuild] = []
    skips: list[Skip] = []

    def save(more_builds: list[ThemeBuild], more_skips: list[Skip]) -> None:
        """Rewrite the JSON after every build, so that a long run that is stopped keeps what it measured."""
        if args.json:
            payload = _payload(environment, args.themes, builds + more_builds, skips + more_skips)
            args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")

    for size in args.sizes:
        print(f"N = {size}", flush=True)
        size_builds, size_skips = bench_size(size, args.themes, args.jobs, args.repeat, args.seed, args.workdir, save)
        builds += size_builds
        skips += size_skips
        save([], [])
    print()
    print(markdown(summarize(builds, skips, args.themes), args.jobs, args.repeat))


if __name__ == "__main__":
    main()
