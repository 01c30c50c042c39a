"""Search with Pagefind (``quicktakes_search``, publishing/search.py): what is indexed, which search a
build uses, and the search box in Chromium (results, the subject filter, no match, keyboard, axe in
both schemes at a phone's and a desktop's width, no JavaScript, hostile answers).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from sphinx_quicktakes.publishing import search, search_bundle

from .browser_support import axe_violations, serve
from .conftest import ROOTS, SEEDS, BuildProject, page, warnings_of

CARDIOLOGY = """---
id: 990101
date: 2025-03-04
question: Does quokkaphrenia affect the heartwood valve?
answer: |-
    Quokkaphrenia is rare. <script>window.qtHacked = 1</script> <img src=x onerror="window.qtHacked = 2">
    The heartwood valve &lt;b&gt;is&lt;/b&gt; spared.
subject: Cardiology
seo:
  page_description: Quokkaphrenia and the heartwood valve.
  page_keywords: quokkaphrenia, heartwood valve
---
"""
ONCOLOGY = """---
id: 990102
date: 2025-03-05
question: Is heartwood staging used for tumours?
answer: |-
    Heartwood staging sorts tumours by size.
subject: Oncology
seo:
  page_description: Heartwood staging of tumours.
  page_keywords: heartwood staging, tumours
---
"""
EXTRA = {"seeds/cardiology.txt": CARDIOLOGY, "seeds/oncology.txt": ONCOLOGY}
#: More articles with one word than the search page shows at first (ten), for "More results".
MANY = 13
WOMBAT = """---
id: {id}
date: 2025-04-{day:02d}
question: Is wombatosis stage {n} treatable?
answer: |-
    Wombatosis stage {n} is treated with rest.
subject: Zoology
---
"""


def fragments(outdir: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's per-page records (``pagefind/fragment/*``: gzip, a signature, then JSON), by URL."""
    records = {}
    for path in (outdir / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        records[record["url"]] = record
    return records


pytestmark = pytest.mark.skipif(not search.pagefind_installed(), reason="pagefind[bin] is in the test extra")


def test_the_theme_searches_with_pagefind_and_sphinx_builds_no_index(project: BuildProject) -> None:
    app = project("themes", files=EXTRA)
    app.build()
    assert "[quicktakes.html]" in warnings_of(app)  # the hostile answer's raw HTML, shown as text
    assert (app.outdir / "pagefind" / "pagefind.js").is_file()
    assert not (app.outdir / "searchindex.js").exists()
    records = fragments(app.outdir)
    article = records["/questions/990101.html"]
    assert article["meta"]["title"] == "Does quokkaphrenia affect the heartwood valve?"
    assert article["meta"]["description"] == "Quokkaphrenia and the heartwood valve."
    assert article["filters"] == {
        "subject": ["Cardiology"],
        "keyword": ["quokkaphrenia", "heartwood valve"],
        "type": ["Article"],
    }
    # The main content only: no navigation, no "Referenced by" or related list, no "Cite this".
    assert "qttest" not in article["content"]
    paper = records["/questions/papers/10-1016-j-clinimag-2023-110022.html"]
    assert paper["filters"]["type"] == ["Paper"]
    assert "Cite this" not in paper["content"]
    assert "Cite this" in (app.outdir / "questions/papers/10-1016-j-clinimag-2023-110022.html").read_text("utf-8")
    assert "Referenced by" not in records["/questions/118100.html"]["content"]
    # Generated index pages say :nosearch:, for Pagefind as for Sphinx.
    assert not {url for url in records if "/subjects/" in url or "/keywords/" in url}
    soup = page(app, "search")
    assert soup.select_one(".qt-search-page[data-qt-pagefind='pagefind/pagefind.js']")
    assert soup.select_one("noscript .qt-search-noscript")
    header = page(app, "questions/118100").select_one("header .qt-search-box")
    assert header is not None and header["data-qt-pagefind"] == "../pagefind/pagefind.js"
    assert header.form["action"] == "../search.html"
    sort = page(app, "questions/990101").select_one("[data-pagefind-body] [data-pagefind-sort='date']")
    assert sort is not None and sort.text == "2025-03-04"


def test_a_second_build_leaves_no_stale_chunks(project: BuildProject) -> None:
    app = project("themes", files=EXTRA)
    app.build()
    before = sorted(path.name for path in (app.outdir / "pagefind" / "fragment").iterdir())
    (app.srcdir.parent / "seeds" / "oncology.txt").unlink()
    app2 = project("themes")
    app2.build()
    after = sorted(path.name for path in (app2.outdir / "pagefind" / "fragment").iterdir())
    assert len(after) == len(before) - 1
    assert "/questions/990102.html" not in fragments(app2.outdir)


def bundle(outdir: Path) -> dict[str, bytes]:
    """Every file of the Pagefind folder, by its path in the folder."""
    folder = outdir / "pagefind"
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_an_unchanged_rebuild_gives_the_same_bundle(project: BuildProject, make_app: Any, tmp_path: Path) -> None:
    """Byte for byte: a second clean build (another Pagefind process, whose filters come out in
    another order) writes the same files, and an unchanged incremental build touches none."""
    app = project("themes", files=EXTRA)
    app.build()
    first = bundle(app.outdir)
    assert len(fragments(app.outdir)) == 8
    assert len([name for name in first if name.startswith("filter/")]) == 3  # keyword, subject, type
    clean = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "clean")
    clean.build()
    assert bundle(clean.outdir) == first
    times = {path: path.stat().st_mtime_ns for path in (app.outdir / "pagefind").rglob("*") if path.is_file()}
    again = project("themes")
    again.build()
    assert bundle(again.outdir) == first
    assert {path: path.stat().st_mtime_ns for path in (app.outdir / "pagefind").rglob("*") if path.is_file()} == times
    # No page was written, so Pagefind did not read the site again; its files still count as made.
    assert "Pagefind indexed" in app._status.getvalue()
    assert "Pagefind indexed" not in again._status.getvalue()
    third = project("themes")
    third.build()
    assert bundle(third.outdir) == first


def test_an_incremental_build_after_an_edit_writes_a_clean_builds_bundle(
    project: BuildProject, make_app: Any, tmp_path: Path
) -> None:
    app = project("themes", files=EXTRA)
    app.build()
    before = bundle(app.outdir)
    edited = ONCOLOGY.replace("subject: Oncology", "subject: Haematology").replace("by size", "by marrow depth")
    again = project("themes", files={"seeds/oncology.txt": edited})
    again.build()
    assert "Pagefind" not in warnings_of(again)
    after = bundle(again.outdir)
    assert after != before
    assert fragments(again.outdir)["/questions/990102.html"]["filters"]["subject"] == ["Haematology"]
    clean = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "clean")
    clean.build()
    assert bundle(clean.outdir) == after  # the same names (no stale chunk left) and the same bytes


def test_the_bundle_is_put_in_one_order() -> None:
    """Filters, their values and the metadata in name order, whatever order Pagefind wrote them in."""
    meta = ["1.5.2", [["en_page", 10]], [], [["type", "en_t"], ["subject", "en_s"]], [["date", [0]]], ["title"]]
    values = {
        "en_t": ["type", [["Page", [0]], ["Article", [1, 2]]]],
        "en_s": ["subject", [["Zoology", [1]], ["Anatomy", [2]]]],
    }
    made = []
    for reverse in (False, True):
        bundle = {
            f"filter/{hash_}.pf_filter": search_bundle._pack([name, list(reversed(items)) if reverse else items])
            for hash_, (name, items) in values.items()
        }
        bundle["pagefind.en_meta.pf_meta"] = search_bundle._pack(meta)
        entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_meta", "wasm": "en", "page_count": 3}}}
        bundle["pagefind-entry.json"] = json.dumps(entry).encode("utf-8")
        bundle["fragment/en_page.pf_fragment"] = b"kept"
        made.append(search_bundle.canonicalize(bundle))
    assert made[0] == made[1]
    assert made[0]["fragment/en_page.pf_fragment"] == b"kept"
    assert len(made[0]) == 5
    entry = json.loads(made[0]["pagefind-entry.json"])
    name = f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    new_meta = search_bundle.read(name, made[0][name])
    assert [filter_ for filter_, _ in new_meta[3]] == ["subject", "type"]
    subject = f"filter/{new_meta[3][0][1]}.pf_filter"
    assert search_bundle.read(subject, made[0][subject]) == ["subject", [["Anatomy", [2]], ["Zoology", [1]]]]
    assert new_meta[5] == ["title"] and new_meta[1] == meta[1]


@pytest.mark.parametrize(
    ("files", "error"),
    [
        ({"pagefind.en_meta.pf_meta": gzip.compress(b"pagefind_dcd" + bytes([0xA1, 0x01, 0x02]))}, "CBOR major type 5"),
        ({"pagefind.en_meta.pf_meta": b"not gzip"}, "pagefind.en_meta.pf_meta"),
        ({}, "pagefind.en_meta.pf_meta is missing"),
    ],
)
def test_a_bundle_of_another_format_is_an_error(files: dict[str, bytes], error: str) -> None:
    bundle = {"pagefind-entry.json": b'{"languages":{"en":{"hash":"en_meta"}}}', **files}
    with pytest.raises(search_bundle.UnknownFormatError, match=re.escape(error)):
        search_bundle.canonicalize(bundle)
    with pytest.raises(search_bundle.UnknownFormatError, match=r"pagefind-entry\.json"):
        search_bundle.canonicalize({"pagefind-entry.json": b""})


# In Chromium ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """test-themes over the seeds and two articles of other subjects, one of them hostile, served."""
    root = tmp_path_factory.mktemp("search")
    shutil.copytree(ROOTS / "test-themes", root / "docs")
    shutil.copytree(SEEDS, root / "seeds")
    for name, text in EXTRA.items():
        (root / name).write_text(text, encoding="utf-8")
    for n in range(1, MANY + 1):
        text = WOMBAT.format(id=990200 + n, day=n, n=n)
        (root / "seeds" / f"wombat-{n}.txt").write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(root / "docs"), str(root / "html")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "[quicktakes.html]" in result.stderr  # the hostile answer, shown as text
    with serve(root / "html") as url:
        yield url


def open_page(browser: Any, url: str, *, width: int = 1280, scheme: str = "light") -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    return page


def titles(page: Any, box: str = ".qt-search-page") -> list[str]:
    return page.locator(f"{box} .qt-search-result-title").all_inner_texts()


def status(page: Any, box: str = ".qt-search-page") -> str:
    return page.locator(f"{box} .qt-search-status").inner_text()


def test_a_word_of_one_article_finds_it_first(browser: Any, search_site: str):
    page = open_page(browser, search_site + "search.html?q=quokkaphrenia")
    try:
        page.wait_for_selector(".qt-search-page .qt-search-result")
        assert titles(page)[0] == "Does quokkaphrenia affect the heartwood valve?"
        shown = len(titles(page))
        assert status(page) == (f"{shown} results" if shown > 1 else "1 result") + " for “quokkaphrenia”"
        assert page.locator(".qt-search-page .qt-search-result mark").first.inner_text().lower() == "quokkaphrenia"
        page.locator(".qt-search-page .qt-search-result-title").first.click()
        page.wait_for_url("**/questions/990101.html")
    finally:
        page.context.close()


def test_the_subject_filter_narrows_the_results(browser: Any, search_site: str):
    page = open_page(browser, search_site + "search.html?q=heartwood")
    try:
        page.wait_for_function("document.querySelectorAll('.qt-search-page .qt-search-result').length >= 2")
        assert set(titles(page)) >= {
            "Does quokkaphrenia affect the heartwood valve?",
            "Is heartwood staging used for tumours?",
        }
        page.get_by_label("Subject").select_option("Oncology")
        page.wait_for_function("document.querySelectorAll('.qt-search-page .qt-search-result').length === 1")
        assert titles(page) == ["Is heartwood staging used for tumours?"]
        assert status(page) == "1 result for “heartwood”"
    finally:
        page.context.close()


def test_the_page_shows_ten_results_and_more_on_request(browser: Any, search_site: str):
    """Only the shown results' fragments are fetched; the count is of every match."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    fragments: list[str] = []
    page.on("request", lambda request: fragments.append(request.url) if ".pf_fragment" in request.url else None)
    try:
        page.goto(search_site + "search.html?q=wombatosis")
        page.wait_for_selector(".qt-search-page .qt-search-result")
        page.wait_for_timeout(200)
        assert len(titles(page)) == 10 and len(fragments) == 10
        found = re.fullmatch(r"(\d+) results for “wombatosis”", status(page))
        assert found is not None and int(found[1]) >= MANY  # the articles, and any page listing them
        total = int(found[1])
        more = page.locator(".qt-search-page .qt-search-more")
        assert more.is_visible() and more.inner_text() == "More results"
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.qt-search-page .qt-search-result').length === {total}")
        assert len(fragments) == total and len(set(titles(page))) == total
        assert {f"Is wombatosis stage {n} treatable?" for n in range(1, MANY + 1)} <= set(titles(page))
        assert page.evaluate("document.activeElement.textContent") == titles(page)[10]  # the first one added
        assert not more.is_visible()
        assert status(page) == f"{total} results for “wombatosis”"
    finally:
        page.context.close()


def test_the_search_page_fetches_pagefinds_first_files_at_once(browser: Any, search_site: str):
    """The entry, the metadata and the WebAssembly module are preloaded by the page (not found one
    after another by Pagefind) and fetched once: Pagefind takes the preloaded responses."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(search_site + "search.html?q=heartwood")
        page.wait_for_selector(".qt-search-page .qt-search-result")
        assert "qt-pagefind-preloads" not in page.content()
        preloads = page.eval_on_selector_all("link[rel=preload][as=fetch]", "links => links.map(l => l.href)")
        names = [urlsplit(url).path.rsplit("/", 1)[1] for url in preloads]
        assert names[0] == "pagefind-entry.json" and "?ts=en_" in preloads[0]
        assert re.fullmatch(r"pagefind\.en_\w+\.pf_meta", names[1]) and names[2] == "wasm.en.pagefind"
        for url in preloads:
            assert requested.count(url) == 1, (url, requested)
        assert not [url for url in requested if "pagefind-entry.json" in url and url not in preloads]
        assert page.evaluate("document.querySelector('link[rel=modulepreload]').href").endswith("/pagefind/pagefind.js")
    finally:
        context.close()


def test_no_match_says_so(browser: Any, search_site: str):
    page = open_page(browser, search_site + "search.html?q=xylophonist")
    try:
        page.wait_for_function("document.querySelector('.qt-search-page .qt-search-status').textContent !== ''")
        assert status(page) == "No results for “xylophonist”"
        assert titles(page) == []
        assert page.get_attribute(".qt-search-page .qt-search-status", "role") == "status"
    finally:
        page.context.close()


def test_raw_html_in_an_answer_never_reaches_the_results(browser: Any, search_site: str):
    page = open_page(browser, search_site + "search.html?q=quokkaphrenia+onerror+script")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.wait_for_selector(".qt-search-page .qt-search-result")
        markup = page.inner_html(".qt-search-page .qt-search-results")
        assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
        assert page.locator(".qt-search-page .qt-search-results *").evaluate_all(
            "nodes => nodes.every(n => ['LI', 'A', 'P', 'SPAN', 'MARK'].includes(n.tagName))"
        )
        assert "<script>" in page.inner_text(".qt-search-page .qt-search-results")  # shown as the text it is
        assert page.evaluate("window.qtHacked") is None
        assert dialogs == []
    finally:
        page.context.close()


def test_header_box_by_keyboard(browser: Any, search_site: str):
    page = open_page(browser, search_site + "questions/118100.html")
    try:
        page.keyboard.press("/")
        page.keyboard.type("heartwood")
        page.wait_for_selector("header .qt-search-result")
        assert page.is_visible("header .qt-search-panel")
        page.keyboard.press("ArrowDown")
        first = titles(page, "header")[0]
        assert page.evaluate("document.activeElement.textContent") == first
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.className") == "qt-search-result-title"
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.id") == "qt-search-input"
        page.keyboard.press("Escape")
        assert not page.is_visible("header .qt-search-panel")
        page.keyboard.press("Enter")  # the whole list on the search page, as ?q= links expect
        page.wait_for_url("**/search.html?q=heartwood")
        page.wait_for_selector(".qt-search-page .qt-search-result")
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_results_pass_axe(browser: Any, search_site: str, width: int, scheme: str):
    page = open_page(browser, search_site + "questions/118100.html", width=width, scheme=scheme)
    try:
        page.fill("#qt-search-input", "heartwood")
        page.wait_for_selector("header .qt-search-result")
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
        page.goto(search_site + "search.html?q=wombatosis")  # with the "More results" button
        page.wait_for_selector(".qt-search-page .qt-search-more:visible")
        assert axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    finally:
        page.context.close()


def test_without_javascript_the_search_page_says_what_to_do(browser: Any, search_site: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(search_site + "questions/118100.html")
        page.fill("#qt-search-input", "heartwood")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search.html?q=heartwood")
        assert page.is_visible(".qt-search-noscript")
        soup = BeautifulSoup(page.content(), "html.parser")
        assert soup.select_one(".qt-search-noscript") is not None
    finally:
        context.close()


# Across builds: the hub's boxes merge other builds' bundles (Pagefind's multisite search) ----------


def test_merged_bundles_are_reached_from_every_page(project: BuildProject) -> None:
    app = project("themes", files=EXTRA)
    search.merge_bundles(app.builder, ["cardiology/pagefind"])  # as at builder-inited, which has passed
    app.build()
    header = page(app, "questions/118100").select_one("header .qt-search-box")
    assert header is not None and json.loads(str(header["data-qt-pagefind-merge"])) == ["../cardiology/pagefind/"]
    box = page(app, "search").select_one(".qt-search-page")
    assert box is not None and json.loads(str(box["data-qt-pagefind-merge"])) == ["cardiology/pagefind/"]
    with pytest.raises(ValueError, match="javascript"):
        search.merge_bundles(app.builder, ["javascript:alert(1)"])
    search.merge_bundles(app.builder, ["https://shards.example.org/oncology/pagefind/"])
    assert search.merged_uris(app.builder, "index") == ["https://shards.example.org/oncology/pagefind/"]


def test_without_merged_bundles_the_boxes_search_their_own_build(project: BuildProject) -> None:
    app = project("themes")
    app.build()
    assert warnings_of(app) == ""  # indexed, also when this process runs an event loop (Playwright's, here)
    assert (app.outdir / "pagefind" / "pagefind-entry.json").is_file()
    assert not page(app, "search").select("[data-qt-pagefind-merge]")
    assert not page(app, "questions/118100").select("[data-qt-pagefind-merge]")


MERGE_CONF = """

def setup(app):
    from sphinx_quicktakes.publishing import search

    app.connect("builder-inited", lambda app: search.merge_bundles(app.builder, ["shard/pagefind/"]), priority=600)
"""


@pytest.fixture(scope="module")
def merged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An assembled site: test-themes over the seeds at the root (the hub, which merges shard/pagefind/),
    and test-themes over the two extra articles only at shard/ (a build of its own)."""
    root = tmp_path_factory.mktemp("merged")
    for name in ("hub", "shard"):
        shutil.copytree(ROOTS / "test-themes", root / name / "docs")
    (root / "shard" / "docs" / "index.rst").write_text("Shard\n=====\n\nThe shard's articles.\n", encoding="utf-8")
    shutil.copytree(SEEDS, root / "hub" / "seeds")
    (root / "shard" / "seeds").mkdir()
    for name, text in EXTRA.items():
        (root / "shard" / name).write_text(text, encoding="utf-8")
    with (root / "hub" / "docs" / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(MERGE_CONF)
    for name, out in (("shard", root / "site" / "shard"), ("hub", root / "site")):
        command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(root / name / "docs"), str(out)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    assert (root / "site" / "shard" / "pagefind" / "pagefind-entry.json").is_file()
    with serve(root / "site") as url:
        yield url


def test_the_hub_finds_the_pages_of_another_build(browser: Any, merged_site: str):
    page = open_page(browser, merged_site + "search.html?q=quokkaphrenia")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.wait_for_function("document.querySelector('.qt-search-page .qt-search-status').textContent !== ''")
        assert status(page) == "1 result for “quokkaphrenia”", errors
        assert titles(page)[0] == "Does quokkaphrenia affect the heartwood valve?"
        page.locator(".qt-search-page .qt-search-result-title").first.click()
        page.wait_for_url("**/shard/questions/990101.html")
    finally:
        page.context.close()
    page = open_page(browser, merged_site + "questions/118100.html")
    try:  # the header box of a page in a folder: the hub's own articles and the shard's
        box = page.locator("header .qt-search-box input[type=search]")
        box.fill("heartwood")
        page.wait_for_selector("header .qt-search-result")
        found = page.locator("header .qt-search-result-title").all_inner_texts()
        assert "Is heartwood staging used for tumours?" in found
        box.fill("hepatocellular")
        page.wait_for_function("document.querySelector('header .qt-search-status').textContent.includes('hepato')")
        links = page.locator("header .qt-search-result-title").evaluate_all("els => els.map(e => e.href)")
        assert links and not any("/shard/" in link for link in links)  # the hub's seeds, at the root
    finally:
        page.context.close()


def test_a_dirhtml_search_page_gets_its_preloads(project: BuildProject) -> None:
    """``search/index.html`` under dirhtml: the marker is filled, with addresses one folder up."""
    app = project("themes", buildername="dirhtml")
    app.build()
    html = (Path(app.outdir) / "search" / "index.html").read_text(encoding="utf-8")
    assert search.PRELOADS not in html
    hrefs = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch"', html)
    assert hrefs and hrefs[0].startswith("../pagefind/pagefind-entry.json?ts=")
    assert all(href.startswith("../pagefind/") for href in hrefs)
    bundle = Path(app.outdir) / "pagefind"
    assert all((bundle / href.removeprefix("../pagefind/").split("?")[0]).is_file() for href in hrefs)
