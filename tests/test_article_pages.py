"""Article pages from data (``publishing/article_pages.py``): the same article as the document
route, nothing lost around it, navigation in the subject's order, and rebuilds that render only
what changed."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from .conftest import SEEDS, page, warnings_of

ROOTS = Path(__file__).parent / "roots"
IDS = (97068, 118100, 118109, 118136)


def _article_html(outdir: Path, qt_id: int) -> str:
    soup = BeautifulSoup((outdir / f"questions/{qt_id}.html").read_text(encoding="utf-8"), "html.parser")
    return str(soup.find("article", id=f"qt-{qt_id}"))


@pytest.fixture
def both_routes(project, tmp_path) -> tuple:
    """The pages project built from data (the default) and as generated documents, in one source folder."""
    data = project("pages")
    data.build()
    assert warnings_of(data) == ""
    documents = project("pages", confoverrides={"quicktakes_data_pages": False}, builddir=tmp_path / "documents")
    documents.build()
    # A second app in one process registers Sphinx's own nodes again: nothing of the build's.
    assert [line for line in warnings_of(documents).splitlines() if "while setting up extension" not in line] == []
    return data, documents


def test_html_builds_write_no_article_sources(both_routes) -> None:
    data, documents = both_routes
    assert not any(name.startswith("questions/1") or name == "questions/97068" for name in data.env.all_docs)
    for qt_id in IDS:
        assert f"questions/{qt_id}" in documents.env.all_docs
        assert (data.outdir / f"questions/{qt_id}.html").is_file()


def test_one_renderer_for_both_routes(both_routes) -> None:
    """A reader gets the same article, link for link, from either route."""
    data, documents = both_routes
    for qt_id in IDS:
        assert _article_html(data.outdir, qt_id) == _article_html(documents.outdir, qt_id)


def test_head_metadata_and_title_as_for_a_document(both_routes) -> None:
    data, documents = both_routes
    for qt_id in IDS:
        ours, theirs = page(data, f"questions/{qt_id}"), page(documents, f"questions/{qt_id}")
        assert ours.title.get_text() == theirs.title.get_text()
        for selector in ('script[type="application/ld+json"]', 'meta[name="description"]', 'meta[name="keywords"]'):
            assert [str(tag) for tag in ours.select(selector)] == [str(tag) for tag in theirs.select(selector)]
        schema = json.loads(ours.select_one('script[type="application/ld+json"]').get_text())
        assert schema["@type"] == "MedicalWebPage"


def test_show_source_shows_the_quicktake_file(both_routes) -> None:
    data, _documents = both_routes
    soup = page(data, "questions/118100")
    link = soup.select_one('a[href$="_sources/questions/118100.txt"]')
    assert link is not None
    copied = (data.outdir / "_sources/questions/118100.txt").read_text(encoding="utf-8")
    source = next(path for path in SEEDS.iterdir() if "118100" in path.read_text(encoding="utf-8"))
    assert copied == source.read_text(encoding="utf-8")


def test_inventory_links_and_index_lists_reach_the_pages(both_routes) -> None:
    data, _documents = both_routes
    with (data.outdir / "objects.inv").open("rb") as handle:
        inventory = InventoryFile.load(handle, "", lambda base, uri: uri)
    articles = inventory["qt:article"]
    assert {str(qt_id) for qt_id in IDS} <= set(articles)
    item = articles["118100"]
    assert (getattr(item, "uri", None) or item[2]) == "questions/118100.html#qt-118100"
    subject = page(data, "questions/subjects/medicine")
    listed = [a["href"].split("#")[0] for a in subject.select("ul.qt-list a")]
    assert listed and all((data.outdir / "questions/subjects" / href).resolve().is_file() for href in listed)


def test_breadcrumbs_and_pager_follow_the_subject_list(project) -> None:
    data = project("pages", confoverrides={"html_theme": "quicktakes", "quicktakes_search": "sphinx"})
    data.build()
    assert warnings_of(data) == ""
    subject = page(data, "questions/subjects/medicine")
    order = [a["href"].split("#")[0].removeprefix("../") for a in subject.select("ul.qt-list a")]
    assert len(order) == 4
    for index, href in enumerate(order):
        soup = page(data, f"questions/{href.removesuffix('.html')}")
        crumbs = [a.get_text() for a in soup.select("nav.qt-breadcrumbs a")]
        assert crumbs == ["Home", "Questions", "Medicine"]
        previous = soup.select_one('link[rel="prev"]')
        following = soup.select_one('link[rel="next"]')
        assert (previous["href"] if previous else None) == (order[index - 1] if index else None)
        assert (following["href"] if following else None) == (order[index + 1] if index + 1 < len(order) else None)
        section = [a["href"] for a in soup.select(".qt-nav-section li a")]  # the sidebar: the same list
        assert [order[index] if href == "#" else href for href in section] == order


def test_other_builders_keep_the_generated_documents(project) -> None:
    app = project("pages", buildername="text")
    app.build()
    assert "questions/118100" in app.env.all_docs
    assert "imaging" in (app.outdir / "questions/118100.txt").read_text(encoding="utf-8").lower()


def _build(srcdir: Path, outdir: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(srcdir), str(outdir)],
        check=True,
        capture_output=True,
    )


def test_rebuilds_render_only_the_pages_that_changed_and_equal_a_clean_build(tmp_path) -> None:
    srcdir, seeds = tmp_path / "docs", tmp_path / "seeds"
    subprocess.run(["cp", "-r", str(ROOTS / "test-pages"), str(srcdir)], check=True)
    subprocess.run(["cp", "-r", str(SEEDS), str(seeds)], check=True)
    out = tmp_path / "out"
    _build(srcdir, out)
    before = {qt_id: (out / f"questions/{qt_id}.html").stat().st_mtime_ns for qt_id in IDS}
    _build(srcdir, out)  # nothing changed: no page is rendered again
    assert {qt_id: (out / f"questions/{qt_id}.html").stat().st_mtime_ns for qt_id in IDS} == before
    # Retitle 97068: its page, its neighbours' pagers and sidebars, and every page listing it change.
    source = next(path for path in seeds.iterdir() if "97068" in path.read_text(encoding="utf-8"))
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("question: >-\n    ", "question: >-\n    Retitled: ", 1), encoding="utf-8")
    _build(srcdir, out)
    assert "Retitled:" in (out / "questions/97068.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    _build(srcdir, clean)
    _same_tree(out, clean)
    # A deleted article's page goes, as a clean build has none.
    source.unlink()
    _build(srcdir, out)
    assert not (out / "questions/97068.html").exists()
    assert not (out / "_sources/questions/97068.txt").exists()
    clean2 = tmp_path / "clean2"
    _build(srcdir, clean2)
    _same_tree(out, clean2)


def _same_tree(left: Path, right: Path) -> None:
    """Every output file the same bytes (Sphinx's build info and the environment aside)."""

    def files(root: Path) -> set[str]:
        return {
            path.relative_to(root).as_posix()
            for path in root.rglob("*")
            if path.is_file() and ".doctrees" not in path.parts and path.name != ".buildinfo"
        }

    assert files(left) == files(right)
    mismatch = [name for name in sorted(files(left)) if not filecmp.cmp(left / name, right / name, shallow=False)]
    if "searchindex.js" in mismatch:  # Sphinx keeps a removed word as an empty list on rebuilds (differential.py)
        assert _search_terms(left) == _search_terms(right)
        mismatch.remove("searchindex.js")
    assert mismatch == [], mismatch[:10]


def _search_terms(outdir: Path) -> dict:
    """The search index less what Sphinx's own incremental index loses (``benchmarks/differential.py``:
    the index entries of pages not written again, and terms left with no page)."""
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[len("Search.setIndex(") : -1])
    index.pop("indexentries", None)
    for name in ("terms", "titleterms"):
        index[name] = {term: pages for term, pages in index[name].items() if pages != []}
    return index


def test_parallel_rendering_writes_what_a_serial_build_writes(tmp_path) -> None:
    """With ``-j 2`` the pages are rendered in two forked processes (200 articles or more): the same files."""
    from .conftest import build_serial_and_parallel, corpus_module

    corpus_module().generate(tmp_path / "corpus", 240, 1)
    srcdir = tmp_path / "docs"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_quicktakes"]\nquicktakes_sources = ["../corpus"]\nquicktakes_pages = "questions"\n'
        'quicktakes_external_base = "https://quicktakes.io"\nexclude_patterns = ["_build"]\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text("Library\n=======\n\n.. toctree::\n\n   questions/index\n", encoding="utf-8")
    serial, parallel = build_serial_and_parallel(srcdir, tmp_path / "out")
    assert len(list((serial / "questions").glob("1*.html"))) == 240
    _same_tree(serial, parallel)


@pytest.mark.parametrize("theme", ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_rtd_theme", "quicktakes"])
def test_other_themes_render_the_pages_from_data(tmp_path, theme: str) -> None:
    """Built in a fresh process: a theme loaded in this one would stay registered for later tests' builds."""
    srcdir, out = tmp_path / "docs", tmp_path / "out"
    subprocess.run(["cp", "-r", str(ROOTS / "test-pages"), str(srcdir)], check=True)
    subprocess.run(["cp", "-r", str(SEEDS), str(tmp_path / "seeds")], check=True)
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", f"html_theme={theme}"]
    result = subprocess.run(
        [*command, "-D", "quicktakes_search=sphinx", str(srcdir), str(out)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line] == []
    soup = BeautifulSoup((out / "questions/118100.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article#qt-118100")
    assert article is not None and article.select_one(".qt-answer").get_text(strip=True)
    assert soup.title.get_text().startswith("How is imaging used to guide intervention")
    assert soup.select_one('a[href="../index.html"], a[href="../index.html#"]') is not None  # the site's home
