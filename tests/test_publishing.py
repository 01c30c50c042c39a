"""Publishing metadata: description, OpenGraph, JSON-LD, Highwire tags, sitemap dates, llms.txt."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from sphinx_quicktakes.library import load_file

from .conftest import SEED_FILES, SEEDS, BuildProject, warnings_of

BASE = "https://example.org/docs/"


def head(app, name: str, builder: str = "html") -> BeautifulSoup:
    path = app.outdir / (f"{name}/index.html" if builder == "dirhtml" and name != "index" else f"{name}.html")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head


def ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]


def seed(key):
    item, _ = load_file(SEEDS / SEED_FILES[key])
    return item


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_article_page_metadata_matches_the_file(project: BuildProject, builder: str) -> None:
    app = project("pages", builder, confoverrides={"html_baseurl": BASE})
    app.build()
    assert warnings_of(app) == ""
    for qt_id in (97068, 118100, 118109, 118136):
        quicktake = seed(qt_id)
        soup = head(app, f"questions/{qt_id}", builder)
        [description] = soup.find_all("meta", attrs={"name": "description"})
        assert description["content"] == quicktake.seo.description
        assert soup.find("meta", attrs={"name": "keywords"})["content"] == ", ".join(quicktake.keywords)
        [page] = [data for data in ld(soup) if data["@type"] == "MedicalWebPage"]
        assert page["@context"] == "https://schema.org"
        assert page["mainEntity"]["@type"] == "Question"
        assert page["mainEntity"]["name"] == quicktake.question
        answer = page["mainEntity"]["acceptedAnswer"]
        assert answer["@type"] == "Answer"
        assert answer["text"].startswith(quicktake.answer.split("\n")[0][:60])
        assert "**" not in answer["text"]
        assert page["datePublished"] == quicktake.date.isoformat()
        assert page["author"] == {"@type": "Organization", "name": "QuickTakes"}
        assert page["keywords"] == ", ".join(quicktake.keywords)
        assert page["about"] == {"@type": "Thing", "name": quicktake.subject}
        assert page["description"] == quicktake.seo.description
        canonical = soup.find("link", rel="canonical")["href"]
        assert page["url"] == canonical and canonical.startswith(BASE + f"questions/{qt_id}")
    assert "≥ 2 cm" in ld(head(app, "questions/97068", builder))[0]["mainEntity"]["acceptedAnswer"]["text"]
    # a page that is not given to one article carries no article description
    assert head(app, "index", builder).find("meta", attrs={"name": "description"}) is None


def test_basic_opengraph_without_sphinxext_opengraph(project: BuildProject) -> None:
    app = project("pages", confoverrides={"html_baseurl": BASE})
    app.build()
    soup = head(app, "questions/118100")
    og = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:title"] == seed(118100).question
    assert og["og:description"] == seed(118100).seo.description
    assert og["og:url"] == BASE + "questions/118100.html"
    app2 = project("pages", confoverrides={"quicktakes_opengraph": False}, builddir=app.outdir.parent / "no-og")
    app2.build()
    assert head(app2, "questions/118100").find("meta", property=True) is None


def test_cooperates_with_sphinxext_opengraph(project: BuildProject) -> None:
    pytest.importorskip("sphinxext.opengraph")  # a test dependency; always installed by .ci/run
    app = project(
        "pages",
        confoverrides={
            "extensions": ["myst_parser", "sphinx_quicktakes", "sphinxext.opengraph"],
            "ogp_site_url": BASE,
        },
    )
    app.build()
    soup = head(app, "questions/118100")
    assert len(soup.find_all("meta", attrs={"name": "description"})) == 1
    properties = [tag["property"] for tag in soup.find_all("meta", property=True)]
    assert len(properties) == len(set(properties))  # no duplicate og: tags
    og = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:description"] == seed(118100).seo.description


def test_seo_title_when_configured(project: BuildProject) -> None:
    app = project("pages", confoverrides={"quicktakes_seo_title": True})
    app.build()
    assert head(app, "questions/118100").title.get_text().startswith("QuickTakes | Medicine")


def test_json_ld_cannot_be_broken_out_of(project: BuildProject) -> None:
    nasty = "Ends </script><script>alert(1)</script> <!-- x \u2028 y \u2029 z & <b>"
    quoted = nasty.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")  # YAML escapes, not line breaks
    text = f'---\nid: 9\nquestion: "{quoted}"\nanswer: "{quoted}"\nseo:\n  page_description: "{quoted}"\n---\n'
    app = project("pages", files={"seeds/nasty.txt": text})
    app.build()
    raw = (app.outdir / "questions/9.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(raw, "html.parser")
    scripts = soup.head.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["mainEntity"]["name"] == nasty
    assert data["description"] == nasty
    assert soup.find("script", string="alert(1)") is None
    script_text = raw.split('<script type="application/ld+json">')[1].split("</script>")[0]
    for forbidden in ("<", ">", "\u2028", "\u2029"):
        assert forbidden not in script_text


def test_paper_page_citation_tags_match_seed_004(project: BuildProject) -> None:
    app = project("pages")
    app.build()
    soup = head(app, "questions/papers/10-1016-j-clinimag-2023-110022")
    tags: dict[str, list[str]] = {}
    for tag in soup.find_all("meta", attrs={"name": lambda n: n and n.startswith("citation_")}):
        tags.setdefault(tag["name"], []).append(tag["content"])
    paper = seed("paper")
    assert tags["citation_title"] == [paper.title]
    assert tags["citation_journal_title"] == [paper.journal]
    assert tags["citation_volume"] == ["105"]
    assert tags["citation_publisher"] == [paper.publisher]
    assert tags["citation_doi"] == [paper.doi]
    assert tags["citation_keywords"] == list(paper.keywords)
    assert "citation_issue" not in tags and "citation_firstpage" not in tags and "citation_author" not in tags
    [article] = [data for data in ld(soup) if data["@type"] == "MedicalScholarlyArticle"]
    assert article["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi}
    assert article["sameAs"] == f"https://doi.org/{paper.doi}"
    assert article["isPartOf"] == {
        "@type": "PublicationVolume",
        "volumeNumber": "105",
        "isPartOf": {"@type": "Periodical", "name": paper.journal},
    }
    assert article["publisher"] == {"@type": "Organization", "name": paper.publisher}
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith("Hepatic arterial infusion pumps")


@pytest.mark.parametrize(
    ("builder", "copy"), [("html", "questions/118100.md"), ("dirhtml", "questions/118100/index.md")]
)
def test_llms_txt_and_markdown_copies(project: BuildProject, builder: str, copy: str) -> None:
    app = project("pages", builder, confoverrides={"html_baseurl": BASE})
    app.build()
    llms = (app.outdir / "llms.txt").read_text(encoding="utf-8")
    lines = llms.splitlines()
    assert lines[0] == "# qtpages"
    assert lines[2].startswith("> 4 medical questions")
    assert "## Medicine" in lines
    quicktake = seed(118100)
    assert f"- [{quicktake.question}](<{BASE}{copy}>): {quicktake.seo.description}" in lines
    assert sum(line.startswith("- [") for line in lines) == 4
    markdown = (app.outdir / copy).read_text(encoding="utf-8")
    assert markdown.startswith(f"# {quicktake.question}\n")
    assert quicktake.answer.split("\n")[0] in markdown  # the real answer text, re-written as safe Markdown
    assert "\n\n1. **Diagnosis and Characterization**: Imaging modalities such as ultrasound" in markdown
    assert "quicktake::" not in markdown and "```{" not in markdown
    assert "## Related articles" in markdown
    assert "](<https://quicktakes.io/learn/medicine/questions/" in markdown


def test_sitemap_gets_article_dates(project: BuildProject) -> None:
    pytest.importorskip("sphinx_sitemap")  # a test dependency; always installed by .ci/run
    app = project(
        "pages",
        confoverrides={
            "extensions": ["myst_parser", "sphinx_quicktakes", "sphinx_sitemap"],
            "html_baseurl": BASE,
            "sitemap_url_scheme": "{link}",
        },
    )
    app.build()
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ElementTree.parse(Path(app.outdir) / "sitemap.xml").getroot()
    lastmod = {u.findtext(f"{namespace}loc"): u.findtext(f"{namespace}lastmod") for u in root}
    assert lastmod[BASE + "questions/118100.html"] == "2024-12-11"
    assert lastmod[BASE + "questions/97068.html"] == "2024-12-07"
    assert lastmod[BASE + "index.html"] is None


def test_only_a_page_given_to_one_paper_claims_to_be_it(project: BuildProject) -> None:
    app = project("papers")
    app.build()
    cited = head(app, "cited")  # one card, but the page's title is its own
    assert cited.find("meta", attrs={"name": "citation_title"}) is None
    assert cited.find("meta", attrs={"name": "description"}) is None
    [article] = ld(cited)
    assert article["@type"] == "MedicalScholarlyArticle" and "abstract" in article
    hidden = ld(head(app, "myst_page"))  # the card hides its abstract: so does the JSON-LD
    assert len(hidden) == 1 and "abstract" not in hidden[0]


def test_one_json_ld_per_paper_and_numbered_answer_text(project: BuildProject) -> None:
    twice = "T\n=\n\n.. paper-card:: 10.1016/j.clinimag.2023.110022\n\n.. paper-card:: 10.1016/j.clinimag.2023.110022\n"
    app = project(
        "pages",
        files={
            "docs/twice.rst": twice,
            "docs/index.rst": "I\n=\n\n.. toctree::\n\n   questions/index\n   latest\n   twice\n",
        },
    )
    app.build()
    assert [data["@type"] for data in ld(head(app, "twice"))] == ["MedicalScholarlyArticle"]
    text = ld(head(app, "questions/97068"))[0]["mainEntity"]["acceptedAnswer"]["text"]
    assert "\n\n1. Ultrasound: This is often" in text
    assert "tumor's vascularity" in text  # as written in the file


def test_llms_txt_links_are_relative_without_a_base_url(project: BuildProject) -> None:
    app = project("pages")
    app.build()
    llms = (app.outdir / "llms.txt").read_text(encoding="utf-8")
    assert f"- [{seed(118100).question}](<questions/118100.md>): " in llms
