"""Scraped answers cannot inject markup, run directives or read files."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from .conftest import BuildProject, warnings_of

HOSTILE_ANSWER = "\\n\\n".join(
    [
        "Intro with <script>alert(1)</script> inline and <b onclick=x>bold</b>.",
        '<div><iframe src="https://evil.example"></iframe></div>',
        "[click](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=) "
        "and [local](../../secret.txt) and [ok](https://example.org/ok)",
        "![tracker](https://evil.example/pixel.png)",
        "```{include} ../secret.txt\\n```",
        "```{raw} html\\n<script>alert(2)</script>\\n```",
        "{download}`../secret.txt` and {raw-html}`<script>alert(3)</script>`",
        "(target)=\\n\\n% comment\\n\\n+++",
        "Footnote[^1].\\n\\n[^1]: Note.",
    ]
)


@pytest.fixture
def hostile(project: BuildProject):
    qt = f"---\nid: 666\nquestion: Hostile?\nanswer: '{HOSTILE_ANSWER}'\n---\n"
    app = project(
        "minimal",
        files={
            "seeds/hostile.txt": qt,
            "docs/secret.txt": "TOP-SECRET-CONTENT",
            "docs/index.rst": "Page\n====\n\n.. quicktake:: 666\n",
        },
    )
    app.build()
    return app


def test_no_markup_or_script_reaches_the_page(hostile) -> None:
    page = (hostile.outdir / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(page, "html.parser").find("article", id="qt-666")
    assert article.find("script") is None
    assert article.find("iframe") is None
    assert article.find("b") is None
    assert article.find("img") is None
    assert not [a for a in article.find_all(href=True) if a["href"].startswith(("javascript:", "data:"))]
    assert "alert(1)" in article.get_text()  # shown as text, not dropped silently


def test_only_http_links_become_links(hostile) -> None:
    article = BeautifulSoup((hostile.outdir / "index.html").read_text(), "html.parser").find("article")
    answer = article.find(class_="qt-answer")
    hrefs = [a["href"] for a in answer.find_all("a")]
    assert hrefs == ["https://example.org/ok"]
    unlinked = [span.get_text() for span in answer.find_all(class_="qt-unlinked")]
    assert "local" in unlinked


def test_directives_and_roles_are_not_run(hostile) -> None:
    outdir = hostile.outdir
    page = (outdir / "index.html").read_text(encoding="utf-8")
    assert "TOP-SECRET-CONTENT" not in page
    assert not (outdir / "_downloads").exists()
    code = [pre.get_text() for pre in BeautifulSoup(page, "html.parser").find_all("pre")]
    assert any("<script>alert(2)</script>" in text for text in code)  # a code block, as text
    assert "{download}" in page  # the role syntax is shown, not executed


def test_each_dropped_part_is_reported_against_the_file(hostile) -> None:
    warnings = warnings_of(hostile)
    lines = [line for line in warnings.splitlines() if re.search(r"\[quicktakes\.(markdown|html)\]$", line)]
    assert all("hostile.txt:4: WARNING:" in line for line in lines)  # the answer is on its key's line
    assert any("raw HTML (<b>, <div>, <iframe>, <script>)" in line and "[quicktakes.html]" in line for line in lines)
    assert any("'../../secret.txt'" in line for line in lines)
    assert any("image 'https://evil.example/pixel.png'" in line for line in lines)


def test_path_outside_the_project_is_refused(project: BuildProject, tmp_path) -> None:
    outside = tmp_path.parent / "outside.txt"
    outside.write_text("---\nid: 9\nquestion: Leak?\nanswer: SECRET-OUTSIDE\n---\n")
    app = project("minimal", files={"docs/index.rst": f"Page\n====\n\n.. quicktake:: ../../{outside.name}\n"})
    app.build()
    assert "SECRET-OUTSIDE" not in (app.outdir / "index.html").read_text()
    assert "index.rst:4: WARNING: '../../outside.txt' is outside the project" in warnings_of(app)
    assert "[quicktakes.path]" in warnings_of(app)


def test_file_inside_the_source_directory_is_allowed(project: BuildProject) -> None:
    app = project(
        "minimal",
        files={
            "docs/data/local.txt": "---\nid: 77\nquestion: Local?\nanswer: From srcdir.\n---\n",
            "docs/index.rst": "Page\n====\n\n.. quicktake:: data/local.txt\n",
        },
    )
    app.build()
    assert warnings_of(app) == ""
    article = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser").find("article", id="qt-77")
    assert "From srcdir." in article.get_text()


def test_raw_html_and_unknown_fence_languages_are_reported_once(hostile) -> None:
    warnings = warnings_of(hostile)
    assert warnings.count("raw HTML (<b>, <div>, <iframe>, <script>) is shown as text") == 1
    assert "highlighting_failure" not in warnings


def test_unrun_syntax_and_refused_links_are_reported(hostile) -> None:
    warnings = warnings_of(hostile)
    assert "links with data:, javascript: URLs are shown as text, never as links" in warnings
    assert "directive {include} is not run in an answer; shown as code" in warnings
    assert "directive {raw} is not run in an answer; shown as code" in warnings
    assert "roles ({download}, {raw-html}) are not run in an answer; shown as text" in warnings
