"""The documentation build prints only what matters: no note from sphinxext-opengraph about matplotlib."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
MESSAGE = "matplotlib is not installed, social cards will not be generated"

#: Hides matplotlib whether or not it is installed, so the import takes the branch that prints.
WITHOUT_MATPLOTLIB = """
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "matplotlib":
            raise ImportError("matplotlib is hidden by the test")
        return None
sys.meta_path.insert(0, Blocker())
"""


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_MATPLOTLIB + code], cwd=DOCS, capture_output=True, text=True, check=False
    )


def test_sphinxext_opengraph_prints_without_matplotlib() -> None:
    """The control: if this fails, sphinxext-opengraph no longer prints, and conf.py's workaround can go."""
    result = run("import sphinxext.opengraph")
    assert result.returncode == 0, result.stderr
    assert MESSAGE in result.stdout


def test_conf_py_imports_opengraph_quietly() -> None:
    result = run(
        "import runpy, sys\n"
        "conf = runpy.run_path('conf.py', init_globals={'tags': None})\n"
        "assert conf['ogp_social_cards'] == {'enable': False}\n"
        "import sphinxext.opengraph as ogp\n"
        "assert ogp.create_social_card is None, 'matplotlib was not hidden'\n"
    )
    assert result.returncode == 0, result.stderr
    assert MESSAGE not in result.stdout
