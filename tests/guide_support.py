"""Run the guides in docs/guides/ from their own text, so that a guide cannot drift from what happens.

A guide marks what a test needs with captioned MyST code blocks::

    ```{code-block} console
    :caption: check the library

    $ python -m sphinx_quicktakes check library
    library/001_...txt:17: invalid YAML ... [quicktakes.yaml]
    ```

``code_blocks`` returns them by caption. A ``console`` block is a transcript: each ``$`` line is
a command, the lines below it the output it printed, where ``...`` stands for lines left out.
``run_transcript`` runs the commands in a project folder and compares the output.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDES = ROOT / "docs" / "guides"
SEEDS = ROOT / "seeds"
#: Where the guides say the project is; the test's own folder is shown as this.
SHOWN_ROOT = "/home/editor/my-site"

_START = re.compile(r"^(?P<indent> *)```\{code-block\} (?P<language>\S+)\s*$")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

#: A guide's programs, run with the interpreter of the test suite.
PROGRAMS = {
    "python": [sys.executable],
    "sphinx-build": [sys.executable, "-m", "sphinx"],
    "sphinx-quickstart": [sys.executable, "-m", "sphinx.cmd.quickstart"],
    "sphinx-autobuild": [sys.executable, "-m", "sphinx_autobuild"],
}


@dataclass(frozen=True)
class Block:
    language: str
    text: str


def code_blocks(guide: str) -> dict[str, Block]:
    """The captioned code blocks of ``docs/guides/<guide>.md``, by caption (each caption once)."""
    lines = (GUIDES / f"{guide}.md").read_text(encoding="utf-8").splitlines()
    blocks: dict[str, Block] = {}
    index = 0
    while index < len(lines):
        start = _START.match(lines[index])
        index += 1
        if not start:
            continue
        indent = start["indent"]
        caption = None
        while index < len(lines) and lines[index].strip().startswith(":"):
            option = lines[index].strip()
            if option.startswith(":caption:"):
                caption = option.removeprefix(":caption:").strip()
            index += 1
        body: list[str] = []
        while lines[index].rstrip() != f"{indent}```":
            body.append(lines[index])
            index += 1
        index += 1
        assert caption is not None, f"a code block of {guide}.md without a caption: {body[:2]}"
        assert caption not in blocks, f"two code blocks of {guide}.md are captioned {caption!r}"
        blocks[caption] = Block(start["language"], textwrap.dedent("\n".join(body)).strip("\n") + "\n")
    return blocks


@dataclass(frozen=True)
class Step:
    command: str
    expected: list[str]


def transcript(block: Block) -> list[Step]:
    """The commands of a ``console`` block, each with the output lines shown below it."""
    assert block.language == "console", block
    steps: list[Step] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            steps.append(Step(line[2:], []))
        elif line.strip():
            assert steps, f"output before the first command: {line!r}"
            steps[-1].expected.append(line)
    return steps


@dataclass(frozen=True)
class Ran:
    command: str
    returncode: int
    output: str


def argv(command: str) -> tuple[dict[str, str], list[str]]:
    """``VAR=value ... program args`` as environment additions and the argv to run."""
    words = shlex.split(command)
    env: dict[str, str] = {}
    while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    program = PROGRAMS.get(words[0], [words[0]])
    return env, [*program, *words[1:]]


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The suite's environment, without Read the Docs' variables, unbuffered and without colour."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("READTHEDOCS")}
    env.update(PYTHONUNBUFFERED="1", NO_COLOR="1", **(extra or {}))
    return env


def run_transcript(block: Block, site: Path) -> list[Ran]:
    """Run each command in ``site`` (``cd`` moves within it) and check its output against the guide."""
    cwd = site
    results: list[Ran] = []
    for step in transcript(block):
        if step.command.startswith("cd "):
            cwd = (cwd / step.command[3:].strip()).resolve()
            continue
        extra, args = argv(step.command)
        done = subprocess.run(
            args,
            cwd=cwd,
            env=child_environment(extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=600,
            check=False,
        )
        output = shown(done.stdout, site)
        assert_shows(step.expected, output, step.command)
        results.append(Ran(step.command, done.returncode, output))
    return results


def shown(output: str, site: Path) -> str:
    """Output as a guide shows it: no colour codes, the project's folder as ``SHOWN_ROOT``."""
    return _ANSI.sub("", output).replace(str(site), SHOWN_ROOT)


def assert_shows(expected: list[str], output: str, command: str) -> None:
    """``expected`` lines appear in ``output`` in order; adjacent ones adjacent, ``...`` skips lines.

    Blank lines are left out of both.

    Without a leading ``...`` the first line shown must be the first line printed; without a
    trailing one, the last line shown the last printed.
    """
    expected = [line for line in expected if line.strip()]  # blank lines are not compared
    if not expected:
        return
    actual = [line.rstrip() for line in output.splitlines() if line.strip()]
    position = 0
    skipping = False
    for line in expected:
        if line.strip() == "...":
            skipping = True
            continue
        if skipping:
            while position < len(actual) and actual[position] != line:
                position += 1
        found = position < len(actual) and actual[position] == line
        assert found, f"`{command}` did not print, where the guide shows it:\n{line}\n\nIt printed:\n{output}"
        position += 1
        skipping = False
    if not skipping:
        assert position == len(actual), f"`{command}` printed more than the guide shows:\n{output}"
