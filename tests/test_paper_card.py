"""The ``paper-card`` directive, the ``:qt:paper:`` role and the citation files."""

from __future__ import annotations

import os
import re

import pybtex.database
import pytest
import rispy
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from .conftest import BuildProject, page, warnings_of

DOI = "10.1016/j.clinimag.2023.110022"
ANCHOR = "qt-paper-10-1016-j-clinimag-2023-110022"
TITLE = "Imaging of the hepatic arterial infusion pump: Primer for radiologists"


#: The test project that the shared ``site`` fixture builds for this module.
ROOT = "papers"


def test_card_by_doi_shows_every_part(site) -> None:
    card = page(site, "index").find("article", class_="qt-paper-card")
    assert card["id"] == ANCHOR
    assert card.find(class_="qt-paper-title").get_text() == TITLE
    source = card.find(class_="qt-paper-source").get_text(" ", strip=True)
    assert source.startswith("Clinical Imaging , vol. 105")
    assert "Elsevier Science Inc" in source
    assert "Issue" not in source and "no." not in source and "pp." not in source and "-" not in source
    doi_link = card.select_one(".qt-paper-doi a")
    assert (doi_link["href"], doi_link.get_text()) == (f"https://doi.org/{DOI}", DOI)
    # The seed says "Primary Rating 4.3 / Not enough ratings" over secondary ratings that are all "-".
    assert (
        card.find(class_="qt-paper-rating").get_text()
        == "Reader rating: 4.3 / 5, from too few ratings to show a breakdown"
    )
    assert len(card.select(".qt-keywords .qt-keyword")) == 5
    abstract = card.find(class_="qt-paper-abstract")
    assert abstract.name == "div"
    assert len(abstract.find_all("p")) == 2
    assert card.find(class_="qt-paper-authors") is None  # the scraped page names none


def test_cite_this_box_with_vancouver_and_downloads(site) -> None:
    cite = page(site, "index").find("details", class_="qt-cite")
    assert cite.find("summary").get_text() == "Cite this"
    reference = cite.find(class_="qt-reference").get_text()
    assert reference.startswith(TITLE + ". Clinical Imaging.")
    assert DOI in reference
    links = {a.get_text(): (a["href"], a["download"]) for a in cite.select(".qt-cite-downloads a")}
    assert set(links) == {"BibTeX", "RIS"}
    bib_href, bib_name = links["BibTeX"]
    assert re.fullmatch(r"_citations/[0-9a-f]{16}\.bib", bib_href)
    assert links["RIS"] == (bib_href.replace(".bib", ".ris"), "imaginghepatic.ris")
    assert bib_name == "imaginghepatic.bib"


def download(app, name: str, label: str) -> str:
    href = page(app, name).find("a", class_="qt-download", string=label)["href"]
    return (app.outdir / href).read_text(encoding="utf-8")


def test_citation_files_parse_back(site) -> None:
    bib = pybtex.database.parse_string(download(site, "index", "BibTeX"), "bibtex")
    [entry] = bib.entries.values()
    assert entry.type == "article"
    assert entry.fields["doi"] == DOI
    assert entry.fields["volume"] == "105"
    [record] = rispy.loads(download(site, "index", "RIS"))
    assert record["type_of_reference"] == "JOUR"
    assert record["doi"] == DOI
    assert record["volume"] == "105"


def test_overridden_card_gets_its_own_files(site) -> None:
    [record] = rispy.loads(download(site, "cited", "RIS"))
    assert record["authors"] == ["Roe, Jane", "Doe, John"]
    assert record["year"] == "2024"
    [plain] = rispy.loads(download(site, "index", "RIS"))
    assert "authors" not in plain


def test_card_by_path_with_overrides_and_collapsed_abstract(site) -> None:
    card = page(site, "cited").find("article", class_="qt-paper-card")
    assert card["id"] == ANCHOR
    assert card.find(class_="qt-paper-authors").get_text() == "Jane Roe, John Doe"
    assert "2024" in card.find(class_="qt-paper-source").get_text()
    details = card.find("details", class_="qt-paper-abstract")
    assert details.find("summary").get_text() == "Abstract"
    assert "Roe J, Doe J." in card.find(class_="qt-reference").get_text()


def test_role_links_to_the_card_from_any_page(site) -> None:
    # Three pages show the card; the first by page name ("cited") is the link target.
    links = page(site, "cited").select("a.reference.internal")
    targets = {(a.get_text(), a["href"]) for a in links}
    assert (TITLE, f"#{ANCHOR}") in targets
    assert ("the primer", f"#{ANCHOR}") in targets
    assert not [a for a in links if a.find("code")]  # citations read as prose, not code
    myst = page(site, "myst_page")
    assert myst.find("a", href=f"cited.html#{ANCHOR}").get_text() == TITLE


def test_myst_card_options(site) -> None:
    card = page(site, "myst_page").find("article", class_="qt-paper-card")
    assert card.find(class_="qt-paper-abstract") is None
    assert card.find(class_="qt-cite") is None


def test_options_only_card(site) -> None:
    card = page(site, "options_only").find("article", class_="qt-paper-card")
    assert card.find(class_="qt-paper-title").get_text() == "Solid-organ transplantation in HIV-infected patients"
    assert "vol. 347, no. 4, pp. 284-287, 2002" in card.find(class_="qt-paper-source").get_text()
    reference = card.find(class_="qt-reference").get_text()
    assert reference.startswith(
        "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients. "
        "N Engl J Med. 2002;347(4):284-7."
    )
    assert card.find(class_="qt-paper-rating") is None


def test_objects_inventory_lists_the_paper(site) -> None:
    with (site.outdir / "objects.inv").open("rb") as handle:
        inventory = InventoryFile.load(handle, "https://example.org", lambda base, uri: f"{base}/{uri}")
    papers = inventory["qt:paper"]
    assert papers[DOI].uri.endswith(f"cited.html#{ANCHOR}")


def test_apa_style(project: BuildProject) -> None:
    app = project("papers", confoverrides={"quicktakes_citation_style": "apa"})
    app.build()
    card = page(app, "options_only").find("article", class_="qt-paper-card")
    reference = card.find(class_="qt-reference")
    assert reference.get_text().startswith("Halpern, S. D., Ubel, P. A., & Caplan, A. L. (2002).")
    assert [em.get_text() for em in reference.find_all("em")][:1] == ["New England Journal of Medicine"]


def test_bad_and_unknown_dois(project: BuildProject) -> None:
    page_text = (
        "Bad\n===\n\n"
        ".. paper-card::\n   :title: Broken\n   :doi: 10.12/no good\n\n"
        "Unknown :qt:paper:`10.1000/xyz123` and invalid :qt:paper:`not-a-doi`.\n\n"
        ".. paper-card:: 10.9999/missing.paper\n"
    )
    app = project("papers", files={"docs/bad.rst": page_text, "docs/index.rst": "I\n=\n\n.. toctree::\n\n   bad\n"})
    app.build()
    warnings = warnings_of(app)
    assert "bad.rst:4: WARNING: '10.12/no good' is not a valid DOI; the card is shown without a DOI link" in warnings
    assert "[quicktakes.doi]" in warnings
    assert "bad.rst:8: WARNING: no paper card for DOI 10.1000/xyz123 in this project; linking to doi.org" in warnings
    assert "'not-a-doi' is not a valid DOI" in warnings
    assert "bad.rst:10: WARNING: no paper with DOI 10.9999/missing.paper in quicktakes_sources" in warnings
    soup = page(app, "bad")
    card = soup.find("article", class_="qt-paper-card")
    assert card.select_one(".qt-paper-doi a") is None
    assert card.select_one(".qt-paper-doi code").get_text() == "10.12/no good"
    assert soup.find("a", href="https://doi.org/10.1000/xyz123") is not None


@pytest.mark.parametrize(
    ("builder", "output"),
    [
        ("text", "index.txt"),
        ("latex", "qttest.tex"),
        ("man", "qttest.1"),
        ("epub", "index.xhtml"),
        ("singlehtml", "index.html"),
        ("dirhtml", "index.html"),
    ],
)
def test_every_builder_without_warnings(project: BuildProject, builder: str, output: str) -> None:
    app = project("papers", builder)
    app.build()
    assert warnings_of(app) == ""
    text = (app.outdir / output).read_text(encoding="utf-8")
    assert TITLE in " ".join(text.split())
    assert "Volume -" not in text
    if builder in ("singlehtml", "dirhtml"):
        soup = BeautifulSoup(text, "html.parser")
        href = soup.select_one(".qt-cite-downloads a")["href"]
        assert (app.outdir / href.split("#")[0]).is_file()
    elif builder != "epub":
        assert "BibTeX" not in text


def test_latex_card_is_a_framed_block(project: BuildProject) -> None:
    app = project("papers", "latex")
    app.build()
    tex = (app.outdir / "qttest.tex").read_text(encoding="utf-8")
    assert "\\begin{sphinxtopic}" in tex
    assert "\\label{\\detokenize{index:" + ANCHOR + "}}" in tex  # PDF links land on the card
    assert "\\sphinxstylestrong{" + TITLE + "}" in tex


def test_unsafe_url_option_is_not_linked(project: BuildProject) -> None:
    card_rst = "U\n=\n\n.. paper-card::\n   :title: No DOI\n   :url: javascript:alert(1)\n"
    app = project("papers", files={"docs/index.rst": card_rst})
    app.build()
    soup = page(app, "index")
    assert "javascript:alert(1)" in soup.find(class_="qt-reference").get_text()
    assert soup.find("a", href="javascript:alert(1)") is None


def test_role_links_to_the_first_card_on_a_page(project: BuildProject) -> None:
    text = f"T\n=\n\n.. paper-card:: {DOI}\n\n.. paper-card:: {DOI}\n   :no-cite:\n\nSee :qt:paper:`{DOI}`.\n"
    app = project("minimal", files={"docs/index.rst": text})
    app.build()
    soup = page(app, "index")
    assert [a["id"] for a in soup.find_all("article")] == [ANCHOR, f"{ANCHOR}-2"]
    assert soup.find("a", class_="reference internal")["href"] == f"#{ANCHOR}"


def test_card_labels_follow_the_site_language(project: BuildProject) -> None:
    app = project("papers", confoverrides={"language": "fr"})
    app.build()
    card = page(app, "index").find("article", class_="qt-paper-card")
    assert card.find(class_="qt-paper-rating").get_text() == (
        "Note des lecteurs : 4,3 / 5, établie sur trop peu d’évaluations pour en montrer le détail"
    )
    assert card.select_one(".qt-cite summary").get_text() == "Citer cet article"
    assert card.select_one(".qt-paper-abstract .qt-heading").get_text() == "Résumé"


# --- citation styles -----------------------------------------------------------------

HALPERN_CARD = (
    ".. paper-card::\n"
    "   :title: Solid-organ transplantation in HIV-infected patients\n"
    "   :authors: Halpern SD; Ubel PA; Caplan AL\n"
    "   :journal: New England Journal of Medicine\n"
    "   :journal-abbrev: N Engl J Med\n"
    "   :year: 2002\n"
    "   :volume: 347\n"
    "   :issue: 4\n"
    "   :pages: 284-287\n"
)
AMA_HALPERN = (
    "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients. "
    "N Engl J Med. 2002;347(4):284-287."
)
AMA_OPTIONS_ONLY = AMA_HALPERN + " doi:10.5555/12345678"  # options_only.rst adds a DOI


def test_ama_style_by_name_sets_the_journal_in_italics(project: BuildProject) -> None:
    app = project("papers", confoverrides={"quicktakes_citation_style": "american-medical-association"})
    app.build()
    assert warnings_of(app) == ""
    reference = page(app, "options_only").find(class_="qt-reference")
    assert "qt-style-american-medical-association" in reference["class"]
    assert reference.get_text() == AMA_OPTIONS_ONLY
    assert [em.get_text() for em in reference.find_all("em")] == ["N Engl J Med"]
    seed = page(app, "index").find(class_="qt-reference").get_text()
    assert seed.count(TITLE) == 1  # the title leads once, not twice
    assert seed.endswith(f"doi:{DOI}")


def test_unknown_style_gives_one_warning_with_the_closest_matches(project: BuildProject) -> None:
    app = project("papers", confoverrides={"quicktakes_citation_style": "new-england-journal-of-medicine"})
    app.build()
    warnings = warnings_of(app)
    assert warnings.count("WARNING") == 1
    assert (
        "WARNING: quicktakes_citation_style: 'new-england-journal-of-medicine' is not a CSL style of the style "
        "repository; did you mean 'the-new-england-journal-of-medicine', 'the-netherlands-journal-of-medicine', "
        "'the-american-journal-of-medicine'?; the cards use 'vancouver' [quicktakes.citation]"
    ) in warnings
    reference = page(app, "options_only").find(class_="qt-reference")
    assert "qt-style-vancouver" in reference["class"]
    assert reference.get_text().startswith("Halpern SD, Ubel PA, Caplan AL.")


def test_styles_of_the_wrong_type_are_config_warnings(project: BuildProject) -> None:
    """A wrong type is the config's to report (one warning per setting), and the usable entries are kept."""
    app = project("papers", confoverrides={"quicktakes_citation_style": 7, "quicktakes_citation_styles": ["apa", 3]})
    app.build()
    warnings = warnings_of(app)
    assert warnings.count("WARNING") == 2, warnings
    assert warnings.count("[quicktakes.config]") == 2, warnings
    assert "quicktakes_citation_style = 7" in warnings
    assert "quicktakes_citation_styles: 3 is not a style name or path" in warnings
    assert "qt-style-apa" in page(app, "options_only").find(class_="qt-reference")["class"]


HOUSE_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>House style</title><id>house</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="citation-number"/></layout></citation>
  <bibliography><layout suffix="."><group delimiter=" ">
    <text variable="title" font-weight="bold"/><text variable="container-title" prefix="in "/>
  </group></layout></bibliography>
</style>
"""


def test_a_csl_file_of_the_project_and_its_edits(project: BuildProject) -> None:
    files = {"docs/styles/house.csl": HOUSE_CSL}
    app = project("papers", files=files, confoverrides={"quicktakes_citation_style": "styles/house.csl"})
    app.build()
    assert warnings_of(app) == ""
    reference = page(app, "options_only").find(class_="qt-reference")
    assert "qt-style-house" in reference["class"]
    assert str(reference.find("strong")) == "<strong>Solid-organ transplantation in HIV-infected patients</strong>"
    assert (
        reference.get_text()
        == "Solid-organ transplantation in HIV-infected patients in New England Journal of Medicine."
    )
    # An edit of the style file rewrites the pages with cards, as a clean build would.
    style_file = app.srcdir / "styles" / "house.csl"
    style_file.write_text(HOUSE_CSL.replace('prefix="in "', 'prefix="published in "'), encoding="utf-8")
    later = style_file.stat().st_mtime + 5
    os.utime(style_file, (later, later))
    again = project("papers", confoverrides={"quicktakes_citation_style": "styles/house.csl"})
    again.build()
    text = page(again, "options_only").find(class_="qt-reference").get_text()
    assert text.endswith("published in New England Journal of Medicine.")


def test_a_csl_file_outside_the_project_is_not_read(project: BuildProject, tmp_path) -> None:
    (tmp_path / "outside.csl").write_text(HOUSE_CSL, encoding="utf-8")
    app = project("papers", confoverrides={"quicktakes_citation_style": "../outside.csl"})
    app.build()
    assert "quicktakes_citation_style: '../outside.csl' is outside the project; not read" in warnings_of(app)
    assert "qt-style-vancouver" in page(app, "options_only").find(class_="qt-reference")["class"]


def test_several_styles_are_a_choice_in_html(project: BuildProject) -> None:
    styles = ["vancouver", "american-medical-association"]
    app = project("papers", confoverrides={"quicktakes_citation_styles": styles})
    app.build()
    assert warnings_of(app) == ""
    cite = page(app, "options_only").find("details", class_="qt-cite")
    choices = cite.select("details.qt-cite-style")
    assert [c.find("summary").get_text() for c in choices] == [
        "NLM/Vancouver: Citing Medicine 2nd edition (citation-sequence)",
        "AMA Manual of Style 11th edition",
    ]
    assert [c.has_attr("open") for c in choices] == [True, False]
    assert {c["name"] for c in choices} == {"qt-paper-10-5555-12345678-style"}
    assert [c.find(class_="qt-reference").get_text() for c in choices] == [
        "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients. "
        "N Engl J Med. 2002;347(4):284-7. doi:10.5555/12345678",
        AMA_OPTIONS_ONLY,
    ]
    assert cite.select_one(".qt-cite-downloads a.qt-download") is not None  # one download line for both


@pytest.mark.parametrize(("builder", "output"), [("latex", "qttest.tex"), ("text", "options_only.txt")])
def test_other_builders_show_the_first_style(project: BuildProject, builder: str, output: str) -> None:
    styles = ["american-medical-association", "vancouver"]
    app = project("papers", builder, confoverrides={"quicktakes_citation_styles": styles})
    app.build()
    assert warnings_of(app) == ""
    written = " ".join((app.outdir / output).read_text(encoding="utf-8").split())
    assert "AMA Manual of Style" not in written and "NLM/Vancouver" not in written
    assert "2002;347(4):284-7." not in written  # the Vancouver form
    if builder == "latex":
        assert "\\sphinxstyleemphasis{N Engl J Med}. 2002;347(4):284\\sphinxhyphen{}287." in written
    else:
        # Plain, no "*N Engl J Med*"; the text writer wraps lines, so the hyphen may be followed by a space.
        assert AMA_OPTIONS_ONLY.replace("HIV-infected", "HIV- infected") in written


def test_style_option_of_one_card(project: BuildProject) -> None:
    page_text = (
        "S\n=\n\n"
        + HALPERN_CARD
        + "   :style: American-Medical-Association, vancouver\n"
        + "   :cite-open:\n\n"
        + HALPERN_CARD.replace("Solid-organ", "Solid organ")
        + "   :style: amercan-medical-association\n"
    )
    app = project("papers", files={"docs/index.rst": page_text})
    app.build()
    warnings = warnings_of(app)
    assert (
        "index.rst:16: WARNING: :style: 'amercan-medical-association' is not a CSL style of the style repository; "
        "did you mean 'american-medical-association', 'american-medical-association-no-url', "
        "'american-medical-association-no-et-al'?; the card uses the project's citation style [quicktakes.citation]"
    ) in warnings
    first, second = page(app, "index").find_all("article", class_="qt-paper-card")
    assert first.find("details", class_="qt-cite").has_attr("open")
    assert not second.find("details", class_="qt-cite").has_attr("open")
    labels = [c.find("summary").get_text() for c in first.select(".qt-cite-style")]
    assert labels == [
        "AMA Manual of Style 11th edition",
        "NLM/Vancouver: Citing Medicine 2nd edition (citation-sequence)",
    ]
    assert "qt-style-vancouver" in second.find(class_="qt-reference")["class"]


def test_hostile_fields_reach_the_page_as_text(project: BuildProject) -> None:
    card = (
        "H\n=\n\n.. paper-card::\n"
        '   :title: <script>alert(1)</script> <img src=x onerror="alert(2)"> \ue000x\ue00f\n'
        "   :authors: <b>Roe</b>, Jane\n"
        "   :journal: <i>J</i>\n"
        "   :url: javascript:alert(3)\n"
    )
    for style in ("vancouver", "american-medical-association", "apa"):
        app = project("papers", files={"docs/index.rst": card}, confoverrides={"quicktakes_citation_style": style})
        app.build()
        html = (app.outdir / "index.html").read_text(encoding="utf-8")
        reference = page(app, "index").find(class_="qt-reference")
        assert reference.find_all(["script", "img", "b", "i"]) == []
        assert "<script>alert(1)</script>" in reference.get_text()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
        assert reference.find("a", href=re.compile("^javascript")) is None
        assert not re.search("[\ue000-\uf8ff]", reference.get_text())


@pytest.mark.parametrize(
    ("note", "language", "expected"),
    [
        ("Not enough ratings", "en", "Reader rating: 4.3 / 5, from too few ratings to show a breakdown"),
        (" not  enough RATINGS ", None, "Reader rating: 4.3 / 5, from too few ratings to show a breakdown"),
        ("Not enough ratings", "de", "Leserbewertung: 4,3 / 5, aus zu wenigen Bewertungen für eine Aufschlüsselung"),
        ("12 ratings", "en", "Reader rating: 4.3 / 5 (12 ratings)"),  # another note: as written
        ("", "fr", "Note des lecteurs : 4,3 / 5"),
    ],
)
def test_rating_says_what_the_source_says(
    note: str, language: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx import locale

    from sphinx_quicktakes.i18n import LOCALE_DIR, MESSAGE_CATALOG
    from sphinx_quicktakes.render.paper_card import rating_text

    # The catalog of *language* alone (init merges into a loaded one); whatever was there is put back after.
    monkeypatch.setitem(locale.translators, ("general", MESSAGE_CATALOG), locale.NullTranslations())
    locale.init([str(LOCALE_DIR)], language or "en", MESSAGE_CATALOG)
    assert rating_text(4.3, note, language) == expected


def test_a_card_under_a_section_of_its_title_leaves_its_heading_out(project: BuildProject) -> None:
    """A paper's generated page is a section titled by the paper and the card: the title once, as the H1."""
    rst = "=" * len(TITLE) + f"\n{TITLE}\n" + "=" * len(TITLE) + f"\n\n.. paper-card:: {DOI}\n\nSee also below.\n"
    other = f"Papers\n======\n\n.. paper-card:: {DOI}\n"
    app = project("papers", files={"docs/index.rst": rst, "docs/other.rst": other})
    app.build()
    soup = page(app, "index")
    card = soup.find("article", class_="qt-paper-card")
    assert card.find(class_="qt-paper-title") is None
    assert card.find(class_="qt-paper-doi") is not None  # the rest of the card is there
    assert soup.find("h1").get_text().rstrip("¶") == TITLE
    assert [h.get_text().rstrip("¶") for h in soup.find_all(["h1", "h2", "h3", "h4"])].count(TITLE) == 1
    # The abstract's heading follows the H1 with no level skipped.
    assert card.select_one(".qt-paper-abstract h2").get_text() == "Abstract"
    # Under any other title the card keeps its heading.
    assert page(app, "other").find("article", class_="qt-paper-card").find(class_="qt-paper-title").get_text() == TITLE


def test_a_myst_card_under_a_heading_of_its_title_leaves_its_heading_out(project: BuildProject) -> None:
    markdown = f"# {TITLE}\n\n```{{paper-card}} {DOI}\n```\n"
    app = project("papers", files={"docs/myst_page.md": markdown})
    app.build()
    soup = page(app, "myst_page")
    assert soup.find("article", class_="qt-paper-card").find(class_="qt-paper-title") is None
    assert soup.find("h1").get_text().rstrip("¶") == TITLE
