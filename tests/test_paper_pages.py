"""Paper pages from data (``publishing/paper_pages.py``): the page the generated document gave,
its card's link target, inventory entry, downloads and metadata, without a document."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from sphinx_quicktakes.xref.loading import get_domain

from .conftest import corpus_module, warnings_of
from .test_article_pages import _same_tree

ROOTS = Path(__file__).parent / "roots"


def _soup(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def both_routes(project, tmp_path) -> tuple:
    """A generated library (several papers) built from data (the default) and as documents."""
    corpus_module().generate(tmp_path / "corpus", 100, 3)
    sources = {"quicktakes_sources": ["../seeds", "library", str(tmp_path / "corpus")]}
    data = project("medical", confoverrides=sources)
    data.build()
    assert warnings_of(data) == ""
    documents = project(
        "medical", confoverrides={**sources, "quicktakes_data_pages": False}, builddir=tmp_path / "documents"
    )
    documents.build()
    return data, documents


def test_the_page_and_its_head_are_the_documents(both_routes) -> None:
    data, documents = both_routes
    papers = get_domain(data.env).data_pages.papers
    assert len(papers) >= 5
    for page in papers.values():
        assert page.name not in data.env.all_docs
        assert page.name in documents.env.all_docs
        ours, theirs = _soup(data.outdir, page.name), _soup(documents.outdir, page.name)
        assert str(ours.title) == str(theirs.title)
        assert str(ours.select_one("section")) == str(theirs.select_one("section"))
        assert ours.select_one(f"article#{page.anchor}.qt-paper-card") is not None
        for selector in ("meta", 'script[type="application/ld+json"]'):
            assert [str(tag) for tag in ours.head.select(selector)] == [
                str(tag) for tag in theirs.head.select(selector)
            ]


def test_links_inventory_downloads_and_source(both_routes) -> None:
    data, documents = both_routes
    domain = get_domain(data.env)
    key, page = next(iter(domain.data_pages.papers.items()))
    with (data.outdir / "objects.inv").open("rb") as handle:
        inventory = InventoryFile.load(handle, "", lambda base, uri: uri)
    doi = page.citation["doi"]
    item = inventory["qt:paper"][doi]
    assert (getattr(item, "uri", None) or item[2]) == f"{page.name}.html#{page.anchor}"
    # The papers index links each card; the card's downloads are written.
    index = _soup(data.outdir, f"{domain.data_pages.folder}/papers/index")
    assert f"{page.name.rpartition('/')[2]}.html#{page.anchor}" in {a["href"] for a in index.select("a")}
    card = _soup(data.outdir, page.name)
    for link in card.select("a[download]"):
        assert (data.outdir / page.name).parent.joinpath(link["href"]).resolve().is_file()
    assert {path.name for path in (data.outdir / "_citations").iterdir()} == {
        path.name for path in (documents.outdir / "_citations").iterdir()
    }
    source = (data.outdir / f"_sources/{page.name}.txt").read_text(encoding="utf-8")
    assert source == domain.library.papers[key].path.read_text(encoding="utf-8")


def _build(srcdir: Path, outdir: Path) -> None:
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(srcdir), str(outdir)], check=True)


def test_an_edited_paper_renders_its_page_again_and_equals_a_clean_build(tmp_path) -> None:
    srcdir, seeds = tmp_path / "docs", tmp_path / "seeds"
    shutil.copytree(ROOTS / "test-medical", srcdir)
    shutil.copytree(Path(__file__).parents[1] / "seeds", seeds)
    out = tmp_path / "out"
    _build(srcdir, out)
    page = next((out / "questions/papers").glob("10-*.html"))
    other = out / "questions/118100.html"
    before = page.stat().st_mtime_ns, other.stat().st_mtime_ns
    _build(srcdir, out)
    assert (page.stat().st_mtime_ns, other.stat().st_mtime_ns) == before  # nothing changed: nothing rendered
    paper = seeds / "004_bbd3cc5c83d1ebee.txt"
    text = paper.read_text(encoding="utf-8")
    paper.write_text(text.replace("Primer for radiologists", "A primer, revised"), encoding="utf-8")
    _build(srcdir, out)
    assert "A primer, revised" in page.read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    _build(srcdir, clean)
    _same_tree(out, clean)


def test_a_new_paper_appears_in_the_sidebar_of_every_paper_page(tmp_path) -> None:
    """The quicktakes theme's sidebar lists the papers around a page (up to ``section_pages_limit``),
    not only its two neighbours: a paper added two places away renders the page again (issue 24's
    kill test found that page stale)."""
    srcdir, seeds = tmp_path / "docs", tmp_path / "seeds"
    shutil.copytree(ROOTS / "test-medical", srcdir)
    shutil.copytree(Path(__file__).parents[1] / "seeds", seeds)
    original = (seeds / "004_bbd3cc5c83d1ebee.txt").read_text(encoding="utf-8")

    def add_paper(number: int, title: str) -> None:
        text = original.replace("10.1016/j.clinimag.2023.110022", f"10.1016/j.clinimag.2023.99999{number}")
        text = text.replace("Imaging of the hepatic arterial infusion pump: Primer for radiologists", title)
        (seeds / f"90{number}_new_paper.txt").write_text(text, encoding="utf-8")

    def build(outdir: Path) -> None:
        command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", "-D", "html_theme=quicktakes"]
        subprocess.run([*command, str(srcdir), str(outdir)], check=True)

    add_paper(1, "Jellyfish imaging")  # the papers by title: Imaging of the hepatic ..., Jellyfish imaging
    out = tmp_path / "out"
    build(out)
    first = out / "questions/papers/10-1016-j-clinimag-2023-110022.html"
    assert "Jellyfish imaging" in first.read_text(encoding="utf-8")
    add_paper(2, "Zygote imaging")  # third in the list: two places after the first paper
    build(out)
    assert "Zygote imaging" in first.read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(clean)
    _same_tree(out, clean)
