"""Generated index pages split into pages of at most ``quicktakes_page_size`` entries.

A generated library of 150 articles is built with a page size of 10, so that
every subject but the smallest, the keyword letters and the dates span
several pages.  Every page holds at most 10 entries, every article is listed
exactly once across the pages of its subject, keyword and month, and the
previous and next links walk each index in order.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from sphinx_quicktakes.library import build_library, discover
from sphinx_quicktakes.library.text import fold, slug
from sphinx_quicktakes.publishing.pages import _split

from .conftest import ROOTS, SEEDS, BuildProject, corpus_module, warnings_of

PAGE_SIZE = 10
COUNT = 150

CONF = f"""\
project = "pagination"
extensions = ["sphinx_quicktakes"]
quicktakes_sources = ["../library"]
quicktakes_pages = "questions"
quicktakes_page_size = {PAGE_SIZE}
quicktakes_external_base = "https://quicktakes.io"
"""


@dataclass
class Site:
    out: Path
    questions: Path
    #: The library as the loader reads it: what the pages must list.
    subjects: dict[str, set[int]]
    keywords: dict[str, set[int]]
    dated: set[int]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("pagination")
    corpus_module().generate(root / "library", COUNT, 5)
    docs = root / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(CONF, encoding="utf-8")
    (docs / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   questions/index\n", encoding="utf-8")
    out = root / "html"
    subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(docs), str(out)], check=True)
    paths, roots, problems = discover([str(root / "library")], root / "library")
    library = build_library(paths, roots, problems)
    subjects: dict[str, set[int]] = defaultdict(set)
    keywords: dict[str, set[int]] = defaultdict(set)
    for quicktake in library.quicktakes.values():
        subjects[quicktake.subject].add(quicktake.id)
        for keyword in quicktake.keywords:
            keywords[fold(keyword)].add(quicktake.id)
    dated = {qt.id for qt in library.quicktakes.values() if qt.date}
    return Site(out, out / "questions", dict(subjects), dict(keywords), dated)


@functools.cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def listed(page: BeautifulSoup) -> list[int]:
    """The article ids a page's lists link to, in order."""
    return [int(a["href"].rsplit("#qt-", 1)[1]) for a in page.select("ul.qt-list a.qt-link-internal")]


def index_pages(site: Site, base: str) -> list[Path]:
    """Page 1 of index *base* (``subjects/medicine``) and its pages 2.., by number."""
    first = site.questions / f"{base}.html"
    later = sorted((site.questions / base).glob("[0-9]*.html"), key=lambda path: int(path.stem))
    return [first, *later]


def walk(site: Site, base: str) -> list[Path]:
    """Follow the "next" links from page 1; check each "previous" link leads back."""
    pages = [site.questions / f"{base}.html"]
    while True:
        nav = soup(pages[-1]).find("nav", class_="qt-pager")
        if nav is None:
            return pages
        assert nav["aria-label"] == "Pages"
        status = nav.find(class_="qt-pager-status").get_text()
        assert status == f"Page {len(pages)} of {len(index_pages(site, base))}", pages[-1]
        previous = nav.select_one(".qt-pager-prev a")
        if len(pages) > 1:
            assert (pages[-1].parent / previous["href"]).resolve() == pages[-2].resolve()
        else:
            assert previous is None
        following = nav.select_one(".qt-pager-next a")
        if following is None:
            return pages
        target = (pages[-1].parent / following["href"]).resolve()
        assert target.is_file(), following["href"]
        pages.append(target)


def test_split_cuts_groups_across_pages() -> None:
    assert _split([("a", 3), ("b", 4), ("c", 0), ("d", 1)], 3) == [
        [("a", 0, 3)],
        [("b", 0, 3)],
        [("b", 3, 1), ("c", 0, 0), ("d", 0, 1)],
    ]
    assert _split([], 5) == [[]]
    assert sum(count for page in _split([("x", 1001)], 100) for _, _, count in page) == 1001


def test_every_index_page_holds_at_most_a_page_of_entries(site: Site) -> None:
    pages = [
        path
        for path in site.questions.rglob("*.html")
        if path.relative_to(site.questions).parts[0] in ("subjects", "keywords", "dates", "dates.html")
    ]
    assert len(pages) > 30
    sizes = {path: len(listed(soup(path))) for path in pages}
    assert max(sizes.values()) <= PAGE_SIZE
    assert sum(size == PAGE_SIZE for size in sizes.values()) > 10  # pages are filled, not just short


def test_each_subject_lists_every_article_once_across_its_pages(site: Site) -> None:
    split = 0
    for subject, ids in site.subjects.items():
        base = f"subjects/{slug(subject)}"
        pages = walk(site, base)
        assert pages == index_pages(site, base)  # the links visit every page, in order
        entries = [qt_id for page in pages for qt_id in listed(soup(page))]
        assert Counter(entries) == Counter(ids), subject
        split += len(pages) > 1
    assert split >= 3


def test_each_keyword_lists_every_article_once_across_the_pages(site: Site) -> None:
    found: dict[str, list[int]] = defaultdict(list)
    bases = sorted({path.stem for path in (site.questions / "keywords").glob("*.html")} - {"index"})
    assert len(bases) > 5  # a letter per initial
    for letter in bases:
        for page in walk(site, f"keywords/{letter}"):
            for section in soup(page).select("section section"):
                heading = section.find("h2").get_text(strip=True).rstrip("¶")
                found[fold(heading)] += listed(section)
    assert {keyword: Counter(ids) for keyword, ids in found.items()} == {
        keyword: Counter(ids) for keyword, ids in site.keywords.items()
    }
    assert len(site.keywords["imaging"]) > 3 * PAGE_SIZE  # the big keyword spans pages


def test_each_dated_article_is_listed_once_across_the_date_pages(site: Site) -> None:
    pages = walk(site, "dates")
    assert len(pages) == -(-len(site.dated) // PAGE_SIZE)  # full pages, the last one the rest
    entries = [qt_id for page in pages for qt_id in listed(soup(page))]
    assert Counter(entries) == Counter(site.dated)


def test_keyword_chips_and_every_index_link_resolve(site: Site) -> None:
    """Every internal link of the index pages and of a sample of articles reaches a file and anchor."""
    pages = [*site.questions.rglob("*.html")]
    checked = 0
    for path in [p for p in pages if not p.stem.isdigit() or p.parent.name != "questions"] + sorted(pages)[:20]:
        page = soup(path)
        for anchor in page.select("article a[href], nav.qt-pager a[href], ul.qt-list a[href], .qt-keywords a[href]"):
            href = anchor["href"]
            if urlsplit(href).scheme:
                continue
            target = urlsplit(urljoin(path.as_uri(), href))
            file = Path(target.path)
            assert file.is_file(), (path, href)
            if target.fragment:
                assert soup(file).find(id=target.fragment) is not None, (path, href)
            checked += 1
    assert checked > 500


def test_a_keyword_section_moving_back_a_page_rebuilds_without_a_duplicate_label(tmp_path: Path) -> None:
    """The articles of a letter's first page deleted: later sections move from page 2 to page 1.

    A serial build reads ``keywords/x`` before ``keywords/x/2``; unless the labels of both are
    forgotten first, the moved label would be on two pages at once (a warning, so ``-W`` fails).
    """
    from sphinx_quicktakes.publishing.pages import render

    library_folder = tmp_path / "library"
    corpus = corpus_module().generate(library_folder, 80, 9)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(CONF, encoding="utf-8")
    (docs / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   questions/index\n", encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(docs), str(tmp_path / "html")]

    def keyword_pages() -> dict[str, str]:
        paths, roots, problems = discover([str(library_folder)], library_folder)
        found: dict[str, str] = {}
        render(build_library(paths, roots, problems), docs / "questions", PAGE_SIZE, found)
        return found

    subprocess.run(command, check=True)
    before = keyword_pages()
    split_letter = sorted(page.rsplit("/", 1)[0] for page in before.values() if page.endswith("/2"))[0]
    on_page_one = {keyword for keyword, page in before.items() if page == split_letter}
    for article in corpus.articles.values():
        if on_page_one & {fold(keyword) for keyword in article.keywords}:
            (library_folder / article.file).unlink()
    after = keyword_pages()
    assert any(before[k].endswith("/2") and after.get(k) == split_letter for k in after), (before, after)
    subprocess.run(command, check=True)  # incremental, -W: no duplicate label


def test_the_papers_index_is_split_into_pages_too(project: BuildProject) -> None:
    """Seven papers at a page size of 3: three pages, each card listed on exactly one of them (a link to
    its page from data)."""
    paper = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    files: dict[str, bytes | str] = {
        f"seeds/paper-{n}.txt": paper.replace("10.1016/j.clinimag.2023.110022", f"10.1016/j.clinimag.2023.11{n:04d}")
        for n in range(6)
    }
    conf = (ROOTS / "test-pages" / "conf.py").read_text(encoding="utf-8") + "quicktakes_page_size = 3\n"
    app = project("pages", files={"docs/conf.py": conf, **files})
    app.build()
    assert warnings_of(app) == ""
    out = Path(app.outdir) / "questions" / "papers"
    pages = [out / "index.html", out / "index" / "2.html", out / "index" / "3.html"]
    assert all(path.is_file() for path in pages) and not (out / "index" / "4.html").exists()
    cards = []
    for number, path in enumerate(pages, 1):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        shown = [a["href"].rsplit("/", 1)[-1].split("#")[0] for a in html.select('.body a[href*="#qt-paper-"]')]
        assert 1 <= len(shown) <= 3
        cards += shown
        pager = html.select_one('nav[aria-label="Pages"]')
        assert pager is not None and f"Page {number} of 3" in pager.get_text()
    assert len(cards) == len(set(cards)) == 7
    assert all((out / card).is_file() for card in cards)
