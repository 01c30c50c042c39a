"""Issue 24, item 14: a build killed at any moment never leaves a stale page for the builds after it.

The harness is ``benchmarks/differential.py`` in kill mode (``run_kills``): after each edit an
incremental build is killed with ``SIGKILL`` (half the time while it writes), sometimes another
edit follows, then a normal incremental build must equal a clean build, file by file.  The long
measurement (3 seeds of 12 kills, 120 QuickTakes) is in ``docs/performance.md``; here two seeds
apply every kind of edit once between them, to a library of 40 QuickTakes.  The mechanism itself
(``publishing/unfinished.py``, the outputs journal of ``publishing/outputs.py``) is tested
directly below, in-process: with the marks a killed or a running build leaves, and with builds
stopped by an exception.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from sphinx.application import Sphinx

from sphinx_quicktakes.library import files
from sphinx_quicktakes.publishing import unfinished

from .test_differential import load_harness


@pytest.mark.parametrize(("seed", "half"), [(5, 0), (6, 1)])
def test_a_killed_build_leaves_nothing_stale(tmp_path: Path, seed: int, half: int) -> None:
    harness = load_harness()
    kinds = list(harness.KINDS[half::2])  # every kind of edit, between the two seeds
    result = harness.run_kills(tmp_path / "work", kinds, seed=seed, count=40, details=True)
    failures = [
        f"{step.number} {step.kind} ({step.what}), killed in {step.phase} after {step.killed_after}s, "
        f"then {step.edit_after_kill!r}:\n" + "\n".join(step.mismatches)
        for step in result.steps
        if step.mismatches
    ]
    assert failures == []
    assert [step.kind for step in result.steps] == kinds
    # Not vacuous: most builds were killed while running, some of them after saving the environment.
    phases = result.phases()
    assert result.kills >= len(kinds) // 2, phases
    assert phases["writing"] >= 1, phases


# -- the mechanism, in-process ----------------------------------------------------------------------


#: A modification time after every source's, so that Sphinx takes a page so stamped as up to date.
LATER = (int(time.time()) + 86_400) * 10**9


def _project(root: Path) -> tuple[Path, Path, Path]:
    harness = load_harness()
    project = harness.Project(root / "project", 12, 2)
    project.write_all()
    return project.root / "docs", root / "out", root / "doctrees"


def _build(srcdir: Path, out: Path, doctrees: Path, **overrides: Any) -> Sphinx:
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    with patch_docutils(srcdir), docutils_namespace():
        app = Sphinx(srcdir, srcdir, out, doctrees, "html", status=None, warning=None, confoverrides=overrides)
        app.build()
    return app


def _marks(doctrees: Path) -> list[Path]:
    return sorted(doctrees.glob(f"{unfinished.PREFIX}-*"))


def _mark(app: Sphinx, pid: int, token: str) -> Path:
    """The mark a build of process *pid* leaves while it runs, or for ever if it is killed."""
    from sphinx_quicktakes.publishing.outputs import output_key

    mark = Path(app.doctreedir) / f"{unfinished.PREFIX}-{output_key(app.builder)}.{token}.json"
    about = {"pid": pid, "start": unfinished._start_time(pid), "host": socket.gethostname()}
    mark.write_text(json.dumps(about), encoding="utf-8")
    return mark


def test_the_build_after_a_killed_one_writes_everything_once(tmp_path: Path) -> None:
    srcdir, out, doctrees = _project(tmp_path)
    app = _build(srcdir, out, doctrees)
    assert _marks(doctrees) == []  # a finished build leaves no mark
    assert list(doctrees.glob("quicktakes-outputs-*.journal")) == []  # the record lists all it made
    pages = [out / "roles.html", out / "questions" / "index.html"]  # a page of yours, a generated one
    article = next((out / "questions").glob("1*.html"))  # an article page from data
    for path in [*pages, article]:
        os.utime(path, ns=(LATER, LATER))
    # What a build killed while writing leaves: its mark, and a temporary file.
    gone = subprocess.Popen(["true"])
    gone.wait()
    killed = _mark(app, gone.pid, "0" * 32)
    temporary = out / "questions" / ".index.html.0a1b2c3d4e5f.tmp"
    temporary.write_text("half a page", encoding="utf-8")

    _build(srcdir, out, doctrees)
    assert all(path.stat().st_mtime_ns != LATER for path in [*pages, article])  # written again, nothing changed
    assert not temporary.exists() and not killed.exists()
    assert _marks(doctrees) == []

    for path in [*pages, article]:
        os.utime(path, ns=(LATER, LATER))
    _build(srcdir, out, doctrees)
    assert all(path.stat().st_mtime_ns == LATER for path in [*pages, article])  # recovered: back to incremental


def test_a_running_builds_mark_and_temporary_files_are_left_alone(tmp_path: Path) -> None:
    srcdir, out, doctrees = _project(tmp_path)
    app = _build(srcdir, out, doctrees)
    with subprocess.Popen(["sleep", "60"]) as running:  # another build of the same folder, still running
        try:
            live = _mark(app, running.pid, "f" * 32)
            temporary = out / ".search.html.abcdef012345.tmp"  # the file it is writing
            temporary.write_text("being written", encoding="utf-8")
            page = out / "roles.html"
            os.utime(page, ns=(LATER, LATER))
            _build(srcdir, out, doctrees)
            assert page.stat().st_mtime_ns != LATER  # it may leave anything half-done: all is written again
            assert live.exists() and temporary.exists()
        finally:
            running.kill()
    # Once it is gone without finishing, the next build recovers and takes its mark and file away.
    _build(srcdir, out, doctrees)
    assert not live.exists() and not temporary.exists()
    assert _marks(doctrees) == []


def test_a_stopped_build_keeps_its_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    srcdir, out, doctrees = _project(tmp_path)
    _build(srcdir, out, doctrees)
    from sphinx_quicktakes.publishing import citation_files

    def stop(app: Sphinx, exception: BaseException | None) -> None:
        raise RuntimeError("stopped")

    monkeypatch.setattr(citation_files, "write_files", stop)
    with pytest.raises(Exception, match="stopped"):
        _build(srcdir, out, doctrees)
    monkeypatch.undo()
    assert len(_marks(doctrees)) == 1
    _build(srcdir, out, doctrees)
    assert _marks(doctrees) == []


def test_a_file_a_failed_build_made_is_removed_by_the_first_build_that_no_longer_makes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    srcdir, out, doctrees = _project(tmp_path)
    _build(srcdir, out, doctrees)
    from sphinx_quicktakes.publishing import outputs, sitemap

    # A build makes a new file of ours, then stops before it can save the record.
    def make_and_stop(app: Sphinx, exception: BaseException | None) -> None:
        outputs.write(app, "extra/new.txt", "made by the stopped build")
        raise RuntimeError("stopped")

    monkeypatch.setattr(sitemap, "add_lastmod", make_and_stop)
    with pytest.raises(Exception, match="stopped"):
        _build(srcdir, out, doctrees)
    monkeypatch.undo()
    assert (out / "extra" / "new.txt").is_file()
    journals = list(doctrees.glob("quicktakes-outputs-*.journal"))
    assert [json.loads(line) for line in journals[0].read_text().splitlines()] == [["files", "extra/new.txt"]]
    _build(srcdir, out, doctrees)  # makes no such file: removes it, although no record listed it
    assert not (out / "extra").exists()
    assert list(doctrees.glob("quicktakes-outputs-*.journal")) == []


def test_remove_temporaries_takes_only_temporary_files(tmp_path: Path) -> None:
    keep = [tmp_path / "page.html", tmp_path / ".hidden", tmp_path / "a.tmp", tmp_path / "sub" / ".x.html.tmp"]
    gone = [tmp_path / ".page.html.0123456789ab.tmp", tmp_path / "sub" / ".environment.pickle.4242.tmp"]
    for path in keep + gone:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    assert sorted(files.remove_temporaries(tmp_path)) == sorted(gone)
    assert all(path.exists() for path in keep)
    (tmp_path / "sub" / ".y.json.99.tmp").write_text("x")
    assert files.remove_temporaries(tmp_path, recursive=False) == []  # only the folder itself
    assert (tmp_path / "sub" / ".y.json.99.tmp").exists()
