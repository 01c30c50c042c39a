"""Headings in answers sit below the question and warn about nothing; raw HTML has its own subtype."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_quicktakes.library.answer_text import heading_depths
from sphinx_quicktakes.library.markdown_copy import safe_markdown

from .conftest import BuildProject, page, warnings_of

#: A valid file whose answer starts with an H3, skips a level and climbs back to an H1.
HEADINGS = """---
id: 501
question: Does an answer with headings build cleanly?
answer: |-
  ### A sub heading

  1. one
  2. two

  ##### Skipped a level

  Text under it.

  # Back to the top

  More text.
---
"""
PAGE = "Headings\n========\n\n.. quicktake:: 501\n"
FILES = {"seeds/headings.txt": HEADINGS, "docs/index.rst": PAGE}


def test_depths_are_relative_to_the_first_heading() -> None:
    assert heading_depths([3, 5, 1]) == [1, 2, 1]
    assert heading_depths([1, 2, 3]) == [1, 2, 3]
    assert heading_depths([2, 4, 4, 3, 6]) == [1, 2, 2, 2, 3]
    assert heading_depths([3, 2, 3]) == [1, 1, 2]  # a lower level starts a new branch
    assert heading_depths([]) == []


#: Where each builder writes the page, and how it writes the three headings.
OUTPUTS = {
    "html": ("index.html", ['<h3 class="qt-heading">A sub heading', '<h4 class="qt-heading">Skipped a level']),
    "latex": ("qttest.tex", ["\\subsubsection*{A sub heading}", "\\subsubsection*{Back to the top}"]),
    "text": ("index.txt", ["A sub heading", "Skipped a level", "Back to the top"]),
}


@pytest.mark.parametrize("builder", sorted(OUTPUTS))
def test_valid_headings_build_with_dash_w(project: BuildProject, builder: str) -> None:
    app = project("minimal", builder, files=FILES, warningiserror=True)  # -W: any warning raises
    app.build()
    assert warnings_of(app) == ""
    name, expected = OUTPUTS[builder]
    text = (app.outdir / name).read_text(encoding="utf-8")
    for fragment in expected:
        assert fragment in text


def test_html_levels_follow_the_question(project: BuildProject) -> None:
    app = project("minimal", files=FILES)
    app.build()
    assert warnings_of(app) == ""
    article = page(app, "index").find("article", id="qt-501")
    assert article.find("h2").get_text(strip=True).rstrip("¶") == "Does an answer with headings build cleanly?"
    headings = [(h.name, h.get_text(strip=True)) for h in article.select(".qt-heading")]
    assert headings == [("h3", "A sub heading"), ("h4", "Skipped a level"), ("h3", "Back to the top")]


def test_markdown_copy_puts_answer_headings_under_the_question() -> None:
    answer = "### A sub heading\n\ntext\n\n##### Skipped\n\n# Top\n"
    assert [line for line in safe_markdown(answer, first_heading=2).splitlines() if line.startswith("#")] == [
        "## A sub heading",
        "### Skipped",
        "## Top",
    ]


RAW_HTML = "---\nid: 502\nquestion: Raw?\nanswer: 'Hi <b>there</b>, [x](javascript:alert(1)) and ![i](https://e.org/i.png)'\n---\n"


def test_raw_html_has_its_own_subtype_in_the_build(project: BuildProject) -> None:
    app = project("minimal", files={"seeds/raw.txt": RAW_HTML, "docs/index.rst": "P\n=\n\n.. quicktake:: 502\n"})
    app.build()
    warnings = warnings_of(app)
    assert re.search(r"raw\.txt:4: WARNING: raw HTML \(<b>\) is shown as text.* \[quicktakes\.html\]", warnings)
    assert re.search(r"raw\.txt:4: WARNING: links with javascript: URLs .* \[quicktakes\.markdown\]", warnings)
    assert re.search(r"raw\.txt:4: WARNING: image .* \[quicktakes\.markdown\]", warnings)


@pytest.mark.parametrize(("silenced", "kept"), [("quicktakes.html", "markdown"), ("quicktakes.markdown", "html")])
def test_silencing_one_subtype_keeps_the_other(project: BuildProject, silenced: str, kept: str) -> None:
    files = {"seeds/raw.txt": RAW_HTML, "docs/index.rst": "P\n=\n\n.. quicktake:: 502\n"}
    app = project("minimal", files=files, confoverrides={"suppress_warnings": [silenced]})
    app.build()
    subtypes = set(re.findall(r"\[quicktakes\.(\w+)\]", warnings_of(app)))
    assert subtypes == {kept}


def test_checker_uses_the_same_subtypes(tmp_path: Path) -> None:
    (tmp_path / "raw.txt").write_text(RAW_HTML, encoding="utf-8")
    (tmp_path / "headings.txt").write_text(HEADINGS, encoding="utf-8")
    command = [sys.executable, "-m", "sphinx_quicktakes", "check", "--json", "."]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    found = [(p["path"], p["line"], p["subtype"]) for p in json.loads(result.stdout)["problems"]]
    assert found == [("raw.txt", 4, "html"), ("raw.txt", 4, "markdown")]  # the image needs a build to be seen
