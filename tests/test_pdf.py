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
