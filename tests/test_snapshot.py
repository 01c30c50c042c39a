"""Regression snapshots of the article doctree (set QT_UPDATE_SNAPSHOTS=1 to rewrite them).

A change in these files is a change in what every builder receives: review
the diff, do not just regenerate.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sphinx_quicktakes.render.nodes import quicktake_article

from .conftest import BuildProject

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.mark.parametrize(("page", "qt_id"), [("index", 118100), ("md_page", 118136), ("options", 118109)])
def test_doctree_snapshot(project: BuildProject, page: str, qt_id: int) -> None:
    app = project("basic")
    app.build()
    [article] = [a for a in app.env.get_doctree(page).findall(quicktake_article) if a["qt_id"] == qt_id]
    actual = article.pformat().replace(str(app.srcdir.parent), "<project>")
    snapshot = SNAPSHOTS / f"{page}-{qt_id}.txt"
    if os.environ.get("QT_UPDATE_SNAPSHOTS"):
        snapshot.write_text(actual, encoding="utf-8")
    assert actual == snapshot.read_text(encoding="utf-8")
