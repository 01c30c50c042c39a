"""Every builder renders QuickTakes without warnings: HTML is the main output, not the only one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BuildProject, warnings_of

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
    srcdir = project("basic").srcdir
    for jobs in ("1", "2"):
        command = [sys.executable, "-m", "sphinx", "-j", jobs, "-W", "-q", str(srcdir), str(tmp_path / jobs)]
        subprocess.run(command, check=True)
    for page in ("index", "rst_page", "md_page", "options", "nested", "paths"):
        assert (tmp_path / "1" / f"{page}.html").read_text() == (tmp_path / "2" / f"{page}.html").read_text()
