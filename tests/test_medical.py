"""Medical publishing (issue 16): reviewers, review and update dates, references, stale reviews, feeds."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup

from sphinx_quicktakes.library.quicktake_file import load_quicktake
from sphinx_quicktakes.library.reference import Reference, parse_reference
from sphinx_quicktakes.library.review import stale_reviews, today

from .conftest import ROOTS, BuildProject, page, warnings_of

ROOT = "medical"
REVIEWED = ROOTS / "test-medical" / "library" / "reviewed.txt"
BASE = "https://example.org/site/"
PAPER_DOI = "10.1016/j.clinimag.2023.110022"
#: 2025-06-01T00:00:00Z: "today" for the review reports.
JUNE_2025 = "1748736000"


def reviewed_text(**replace: str) -> str:
    text = REVIEWED.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old.replace("_", " ") in text or old in text
        text = text.replace(old, new)
    return text


# -- loading ---------------------------------------------------------------------------------------


def test_fields_are_loaded() -> None:
    quicktake, problems = load_quicktake(REVIEWED, REVIEWED.read_text(encoding="utf-8"))
    assert problems == []
    assert quicktake is not None
    assert quicktake.reviewed_by == ("Dr Ana Lima, MD", "Dr Ben Okafor")
    assert quicktake.last_reviewed == dt.date(2025, 3, 2)
    assert quicktake.updated == dt.date(2025, 3, 2)
    assert [r.kind for r in quicktake.references] == ["doi", "pmid", "url", "doi"]
    assert "reviewed_by" not in quicktake.extra and "references" not in quicktake.extra


def test_one_name_is_a_list_of_one() -> None:
    text = "---\nid: 5\nquestion: q\nanswer: a\nreviewed_by: Dr Ana Lima, MD\nreferences: pmid:31801716\n---\n"
    quicktake, problems = load_quicktake(Path("one.txt"), text)
    assert problems == [] and quicktake is not None
    assert quicktake.reviewed_by == ("Dr Ana Lima, MD",)
    assert quicktake.references == (Reference("pmid", "31801716"),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.1016/j.clinimag.2023.110022", Reference("doi", "10.1016/j.clinimag.2023.110022")),
        ("doi:10.1002/hep.29913", Reference("doi", "10.1002/hep.29913")),
        ("https://doi.org/10.1002/hep.29913", Reference("doi", "10.1002/hep.29913")),
        ("PMID: 31801716", Reference("pmid", "31801716")),
        ("https://www.ncbi.nlm.nih.gov/books/NBK1/", Reference("url", "https://www.ncbi.nlm.nih.gov/books/NBK1/")),
        ("javascript:alert(1)", None),
        ("ftp://example.org/paper.pdf", None),
        ("pmid:12ab", None),
        ("10.12/x y", None),
        ("https://", None),
        ("a paper I read", None),
        ("", None),
    ],
)
def test_references_are_parsed(text: str, expected: Reference | None) -> None:
    parsed = parse_reference(text)
    if expected is None:
        assert isinstance(parsed, str) and parsed
    else:
        assert parsed == expected


def test_reference_links() -> None:
    assert Reference("doi", "10.1002/hep.29913").url == "https://doi.org/10.1002/hep.29913"
    assert Reference("pmid", "31801716").url == "https://pubmed.ncbi.nlm.nih.gov/31801716/"


def test_bad_values_are_located_and_skipped() -> None:
    text = reviewed_text(
        **{
            "last_reviewed: 2025-03-02": "last_reviewed: 2025-13-40",
            "  - Dr Ben Okafor": "  - ''",
            "  - https://www.cancer.gov/types/liver": "  - javascript:alert(1)",
        }
    )
    quicktake, problems = load_quicktake(REVIEWED, text)
    assert quicktake is not None  # the rest is built
    lines = text.splitlines()
    found = {(p.subtype, lines[p.line - 1].split(":")[0]) for p in problems if p.line}
    assert found == {("date", "last_reviewed"), ("reviewer", "reviewed_by"), ("reference", "references")}
    assert quicktake.last_reviewed is None and quicktake.updated == dt.date(2025, 3, 2)
    assert quicktake.reviewed_by == ("Dr Ana Lima, MD",)
    assert [r.kind for r in quicktake.references] == ["doi", "pmid", "doi"]


# -- stale reviews -----------------------------------------------------------------------------------


def test_today_is_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUNE_2025)
    assert today() == dt.date(2025, 6, 1)


def test_stale_reviews() -> None:
    quicktake, _ = load_quicktake(REVIEWED, REVIEWED.read_text(encoding="utf-8"))
    assert quicktake is not None
    assert stale_reviews([quicktake], 91, dt.date(2025, 6, 1)) == []  # 91 days: not more than 91
    [stale] = stale_reviews([quicktake], 90, dt.date(2025, 6, 1))
    assert stale.subtype == "review" and stale.line == quicktake.line_of("last_reviewed")
    assert "2025-03-02, 91 days ago" in stale.message


def check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx_quicktakes", "check", *args]
    env = {"SOURCE_DATE_EPOCH": JUNE_2025, "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)


def test_checker_lists_stale_and_unreviewed_articles(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "reviewed.txt").write_text(REVIEWED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "lib" / "never.txt").write_text("---\nid: 7\nquestion: q\nanswer: a\n---\n", encoding="utf-8")
    fresh = check("lib", "--max-review-age", "100", cwd=tmp_path)
    assert fresh.returncode == 1
    assert fresh.stdout.splitlines() == [
        "lib/never.txt:2: QuickTake 7 has no last_reviewed date (reviews are due every 100 days) [quicktakes.review]"
    ]
    stale = check("lib", "--max-review-age", "30", "--json", cwd=tmp_path)
    assert stale.returncode == 1
    report = json.loads(stale.stdout)
    line = REVIEWED.read_text(encoding="utf-8").splitlines().index("last_reviewed: 2025-03-02") + 1
    assert [(p["path"], p["line"], p["subtype"]) for p in report["problems"]] == [
        ("lib/never.txt", 2, "review"),
        ("lib/reviewed.txt", line, "review"),
    ]
    assert check("lib", cwd=tmp_path).returncode == 0  # without the option, no review report
    assert check("lib/reviewed.txt", "--max-review-age", "91", cwd=tmp_path).returncode == 0
    assert check("lib", "--max-review-age", "soon", cwd=tmp_path).returncode == 2


def test_build_warns_about_stale_reviews_when_asked(project: BuildProject, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUNE_2025)
    app = project(ROOT, confoverrides={"quicktakes_max_review_age": 90, "quicktakes_sources": ["library"]})
    app.build()
    warnings = warnings_of(app).splitlines()
    assert len(warnings) == 2, warnings  # the reviewed article, and one never reviewed
    assert all(warning.endswith("[quicktakes.review]") for warning in warnings)
    assert f"{REVIEWED.name}:" in warnings[1] and "91 days ago" in warnings[1]
    assert "library/other.txt:2: WARNING: QuickTake 900002 has no last_reviewed date" in warnings[0]


# -- the page in every builder -----------------------------------------------------------------------


def test_page_shows_review_line_and_references(site) -> None:
    soup = page(site, "reviewed")
    meta = soup.select_one("article .qt-meta")
    assert "Updated Mar 02, 2025" in meta.get_text()
    review = meta.select_one(".qt-review")
    assert review.get_text() == "Reviewed by Dr Ana Lima, MD and Dr Ben Okafor on Mar 02, 2025"
    assert review.find("time")["datetime"] == "2025-03-02"
    references = soup.select_one("article .qt-references")
    assert references.find(class_="qt-heading").get_text() == "References"
    links = [a["href"] for a in references.select("ol > li a")]
    assert links == [
        "questions/papers/10-1016-j-clinimag-2023-110022.html#qt-paper-10-1016-j-clinimag-2023-110022",
        "https://pubmed.ncbi.nlm.nih.gov/29624699/",
        "https://www.cancer.gov/types/liver",
        "https://doi.org/10.1002/hep.29913",
    ]
    # the answer comes before its references
    parts = [child.get("class", [None])[0] for child in soup.select_one("article.qt-article").find_all(recursive=False)]
    assert parts.index("qt-answer") < parts.index("qt-references")


def test_a_paper_only_on_doi_org_without_a_card(project: BuildProject) -> None:
    index = "Library\n=======\n\n.. toctree::\n\n   reviewed\n"
    app = project(ROOT, files={"docs/index.rst": index}, confoverrides={"quicktakes_pages": None})
    app.build()
    assert warnings_of(app) == ""  # an article's reference without a card is not a warning
    links = [a["href"] for a in page(app, "reviewed").select(".qt-references a")]
    assert links[0] == f"https://doi.org/{PAPER_DOI}"


def test_page_in_french(project: BuildProject) -> None:
    app = project(ROOT, confoverrides={"language": "fr"})
    app.build()
    assert warnings_of(app) == ""
    soup = page(app, "reviewed")
    assert soup.select_one(".qt-review").get_text() == "Relu par Dr Ana Lima, MD et Dr Ben Okafor le 2 mars 2025"
    assert soup.select_one(".qt-updated").get_text() == "Mis à jour le 2 mars 2025"
    assert soup.select_one(".qt-references .qt-heading").get_text() == "Références"


@pytest.mark.parametrize(
    ("builder", "output"),
    [
        ("text", "reviewed.txt"),
        ("latex", "qtmed.tex"),
        ("man", "qtmed.1"),
        ("texinfo", "qtmed.texi"),
        ("epub", "reviewed.xhtml"),
    ],
)
def test_every_builder(project: BuildProject, builder: str, output: str) -> None:
    app = project(ROOT, builder)
    app.build()
    assert warnings_of(app) == ""
    raw = (app.outdir / output).read_text(encoding="utf-8")
    if builder == "epub":
        raw = BeautifulSoup(raw, "html.parser").get_text()
    text = " ".join(raw.split())
    for shown in ("Reviewed by", "Dr Ana Lima, MD", "Dr Ben Okafor", "Updated", "References", "PMID 29624699"):
        assert shown in text, shown
    assert "hep.29913" in text
    if builder in ("latex", "texinfo", "epub"):  # the builders that write link targets
        assert "pubmed.ncbi.nlm.nih.gov/29624699" in raw
    assert not (app.outdir / "feeds").exists()  # feeds are for the browsable HTML builds


# -- structured data ---------------------------------------------------------------------------------


def json_ld(app, name: str) -> list[dict]:
    return [json.loads(s.string) for s in page(app, name).find_all("script", type="application/ld+json")]


def test_json_ld(site) -> None:
    [data] = json_ld(site, "questions/900001")
    assert data["@type"] == "MedicalWebPage"
    assert data["reviewedBy"] == [
        {"@type": "Person", "name": "Dr Ana Lima, MD"},
        {"@type": "Person", "name": "Dr Ben Okafor"},
    ]
    assert data["lastReviewed"] == "2025-03-02" and data["dateModified"] == "2025-03-02"
    assert data["datePublished"] == "2025-01-10"
    assert data["medicalAudience"] == {"@type": "MedicalAudience", "audienceType": "Clinician"}
    assert [c["url"] for c in data["citation"]] == [
        f"https://doi.org/{PAPER_DOI}",
        "https://pubmed.ncbi.nlm.nih.gov/29624699/",
        "https://www.cancer.gov/types/liver",
        "https://doi.org/10.1002/hep.29913",
    ]
    assert data["citation"][1]["identifier"] == {"@type": "PropertyValue", "propertyID": "PMID", "value": "29624699"}
    [card] = json_ld(site, "questions/papers/10-1016-j-clinimag-2023-110022")
    assert card["@type"] == "MedicalScholarlyArticle"


def test_audience_unset_and_unreviewed_articles(project: BuildProject) -> None:
    app = project(ROOT, confoverrides={"quicktakes_audience": None})
    app.build()
    [data] = json_ld(app, "questions/97068")
    for key in ("medicalAudience", "reviewedBy", "lastReviewed", "dateModified", "citation"):
        assert key not in data


def test_audience_is_taken_in_any_case(project: BuildProject) -> None:
    app = project(ROOT, confoverrides={"quicktakes_audience": "patient"})
    app.build()
    assert warnings_of(app) == ""
    [data] = json_ld(app, "questions/900001")
    assert data["medicalAudience"]["audienceType"] == "Patient"


def test_sitemap_lastmod_is_the_update(project: BuildProject) -> None:
    app = project(
        ROOT,
        confoverrides={
            "extensions": ["myst_parser", "sphinx_quicktakes", "sphinx_sitemap"],
            "sitemap_url_scheme": "{link}",
        },
    )
    app.build()
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ElementTree.parse(Path(app.outdir) / "sitemap.xml").getroot()
    lastmod = {u.findtext(f"{namespace}loc"): u.findtext(f"{namespace}lastmod") for u in root}
    assert lastmod[BASE + "questions/900001.html"] == "2025-03-02"  # updated, not the date 2025-01-10
    assert lastmod[BASE + "questions/97068.html"] == "2024-12-07"


# -- feeds -------------------------------------------------------------------------------------------


def parse_feed(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    # RFC 4287: a feed has id, title and updated, and an author unless every entry has one;
    # every entry has id, title and updated (and here an author and a link).
    assert feed.feed.id and feed.feed.title and feed.feed.updated
    assert feed.feed.get("author") or all(entry.get("author") for entry in feed.entries)
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated and entry.author and entry.link
    return feed


def test_feeds(site) -> None:
    folder = Path(site.outdir) / "feeds"
    assert sorted(p.name for p in folder.iterdir()) == ["all.atom", "health-studies.atom", "medicine.atom"]
    feed = parse_feed(folder / "all.atom")
    assert feed.feed.id == BASE + "feeds/all.atom"
    newest = feed.entries[0]
    assert newest.title == "How often should people with cirrhosis be screened for liver cancer?"
    assert newest.link == BASE + "questions/900001.html"
    assert newest.published.startswith("2025-01-10") and newest.updated.startswith("2025-03-02")
    assert feed.feed.updated.startswith("2025-03-02")  # the newest entry's, not the build's time
    assert newest.summary.startswith("Surveillance for hepatocellular carcinoma in cirrhosis")
    assert [tag.term for tag in newest.tags][:2] == ["Medicine", "hepatocellular carcinoma"]
    assert newest.author == "QuickTakes"
    assert len(feed.entries) == 6
    for entry in feed.entries:  # every link is a page of this build
        path = entry.link.removeprefix(BASE).partition("#")[0]
        assert (Path(site.outdir) / path).is_file(), entry.link
    medicine = parse_feed(folder / "medicine.atom")
    assert {tag.term for entry in medicine.entries for tag in entry.tags if tag.term == "Medicine"} == {"Medicine"}
    assert all(entry.tags[0].term == "Medicine" for entry in medicine.entries)
    assert len(medicine.entries) == 5
    other = parse_feed(folder / "health-studies.atom")
    assert [entry.link for entry in other.entries] == [BASE + "questions/900002.html"]
    assert other.feed.updated.startswith("2023-05-04")


def test_pages_link_to_their_feeds(site) -> None:
    def feeds(name: str) -> list[str]:
        return [
            link["href"] for link in page(site, name).find_all("link", rel="alternate", type="application/atom+xml")
        ]

    assert feeds("index") == ["feeds/all.atom"]
    assert feeds("questions/900001") == ["../feeds/all.atom"]
    assert feeds("questions/subjects/medicine") == ["../../feeds/all.atom", "../../feeds/medicine.atom"]


def test_feed_length(project: BuildProject) -> None:
    app = project(ROOT, confoverrides={"quicktakes_feed_length": 2})
    app.build()
    feed = parse_feed(Path(app.outdir) / "feeds" / "all.atom")
    assert [entry.link.removeprefix(BASE) for entry in feed.entries] == [
        "questions/900001.html",
        "questions/118136.html",
    ]


def test_no_feeds_without_a_base_url(project: BuildProject) -> None:
    app = project(ROOT, confoverrides={"html_baseurl": ""})
    app.build()
    assert warnings_of(app) == ""
    assert not (Path(app.outdir) / "feeds").exists()
    assert page(app, "index").find("link", type="application/atom+xml") is None


def test_feeds_of_an_incremental_build_equal_a_clean_one(project: BuildProject, tmp_path: Path) -> None:
    app = project(ROOT)
    app.build()
    folder = Path(app.outdir) / "feeds"
    stamp = (folder / "all.atom").stat().st_mtime_ns
    app.build()  # nothing changed: nothing is rewritten
    assert (folder / "all.atom").stat().st_mtime_ns == stamp
    # the reviewed article changes subject: its old subject's feed must go, as in a clean build
    source = tmp_path / "docs" / "library" / "reviewed.txt"
    source.write_text(
        source.read_text(encoding="utf-8").replace("subject: Medicine", "subject: Hepatology"), encoding="utf-8"
    )
    again = project(ROOT)
    again.build()
    incremental = {p.name: p.read_bytes() for p in folder.iterdir()}
    clean = project(ROOT, freshenv=True)
    clean.build()
    assert incremental == {p.name: p.read_bytes() for p in folder.iterdir()}
    assert "hepatology.atom" in incremental


def test_review_and_references_can_be_hidden(project: BuildProject) -> None:
    hidden = "Reviewed\n========\n\n.. quicktake:: 900001\n   :hide: review, references\n"
    app = project(ROOT, files={"docs/reviewed.rst": hidden})
    app.build()
    assert warnings_of(app) == ""
    soup = page(app, "reviewed")
    assert soup.select_one("article .qt-review") is None and soup.select_one("article .qt-references") is None
    assert soup.select_one("article .qt-updated") is not None  # "Updated" belongs to the date part
