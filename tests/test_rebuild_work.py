"""What a rebuild does again: files parsed (counted, not timed), lists run again, warnings given again."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from sphinx_quicktakes.library.cache import LibraryCache
from sphinx_quicktakes.library.catalog import build_library, discover
from sphinx_quicktakes.xref.loading import CACHE_ATTRIBUTE, get_domain

from .conftest import SEED_FILES, BuildProject, warnings_of

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
