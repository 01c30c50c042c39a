"""The package's layering as tests: a Sphinx-free core, layers that import only downwards, no cycles.

The layers and what each may import are described in ``docs/architecture.md``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sphinx_quicktakes"
SEEDS = PACKAGE.parent / "seeds"

#: Each layer and the layers of this package it may import (besides itself).
ALLOWED = {
    "library": set(),
    "render": {"library", "i18n"},
    "xref": {"library", "render", "i18n", "reporting"},
    "publishing": {"library", "render", "xref", "i18n", "reporting"},
    "directives": {"library", "render", "xref", "publishing", "i18n", "reporting"},
    "theme": {"__init__"},
    "i18n": set(),
    "reporting": {"library"},
    "config": {"library"},
    "__main__": {"library", "__init__"},  # __init__ for __version__ only
    "__init__": {"config", "directives", "i18n", "publishing", "render", "xref"},
}

#: Refuses to import Sphinx or docutils, so a module that needs them fails to import.
BLOCKER = """
import sys
class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"sphinx", "docutils"}:
            raise ImportError(f"{name} is blocked: this module must not need it")
        return None
sys.meta_path.insert(0, Blocker())
"""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of the package that *path* imports: at module level, for type checking or in a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # ``from . import x`` names a submodule x when there is one, else a name in the package.
            targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in known else module for a in node.names]
        else:
            continue
        found.update(target for target in targets if target in known)
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, set(known)) for name, path in known.items()}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_the_import_graph_is_read() -> None:
    """The walker itself finds what it must, so the tests below cannot pass by finding nothing."""
    edges = graph()
    assert "sphinx_quicktakes.library.model" in edges["sphinx_quicktakes.library.catalog"]
    assert "sphinx_quicktakes.xref.domain" in edges["sphinx_quicktakes.xref.loading"]
    assert "sphinx_quicktakes.render.nodes" in edges["sphinx_quicktakes.render.transforms"]
    assert len(edges) > 40


def test_no_import_cycles() -> None:
    edges = graph()
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)
    assert cycles == []


def test_layers_import_only_downwards() -> None:
    wrong = []
    for module, targets in graph().items():
        own = layer(module)
        for target in targets:
            if layer(target) != own and layer(target) not in ALLOWED[own]:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_every_module_belongs_to_a_known_layer() -> None:
    assert {layer(module) for module in modules()} <= set(ALLOWED)


def test_root_has_few_modules() -> None:
    """About a dozen modules directly in the package; the rest live in their layer's folder."""
    top = [path.name for path in PACKAGE.glob("*.py")]
    assert len(top) <= 12, top


def _run_blocked(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + code],
        capture_output=True,
        text=True,
        check=False,
        cwd=PACKAGE.parent,
    )


def test_the_blocker_blocks() -> None:
    result = _run_blocked("import sphinx_quicktakes.render.nodes")
    assert result.returncode != 0
    assert "is blocked" in result.stderr


@pytest.mark.parametrize("module", sorted(name for name in modules() if layer(name) == "library"))
def test_library_imports_without_sphinx(module: str) -> None:
    result = _run_blocked(f"import {module}")
    assert result.returncode == 0, result.stderr


def test_checker_runs_without_sphinx() -> None:
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['sphinx_quicktakes', 'check', {str(SEEDS)!r}]\n"
        "try:\n"
        "    runpy.run_module('sphinx_quicktakes', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'sphinx', 'docutils'})\n"
        "    print('LOADED', loaded)\n"
        "    sys.exit(exit.code)\n"
    )
    result = _run_blocked(code)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout
    assert "QuickTakes" in result.stderr  # the summary line: it did check the seeds
