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
