"""Sharded builds (``quicktakes_shards``): one library, three shards and a hub, assembled into one site.

A generated library of 200 articles is built as four Sphinx builds (in separate
processes, two at once in one source folder, by the one-machine recipe of
docs/guides/large-libraries.md, run from the guide's text), assembled with the hub at the root and each
shard in its folder, and checked as a site: every internal link and anchor
resolves, every article page is in exactly one build, and the links that cross
builds go to the right page.  Building in another order gives the same bytes.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from sphinx_quicktakes.library.catalog import build_library, discover
from sphinx_quicktakes.library.shards import Rule, ShardsError, Site, parse_rules, plan, uneven

from .conftest import ROOTS, BuildProject, corpus_module, warnings_of
from .guide_support import child_environment, code_blocks

BUILDS = ("", "medicine", "early", "rest")
COUNT = 200


def make_project(base: Path) -> Path:
    """The test-shards root in *base*/docs and its library in *base*/library: every 7th article
    cites one of the first half of the papers, so that papers belong to shards and to the hub."""
    library = base / "library"
    corpus = corpus_module().generate(library, COUNT, 3)
    dois = [re.search(r"(10\.\d{4,}/\S+)", (library / name).read_text(encoding="utf-8"))[1] for name in corpus.papers]
    for index, (_, article) in enumerate(sorted(corpus.articles.items())):
        if index % 7 == 0:
            path = library / article.file
            text = path.read_text(encoding="utf-8")
            cited = f"score: -1.0\nreferences:\n  - doi:{dois[index % (len(dois) // 2)]}\n"
            path.write_text(text.replace("score: -1.0\n", cited, 1), encoding="utf-8")
    shutil.copytree(ROOTS / "test-shards", base / "docs")
    index = base / "docs" / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("CITED_DOI", dois[0]), encoding="utf-8")
    return base / "docs"


def build(docs: Path, shard: str, out: Path) -> None:
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-n", "-b", "html", "-D", f"quicktakes_shard={shard}"]
    command += ["-d", str(out.parent / "doctrees" / (shard or "hub")), str(docs), str(out / (shard or "hub"))]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))


def parse_site(site: Path) -> dict[Path, Links]:
    pages = {}
    for path in site.rglob("*.html"):
        parser = Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    return pages


def target_of(page: Path, href: str) -> tuple[Path, str]:
    parts = urlsplit(href)
    path = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    return (path / "index.html" if path.is_dir() else path), parts.fragment


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The project built twice: the four builds two at once in one source folder, and one by one in
    the reverse order in a second copy of the project."""
    first = tmp_path_factory.mktemp("first")
    docs = make_project(first)
    # The guide's one-machine recipe, as written: the builds two at once, then the assembly.
    recipe = code_blocks("large-libraries")["build every shard on one machine"]
    assert recipe.language == "sh" and "xargs -P 2" in recipe.text
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    ran = subprocess.run(
        ["bash", "-c", recipe.text], cwd=first, env=child_environment({"PATH": path}), text=True, capture_output=True
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (first / "_build" / "builds.txt").read_text(encoding="utf-8").split() == [*BUILDS[1:], "hub"]
    second = tmp_path_factory.mktemp("second")
    other = make_project(second)
    for shard in reversed(BUILDS):
        build(other, shard, second / "out")
    out = first / "_build" / "shards"
    return {"docs": docs, "site": first / "_build" / "site", "out": out, "again": second / "out"}


def test_every_internal_link_and_anchor_resolves(built: dict[str, Path]) -> None:
    site = built["site"].resolve()
    pages = parse_site(site)
    broken = []
    checked = 0
    for page, parsed in pages.items():
        for href in parsed.links:
            if urlsplit(href).scheme or href.startswith("//"):
                continue
            path, anchor = target_of(page.resolve(), href)
            checked += 1
            if not path.is_relative_to(site) or not path.is_file():
                broken.append(f"{page.relative_to(site)}: {href} (no file)")
            elif anchor and path.suffix == ".html" and anchor not in pages[path].ids:
                broken.append(f"{page.relative_to(site)}: {href} (no anchor)")
    assert checked > 20_000
    assert broken == []


def test_every_article_page_is_in_exactly_one_build(built: dict[str, Path]) -> None:
    docs, out = built["docs"], built["out"]
    paths, roots, problems = discover(["../library"], docs)
    library = build_library(paths, roots, problems)
    placed = plan(
        library, parse_rules({"medicine": {"subjects": ["Medicine"]}, "early": {"ids": [0, 100300]}, "rest": {}})
    )
    assert len(placed.articles) == COUNT and not placed.unmatched
    for qt_id, shard in placed.articles.items():
        holders = [name for name in ("hub", *BUILDS[1:]) if list((out / name).rglob(f"questions/**/{qt_id}.html"))]
        assert holders == [shard], qt_id
        assert (out / shard / "questions" / shard / f"{qt_id}.html").is_file()
    assert {shard for shard in placed.articles.values()} == set(BUILDS[1:])
    # The rules: the first that matches.
    for qt_id, shard in placed.articles.items():
        quicktake = library.quicktakes[qt_id]
        expected = "medicine" if quicktake.subject == "Medicine" else "early" if qt_id < 100300 else "rest"
        assert shard == expected
    # Papers: in the shard of the lowest-id article citing them; the rest on the hub.
    assert set(placed.papers.values()) >= {"", "medicine"}
    for key, owner in placed.papers.items():
        slug_pages = list(out.rglob("questions/**/papers/*.html"))
        assert slug_pages
        citing = sorted(q.id for q in library.quicktakes.values() if any(r.value.lower() == key for r in q.references))
        assert owner == (placed.articles[citing[0]] if citing else "")


def _hrefs(site: Path, page: str, selector: str) -> list[Path]:
    text = (site / page).read_text(encoding="utf-8")
    found = re.findall(rf'<a class="[^"]*{selector}[^"]*"[^>]*href="([^"]+)"', text)
    return [target_of((site / page).resolve(), href)[0] for href in found]


def test_links_cross_builds_to_the_right_page(built: dict[str, Path]) -> None:
    site = built["site"].resolve()
    # The hub's own page: roles into each shard, the paper card of a shard, a list.
    index = (site / "index.html").read_text(encoding="utf-8")
    for path in ("early/questions/early/100005.html", "medicine/questions/medicine/100017.html"):
        assert f'href="{path}#qt-' in index
    assert re.search(r'href="(early|medicine|rest)/questions/\1/papers/[^"#]+\.html#qt-paper-', index)
    listed = re.findall(r'qt-link-shard[^"]*" href="(early|rest)/questions/\1/(\d+)\.html#qt-\2"', index)
    assert len(listed) > 5  # the Nursing list: none of its articles is in the hub
    # A shard's article: related articles in other shards, and "Referenced by" from every build.
    article = site / "early" / "questions" / "early" / "100000.html"
    text = article.read_text(encoding="utf-8")
    shard_links = re.findall(r'qt-link-shard[^"]*" href="([^"]+)"', text)
    assert any("/medicine/questions/medicine/" in href for href in shard_links)
    for href in shard_links:
        path, anchor = target_of(article.resolve(), href)
        assert path.is_file() and anchor == f"qt-{path.stem}"
    # The hub's subject page lists every Nursing article, each in its shard.
    nursing = (site / "questions" / "subjects" / "nursing.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="\.\./\.\./(early|rest)/questions/\1/(\d+)\.html#qt-\2"', nursing)
    assert len(linked) > 5 and {shard for shard, _ in linked} == {"early", "rest"}
    # Keyword chips link to the hub's keyword sections.
    assert re.search(r'href="\.\./\.\./\.\./questions/keywords/[a-z]+\.html#qt-keyword-imaging"', text)
    # The theme's library links lead to the hub's index pages.
    for name in ("index", "keywords/index", "dates", "papers/index"):
        assert f'href="../../../questions/{name}.html"' in text
    # Previous and next follow the subject across builds: the first article's previous page is its subject's.
    assert 'rel="prev"' in text and 'rel="next"' in text


def test_referenced_by_lists_referrers_of_every_build(built: dict[str, Path]) -> None:
    site = built["site"].resolve()
    docs = built["docs"]
    paths, roots, problems = discover(["../library"], docs)
    library = build_library(paths, roots, problems)
    placed = plan(
        library, parse_rules({"medicine": {"subjects": ["Medicine"]}, "early": {"ids": [0, 100300]}, "rest": {}})
    )
    crossing = 0
    for qt_id, shard in placed.articles.items():
        referrers = library.referrers(qt_id)
        page = site / shard / "questions" / shard / f"{qt_id}.html"
        text = page.read_text(encoding="utf-8")
        block = text.split("qt-backlinks-list", 1)[1].split("</ul>", 1)[0] if referrers else ""
        found = {
            int(m)
            for m in re.findall(r'href="[^"]*/(\d+)\.html#qt-\d+"|href="(?:\d+)\.html#qt-(\d+)"', block)
            for m in m
            if m
        }
        assert found == set(referrers), qt_id
        crossing += sum(placed.articles[r] != shard for r in referrers)
    assert crossing > 50


def test_objects_inv_of_each_build_lists_what_it_holds(built: dict[str, Path]) -> None:
    from sphinx.util.inventory import InventoryFile

    out = built["out"]
    for shard in BUILDS[1:]:
        with (out / shard / "objects.inv").open("rb") as stream:
            inventory = InventoryFile.load(stream, "", lambda base, uri: uri)
        articles = getattr(inventory, "data", inventory).get("qt:article", {})
        assert articles and all(
            f"questions/{shard}/" in str(getattr(i, "uri", None) or i[2]) for i in articles.values()
        )
    export = json.loads((out / "hub" / "quicktakes.json").read_text(encoding="utf-8"))
    pages = {article["id"]: article["page"] for article in export["articles"]}
    assert pages[100005] == "early/questions/early/100005.html#qt-100005"


def test_another_build_order_gives_the_same_bytes(built: dict[str, Path]) -> None:
    first, second = built["out"], built["again"]
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file() and ".doctrees" not in p.parts)
    assert files == sorted(
        p.relative_to(second) for p in second.rglob("*") if p.is_file() and ".doctrees" not in p.parts
    )
    different = [str(name) for name in files if (first / name).read_bytes() != (second / name).read_bytes()]
    assert different == []


def test_the_planner_counts_and_warns(built: dict[str, Path], tmp_path: Path) -> None:
    run = [sys.executable, "-m", "sphinx_quicktakes", "shards", str(built["docs"])]
    listed = json.loads(subprocess.run([*run, "--json"], capture_output=True, text=True, check=True).stdout)
    assert [entry["shard"] for entry in listed] == ["medicine", "early", "rest", ""]
    out = built["out"]
    for entry in listed:
        pages = list((out / entry["name"]).glob(f"questions/{entry['shard']}/[0-9]*.html")) if entry["shard"] else []
        assert entry["articles"] == len(pages)
    assert sum(entry["articles"] for entry in listed) == COUNT
    assert [entry["folder"] for entry in listed] == ["medicine", "early", "rest", "."]
    names = subprocess.run([*run, "--names"], capture_output=True, text=True, check=True).stdout.split()
    assert names == ["medicine", "early", "rest", "hub"]
    # Uneven shards are warned about; an article no shard takes is an error.
    conf = built["docs"] / "conf.py"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        conf.read_text(encoding="utf-8").replace("../library", str(built["docs"].parent / "library"))
        + "quicktakes_shards = {'a': {'ids': [0, 100010]}, 'b': {'ids': [100010, 100020]},"
        + " 'c': {'subjects': ['Medicine']}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_quicktakes", "shards", str(docs)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "warning: shard 'c' holds" in result.stderr and "more than twice the mean" in result.stderr
    unmatched = [line for line in result.stderr.splitlines() if line.endswith("[quicktakes.shards]")]
    assert unmatched and all("matches no shard of quicktakes_shards" in line for line in unmatched)
    assert all(Path(line.split(":", 1)[0]).is_file() for line in unmatched)


def test_rules_and_addresses() -> None:
    rules = parse_rules({"med": {"subjects": "Medicine"}, "low": {"ids": [0, 10]}, "all": {}})
    assert rules == (Rule("med", frozenset({"medicine"})), Rule("low", None, (0, 10)), Rule("all"))
    for wrong in ({"a b": {}}, {"papers": {}}, {"a": []}, {"a": {"ids": [3, 3]}}, {"a": {"ids": [True, 3]}}, []):
        with pytest.raises(ShardsError):
            parse_rules(wrong)
    relative = Site("{shard}/")
    assert (
        relative.href("", "questions/subjects/x.html", "med", "questions/med/1.html")
        == "../../med/questions/med/1.html"
    )
    assert relative.href("med", "questions/med/1.html", "", "questions/index.html") == "../../../questions/index.html"
    assert relative.href("med", "questions/med/1/", "low", "questions/low/2/") == "../../../../low/questions/low/2/"
    absolute = Site("https://example.org/{shard}/")
    assert absolute.href("med", "questions/med/1.html", "", "index.html") == "https://example.org/index.html"
    rtd = Site("https://x.readthedocs.io/projects/{shard}/en/latest/", "https://x.readthedocs.io/en/latest/")
    assert rtd.href("", "index.html", "med", "a.html") == "https://x.readthedocs.io/projects/med/en/latest/a.html"
    assert rtd.base("") == "https://x.readthedocs.io/en/latest/"
    assert uneven({"a": (1, 0), "b": (1, 0), "c": (10, 0), "": (0, 5)}) == ["c"]


def test_a_build_warns_once_about_an_unmatched_article_and_an_unknown_shard(project: BuildProject) -> None:
    conf = (ROOTS / "test-pages" / "conf.py").read_text(encoding="utf-8")
    conf += "quicktakes_shards = {'one': {'ids': [118100, 118101]}}\nquicktakes_shard = 'two'\n"
    app = project("pages", files={"docs/conf.py": conf})
    app.build()
    warnings = warnings_of(app)
    assert (
        warnings.count("is not a shard of quicktakes_shards (one); the hub is built instead [quicktakes.config]") == 1
    )
    unmatched = re.findall(
        r"^(\S+): WARNING: QuickTake (\d+) .* matches no shard .*\[quicktakes\.shards\]$", warnings, re.M
    )
    assert len(unmatched) == len({qt_id for _, qt_id in unmatched}) >= 3
    assert all(Path(location.rsplit(":", 1)[0]).is_file() for location, _ in unmatched)
    assert app.config.quicktakes_shard == ""
    assert not (app.outdir / "questions" / "118109.html").exists()  # left out, not built


def test_shards_need_generated_pages_and_a_shard_needs_shards(project: BuildProject) -> None:
    base = (ROOTS / "test-minimal" / "conf.py").read_text(encoding="utf-8")
    app = project("minimal", files={"docs/conf.py": base + "quicktakes_shards = {'all': {}}\n"})
    app.build()
    warnings = warnings_of(app)
    assert warnings.count("[quicktakes.config]") == 1
    assert "quicktakes_shards needs quicktakes_pages" in warnings and "built as one" in warnings
    assert app.config._quicktakes_build is None


def test_a_shard_without_shards_is_one_warning(project: BuildProject) -> None:
    app = project("minimal", confoverrides={"quicktakes_shard": "medicine"})
    app.build()
    warnings = warnings_of(app)
    assert warnings.count("[quicktakes.config]") == 1
    assert "quicktakes_shard = 'medicine' is set, but quicktakes_shards is empty" in warnings
    assert (app.outdir / "index.html").is_file()


def test_the_hub_searches_every_build(built: dict[str, Path]) -> None:
    """Each build indexes its own pages; the boxes of every build search all of them (Pagefind's
    ``mergeIndex``), and a result links into the build that holds it."""
    from .browser_support import launch, serve

    site = built["site"]
    article = sorted((site / "medicine" / "questions" / "medicine").glob("1*.html"))[0]
    question = re.search(r'<span data-pagefind-meta="title">([^<]+)</span>', article.read_text(encoding="utf-8"))
    assert question is not None
    hub_box = re.search(r'data-qt-pagefind-merge="([^"]+)"', (site / "search.html").read_text(encoding="utf-8"))
    assert hub_box is not None and json.loads(unescape(hub_box[1])) == [
        "medicine/pagefind/",
        "early/pagefind/",
        "rest/pagefind/",
    ]
    shard_box = re.search(r'data-qt-pagefind-merge="([^"]+)"', article.read_text(encoding="utf-8"))
    assert shard_box is not None and json.loads(unescape(shard_box[1])) == [
        "../../../pagefind/",
        "../../../early/pagefind/",
        "../../../rest/pagefind/",
    ]
    with serve(site) as url, launch() as browser:
        page = browser.new_page()
        page.goto(f"{url}search.html?q={quote(unescape(question[1]))}")
        page.wait_for_selector(".qt-search-page .qt-search-result")
        first = page.locator(".qt-search-page .qt-search-result-title").first
        assert first.inner_text() == unescape(question[1])
        assert urlsplit(first.get_attribute("href") or "").path == f"/medicine/questions/medicine/{article.name}"


def test_a_shard_rebuilt_after_edits_in_other_shards_equals_a_clean_build(tmp_path: Path) -> None:
    """The pager of a shard's page shows its neighbours in the whole library's reading order, which
    other shards' articles change: one added between two of them, one removed further on."""
    docs = make_project(tmp_path)
    library = build_library(*discover(["../library"], docs))
    rules = parse_rules({"medicine": {"subjects": ["Medicine"]}, "early": {"ids": [0, 100300]}, "rest": {}})
    owners = plan(library, rules).articles
    found = None
    for subject in sorted({qt.subject for qt in library.quicktakes.values()} - {"Medicine"}):
        ids = sorted(qt.id for qt in library.quicktakes.values() if qt.subject == subject)
        for before, after in itertools.pairwise(ids):
            unused = [n for n in range(max(before + 1, 100300), after) if n not in library.quicktakes]
            free = unused[0] if unused else after
            if owners[before] == "early" and owners[after] == "rest" and free < after:
                later = [qt_id for qt_id in ids if qt_id > after and owners[qt_id] == "rest"]
                found = (before, after, free, later[0] if later else None)
                break
        if found:
            break
    assert found is not None, "the generated library has an early article followed by one of rest"
    before, after, new_id, removed = found
    out = tmp_path / "incremental"
    build(docs, "early", out)
    # Another shard's files only, none of them a file of the pages' neighbours (a neighbour's file
    # is no dependency of the page): a new article between the two, and the next one of the
    # subject in that shard (if any) removed.
    template = library.quicktakes[after].path.read_text(encoding="utf-8")
    (tmp_path / "library" / "zz_new.txt").write_text(
        template.replace(f"id: {after}\n", f"id: {new_id}\n", 1), encoding="utf-8"
    )
    if removed is not None:
        library.quicktakes[removed].path.unlink()
    build(docs, "early", out)
    clean = tmp_path / "clean"
    build(docs, "early", clean)
    first, second = out / "early", clean / "early"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file() and ".doctrees" not in p.parts)
    assert files == sorted(
        p.relative_to(second) for p in second.rglob("*") if p.is_file() and ".doctrees" not in p.parts
    )
    # searchindex.js aside: Sphinx itself keeps stale entries there (see benchmarks/differential.py).
    different = [
        str(name)
        for name in files
        if name.name != "searchindex.js" and (first / name).read_bytes() != (second / name).read_bytes()
    ]
    assert different == []
    page = (first / "questions" / "early" / f"{before}.html").read_text(encoding="utf-8")
    assert f"rest/questions/rest/{new_id}.html" in page  # its next page is the new article, in another build


def test_a_shards_general_index_leaves_the_articles_to_the_hubs_index_pages(
    built: dict[str, Path], project: BuildProject
) -> None:
    """By default a shard's general index has no article entries (it would list only its part of the
    library, 4.4 MB at 15,000 articles); ``quicktakes_index_entries = True`` brings them back."""
    shard_index = (built["out"] / "medicine" / "genindex.html").read_text(encoding="utf-8")
    articles = sorted((built["out"] / "medicine" / "questions" / "medicine").glob("1*.html"))
    assert articles and not any(f"{article.name}#qt-" in shard_index for article in articles)
    conf = (ROOTS / "test-pages" / "conf.py").read_text(encoding="utf-8")
    conf += "quicktakes_shards = {'all': {}}\nquicktakes_shard = 'all'\nquicktakes_index_entries = True\n"
    app = project("pages", files={"docs/conf.py": conf})
    app.build()
    assert warnings_of(app) == ""
    kept = (app.outdir / "genindex.html").read_text(encoding="utf-8")
    assert re.search(r'href="questions/all/\d+\.html#qt-\d+"', kept), kept[:2000]
