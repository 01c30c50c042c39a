"""Shared fixtures: Sphinx test projects laid out like a real site (docs/ beside seeds/)."""

from __future__ import annotations

import functools
import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docutils.frontend import get_default_settings
from sphinx.parsers import RSTParser
from sphinx.testing.util import SphinxTestApp

pytest_plugins = ("sphinx.testing.fixtures",)

TESTS = Path(__file__).parent
ROOTS = TESTS / "roots"
SEEDS = TESTS.parent / "seeds"
#: The project's own documentation, over the shipped seeds.
DOCS = TESTS.parent / "docs"

#: The shipped seeds by id (QuickTakes) or role (the paper).
SEED_FILES = {
    118136: "000_93f969d6278b2cff.txt",
    97068: "001_83843c65fcd3a326.txt",
    118109: "002_b4403bdc0a85e131.txt",
    118100: "003_9d95fdfe1ac604ce.txt",
    "paper": "004_bbd3cc5c83d1ebee.txt",
}


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="session")
def docs_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs site's HTML, built once per session as a reader's build runs (``sphinx-build -W``)."""
    from .browser_support import build

    return build(DOCS, tmp_path_factory.mktemp("docs") / "html")


@pytest.fixture
def seed_bytes() -> Callable[[Any], bytes]:
    return lambda key: (SEEDS / SEED_FILES[key]).read_bytes()


BuildProject = Callable[..., SphinxTestApp]


@pytest.fixture
def project(tmp_path: Path, make_app: Callable[..., SphinxTestApp]) -> BuildProject:
    """Copy ``tests/roots/test-<root>`` to ``tmp/docs`` and the seeds to ``tmp/seeds``.

    ``files`` adds or replaces files (paths relative to ``tmp``, bytes or text)
    before the app is created, since the library is loaded when it starts.
    Returns the app, not yet built.
    """

    def make(
        root: str = "basic",
        buildername: str = "html",
        files: dict[str, bytes | str] | None = None,
        seeds: bool = True,
        **kwargs: Any,
    ) -> SphinxTestApp:
        srcdir = tmp_path / "docs"
        if not srcdir.exists():
            shutil.copytree(ROOTS / f"test-{root}", srcdir)
            if seeds:
                shutil.copytree(SEEDS, tmp_path / "seeds")
        for name, content in (files or {}).items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                content = content.encode("utf-8")
            path.write_bytes(content)
        return make_app(buildername, srcdir=srcdir, **kwargs)

    return make


@pytest.fixture
def site(project: BuildProject, request: pytest.FixtureRequest) -> SphinxTestApp:
    """The module's project (its ``ROOT``, else "basic"), built for the test, with no warning at all."""
    app = project(getattr(request.module, "ROOT", "basic"))
    app.build()
    assert warnings_of(app) == ""
    return app


def warnings_of(app: SphinxTestApp) -> str:
    """The warning stream, with colour codes stripped."""
    from sphinx.util.console import strip_escape_sequences

    return strip_escape_sequences(app.warning.getvalue())


def page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    """The parsed HTML of page *name* (a docname) of an html build."""
    return BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def build_serial_and_parallel(srcdir: Path, outdir: Path) -> tuple[Path, Path]:
    """Build *srcdir* with ``-j 1`` and ``-j 2`` (``-W``) in fresh processes; return both output folders."""
    outputs = []
    for jobs in ("1", "2"):
        out = outdir / f"j{jobs}"
        command = [sys.executable, "-m", "sphinx", "-j", jobs, "-W", "-q", str(srcdir), str(out)]
        subprocess.run(command, check=True)
        outputs.append(out)
    return outputs[0], outputs[1]


@functools.cache
def corpus_module() -> ModuleType:
    """``benchmarks/corpus.py``, the generator of synthetic libraries (a script, not a package)."""
    spec = importlib.util.spec_from_file_location(
        "corpus", Path(__file__).resolve().parents[1] / "benchmarks" / "corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for the module's tests (skipped, or failed in CI, without the tools)."""
    from .browser_support import launch

    with launch() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def answer_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Docutils settings with a Sphinx environment, as a page's would be."""
    base = tmp_path_factory.mktemp("answers")
    shutil.copytree(ROOTS / "test-minimal", base / "docs")
    (base / "seeds").mkdir()
    app = SphinxTestApp("html", srcdir=base / "docs")
    try:
        document_settings = get_default_settings(RSTParser)
        document_settings.env = app.env
        yield document_settings
    finally:
        app.cleanup()
