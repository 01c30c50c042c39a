"""The pre-commit hook (``.pre-commit-hooks.yaml``) runs the checker on the files a commit changes.

``pre-commit try-repo`` installs this repository into a fresh environment with pip, as a user's
``pre-commit install`` would, and runs the hook in a small git repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def test_the_hook_manifest_runs_the_console_script() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "sphinx-quicktakes-check"
    assert hook["entry"] == "sphinx-quicktakes check"
    assert hook["language"] == "python"


def test_pre_commit_try_repo_reports_the_broken_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "lib").mkdir(parents=True)
    shutil.copy(SEEDS / "003_9d95fdfe1ac604ce.txt", repo / "lib" / "good.txt")
    (repo / "lib" / "bad.txt").write_text("---\nid: 5\nquestion: q\nanswer: [oops\n---\n", encoding="utf-8")
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "library"]):
        subprocess.run([*git, *command], cwd=repo, check=True, capture_output=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "sphinx-quicktakes-check"]
    result = subprocess.run(
        [*pre_commit, "--all-files"], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "lib/bad.txt:4: invalid YAML in front matter" in result.stdout
    # Both files were given to the checker; the good one has no problem.
    assert "1 QuickTake, 0 papers, 1 problem" in result.stdout
    assert "good.txt" not in result.stdout
