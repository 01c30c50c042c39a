"""The README's set-up section against ``.ci/run``, the CI job it describes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI = ROOT / ".ci" / "run"


def set_up_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Set up\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def fenced(section: str, language: str) -> list[str]:
    return re.findall(rf"(?ms)^```{language}\n(.*?)^```$", section)


def ci_packages() -> list[str]:
    found = re.search(r"(?ms)^packages=\((.*?)\)", CI.read_text(encoding="utf-8"))
    assert found is not None, "no packages=(...) in .ci/run"
    return shlex.split(found[1])


def test_ci_runs_the_first_sh_block_of_two_commands_that_need_only_pypi() -> None:
    # .ci/run's awk takes the first ```sh block under "## Set up" (a ```shell one would match too)
    blocks = fenced(set_up_section(), "sh")
    assert blocks, "no ```sh block under ## Set up"
    commands = [line for line in blocks[0].splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[1] == ".venv/bin/python -m pytest"
    assert not any(word in blocks[0] for word in ("sudo", "apt-get", "npm"))  # no root, no network but PyPI
    assert "/^```sh/" in CI.read_text(encoding="utf-8")


def test_the_readme_names_the_debian_packages_ci_installs() -> None:
    [named] = [
        line.split()
        for block in fenced(set_up_section(), "console")
        for line in block.splitlines()
        if "apt-get install" in line
    ]
    assert named[:3] == ["sudo", "apt-get", "install"]
    assert named[3:] == ci_packages()


def test_the_readme_says_what_ci_adds() -> None:
    section = set_up_section()
    ci = CI.read_text(encoding="utf-8")
    assert "npm ci --prefix tests/browser" in ci
    assert "npm ci --prefix tests/browser" in section
    for variable in ("QUICKTAKES_BROWSER_TESTS", "QUICKTAKES_VALIDATOR_TESTS"):
        assert f"export {variable}=required" in ci
        assert f"{variable}=required" in section
    lowest = re.search(r"(?m)^lowest_sphinx=(\S+)$", ci)
    venv = re.search(r"(?m)^lowest_venv=(\S+)$", ci)
    assert lowest is not None and venv is not None
    assert f"sphinx=={lowest[1]}" in section and f"`{venv[1]}`" in section
    assert "exactly these two commands" not in section  # it does more: packages, npm, a second run


def test_the_test_files_the_readme_names_exist() -> None:
    for pattern in re.findall(r"`(tests/test_[\w*]+\.py)`", set_up_section()):
        assert sorted(ROOT.glob(pattern)), pattern
