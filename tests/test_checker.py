"""``python -m sphinx_quicktakes check``: the content authors' CI check."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from sphinx_quicktakes import __version__
from sphinx_quicktakes.library import Library, build_library
from sphinx_quicktakes.library.checker import _progress_bar, main, summary
from sphinx_quicktakes.library.model import Problem

from .conftest import SEED_FILES, SEEDS


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx_quicktakes", "check", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_clean_library_passes() -> None:
    result = run(str(SEEDS), cwd=SEEDS.parent)
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "4 QuickTakes, 1 paper, 0 problems"


def test_every_problem_is_printed_with_its_location(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a_html.txt").write_text("---\nid: 2\nquestion: q\nanswer: 'Hi <script>x</script>'\n---\n")
    (tmp_path / "lib" / "b_bad.txt").write_text("---\nid: 1\nquestion: q\nanswer: [oops\n---\n")
    (tmp_path / "lib" / "c_dup.txt").write_text("---\nid: 2\nquestion: again\nanswer: a\n---\n")
    result = run("lib", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "lib/a_html.txt:4: raw HTML (<script>) is shown as text, not rendered [quicktakes.html]",
        "lib/b_bad.txt:4: invalid YAML in front matter: did not find expected ',' or ']' (while parsing a flow "
        "sequence) [quicktakes.yaml]",
        f"lib/c_dup.txt:2: id 2 is already used by {(tmp_path / 'lib' / 'a_html.txt').resolve()}:2; "
        "this file is skipped [quicktakes.duplicate]",
    ]
    assert result.stderr.strip() == "1 QuickTake, 0 papers, 3 problems"


def test_json_output(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"---\nid: 1\nquestion: caf\xe9\n---\n")
    result = run("--json", ".", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["quicktakes"] == 0
    assert report["problems"] == [
        {"path": "bad.txt", "line": 3, "subtype": "encoding", "message": report["problems"][0]["message"]}
    ]


def related_library(tmp_path: Path) -> None:
    """Article 2 names 1 with an outdated title, 3 names 1 with its question, 4 names an article not here."""
    related = "related_article1:\n    id: {id}\n    title: >-\n        {title}\n"
    (tmp_path / "a.txt").write_text("---\nid: 1\nquestion: Current question?\nanswer: a\n---\n")
    (tmp_path / "b.txt").write_text(
        "---\nid: 2\nquestion: q2\nanswer: a\n" + related.format(id=1, title="Old title?") + "---\n"
    )
    (tmp_path / "c.txt").write_text(
        "---\nid: 3\nquestion: q3\nanswer: a\n" + related.format(id=1, title="Current   question?") + "---\n"
    )
    (tmp_path / "d.txt").write_text(
        "---\nid: 4\nquestion: q4\nanswer: a\n" + related.format(id=99, title="Elsewhere?") + "---\n"
    )


def test_stored_related_title_that_differs_is_a_note(tmp_path: Path) -> None:
    related_library(tmp_path)
    result = run(".", cwd=tmp_path)
    assert result.returncode == 0  # a note is not a problem
    assert result.stdout.splitlines() == [
        "b.txt:5: note: related_article1 1 is titled 'Old title?' here, but its question is now "
        "'Current question?'; the pages show the question [quicktakes.related-title]"
    ]
    assert result.stderr.strip() == "4 QuickTakes, 0 papers, 0 problems, 1 note"


def test_notes_are_a_separate_list_in_json(tmp_path: Path) -> None:
    related_library(tmp_path)
    result = run("--json", ".", cwd=tmp_path)
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["problems"] == []
    assert [(n["path"], n["line"], n["subtype"]) for n in report["notes"]] == [("b.txt", 5, "related-title")]


def test_absent_related_articles_are_notes_on_request(tmp_path: Path) -> None:
    related_library(tmp_path)
    result = run("--absent-related", ".", cwd=tmp_path)
    assert result.returncode == 0  # notes, not problems
    assert result.stdout.splitlines() == [
        "b.txt:5: note: related_article1 1 is titled 'Old title?' here, but its question is now "
        "'Current question?'; the pages show the question [quicktakes.related-title]",
        "d.txt:5: note: related_article1 99 is not in the library; a build shows it as text unless "
        "quicktakes_external_base or an inventory links it [quicktakes.related-absent]",
    ]
    assert result.stderr.strip() == "4 QuickTakes, 0 papers, 0 problems, 2 notes"
    as_json = json.loads(run("--json", "--absent-related", ".", cwd=tmp_path).stdout)
    assert [(n["path"], n["line"], n["subtype"]) for n in as_json["notes"]] == [
        ("b.txt", 5, "related-title"),
        ("d.txt", 5, "related-absent"),
    ]


def test_absent_related_lists_what_the_build_warning_counts() -> None:
    """The quickstart's project without the base: the build counts 5 links; the checker lists those 5."""
    result = run("--absent-related", str(SEEDS / SEED_FILES[118100]), cwd=SEEDS.parent)
    lines = result.stdout.splitlines()
    assert len(lines) == 5 and all("[quicktakes.related-absent]" in line for line in lines)
    assert [re.search(r"related_article\d (\d+)", line)[1] for line in lines] == [  # type: ignore[index]
        "118105",
        "118104",
        "118091",
        "118108",
        "118093",
    ]


def test_progress_bar_on_large_folders() -> None:
    stream = io.StringIO()
    items = list(_progress_bar(250, stream)(Path(str(n)) for n in range(250)))
    assert len(items) == 250
    assert stream.getvalue().rstrip().endswith("250/250")
    assert "[" + "#" * 30 + "]" in stream.getvalue()


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_counts_are_singular_for_one() -> None:
    library = build_library([SEEDS / SEED_FILES[118100], SEEDS / SEED_FILES["paper"]])
    library.problems.append(Problem(Path("x.txt"), 1, "yaml", "bad"))
    assert summary(library) == "1 QuickTake, 1 paper, 1 problem"
    library.problems.append(Problem(Path("y.txt"), 1, "yaml", "bad"))
    assert summary(library) == "1 QuickTake, 1 paper, 2 problems"
    assert summary(Library()) == "0 QuickTakes, 0 papers, 0 problems"


def test_a_folder_with_no_quicktake_files_fails(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "notes.rst").write_text("Not a QuickTake\n")
    result = run("lib", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["lib: source 'lib' has no file ending in .txt, .md [quicktakes.sources]"]
    assert result.stderr.strip() == "0 QuickTakes, 0 papers, 1 problem"
    report = json.loads(run("--json", "lib", cwd=tmp_path).stdout)
    assert [p["subtype"] for p in report["problems"]] == ["sources"]


@pytest.mark.parametrize("suffix", ["txt", ".txt", "TXT", "*.txt"])
def test_a_suffix_without_its_dot_is_taken_as_meant(suffix: str) -> None:
    result = run("--suffix", suffix, str(SEEDS), cwd=SEEDS.parent)
    assert result.returncode == 0, result.stdout
    assert result.stderr.strip() == "4 QuickTakes, 1 paper, 0 problems"


def test_a_suffix_with_another_suffix_finds_only_those(tmp_path: Path) -> None:
    (tmp_path / "a.qt.txt").write_text("---\nid: 1\nquestion: q\nanswer: a\n---\n")
    (tmp_path / "b.txt").write_text("---\nid: 2\nquestion: q\nanswer: a\n---\n")
    result = run("--suffix", "qt.txt", ".", cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (0, "1 QuickTake, 0 papers, 0 problems")


def test_what_can_be_no_suffix_is_a_usage_error() -> None:
    result = run("--suffix", "*/", str(SEEDS), cwd=SEEDS.parent)
    assert result.returncode == 2
    assert "'*/' is not a file suffix" in result.stderr


@pytest.mark.parametrize("pattern", ["lib", "lib/*.txt"])
def test_a_symlink_loop_is_a_problem_not_a_traceback(tmp_path: Path, pattern: str) -> None:
    """``os.scandir``'s ``is_file`` raised "Too many levels of symbolic links" and the checker printed a traceback."""
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "good.txt").write_text("---\nid: 1\nquestion: q\nanswer: a\n---\n")
    (tmp_path / "lib" / "loop.txt").symlink_to(tmp_path / "lib" / "loop.txt")
    result = run(pattern, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "lib/loop.txt: cannot be opened (too many levels of symbolic links); not read [quicktakes.path]"
    ]
    assert result.stderr.strip() == "1 QuickTake, 0 papers, 1 problem"


SCRIPT = Path(sys.executable).with_name("sphinx-quicktakes")


def test_console_script_runs_the_checker() -> None:
    """``pip install sphinx-quicktakes`` puts ``sphinx-quicktakes`` on PATH; it is the same command line."""
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "sphinx-quicktakes"]
    assert script.value == "sphinx_quicktakes.__main__:main"
    result = subprocess.run(
        [str(SCRIPT), "check", str(SEEDS)], cwd=SEEDS.parent, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "4 QuickTakes, 1 paper, 0 problems"
    usage = subprocess.run([str(SCRIPT), "check"], capture_output=True, text=True, check=False)
    assert usage.returncode == 2
    assert usage.stderr.startswith("usage: sphinx-quicktakes check")


@pytest.mark.parametrize("command", [[str(SCRIPT)], [sys.executable, "-m", "sphinx_quicktakes"]])
def test_version(command: list[str]) -> None:
    result = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout == f"sphinx-quicktakes {__version__}\n"


def test_help_names_both_commands() -> None:
    result = subprocess.run([str(SCRIPT), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: sphinx-quicktakes {check,shards}")
    assert "  check PATH..." in result.stdout
    assert "  shards CONFDIR" in result.stdout
    bare = subprocess.run([str(SCRIPT)], capture_output=True, text=True, check=False)
    assert bare.returncode == 2
    assert bare.stderr.startswith("usage: sphinx-quicktakes")


def test_the_checker_page_counts_as_the_checker_does() -> None:
    """docs/reference/checker.md promises the singular for one; its example summaries must keep that promise."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "reference" / "checker.md").read_text(encoding="utf-8")
    summaries = re.findall(r"(?m)^\d+ QuickTakes?, .*$", page)
    assert len(summaries) >= 4
    for line in summaries:
        for number, word in re.findall(r"(\d+) (\w+)", line):
            singular = word.removesuffix("s")
            assert word == (singular if number == "1" else singular + "s"), line
