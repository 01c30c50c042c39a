"""The supported Sphinx range, the version .ci/run tests as the lowest, and the installation page agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def sphinx_requirement() -> Requirement:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (sphinx,) = [Requirement(line) for line in project["dependencies"] if Requirement(line).name == "sphinx"]
    return sphinx


def ci_lowest() -> str:
    found = re.search(r"(?m)^lowest_sphinx=(\S+)$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    assert found is not None, ".ci/run no longer pins the lowest Sphinx"
    return found[1]


def test_ci_tests_the_lowest_release_of_the_supported_range() -> None:
    requirement = sphinx_requirement()
    (floor,) = [spec.version for spec in requirement.specifier if spec.operator == ">="]
    lowest = Version(ci_lowest())
    assert lowest in requirement.specifier
    # the floor's own series (8.2.x for ">=8.2"): its last patch release is what users of the floor get
    assert lowest.release[:2] == Version(floor).release[:2]


def test_ci_runs_the_whole_suite_and_the_docs_under_the_lowest() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    block = script[script.index("lowest_sphinx=") :]
    assert 'pip" install -q -e ".[test]" "sphinx==$lowest_sphinx"' in block
    assert 'bin/sphinx-build" -W -n -b html docs/' in block
    assert re.search(r'(?m)^"\$lowest_venv/bin/python" -m pytest$', block)
    assert "set -euo pipefail" in script[: script.index("lowest_sphinx=")]


def test_installation_page_states_the_tested_versions() -> None:
    page = (ROOT / "docs" / "installation.md").read_text(encoding="utf-8")
    ranges = re.findall(r"`(sphinx(?:>=|<)[^`]*)`", page)
    assert ranges and all(Requirement(text).specifier == sphinx_requirement().specifier for text in ranges)
    assert f"| {ci_lowest()}, the lowest |" in page
    assert f"`sphinx=={ci_lowest()}`" in page
