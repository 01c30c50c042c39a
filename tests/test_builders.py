"""Every builder renders QuickTakes without warnings: HTML is the main output, not the only one."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import BuildProject, build_serial_and_parallel, warnings_of

QUESTION = "What role do imaging techniques play in the diagnosis of liver cancer?"


@pytest.mark.parametrize(
    ("builder", "output"),
    [
        ("html", "rst_page.html"),
        ("dirhtml", "rst_page/index.html"),
        ("singlehtml", "index.html"),
        ("epub", "rst_page.xhtml"),
        ("text", "rst_page.txt"),
        ("latex", "qttest.tex"),
        ("man", "qttest.1"),
        ("texinfo", "qttest.texi"),
    ],
)
def test_builder(project: BuildProject, builder: str, output: str) -> None:
    app = project("basic", builder)
    app.build()
    assert warnings_of(app) == ""
    text = (app.outdir / output).read_text(encoding="utf-8")
    assert QUESTION in text
    assert "≥ 2 cm" in text or "≥ 2 cm" in text.replace("\\(\\geq{}\\)", "≥")
    assert "Ultrasound" in text


def test_text_output_reads_well(project: BuildProject) -> None:
    app = project("basic", "text")
    app.build()
    text = (app.outdir / "rst_page.txt").read_text(encoding="utf-8")
    assert "Medicine · Posted on Dec 07, 2024 · By QuickTakes" in text
    assert "1. **Ultrasound**" in text
    assert "Keywords: imaging techniques, liver cancer," in text
    assert "* What is the prevalence of liver cancer in Hong Kong? (Health Studies)" in " ".join(text.split())


def test_latex_has_a_real_section_for_the_question(project: BuildProject) -> None:
    app = project("basic", "latex")
    app.build()
    tex = (app.outdir / "qttest.tex").read_text(encoding="utf-8")
    assert "\\section{" + QUESTION + "}" in tex or "\\subsection{" + QUESTION + "}" in tex
    assert "\\label{\\detokenize{rst_page:qt-97068}}" in tex


def test_parallel_read_builds_the_same_html(project: BuildProject, tmp_path: Path) -> None:
    serial, parallel = build_serial_and_parallel(project("basic").srcdir, tmp_path)
    for page in ("index", "rst_page", "md_page", "options", "nested", "paths"):
        assert (serial / f"{page}.html").read_text() == (parallel / f"{page}.html").read_text()


THEMATIC_BREAK = (
    "---\nid: 1\nquestion: Q?\nsubject: Medicine\nanswer: |\n"
    "  Before the break.\n\n  ---\n\n  Between the breaks.\n\n  ***\n\n  After the breaks.\n---\n"
)


@pytest.mark.parametrize(
    ("builder", "output", "rule"),
    [
        ("html", "index.html", '<hr class="qt-rule docutils" />'),
        ("singlehtml", "index.html", '<hr class="qt-rule docutils" />'),
        ("epub", "index.xhtml", '<hr class="qt-rule docutils" />'),
        ("text", "index.txt", "\n" + "=" * 70 + "\n"),
        ("latex", "qttest.tex", "\\hrule"),
        ("man", "qttest.1", "----"),
        ("texinfo", "qttest.texi", "\n" + "_" * 66 + "\n"),
    ],
)
def test_a_thematic_break_in_an_answer_is_a_rule(project: BuildProject, builder: str, output: str, rule: str) -> None:
    """``---`` or ``***`` in an answer is a visual break, as a reader expects, with no warning: docutils
    refuses a transition inside the article's container, and that warning had no type to suppress."""
    files = {"seeds/a.txt": THEMATIC_BREAK, "docs/index.rst": "P\n=\n\n.. quicktake:: 1\n"}
    app = project("minimal", builder, files=files, seeds=False)
    app.build()
    assert warnings_of(app) == ""
    text = (app.outdir / output).read_text(encoding="utf-8")
    assert text.count(rule) == 2, text
    before, between, after = (text.index(s) for s in ("Before the", "Between the", "After the"))
    first, second = text.index(rule), text.index(rule, text.index(rule) + 1)
    assert before < first < between < second < after


def test_a_thematic_break_in_an_article_page_from_data(project: BuildProject) -> None:
    """The article pages an HTML build renders from data show the rule too."""
    index = "Library\n=======\n\n.. toctree::\n\n   questions/index\n   latest\n"
    app = project("pages", files={"seeds/a.txt": THEMATIC_BREAK, "docs/index.rst": index}, seeds=False)
    app.build()
    assert warnings_of(app) == ""
    [article_page] = (app.outdir / "questions").rglob("1*.html")
    html = article_page.read_text(encoding="utf-8")
    assert html.count('<hr class="qt-rule docutils" />') == 2
