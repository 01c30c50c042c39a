"""Bad input in a real build: located, typed warnings; the rest still builds; -W fails."""

from __future__ import annotations

import re
import subprocess
import sys

from bs4 import BeautifulSoup

from .conftest import BuildProject, warnings_of

GOOD = "---\nid: 42\nquestion: Still here?\nanswer: Yes.\n---\n&nbsp;\n"
BAD_FILES: dict[str, bytes | str] = {
    "seeds/bad/no_front_matter.txt": "id: 1\nquestion: q\n",
    "seeds/bad/unterminated.txt": "---\nid: 1\nquestion: q\nanswer: a\n",
    "seeds/bad/yaml_error.txt": "---\nid: 1\nquestion: q\nanswer: [oops\n---\n",
    "seeds/bad/missing_answer.txt": "---\nid: 2\nquestion: q\n---\n",
    "seeds/bad/bad_id.txt": "---\nid: twelve\nquestion: q\nanswer: a\n---\n",
    "seeds/bad/duplicate.txt": "---\nid: 118100\nquestion: Copy?\nanswer: a\n---\n",
    "seeds/bad/latin1.txt": b"---\nid: 3\nquestion: caf\xe9\nanswer: a\n---\n",
    "seeds/bad/binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "seeds/bad/alias.txt": "---\nid: 4\nquestion: &q q\nanswer: *q\n---\n",
    "seeds/good.txt": GOOD,
}
EXPECTED = [
    ("bad/alias.txt", 3, "yaml"),
    ("bad/bad_id.txt", 2, "id"),
    ("bad/binary.txt", 3, "binary"),
    ("bad/duplicate.txt", 2, "duplicate"),
    ("bad/latin1.txt", 3, "encoding"),
    ("bad/missing_answer.txt", 1, "missing"),
    ("bad/no_front_matter.txt", 1, "frontmatter"),
    ("bad/unterminated.txt", 1, "frontmatter"),
    ("bad/yaml_error.txt", 4, "yaml"),
]
PAGE = "Page\n====\n\n.. quicktake:: 42\n\n.. quicktake:: 118100\n\n.. quicktake:: 99999\n"
WARNING = re.compile(r"^(?P<path>\S+?):(?P<line>\d+): WARNING: .* \[quicktakes\.(?P<subtype>\w+)\]$", re.M)


def found(app) -> list[tuple[str, int, str]]:
    root = str(app.srcdir.parent / "seeds") + "/"
    return sorted(
        (m["path"].removeprefix(root), int(m["line"]), m["subtype"])
        for m in WARNING.finditer(warnings_of(app))
        if m["path"].startswith(root)
    )


def test_every_bad_file_is_a_located_typed_warning(project: BuildProject) -> None:
    app = project("minimal", files={**BAD_FILES, "docs/index.rst": PAGE})
    app.build()
    assert found(app) == EXPECTED
    warnings = warnings_of(app)
    assert "index.rst:8: WARNING: no QuickTake with id 99999 in quicktakes_sources [quicktakes.unknown]" in warnings
    assert "118100 is already used by" in warnings


def test_everything_else_still_builds(project: BuildProject) -> None:
    app = project("minimal", files={**BAD_FILES, "docs/index.rst": PAGE})
    app.build()
    soup = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["id"] for a in soup.find_all("article")] == ["qt-42", "qt-118100"]
    # the duplicate file lost: the seed (first in path order) is shown
    assert soup.find("article", id="qt-118100").find("h2").get_text().startswith("How is imaging used")


def test_warnings_fail_the_build_with_dash_w(project: BuildProject) -> None:
    app = project("minimal", files={"seeds/bad.txt": BAD_FILES["seeds/bad/yaml_error.txt"]})
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(app.srcdir), str(app.outdir / "w")]
    failed = subprocess.run(command, capture_output=True, text=True, check=False)
    assert failed.returncode == 1
    assert re.search(r"bad\.txt:4: WARNING: invalid YAML.*\[quicktakes\.yaml\]", failed.stderr)
    (app.srcdir.parent / "seeds" / "bad.txt").unlink()
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0


def test_suppress_warnings_by_subtype(project: BuildProject) -> None:
    app = project(
        "minimal",
        files={**BAD_FILES, "docs/index.rst": PAGE},
        confoverrides={"suppress_warnings": ["quicktakes.yaml", "quicktakes.unknown"]},
    )
    app.build()
    subtypes = {subtype for *_, subtype in found(app)}
    assert "yaml" not in subtypes and "id" in subtypes
    assert "quicktakes.unknown" not in warnings_of(app)


def test_directive_problems(project: BuildProject) -> None:
    page = (
        "Page\n====\n\n"
        ".. quicktake:: ../seeds/004_bbd3cc5c83d1ebee.txt\n\n"
        ".. quicktake:: ../seeds/missing.txt\n\n"
        ".. quicktake:: 118100\n   :hide: everything\n"
    )
    app = project("minimal", files={"docs/index.rst": page})
    app.build()
    warnings = warnings_of(app)
    assert "index.rst:4: WARNING: '../seeds/004_bbd3cc5c83d1ebee.txt' is a journal paper" in warnings
    assert "[quicktakes.kind]" in warnings
    assert "index.rst:6: WARNING: QuickTake file '../seeds/missing.txt' not found [quicktakes.unknown]" in warnings
    assert "unknown part(s) everything" in warnings


def test_missing_source_folder(project: BuildProject) -> None:
    app = project("minimal", confoverrides={"quicktakes_sources": ["../seeds", "../nowhere"]})
    app.build()
    assert "source '../nowhere' does not exist [quicktakes.sources]" in warnings_of(app)


def test_loading_progress_is_reported(project: BuildProject) -> None:
    app = project("minimal")
    app.build()
    assert "loading quicktakes..." in app.status.getvalue()
