"""The proof of issue 11: after every kind of edit, an incremental build equals a clean build.

The harness is ``benchmarks/differential.py`` (its docstring says how it works); the
long, seeded run of hundreds of edits is run from there, and its result is in
``docs/performance.md``.  Here a short sequence applies every kind of edit once to a
library of 60 QuickTakes and 3 papers (about 140 source files with the generated
pages), under the quicktakes theme, with ``-j 1`` and with ``-j 2`` (the incremental builds;
the clean builds they are compared with run serially).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from sphinx_quicktakes.publishing import article_pages

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "differential.py"


def load_harness() -> ModuleType:
    """Import the script by path: benchmarks/ is not a package, and the script puts its folder on sys.path."""
    spec = importlib.util.spec_from_file_location("differential", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_kind_of_edit_builds_incrementally_as_a_clean_build_does(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness = load_harness()
    kinds = list(harness.KINDS)
    if jobs > 1:  # the article pages too are rendered in forked processes, as a large library's are
        monkeypatch.setattr(article_pages, "PARALLEL_FROM", 2)
    result = harness.run(tmp_path / "work", kinds, seed=3, count=60, jobs=jobs, details=True)
    assert result.jobs == jobs
    assert [step.kind for step in result.steps] == kinds
    failures = [f"{step.number} {step.kind} ({step.what}):\n" + "\n".join(step.mismatches) for step in result.steps]
    assert [failure for failure, step in zip(failures, result.steps, strict=True) if step.mismatches] == []
    # Pagefind's folder is among the files compared (its filter indexes come out in a random order
    # from Pagefind itself; publishing/search_bundle.py puts them in one).
    assert len(list((tmp_path / "work" / "incremental" / "out" / "pagefind" / "fragment").iterdir())) > 60


def test_the_comparison_sees_a_stale_left_over_and_missing_file(tmp_path: Path) -> None:
    harness = load_harness()
    incremental, clean = tmp_path / "incremental", tmp_path / "clean"
    for folder in (incremental, clean):
        (folder / "questions").mkdir(parents=True)
        (folder / "same.html").write_text("same")
    (incremental / "page.html").write_text("old question")
    (clean / "page.html").write_text("new question")
    (incremental / "questions" / "118136.html").write_text("withdrawn")
    (clean / "new.md").write_text("new")
    index = 'Search.setIndex({"docnames":["a"],"indexentries":%s,"terms":{"x":0%s}})'
    (incremental / "searchindex.js").write_text(index % ("{}", ',"gone":[]'))  # Sphinx keeps a term without pages
    (clean / "searchindex.js").write_text(index % ('{"entry":[[0,"qt-1",false]]}', ""))  # Sphinx's own losses
    assert harness.compare(incremental, clean) == [
        "left over: questions/118136.html",
        "missing: new.md",
        "differs: page.html",
    ]
    (clean / "searchindex.js").write_text(index.replace('"x":0', '"y":0') % ("{}", ""))
    assert harness.compare(incremental, clean)[-1] == "differs: searchindex.js"  # the rest of it is compared
