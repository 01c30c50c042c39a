"""The build never reads its own output back as input (``sphinx-build docs docs/_out``)."""

from __future__ import annotations

from pathlib import Path

from sphinx.util.console import strip_escape_sequences

from .conftest import BuildProject, warnings_of


def test_an_output_folder_inside_the_source_folder_is_not_read(project: BuildProject, tmp_path: Path) -> None:
    builddir = tmp_path / "docs" / "_out"  # not named by the root's exclude_patterns (["_build"])
    first = project("pages", builddir=builddir)
    first.build()
    assert warnings_of(first) == ""
    copies = sorted((first.outdir / "questions").glob("*.md"))
    assert copies  # llms.txt's Markdown copies: MyST sources, had they been read
    first.cleanup()
    second = project("pages", builddir=builddir)
    second.build()
    assert warnings_of(second) == ""
    assert not [doc for doc in second.env.found_docs if doc.startswith("_out/")]
    assert second.config.exclude_patterns == ["_build", "_out/html", "_out/doctrees"]
    assert not (second.outdir / "_out").exists()


def test_a_full_rebuild_of_the_same_output_reads_the_same_documents(project: BuildProject, tmp_path: Path) -> None:
    """The added pattern is the same on every build, so it is no config change that re-reads everything."""
    builddir = tmp_path / "docs" / "_out"
    first = project("pages", builddir=builddir)
    first.build()
    first.cleanup()
    again = project("pages", builddir=builddir)
    again.build()
    status = strip_escape_sequences(again.status.getvalue())
    assert "0 source files that are out of date" in status
    assert "0 added, 0 changed, 0 removed" in status


def test_exclude_patterns_are_left_alone_when_they_name_the_output(project: BuildProject) -> None:
    app = project("pages")  # output in docs/_build, which the root excludes
    assert app.config.exclude_patterns == ["_build"]


def test_an_output_folder_outside_the_source_folder_changes_nothing(project: BuildProject, tmp_path: Path) -> None:
    app = project("pages", builddir=tmp_path / "elsewhere")
    assert app.config.exclude_patterns == ["_build"]


def test_an_earlier_html_output_is_not_read_by_another_builder(project: BuildProject, tmp_path: Path) -> None:
    """``-b html docs docs/_out/html`` then ``-b text docs docs/_out/text``: the HTML copies stay out."""
    builddir = tmp_path / "docs" / "_out"
    html = project("pages", builddir=builddir)
    html.build()
    html.cleanup()
    text = project("pages", "text", builddir=builddir)
    text.build()
    assert warnings_of(text) == ""
    assert "_out/html" in text.config.exclude_patterns
    assert not [doc for doc in text.env.found_docs if doc.startswith("_out/")]
