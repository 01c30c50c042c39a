"""Incremental builds re-read exactly the pages whose QuickTakes changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from .conftest import SEED_FILES, BuildProject


def rebuild(project: BuildProject) -> tuple[list[str], object]:
    """Build again on the same directories; return the docnames Sphinx re-read."""
    app = project("basic")
    reread: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: reread.extend(docnames))
    app.build()
    return sorted(reread), app


def touch_later(path: Path, text: str) -> None:
    """Write *text* with an mtime clearly after the previous build."""
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def test_editing_a_file_rebuilds_only_its_pages(project: BuildProject) -> None:
    project("basic").build()
    seeds = project("basic").srcdir.parent / "seeds"
    assert rebuild(project)[0] == []

    seed = seeds / SEED_FILES[118109]  # shown by paths.rst (by path) and options.rst (by id)
    touch_later(seed, seed.read_text(encoding="utf-8").replace("Imaging plays a crucial role", "EDITED ANSWER", 1))
    reread, app = rebuild(project)
    assert reread == ["options", "paths"]
    assert "EDITED ANSWER" in (app.outdir / "paths.html").read_text(encoding="utf-8")


def test_new_file_with_a_previously_unknown_id_rebuilds_its_page(project: BuildProject) -> None:
    app = project("basic", files={"docs/extra.rst": "Extra\n=====\n\n.. quicktake:: 5\n"})
    app.build()
    assert "no QuickTake with id 5" in app.warning.getvalue()
    seeds = app.srcdir.parent / "seeds"
    touch_later(seeds / "new.txt", "---\nid: 5\nquestion: Newly added?\nanswer: Yes.\n---\n")
    reread, app = rebuild(project)
    assert reread == ["extra"]
    assert "Newly added?" in (app.outdir / "extra.html").read_text(encoding="utf-8")


def test_deleting_a_file_rebuilds_its_pages_with_a_warning(project: BuildProject) -> None:
    app = project("basic")
    app.build()
    (app.srcdir.parent / "seeds" / SEED_FILES[118136]).unlink()
    reread, app = rebuild(project)
    assert reread == ["md_page"]
    assert "no QuickTake with id 118136" in app.warning.getvalue()
    assert "qt-118136" not in (app.outdir / "md_page.html").read_text(encoding="utf-8")


def test_an_id_moving_to_another_file_rebuilds_its_page(project: BuildProject) -> None:
    app = project("basic")
    app.build()
    seeds = app.srcdir.parent / "seeds"
    old = seeds / SEED_FILES[118136]
    text = old.read_text(encoding="utf-8").replace("Imaging plays a crucial role", "MOVED", 1)
    old.unlink()
    touch_later(seeds / "renamed.txt", text)
    reread, app = rebuild(project)
    assert reread == ["md_page"]
    assert "MOVED" in (app.outdir / "md_page.html").read_text(encoding="utf-8")
