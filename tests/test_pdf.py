"""The LaTeX output compiles to a PDF (QuickTakes with ≥ and friends, and paper cards).

Needs TeX Live's latexmk; ``.ci/run`` installs it from Debian.  Without it the
test is skipped, saying so: a PDF cannot be made on such a machine.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import BuildProject, warnings_of

pytestmark = pytest.mark.skipif(shutil.which("latexmk") is None, reason="latexmk (TeX Live) is not installed")


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        ("basic", "is ≥ 2 cm in diameter"),
        ("papers", "Imaging of the hepatic arterial infusion pump: Primer for radiologists"),
    ],
)
def test_latex_compiles_to_pdf(project: BuildProject, root: str, expected: str) -> None:
    app = project(root, "latex")
    app.build()
    assert warnings_of(app) == ""
    result = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "qttest.tex"],
        cwd=app.outdir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert (app.outdir / "qttest.pdf").stat().st_size > 10_000
    log = (app.outdir / "qttest.log").read_text(encoding="latin-1")
    assert "Missing character" not in log
    if shutil.which("pdftotext"):  # poppler-utils, installed by .ci/run beside TeX Live
        text = subprocess.run(["pdftotext", "qttest.pdf", "-"], cwd=app.outdir, capture_output=True, text=True).stdout
        assert expected in " ".join(text.split())


RICH_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Rich</title><id>rich</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout suffix="."><group delimiter=" ">
    <names variable="author"><name font-variant="small-caps"/></names>
    <text variable="title" text-decoration="underline"/>
    <text variable="container-title" font-style="italic"/>
    <text variable="volume" font-weight="bold" vertical-align="sup"/>
  </group></layout></bibliography>
</style>
"""


def test_rich_references_compile_to_pdf(project: BuildProject) -> None:
    # Small capitals, underlining, italics, bold and superscript from a CSL style, through pdflatex.
    app = project(
        "papers", "latex", files={"docs/rich.csl": RICH_CSL}, confoverrides={"quicktakes_citation_style": "rich.csl"}
    )
    app.build()
    assert warnings_of(app) == ""
    tex = (app.outdir / "qttest.tex").read_text(encoding="utf-8")
    assert "\\DUrole{qt-smallcaps}{Scott D. Halpern, Peter A. Ubel, Arthur L. Caplan}" in tex
    assert (
        "\\DUrole{qt-underline}{Solid\\sphinxhyphen{}organ transplantation in HIV\\sphinxhyphen{}infected patients}"
        in tex
    )
    assert "\\sphinxstyleemphasis{New England Journal of Medicine} $^{\\text{\\sphinxstylestrong{347}}}$." in tex
    result = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "qttest.tex"],
        cwd=app.outdir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
