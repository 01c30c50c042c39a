"""The ``paper-card`` directive, the ``:qt:paper:`` role and the citation files."""

from __future__ import annotations

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
