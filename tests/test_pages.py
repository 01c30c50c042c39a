"""Generated pages, indexes and lists, and how incremental and parallel builds treat them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from .conftest import SEED_FILES, BuildProject, build_serial_and_parallel, page, warnings_of

IDS = (97068, 118100, 118109, 118136)


#: The test project that the shared ``site`` fixture builds for this module.
ROOT = "pages"


def test_one_page_per_article_titled_by_its_question(site) -> None:
    for qt_id in IDS:
        soup = page(site, f"questions/{qt_id}")
        article = soup.find("article", id=f"qt-{qt_id}")
        assert article.find("h1") is not None
        assert soup.title.get_text().startswith(article.find("h1").get_text(strip=True).rstrip("¶"))
    assert page(site, "questions/118100").title.get_text().startswith("How is imaging used to guide")
    assert "questions/118100" not in site.env.all_docs  # rendered from data, not read as a document


def test_related_link_and_backlink_between_generated_pages(site) -> None:
    article = page(site, "questions/118109").find("article")
    internal = article.select(".qt-related a.qt-link-internal")
    assert [a["href"] for a in internal] == ["118100.html#qt-118100"]
    external = article.select(".qt-related a.qt-link-external")
    assert len(external) == 3 and all(a["href"].startswith("https://quicktakes.io/learn/") for a in external)
    backlinks = page(site, "questions/118100").select(".qt-backlinks li a")
    assert [(a.get_text(), a["href"]) for a in backlinks] == [
        ("What is the role of imaging in the follow-up care of HCC patients?", "118109.html#qt-118109"),
        ("QuickTakes library", "../index.html"),  # the page with the :qt:article: role
    ]


def test_indexes_by_subject_keyword_and_date(site) -> None:
    subject = page(site, "questions/subjects/medicine")
    assert len(subject.select("ul.qt-list li")) == 4
    keywords = page(site, "questions/keywords/index")  # few keywords: all on one page
    hcc = keywords.find(id="qt-keyword-hcc").find_parent("section")
    assert hcc.find("h2").get_text(strip=True).rstrip("¶") == "HCC"
    assert [a["href"] for a in hcc.select("ul.qt-list a")] == ["../118109.html#qt-118109"]
    dates = page(site, "questions/dates")
    months = {
        section.find("h3").get_text(strip=True).rstrip("¶"): len(section.select("li"))
        for section in dates.select("section section section")
    }
    assert months == {"2024-12": 4}
    root = page(site, "questions/index")
    links = {a.get_text() for a in root.select(".toctree-wrapper a")}
    assert {"Medicine", "Keywords", "By date", "Papers"} <= links


def test_keyword_chips_link_to_their_index(site) -> None:
    chips = page(site, "questions/118109").select(".qt-keywords .qt-keyword a")
    assert chips[0].get_text() == "HCC"
    assert chips[0]["href"] == "keywords/index.html#qt-keyword-hcc"


def test_paper_page(site) -> None:
    soup = page(site, "questions/papers/10-1016-j-clinimag-2023-110022")
    card = soup.find("article", class_="qt-paper-card")
    assert card.find(class_="qt-paper-doi") is not None
    # The page's H1 is the title; the card under it does not repeat it.
    assert soup.find("h1").get_text().startswith("Imaging of the hepatic arterial infusion pump")
    assert card.find(class_="qt-paper-title") is None


def test_every_page_is_reachable_from_the_navigation(site) -> None:
    reachable = set(site.env.toctree_includes.get("index", []))
    frontier = list(reachable)
    while frontier:
        for child in site.env.toctree_includes.get(frontier.pop(), []):
            if child not in reachable:
                reachable.add(child)
                frontier.append(child)
    assert "questions/papers/index" in reachable
    # The paper pages (from data, in no toctree) are reached from the papers index's links.
    papers = {a["href"].split("#")[0] for a in page(site, "questions/papers/index").select("a.reference.internal")}
    assert "10-1016-j-clinimag-2023-110022.html" in papers
    # The article pages (from data, in no toctree) are reached from their subject's page.
    subjects = [name for name in reachable if name.startswith("questions/subjects/")]
    listed = {
        a["href"].split("#")[0].removeprefix("../").removesuffix(".html")
        for name in subjects
        for a in page(site, name).select("ul.qt-list a")
    }
    assert {str(qt_id) for qt_id in IDS} <= listed


def test_inventory_points_at_the_generated_pages(site) -> None:
    with (site.outdir / "objects.inv").open("rb") as handle:
        inventory = InventoryFile.load(handle, "https://example.org", lambda base, uri: f"{base}/{uri}")
    assert {name: item.uri for name, item in inventory["qt:article"].items()} == {
        str(qt_id): f"https://example.org/questions/{qt_id}.html#qt-{qt_id}" for qt_id in IDS
    }


def test_list_directive_filters_sorts_and_limits(site) -> None:
    items = page(site, "latest").select("ul.qt-list li")
    assert [li.find("a")["href"] for li in items] == [
        "questions/118136.html#qt-118136",
        "questions/118109.html#qt-118109",
    ]
    assert "Dec 11, 2024 · Medicine" in items[0].get_text()


def test_generated_folder_is_ignored_and_user_files_are_kept(project: BuildProject) -> None:
    app = project("pages", files={"docs/questions/notes.rst": "Notes\n=====\n\n:orphan:\n"})
    app.build()
    folder = app.srcdir / "questions"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    (app.srcdir.parent / "seeds" / SEED_FILES[118136]).unlink()
    rebuilt = project("pages")
    rebuilt.build()
    assert not (folder / "118136.rst").exists()
    assert (folder / "notes.rst").exists()
    assert "questions/118136" not in rebuilt.env.all_docs


def test_a_second_build_writes_no_file_in_the_generated_folder(project: BuildProject) -> None:
    """A watcher (sphinx-autobuild --watch) rebuilds on any write there; a rewrite would loop for ever."""
    first = project("pages")
    first.build()
    folder = first.srcdir / "questions"
    before = {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}
    assert folder / ".gitignore" in before and len(before) > 5
    project("pages").build()  # the pages are brought up to date when the app starts
    after = {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}
    assert after == before


def touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def rebuild(project: BuildProject) -> tuple[list[str], list[str], object]:
    """Build again; return (docnames re-read, pages written) and the app."""
    app = project("pages")
    reread: list[str] = []
    written: list[str] = []
    app.connect("env-before-read-docs", lambda app, env, docnames: reread.extend(docnames))
    app.connect("html-page-context", lambda app, pagename, *args: written.append(pagename))
    app.build()
    return sorted(reread), sorted(name for name in written if name not in ("genindex", "search")), app


def test_editing_an_answer_rebuilds_only_its_page(project: BuildProject) -> None:
    project("pages").build()
    seed = project("pages").srcdir.parent / "seeds" / SEED_FILES[118100]
    assert rebuild(project)[:2] == ([], [])
    touch(seed, seed.read_text(encoding="utf-8").replace("Imaging plays a crucial role", "EDITED", 1))
    other = (project("pages").outdir / "questions/118109.html").stat().st_mtime_ns
    reread, written, app = rebuild(project)
    assert reread == []  # the article's page comes from data: no document shows its answer
    assert written == ["questions/118100"]
    assert "EDITED" in (app.outdir / "questions/118100.html").read_text(encoding="utf-8")
    assert (app.outdir / "questions/118109.html").stat().st_mtime_ns == other


def test_dropping_a_related_link_rewrites_the_target_for_its_backlinks(project: BuildProject) -> None:
    project("pages").build()
    seed = project("pages").srcdir.parent / "seeds" / SEED_FILES[118109]
    text = seed.read_text(encoding="utf-8").replace("id: 118100", "id: 999999")
    touch(seed, text)
    reread, written, app = rebuild(project)
    assert reread == []
    assert written == ["questions/118100", "questions/118109"]
    backlinks = page(app, "questions/118100").select(".qt-backlinks li a")
    assert [a.get_text() for a in backlinks] == ["QuickTakes library"]


def test_deleting_a_file_turns_its_inbound_links_into_warnings(project: BuildProject) -> None:
    app = project("pages", confoverrides={"quicktakes_external_base": None})
    app.build()
    (app.srcdir.parent / "seeds" / SEED_FILES[118100]).unlink()
    app = project("pages", confoverrides={"quicktakes_external_base": None})
    app.build()
    warnings = warnings_of(app)
    # 118109's entry for 118100 is text now, counted in the one summary of related links shown as text
    [summary] = [line for line in warnings.splitlines() if "[quicktakes.related]" in line]
    assert "related links to" in summary and "are shown as text" in summary
    title = "How is imaging used to guide intervention and follow-up in liver abscess cases?"
    related = page(app, "questions/118109").select("article#qt-118109 .qt-related .qt-link-plain")
    assert title in [node.get_text() for node in related]
    assert "index.rst:9: WARNING: QuickTake 118100 is not in this project or any inventory" in warnings


def test_parallel_build_gives_the_same_html(project: BuildProject, tmp_path: Path) -> None:
    serial, parallel = build_serial_and_parallel(project("pages").srcdir, tmp_path)
    pages = sorted(p.relative_to(serial) for p in serial.rglob("*.html"))
    assert len(pages) > 10
    for relative in pages:
        assert (serial / relative).read_bytes() == (parallel / relative).read_bytes(), relative


def test_user_file_with_a_generated_name_is_left_alone(project: BuildProject) -> None:
    mine = "Dates\n=====\n\nMy own page.\n"
    app = project("pages", files={"docs/questions/dates.rst": mine})
    app.build()
    assert (app.srcdir / "questions" / "dates.rst").read_text() == mine
    assert "dates.rst:1: WARNING: a file of yours has the name of a generated page; it is left alone" in (
        warnings_of(app)
    )
    assert "[quicktakes.pages]" in warnings_of(app)


def test_articles_without_subject_and_empty_lists(project: BuildProject) -> None:
    files = {
        "seeds/nosubject.txt": "---\nid: 7\nquestion: Unfiled?\nanswer: Yes.\n---\n",
        "docs/empty.rst": "Empty\n=====\n\n.. quicktake-list::\n   :keyword: nothing-has-this\n",
        "docs/index.rst": "Lib\n===\n\n.. toctree::\n\n   questions/index\n   latest\n   empty\n",
    }
    app = project("pages", files=files)
    app.build()
    assert warnings_of(app) == ""
    unfiled = page(app, "questions/subjects/no-subject")
    assert unfiled.find("h1").get_text(strip=True).rstrip("¶") == "No subject"
    assert [a["href"] for a in unfiled.select("div.body li a")] == ["../7.html#qt-7"]
    assert page(app, "empty").find(class_="qt-list-empty").get_text() == "No QuickTakes match."


@pytest.mark.parametrize("change", ["edit", "add", "delete"])
def test_incremental_build_gives_the_same_html_as_a_clean_one(
    project: BuildProject, tmp_path: Path, change: str
) -> None:
    srcdir = project("pages").srcdir
    seeds = srcdir.parent / "seeds"

    def build(outdir: Path, *options: str) -> None:
        command = [sys.executable, "-m", "sphinx", "-q", "-W", *options, str(srcdir), str(outdir)]
        subprocess.run(command, check=True)

    incremental, clean = tmp_path / "incremental", tmp_path / "clean"
    build(incremental)
    if change == "edit":
        seed = seeds / SEED_FILES[118109]
        touch(seed, seed.read_text(encoding="utf-8").replace("id: 118100", "id: 97068"))  # a related link moves
    elif change == "add":
        touch(
            seeds / "new.txt",
            "---\nid: 5\nquestion: New?\nanswer: Yes.\nsubject: Medicine\n"
            "related_article1:\n    id: 118100\n    title: Abscess\n---\n",
        )
    else:
        (seeds / SEED_FILES[118136]).unlink()
    build(incremental)
    build(clean, "-E")
    pages = sorted(p.relative_to(clean) for p in clean.rglob("*.html"))
    assert (
        sorted(
            p.relative_to(incremental)
            for p in incremental.rglob("*.html")
            if (clean / p.relative_to(incremental)).exists()
        )
        == pages
    )
    for relative in pages:
        # The page body; a theme's global navigation sidebar on *other* pages is Sphinx's own
        # incremental blind spot (it rewrites only a new page's toctree parent), not the extension's.
        assert body(incremental / relative) == body(clean / relative), relative


def body(path: Path) -> str:
    return str(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("div", class_="body"))


def test_index_pages_stay_out_of_search_but_articles_are_in_it(site) -> None:
    text = (site.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    found: set[int] = set()
    for docs in index["terms"].values():
        found.update(docs if isinstance(docs, list) else [docs])
    searched = {index["docnames"][number] for number in found}
    assert "questions/118100" in searched
    assert not {"questions/subjects/medicine", "questions/keywords/h", "questions/dates"} & searched


def _many_keywords(count: int) -> str:
    """A QuickTake with *count* keywords of its own ("Term 000", ...), all under the letter T."""
    keywords = ", ".join(f"Term {n:03d}" for n in range(count))
    return f"---\nid: 5\nquestion: Many keywords?\nanswer: Yes.\nseo:\n  page_keywords: {keywords}\n---\n"


def test_few_keywords_are_one_page(site) -> None:
    folder = site.srcdir / "questions" / "keywords"
    assert sorted(p.name for p in folder.glob("*.rst")) == ["index.rst"]
    index = page(site, "questions/keywords/index")
    keywords = [h.get_text(strip=True).rstrip("¶") for h in index.select("section section > h2")]
    assert len(keywords) == len(set(keywords)) > 10
    assert keywords == sorted(keywords, key=str.casefold)
    assert index.select_one(".toctree-wrapper") is None  # no letter pages to list


def test_crossing_the_keyword_threshold_rebuilds_like_a_clean_build(project: BuildProject, tmp_path: Path) -> None:
    """More than KEYWORDS_ON_ONE_PAGE keywords: a page per letter.  Every keyword section moves page
    when the index changes layout, so every keyword chip does too, on pages whose files did not change."""
    from sphinx_quicktakes.publishing.pages import KEYWORDS_ON_ONE_PAGE

    srcdir = project("pages").srcdir
    many = srcdir.parent / "seeds" / "many.txt"

    def build(outdir: Path, *options: str) -> None:  # -W: a label left behind would be a duplicate
        subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", *options, str(srcdir), str(outdir)], check=True)

    def chip(outdir: Path) -> str:
        soup = BeautifulSoup((outdir / "questions/118109.html").read_text(encoding="utf-8"), "html.parser")
        return soup.select_one(".qt-keyword a")["href"]

    incremental, clean = tmp_path / "incremental", tmp_path / "clean"
    build(incremental)
    assert chip(incremental) == "keywords/index.html#qt-keyword-hcc"
    touch(many, _many_keywords(KEYWORDS_ON_ONE_PAGE))
    build(incremental)
    build(clean, "-E")
    pages = sorted(p.relative_to(clean) for p in clean.rglob("*.html"))
    assert len(pages) > 20
    for relative in pages:
        assert body(incremental / relative) == body(clean / relative), relative
    assert chip(incremental) == "keywords/h.html#qt-keyword-hcc"
    index = BeautifulSoup((clean / "questions/keywords/index.html").read_text(encoding="utf-8"), "html.parser")
    letters = [a.get_text() for a in index.select(".toctree-wrapper a")]
    assert "Keywords: T" in letters and "Keywords: H" in letters
    letter = BeautifulSoup((clean / "questions/keywords/t.html").read_text(encoding="utf-8"), "html.parser")
    term = letter.find(id="qt-keyword-term-000").find_parent("section")
    assert [a["href"] for a in term.select("ul.qt-list a")] == ["../5.html#qt-5"]
    # and back: the letter pages go, and the chips point at the one page again
    many.unlink()
    build(incremental)
    assert not (srcdir / "questions" / "keywords" / "h.rst").exists()
    assert chip(incremental) == "keywords/index.html#qt-keyword-hcc"


def _paper(title: str, doi: str) -> str:
    return f"4.3 Article\n\n{title}\n\nJournal\n\nJOURNAL\nVolume 1, Issue 2, Pages 3\n\nDOI: {doi}\n"


def _article(qt_id: int, subject: str, keywords: str) -> str:
    head = f"---\nid: {qt_id}\nquestion: Question {qt_id}?\nsubject: {subject}\n"
    return head + f"seo:\n  page_keywords: {keywords}\nanswer: A.\n---\n"


INDEX = "Lib\n===\n\n.. toctree::\n\n   questions/index\n   latest\n"


def _collisions(project: BuildProject) -> object:
    """Two DOIs, two subjects and four keywords that slug alike, and three of punctuation only."""
    files = {
        "seeds/p1.txt": _paper("Paper with a hyphen", "10.5555/x-a"),
        "seeds/p2.txt": _paper("Paper with a dot", "10.5555/x.a"),
        "seeds/a1.txt": _article(1, "PET/CT", "'C++, MRI, -'"),
        "seeds/a2.txt": _article(2, "PET-CT", "'C#, M.R.I., .., 1.'"),
        "docs/index.rst": INDEX,
    }
    app = project("pages", files=files, seeds=False)
    app.build()
    assert warnings_of(app) == ""
    return app


def test_names_that_slug_alike_get_a_page_each(project: BuildProject) -> None:
    """``10.5555/x-a`` and ``10.5555/x.a``, ``PET/CT`` and ``PET-CT``: a page each, none lost."""
    app = _collisions(project)
    papers = sorted((app.outdir / "questions" / "papers").glob("10-5555-x-a*.html"))
    assert len(papers) == 2 and "10-5555-x-a.html" in [path.name for path in papers]
    titles = {BeautifulSoup(path.read_text(), "html.parser").find("h1").get_text(strip=True) for path in papers}
    assert titles == {"Paper with a hyphen¶", "Paper with a dot¶"}
    subjects = sorted((app.outdir / "questions" / "subjects").glob("pet-ct*.html"))
    assert len(subjects) == 2
    shown = {}
    for path in subjects:
        soup = BeautifulSoup(path.read_text(), "html.parser")
        shown[soup.find("h1").get_text(strip=True).rstrip("¶")] = [a["href"] for a in soup.select("div.body li a")]
    assert shown == {"PET-CT": ["../2.html#qt-2"], "PET/CT": ["../1.html#qt-1"]}
    # each article's breadcrumbs (rendered from data) lead to its own subject's page
    for qt_id, subject in ((1, "PET/CT"), (2, "PET-CT")):
        soup = page(app, f"questions/{qt_id}")
        crumbs = [a for a in soup.find_all("a") if a.get_text(strip=True) == subject]
        assert crumbs, soup
        target = (app.outdir / "questions" / crumbs[0]["href"].split("#")[0]).resolve()
        assert BeautifulSoup(target.read_text(), "html.parser").find("h1").get_text(strip=True) == subject + "¶"
    # both articles are in a toctree: every page is reachable (Sphinx warned otherwise), and both are listed
    root = page(app, "questions/index")
    assert {"PET/CT", "PET-CT"} <= {a.get_text() for a in root.select(".toctree-wrapper a")}


def test_keywords_that_slug_alike_link_to_their_own_sections(project: BuildProject) -> None:
    """``C++`` and ``C#`` (and ``-``, ``..``, ``1.``): a section and a label each, with the chips
    pointing at the right one, and no docutils warning about the punctuation-only titles."""
    app = _collisions(project)
    index = page(app, "questions/keywords/index")
    sections = {
        section.find("h2").get_text(strip=True).rstrip("¶"): section for section in index.select("section section")
    }
    assert {"C++", "C#", "MRI", "M.R.I.", "-", "..", "1."} <= set(sections)
    ids = {}
    for title, section in sections.items():
        spans = section.find_all("span", id=True, recursive=False)
        [ids[title]] = [i for i in [section["id"], *(span["id"] for span in spans)] if i.startswith("qt-keyword-")]
    assert len(set(ids.values())) == len(ids)
    for qt_id in (1, 2):
        for chip in page(app, f"questions/{qt_id}").select(".qt-keywords .qt-keyword a"):
            assert chip["href"] == f"keywords/index.html#{ids[chip.get_text()]}", chip
            listed = [a["href"] for a in sections[chip.get_text()].select("ul.qt-list a")]
            assert listed == [f"../{qt_id}.html#qt-{qt_id}"]


@pytest.mark.parametrize("data_pages", [True, False], ids=["from-data", "documents"])
def test_a_keyword_that_takes_a_label_rereads_the_pages_that_link_the_old_owner(
    project: BuildProject, data_pages: bool
) -> None:
    """``C#`` added after ``C++``: it comes first, so it takes ``qt-keyword-c`` and ``C++`` gets a
    suffixed label; the page with ``C++`` must then link the new label, as a clean build does."""
    files = {"seeds/a1.txt": _article(1, "S", "C++"), "docs/index.rst": INDEX}
    overrides = {"quicktakes_data_pages": data_pages}
    first = project("pages", files=files, seeds=False, confoverrides=overrides)
    first.build()
    first.cleanup()  # its node registrations, which the next app would warn about
    added = project("pages", files={"seeds/a2.txt": _article(2, "S", "C#")}, confoverrides=overrides)
    added.build()
    assert warnings_of(added) == ""
    [chip] = page(added, "questions/1").select(".qt-keywords .qt-keyword a")
    assert chip.get_text() == "C++"
    assert chip["href"].startswith("keywords/index.html#qt-keyword-c-") and len(chip["href"]) > 34
    target = page(added, "questions/keywords/index").find(id=chip["href"].partition("#")[2])
    section = target if target.name == "section" else target.find_parent("section")
    assert section.find("h2").get_text(strip=True) == "C++¶"
