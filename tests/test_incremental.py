"""Incremental builds re-read exactly the pages whose QuickTakes changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import SEED_FILES, BuildProject


def rebuild(project: BuildProject) -> tuple[list[str], object]:
    """Build again on the same directories; return the docnames Sphinx re-read."""
    app = project("basic")
    reread: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: reread.extend(docnames))
    app.build()
    return sorted(reread), app


def touch_later(path: Path, text: str) -> None:
    """Write *text* with an mtime clearly after the previous build."""
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def test_editing_a_file_rebuilds_only_its_pages(project: BuildProject) -> None:
    project("basic").build()
    seeds = project("basic").srcdir.parent / "seeds"
    assert rebuild(project)[0] == []

    seed = seeds / SEED_FILES[118109]  # shown by paths.rst (by path) and options.rst (by id)
    touch_later(seed, seed.read_text(encoding="utf-8").replace("Imaging plays a crucial role", "EDITED ANSWER", 1))
    reread, app = rebuild(project)
    assert reread == ["options", "paths"]
    assert "EDITED ANSWER" in (app.outdir / "paths.html").read_text(encoding="utf-8")


def test_new_file_with_a_previously_unknown_id_rebuilds_its_page(project: BuildProject) -> None:
    app = project("basic", files={"docs/extra.rst": "Extra\n=====\n\n.. quicktake:: 5\n"})
    app.build()
    assert "no QuickTake with id 5" in app.warning.getvalue()
    seeds = app.srcdir.parent / "seeds"
    touch_later(seeds / "new.txt", "---\nid: 5\nquestion: Newly added?\nanswer: Yes.\n---\n")
    reread, app = rebuild(project)
    assert reread == ["extra"]
    assert "Newly added?" in (app.outdir / "extra.html").read_text(encoding="utf-8")


def test_deleting_a_file_rebuilds_its_pages_with_a_warning(project: BuildProject) -> None:
    app = project("basic")
    app.build()
    (app.srcdir.parent / "seeds" / SEED_FILES[118136]).unlink()
    reread, app = rebuild(project)
    assert reread == ["md_page"]
    assert "no QuickTake with id 118136" in app.warning.getvalue()
    assert "qt-118136" not in (app.outdir / "md_page.html").read_text(encoding="utf-8")


def test_an_id_moving_to_another_file_rebuilds_its_page(project: BuildProject) -> None:
    app = project("basic")
    app.build()
    seeds = app.srcdir.parent / "seeds"
    old = seeds / SEED_FILES[118136]
    text = old.read_text(encoding="utf-8").replace("Imaging plays a crucial role", "MOVED", 1)
    old.unlink()
    touch_later(seeds / "renamed.txt", text)
    reread, app = rebuild(project)
    assert reread == ["md_page"]
    assert "MOVED" in (app.outdir / "md_page.html").read_text(encoding="utf-8")


# -- the reproductions of issue 11: each of these outputs went stale on an incremental build ------

NEW_QUESTION = "How is imaging used to drain a liver abscess, in the edited file?"


def retitle(path: Path, question: str) -> None:
    """Give the QuickTake file at *path* a new question (its ``question`` and ``title`` fields)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(("question:", "title:")):
            lines[index + 1] = f"    {question}\n"  # the folded ">-" value is on the next line
    touch_later(path, "".join(lines))


def test_role_link_text_follows_the_retitled_article(project: BuildProject) -> None:
    files = {
        "docs/index.rst": "Site\n====\n\n.. toctree::\n\n   a\n   b\n",
        "docs/a.rst": "A\n=\n\n.. quicktake:: 118100\n",
        "docs/b.rst": "B\n=\n\nSee :qt:article:`118100`.\n",
    }
    app = project("minimal", files=files)
    app.build()
    old = question_of(app.srcdir.parent / "seeds" / SEED_FILES[118100])
    assert old in (app.outdir / "b.html").read_text(encoding="utf-8")
    retitle(app.srcdir.parent / "seeds" / SEED_FILES[118100], NEW_QUESTION)
    reread, app = rebuild_root(project, "minimal")
    assert reread == ["a"]  # b shows no file: it is written again, not read again
    role = BeautifulSoup((app.outdir / "b.html").read_text(encoding="utf-8"), "html.parser").find(
        class_="qt-article-ref"
    )
    assert role.get_text() == NEW_QUESTION
    assert old not in (app.outdir / "b.html").read_text(encoding="utf-8")


def question_of(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("question: >-\n    ", 1)[1].split("\n", 1)[0]


def rebuild_root(project: BuildProject, root: str, **kwargs: object) -> tuple[list[str], object]:
    app = project(root, **kwargs)
    reread: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: reread.extend(docnames))
    app.build()
    return sorted(reread), app


def related_titles(html: Path, qt_id: int) -> list[str]:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return [span.get_text() for span in soup.find("article", id=f"qt-{qt_id}").select(".qt-related-title")]


def test_related_card_shows_the_targets_current_question(project: BuildProject) -> None:
    # 118109 names 118100 among its related articles, with the title its file stores.
    files = {"docs/index.rst": "Site\n====\n\n.. quicktake:: 118109\n\n.. quicktake:: 118100\n"}
    app = project("minimal", files=files)
    app.build()
    seed = app.srcdir.parent / "seeds" / SEED_FILES[118100]
    stored = question_of(seed)
    assert stored in related_titles(app.outdir / "index.html", 118109)
    retitle(seed, NEW_QUESTION)
    _, app = rebuild_root(project, "minimal")
    titles = related_titles(app.outdir / "index.html", 118109)
    assert NEW_QUESTION in titles and stored not in titles
    # a related article outside the library keeps the title its referrer stores
    assert "How is PET-CT used in the diagnosis and management of HCC?" in titles


def test_related_card_is_rewritten_when_only_the_target_changes(project: BuildProject) -> None:
    files = {
        "docs/index.rst": "Site\n====\n\n.. toctree::\n\n   a\n   b\n",
        "docs/a.rst": "A\n=\n\n.. quicktake:: 118109\n",
        "docs/b.rst": "B\n=\n\n.. quicktake:: 118100\n",
    }
    app = project("minimal", files=files)
    app.build()
    retitle(app.srcdir.parent / "seeds" / SEED_FILES[118100], NEW_QUESTION)
    reread, app = rebuild_root(project, "minimal")
    assert reread == ["b"]
    assert NEW_QUESTION in related_titles(app.outdir / "a.html", 118109)


@pytest.mark.parametrize(
    ("builder", "page", "copy"),
    [
        ("html", "questions/118136.html", "questions/118136.md"),
        ("dirhtml", "questions/118136/index.html", "questions/118136/index.md"),
    ],
)
def test_a_deleted_article_leaves_the_site(project: BuildProject, builder: str, page: str, copy: str) -> None:
    app = project("pages", buildername=builder)
    app.build()
    outdir = app.outdir
    mine = outdir / "questions" / "keep-me.txt"  # a file of the user's in the output folder
    mine.write_text("mine", encoding="utf-8")
    source = outdir / "_sources" / "questions" / "118136.txt"  # Show source: the QuickTake file
    assert (outdir / page).is_file() and (outdir / copy).is_file() and source.is_file()
    (app.srcdir.parent / "seeds" / SEED_FILES[118136]).unlink()
    app = project("pages", buildername=builder)
    app.build()
    assert not (outdir / page).exists()
    assert not (outdir / copy).exists()
    assert not source.exists()
    if builder == "dirhtml":
        assert not (outdir / "questions" / "118136").exists()  # the page's folder, once empty
    assert mine.read_text(encoding="utf-8") == "mine"
    assert (outdir / page.replace("118136", "118100")).is_file()  # the others stay


def test_a_dropped_paper_takes_its_page_and_citation_files(project: BuildProject) -> None:
    app = project("pages")
    app.build()
    citations = sorted((app.outdir / "_citations").iterdir())
    paper_page = app.outdir / "questions" / "papers" / "10-1016-j-clinimag-2023-110022.html"
    assert citations and paper_page.is_file()
    (app.srcdir.parent / "seeds" / SEED_FILES["paper"]).unlink()
    app = project("pages")
    app.build()
    assert not paper_page.exists()
    assert not any(path.exists() for path in citations)


def link_rel(html: Path, rel: str) -> str:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return soup.find("link", rel=rel)["href"]


@pytest.mark.parametrize("theme", ["alabaster", "quicktakes"])
def test_previous_page_follows_a_subject_page_added_before(project: BuildProject, theme: str) -> None:
    app = project("pages", confoverrides={"html_theme": theme})
    app.build()
    medicine = app.outdir / "questions" / "subjects" / "medicine.html"
    assert link_rel(medicine, "prev") == "../index.html"
    new = "---\nid: 7\nquestion: Where is the liver?\nanswer: Under the ribs.\nsubject: Anatomy\n---\n"
    touch_later(app.srcdir.parent / "seeds" / "anatomy.txt", new)
    reread, app = rebuild_root(project, "pages", confoverrides={"html_theme": theme})
    assert "questions/subjects/medicine" not in reread
    # The subject page of "Anatomy", now before it (article pages come from data, outside the toctree).
    assert link_rel(medicine, "prev") == "anatomy.html"
    if theme == "quicktakes":
        pager = BeautifulSoup(medicine.read_text(encoding="utf-8"), "html.parser").find(class_="qt-pager-prev")
        assert "Anatomy" in pager.get_text()


def test_home_page_toctree_follows_a_new_keyword_letter(project: BuildProject, monkeypatch: pytest.MonkeyPatch) -> None:
    # A page per letter, as a library with many keywords has (this one has few enough for one page).
    monkeypatch.setattr("sphinx_quicktakes.publishing.pages.KEYWORDS_ON_ONE_PAGE", 0)
    app = project("pages")
    app.build()
    assert "Keywords: Z" not in (app.outdir / "index.html").read_text(encoding="utf-8")
    seed = app.srcdir.parent / "seeds" / SEED_FILES[118100]
    touch_later(
        seed,
        seed.read_text(encoding="utf-8").replace(
            "  page_keywords: >-\n    ", "  page_keywords: >-\n    zonal anatomy, ", 1
        ),
    )
    reread, app = rebuild_root(project, "pages")
    assert "index" not in reread  # its source did not change; the keyword pages two levels below did
    assert "questions/keywords/z" in reread
    home = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Keywords: Z" in [a.get_text() for a in home.select(".toctree-wrapper a")]


def test_unchanged_outputs_keep_their_time_and_changed_ones_are_replaced(project: BuildProject) -> None:
    app = project("pages")
    app.build()
    ours = [
        "quicktakes.json",
        "llms.txt",
        "questions/118100.md",
        "questions/118100.html",  # a page from data, kept while its inputs hold
        *(str(path.relative_to(app.outdir)) for path in (app.outdir / "_citations").iterdir()),
    ]
    generated = [app.srcdir / "questions" / name for name in ("index.rst", "subjects/medicine.rst")]
    paths = [app.outdir / name for name in ours] + generated
    before = {path: path.stat() for path in paths}
    time.sleep(0.05)
    project("pages").build()  # nothing changed
    assert {path: path.stat().st_mtime_ns for path in paths} == {p: s.st_mtime_ns for p, s in before.items()}
    # A change is written by replacing the file (a new inode), never in place: no reader sees half of it.
    new = "---\nid: 7\nquestion: Where is the liver?\nanswer: Under the ribs.\nsubject: Medicine\n---\n"
    touch_later(app.srcdir.parent / "seeds" / "anatomy.txt", new)
    project("pages").build()
    for path in (app.outdir / "quicktakes.json", app.outdir / "llms.txt", app.srcdir / "questions" / "index.rst"):
        assert path.stat().st_ino != before[path].st_ino, path
    assert not list(app.srcdir.rglob("*.tmp")) and not list(app.outdir.rglob("*.tmp"))
