"""Lists kept as data (``render/compact_list.py``) write what the ordinary nodes would write.

Each site is built twice, once as the extension builds it and once with every list turned back
into ordinary docutils nodes before it is resolved, and every HTML page must be the same bytes:
links inside the build, into other builds of a sharded site and to the external site, titles
with quotes (which Sphinx's smart quotes change), and dates and subjects below the titles.
Other builders get the ordinary nodes, so their output is what it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docutils import nodes

from sphinx_quicktakes.render.compact_list import expand, qt_list
from sphinx_quicktakes.xref import links

from .conftest import ROOTS, BuildProject, warnings_of

QUOTED = """---
id: 990301
date: 2025-02-03
question: Is the "dawn" sign what's called 'early' uptake?
answer: |-
    Quoted in the title.
subject: Nuclear "Medicine"
related_article1:
  id: 118100
  title: T
seo:
  page_keywords: imaging, dawn sign
---
"""
BASE = (ROOTS / "test-pages" / "conf.py").read_text(encoding="utf-8")
SITES = {
    "html": ("html", BASE),
    "dirhtml": ("dirhtml", BASE),
    "sharded hub": ("html", BASE + "quicktakes_shards = {'low': {'ids': [0, 118105]}, 'rest': {}}\n"),
    "without smart quotes": ("html", BASE + "smartquotes = False\n"),
}


def _ordinary(app: object, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(qt_list)):
        node.replace_self(expand(node))


def _pages(outdir: Path) -> dict[str, bytes]:
    return {path.relative_to(outdir).as_posix(): path.read_bytes() for path in sorted(outdir.rglob("*.html"))}


@pytest.mark.parametrize("name", list(SITES))
def test_a_list_kept_as_data_writes_the_same_pages(
    name: str, project: BuildProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder, conf = SITES[name]
    files = {"docs/conf.py": conf, "seeds/quoted.txt": QUOTED}
    compact = project("pages", builder, files=files, builddir=tmp_path / "compact")
    compact.build()
    assert warnings_of(compact) == ""
    monkeypatch.setattr(links, "resolve_lists", _ordinary)
    ordinary = project("pages", builder, builddir=tmp_path / "ordinary")
    ordinary.build()
    first, second = _pages(Path(compact.outdir)), _pages(Path(ordinary.outdir))
    assert list(first) == list(second)
    different = [page for page in first if first[page] != second[page]]
    assert different == []
    listed = b"".join(first.values())
    assert listed.count(b'<span class="qt-list-title">') >= 10
    smart = "smart quotes" not in name
    title = b'<span class="qt-list-title">Is the '
    assert (title + "“dawn” sign what’s called ‘early’ uptake?".encode() in listed) is smart
    assert (title + b"&quot;dawn&quot; sign what's called 'early' uptake?" in listed) is not smart
    if "sharded" in name:
        assert b'class="qt-link-shard reference external" href="rest/questions/rest/118136.html#qt-118136"' in listed


def test_other_builders_get_the_ordinary_list(project: BuildProject) -> None:
    app = project("pages", "text", files={"seeds/quoted.txt": QUOTED})
    app.build()
    assert warnings_of(app) == ""
    text = "".join(path.read_text(encoding="utf-8") for path in Path(app.outdir).rglob("*.txt"))
    # Sphinx gives the text builder no smart quotes (smartquotes_excludes), and neither does the list.
    assert "* Is the \"dawn\" sign what's called 'early' uptake? Feb 3, 2025 ·" in text
