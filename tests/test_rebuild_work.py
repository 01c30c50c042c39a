"""What a rebuild does again: files parsed (counted, not timed), lists run again, warnings given again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_quicktakes.library.cache import LibraryCache
from sphinx_quicktakes.library.catalog import build_library, discover
from sphinx_quicktakes.library.selection import Selection
from sphinx_quicktakes.publishing import export
from sphinx_quicktakes.publishing.pages import MARKER
from sphinx_quicktakes.xref.loading import CACHE_ATTRIBUTE, get_domain

from .conftest import SEED_FILES, BuildProject, page, warnings_of

BAD_FILE = "---\nid: 12\nquestion: [unclosed\n---\n"


def cache_of(app: SphinxTestApp) -> LibraryCache:
    cache = getattr(app.env, CACHE_ATTRIBUTE)
    assert isinstance(cache, LibraryCache)
    return cache


def touch_later(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def rebuild(project: BuildProject, **kwargs: object) -> tuple[SphinxTestApp, list[str]]:
    app = project("basic", **kwargs)
    reread: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: reread.extend(docnames))
    app.build()
    return app, sorted(reread)


def test_a_rebuild_with_nothing_changed_parses_no_file(project: BuildProject) -> None:
    app = project("basic")
    app.build()
    assert cache_of(app).parsed == len(SEED_FILES)
    app, reread = rebuild(project)
    assert (cache_of(app).parsed, cache_of(app).reused) == (0, len(SEED_FILES))
    assert reread == []
    assert get_domain(app.env).changes is not None and get_domain(app.env).changes.none


def test_an_edit_parses_that_file_only_and_the_library_equals_a_fresh_load(project: BuildProject) -> None:
    app = project("basic")
    app.build()
    seeds = app.srcdir.parent / "seeds"
    seed = seeds / SEED_FILES[118109]
    touch_later(seed, seed.read_text(encoding="utf-8").replace("Imaging plays a crucial role", "EDITED", 1))
    (seeds / SEED_FILES[97068]).rename(seeds / "renamed.txt")
    app, reread = rebuild(project)
    assert cache_of(app).parsed == 2  # the edited file and the renamed one (a new path)
    assert reread == ["options", "paths", "rst_page"]  # rst_page shows 97068
    paths, roots, problems = discover(["../seeds"], app.srcdir)
    fresh = build_library(paths, roots, problems)
    library = get_domain(app.env).library
    assert library.quicktakes == fresh.quicktakes and library.papers == fresh.papers
    assert library.problems == fresh.problems


def test_warnings_of_a_cached_bad_file_come_on_every_build(project: BuildProject) -> None:
    app = project("basic", files={"seeds/bad.txt": BAD_FILE})
    app.build()
    first = [line for line in warnings_of(app).splitlines() if "bad.txt" in line]
    assert first
    app, _ = rebuild(project)
    assert cache_of(app).parsed == 0
    assert [line for line in warnings_of(app).splitlines() if "bad.txt" in line] == first


def test_a_changed_setting_or_a_fresh_environment_parses_everything(project: BuildProject) -> None:
    project("basic").build()
    app, _ = rebuild(project, confoverrides={"quicktakes_source_suffixes": [".txt", ".md", ".text"]})
    assert cache_of(app).parsed == len(SEED_FILES)
    app, _ = rebuild(project, confoverrides={"quicktakes_source_suffixes": [".txt", ".md", ".text"]})
    assert cache_of(app).parsed == 0
    app = project("basic", freshenv=True, confoverrides={"quicktakes_source_suffixes": [".txt", ".md", ".text"]})
    app.build()
    assert cache_of(app).parsed == len(SEED_FILES)


def test_lists_run_again_only_when_a_changed_article_matches_them(project: BuildProject) -> None:
    """An edit outside every list's selection re-reads no list page; one inside re-reads the page."""
    lists = (
        "Lists\n=====\n\n.. quicktake-list::\n   :subject: Nursing\n\n"
        ".. quicktake-list::\n   :keyword: imaging\n   :sort: title\n"
    )
    app = project(
        "basic", files={"docs/lists.rst": lists, "docs/index.rst": "Index\n=====\n\n.. toctree::\n   :glob:\n\n   *\n"}
    )
    app.build()
    seeds = app.srcdir.parent / "seeds"
    touch_later(
        seeds / "outside.txt", "---\nid: 31\nquestion: Outside every list?\nanswer: Yes.\nsubject: Biology\n---\n"
    )
    app, reread = rebuild(project)
    assert "lists" not in reread
    touch_later(seeds / "inside.txt", "---\nid: 32\nquestion: Inside a list?\nanswer: Yes.\nsubject: Nursing\n---\n")
    app, reread = rebuild(project)
    assert "lists" in reread
    assert "Inside a list?" in (app.outdir / "lists.html").read_text(encoding="utf-8")


def test_an_answer_edit_runs_no_list_again(project: BuildProject, monkeypatch: pytest.MonkeyPatch) -> None:
    """What lists show and choose by did not change: no list is run to find out (counted, not timed)."""
    app = project("pages")
    app.build()
    seed = app.srcdir.parent / "seeds" / SEED_FILES[118109]
    touch_later(seed, seed.read_text(encoding="utf-8").replace("Imaging plays a crucial role", "NEW ANSWER", 1))
    runs: list[Selection] = []
    apply = Selection.apply
    monkeypatch.setattr(Selection, "apply", lambda self, library: runs.append(self) or apply(self, library))
    app = project("pages")
    reread: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: reread.extend(docnames))
    app.build()
    assert reread == []  # its page comes from data: no document shows the answer
    assert runs == []
    assert "NEW ANSWER" in (app.outdir / "questions" / "118109.html").read_text(encoding="utf-8")


def output_times(outdir: Path) -> dict[str, int]:
    """mtime (ns) of every Markdown copy, llms.txt, quicktakes.json and citation file."""
    files = [*outdir.rglob("*.md"), outdir / "llms.txt", outdir / "quicktakes.json", *outdir.glob("_citations/*")]
    return {str(path.relative_to(outdir)): path.stat().st_mtime_ns for path in files if path.is_file()}


def rebuild_pages(project: BuildProject, buildername: str = "html", **kwargs: object) -> SphinxTestApp:
    app = project("pages", buildername=buildername, **kwargs)
    app.build()
    return app


def test_outputs_are_made_again_only_when_what_they_show_changed(project: BuildProject) -> None:
    app = rebuild_pages(project)
    outdir, seeds = app.outdir, app.srcdir.parent / "seeds"
    first = output_times(outdir)
    assert "questions/118109.md" in first and "llms.txt" in first and "quicktakes.json" in first
    assert any(name.startswith("_citations/") for name in first)

    app = rebuild_pages(project)
    assert output_times(outdir) == first  # nothing changed: nothing is made again
    assert cache_of(app).parsed == 0

    seed = seeds / SEED_FILES[118109]
    touch_later(seed, seed.read_text(encoding="utf-8").replace("Imaging plays a crucial role", "EDITED ANSWER", 1))
    app = rebuild_pages(project)
    second = output_times(outdir)
    remade = {name for name in first if second[name] != first[name]}
    assert remade == {"questions/118109.md"}  # llms.txt and quicktakes.json show no answers
    assert "EDITED ANSWER" in (outdir / "questions" / "118109.md").read_text(encoding="utf-8")

    (outdir / "questions" / "97068.md").unlink()
    (outdir / "llms.txt").unlink()
    rebuild_pages(project)
    assert (outdir / "questions" / "97068.md").is_file() and (outdir / "llms.txt").is_file()


def test_outputs_follow_edits_read_by_another_builder_first(project: BuildProject) -> None:
    """The builders share the doctree folder: a text build that reads the edit first must not hide it from html."""
    app = rebuild_pages(project)
    outdir, seeds = app.outdir, app.srcdir.parent / "seeds"
    seed = seeds / SEED_FILES[118109]
    touch_later(seed, seed.read_text(encoding="utf-8").replace("Imaging plays a crucial role", "READ BY TEXT", 1))
    rebuild_pages(project, buildername="text")
    app = rebuild_pages(project)
    assert "READ BY TEXT" in (outdir / "questions" / "118109.md").read_text(encoding="utf-8")
    assert "READ BY TEXT" not in (outdir / "quicktakes.json").read_text(encoding="utf-8")  # answers are not in it
    assert cache_of(app).parsed == 0


def test_outputs_follow_the_configuration(project: BuildProject) -> None:
    rebuild_pages(project)
    app = rebuild_pages(project, confoverrides={"html_baseurl": "https://example.org/docs/"})
    assert "https://example.org/docs/questions/" in (app.outdir / "llms.txt").read_text(encoding="utf-8")
    copy = (app.outdir / "questions" / "118109.md").read_text(encoding="utf-8")
    assert "(<https://example.org/docs/questions/118100.md>)" in copy  # its related article 118100 is on the site


def test_outputs_follow_the_language(project: BuildProject) -> None:
    """An "env" setting (the language) as much as an "html" one: the labels and dates of the copies change."""
    app = rebuild_pages(project)
    assert "Keywords:" in (app.outdir / "questions" / "118109.md").read_text(encoding="utf-8")
    app = rebuild_pages(project, confoverrides={"language": "fr"})
    copy = (app.outdir / "questions" / "118109.md").read_text(encoding="utf-8")
    assert "Mots-clés :" in copy and "Keywords:" not in copy


def test_generated_sources_are_not_read_again_when_unchanged(project: BuildProject) -> None:
    app = rebuild_pages(project)
    folder = app.srcdir / "questions"
    times = {path: path.stat().st_mtime_ns for path in folder.rglob("*.rst")}
    original = (folder / "index.rst").read_text(encoding="utf-8")
    (folder / "index.rst").write_text(f"{MARKER}\n\nEdited by hand\n", encoding="utf-8")  # still marked generated
    rebuild_pages(project)
    assert (folder / "index.rst").read_text(encoding="utf-8") == original  # put back
    (folder / "dates.rst").unlink()
    rebuild_pages(project)
    assert (folder / "dates.rst").is_file()
    unchanged = {path: path.stat().st_mtime_ns for path in folder.rglob("*.rst")}
    assert {path for path in times if times[path] != unchanged[path]} == {folder / "index.rst", folder / "dates.rst"}


def test_pages_with_lists_are_not_kept_in_memory_until_written(project: BuildProject) -> None:
    """A serial build keeps read doctrees until it writes them, except those of list pages (memory.py)."""
    app = project("pages", confoverrides={"quicktakes_data_pages": False})  # article pages as documents
    kept: set[str] = set()
    app.connect("env-updated", lambda app, env: kept.update(getattr(env, "_write_doc_doctree_cache", {})), priority=900)
    app.build()
    assert "questions/118109" in kept  # an article page: kept, as Sphinx does
    assert not {"questions/dates", "questions/subjects/medicine"} & kept
    listing = page(app, "questions/subjects/medicine")
    assert [a.get_text() for a in listing.select(".qt-list-title")]  # written from the doctree file instead


def _other_value(value: object, keep: tuple[str, ...] = ()) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # seo: all but what the export shows
        fields = [f.name for f in dataclasses.fields(value) if f.name not in keep]
        return dataclasses.replace(value, **{name: _other_value(getattr(value, name)) for name in fields})
    if isinstance(value, str):
        return value + " CHANGED"
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, bool) or value is None:
        return "CHANGED"
    if isinstance(value, int | float):
        return value + 7
    if isinstance(value, dict):
        return {**value, "changed": 1}
    if isinstance(value, tuple):
        return (*value, "changed")
    return "CHANGED"


def test_the_export_reads_only_the_fields_its_digest_covers(project: BuildProject) -> None:
    """quicktakes.json is not built again while ARTICLE_FIELDS and PAPER_FIELDS stay the same: so build()
    must read no other field of a record.  Changing every other field, one at a time, changes nothing."""
    app = project("pages")
    app.build()
    library = get_domain(app.env).library
    before = export.build(app)
    for records, names in ((library.quicktakes, export.ARTICLE_FIELDS), (library.papers, export.PAPER_FIELDS)):
        key = next(iter(records))
        original = records[key]  # type: ignore[index]
        others = [field.name for field in dataclasses.fields(original) if field.name not in names]
        assert others  # the answer, for one
        for name in others:
            changed = _other_value(getattr(original, name), keep=names)
            records[key] = dataclasses.replace(original, **{name: changed})  # type: ignore[index]
            assert export.build(app) == before, name
        for name in names:  # and each field it covers does show (or decides where links go)
            if name in ("id", "path", "related", "rating") or name not in {
                f.name for f in dataclasses.fields(original)
            }:
                continue  # keys, a property (a QuickTake's keywords are its seo's), or shown only at times
            records[key] = dataclasses.replace(original, **{name: _other_value(getattr(original, name))})  # type: ignore[index]
            assert export.build(app) != before, name
        records[key] = original  # type: ignore[index]
    key = next(qt_id for qt_id, qt in library.quicktakes.items() if qt.related)
    original = library.quicktakes[key]
    for name in ("subject", "position", "line", "extra"):  # of a related article, only id, title and url show
        related = dataclasses.replace(original.related[0], **{name: _other_value(getattr(original.related[0], name))})
        library.quicktakes[key] = dataclasses.replace(original, related=(related, *original.related[1:]))
        assert export.build(app) == before, name
    library.quicktakes[key] = original


def _made_outputs(outdir: Path) -> dict[str, bytes]:
    """The files the output digests decide about: Markdown copies, llms.txt, quicktakes.json, citations."""
    files = [*outdir.glob("questions/**/*.md"), outdir / "llms.txt", outdir / "quicktakes.json"]
    files += outdir.glob("_citations/*")
    return {str(path.relative_to(outdir)): path.read_bytes() for path in files if path.is_file()}


def test_made_outputs_equal_a_clean_build_after_each_kind_of_edit(
    project: BuildProject, make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    """Every file a clean build makes is the same, byte for byte, in the incremental build after each edit.

    (Files a clean build no longer makes, such as the copy of a deleted article, are not looked at here.)
    """
    app = rebuild_pages(project)
    seeds = app.srcdir.parent / "seeds"
    paper = seeds / SEED_FILES["paper"]

    def edit(name: str, old: str, new: str) -> None:
        path = seeds / name
        touch_later(path, path.read_text(encoding="utf-8").replace(old, new, 1))

    steps = [
        lambda: edit(SEED_FILES[118109], "Imaging plays a crucial role", "An edited answer:"),
        lambda: edit(SEED_FILES[118100], "question: >-\n    ", "question: >-\n    Retitled: "),
        lambda: edit(SEED_FILES[118136], "subject: Medicine", "subject: Nursing"),
        lambda: edit(SEED_FILES[97068], "related_article1:\n    id: 97057", "related_article1:\n    id: 118109"),
        lambda: touch_later(seeds / "new.txt", "---\nid: 31\nquestion: New?\nanswer: Yes.\nsubject: Biology\n---\n"),
        lambda: (seeds / "new.txt").rename(seeds / "moved.txt"),
        lambda: (seeds / SEED_FILES[118100]).unlink(),
        lambda: touch_later(paper, paper.read_text(encoding="utf-8").replace("Primer for radiologists", "A primer")),
    ]
    for number, step in enumerate(steps):
        step()
        incremental = rebuild_pages(project)
        clean = make_app("html", srcdir=app.srcdir, builddir=tmp_path / f"clean{number}", freshenv=True)
        clean.build()
        expected, found = _made_outputs(clean.outdir), _made_outputs(incremental.outdir)
        assert expected, number
        different = sorted(name for name in expected if found.get(name) != expected[name])
        assert different == [], (number, different)
