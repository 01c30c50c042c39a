"""References (CSL through citeproc-py), BibTeX and RIS against published examples, round trips and hostile input."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pybtex.database
import pytest
import rispy

from sphinx_quicktakes.library import load_file
from sphinx_quicktakes.library.bibtex_ris import bibtex, ris
from sphinx_quicktakes.library.citation import (
    Citation,
    PersonName,
    citation_key,
    csl_item,
    display_journal,
    display_name,
    parse_name,
)
from sphinx_quicktakes.library.csl import (
    Run,
    Style,
    StyleError,
    find_style,
    format_reference,
    page_range_end,
    plain_text,
    style_names,
)
from sphinx_quicktakes.library.model import Paper

from .conftest import SEED_FILES, SEEDS

SEED_DOI = "10.1016/j.clinimag.2023.110022"
SEED_TITLE = "Imaging of the hepatic arterial infusion pump: Primer for radiologists"
HERE = Path(__file__).parent

# NLM, "Samples of Formatted References for Authors of Journal Articles"
# (https://www.nlm.nih.gov/bsd/uniform_requirements.html), standard journal article:
#   Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected
#   patients. N Engl J Med. 2002 Jul 25;347(4):284-7.
HALPERN = Citation(
    title="Solid-organ transplantation in HIV-infected patients",
    authors=("Halpern, Scott D.", "Ubel, Peter A.", "Caplan, Arthur L."),
    journal="New England Journal of Medicine",
    journal_abbrev="N Engl J Med",
    year="2002",
    volume="347",
    issue="4",
    pages="284-287",
)

# The same page, "more than six authors":
#   Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK, et al.
#   Regulation of interstitial excitatory amino acid concentrations after
#   cortical contusion injury. Brain Res. 2002;935(1-2):40-6.
ROSE = Citation(
    title="Regulation of interstitial excitatory amino acid concentrations after cortical contusion injury",
    authors=(
        "Rose ME",
        "Huerbin MB",
        "Melick J",
        "Marion DW",
        "Palmer AM",
        "Schiding JK",
        "Kochanek PM",
        "Graham SH",
    ),
    journal="Brain Research",
    journal_abbrev="Brain Res",
    year="2002",
    volume="935",
    issue="1-2",
    pages="40-46",
)

# APA Style website, "Journal article references" (apastyle.apa.org), example 1:
#   Grady, J. S., Her, M., Moreno, G., Perez, C., & Yelinek, J. (2019). Emotions in
#   storybooks: A comparison of storybooks that represent ethnic and racial groups in
#   the United States. Psychology of Popular Media Culture, 8(3), 207–217.
#   https://doi.org/10.1037/ppm0000185
GRADY = Citation(
    title="Emotions in storybooks: A comparison of storybooks that represent ethnic and racial groups "
    "in the United States",
    authors=("Grady, J. S.", "Her, M.", "Moreno, G.", "Perez, C.", "Yelinek, J."),
    journal="Psychology of Popular Media Culture",
    year="2019",
    volume="8",
    issue="3",
    pages="207-217",
    doi="10.1037/ppm0000185",
)
GRADY_APA = (
    "Grady, J. S., Her, M., Moreno, G., Perez, C., & Yelinek, J. (2019). Emotions in storybooks: A comparison of "
    "storybooks that represent ethnic and racial groups in the United States. Psychology of Popular Media Culture, "
    "8(3), 207–217. https://doi.org/10.1037/ppm0000185"
)

HOSTILE = 'Evil } title { with \\ back\\slash \\textbf{x} % & # $ _ ^ ~ < > | "q" @article{y, café Ω ☃ H₂O'


def style(name: str) -> Style:
    return find_style(name, HERE)


def text(citation: Citation, name: str = "vancouver") -> str:
    """The reference as text and man pages show it."""
    return plain_text(format_reference(citation, style(name)))


def styled(runs: tuple[Run, ...], kind: str) -> list[str]:
    """The text of every run of *kind* ("italic", "link", ...), nested ones included."""
    found: list[str] = []
    for run in runs:
        if run.kind == kind:
            found.append(run.text if kind == "link" else plain_text(run.children))
        found += styled(run.children, kind)
    return found


def seed_paper() -> Paper:
    item, problems = load_file(SEEDS / SEED_FILES["paper"])
    assert problems == []
    assert isinstance(item, Paper)
    return item


def seed() -> Citation:
    return Citation.from_paper(seed_paper())


# --- LaTeX decoding, for the BibTeX round trips -----------------------------------
# latexcodec cannot serve here: it leaves "\$" and "\textasciicircum" undecoded and
# keeps protective braces.  This decoder knows exactly the escapes a correct writer
# may use and fails on anything else, so a missing or wrong escape fails the test.

_TEXT_COMMANDS = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
}
_ESCAPE = re.compile(r"\\(?:([A-Za-z]+)\{\}|([%&#$_]))")


def latex_text(value: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(value):
        char = value[index]
        if char == "\\":
            match = _ESCAPE.match(value, index)
            assert match, f"unknown LaTeX at {value[index:]!r}"
            out.append(_TEXT_COMMANDS[match[1]] if match[1] else match[2])
            index = match.end()
            continue
        assert char not in "%&#$_^~", f"unescaped {char!r} in {value!r}"
        if char not in "{}":  # protective braces
            out.append(char)
        index += 1
    return "".join(out)


def bibtex_brace_depths_ok(text: str) -> bool:
    """BibTeX's own rule: braces count whatever precedes them, and never go negative."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def parse_bibtex(text: str) -> pybtex.database.Entry:
    assert bibtex_brace_depths_ok(text)
    [entry] = pybtex.database.parse_string(text, "bibtex").entries.values()
    return entry


def person_parts(person: pybtex.database.Person) -> PersonName:
    return PersonName(
        latex_text(" ".join(person.prelast_names + person.last_names)),
        latex_text(" ".join(person.first_names + person.middle_names)),
        latex_text(" ".join(person.lineage_names)),
    )


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- Vancouver (NLM Citing Medicine) ----------------------------------------------


def test_vancouver_nlm_sample_halpern() -> None:
    # The sample's "Jul 25" is left out: a Citation holds the year only.
    assert text(HALPERN) == (
        "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients. "
        "N Engl J Med. 2002;347(4):284-7."
    )


def test_vancouver_more_than_six_authors_rose() -> None:
    assert text(ROSE) == (
        "Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK, et al. Regulation of interstitial "
        "excitatory amino acid concentrations after cortical contusion injury. Brain Res. 2002;935(1-2):40-6."
    )


def test_vancouver_six_authors_have_no_et_al() -> None:
    six = Citation("T", authors=ROSE.authors[:6], year="2002")
    assert text(six) == "Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK. T. 2002."


def test_vancouver_seed() -> None:
    # The DOI tail is "doi:" + DOI with no space and no closing period, as in the
    # CSL project's NLM style (nlm-citation-sequence.csl, Citing Medicine 2nd ed.);
    # the missing date is left out.
    assert text(seed()) == f"{SEED_TITLE}. Clinical Imaging. 105. doi:{SEED_DOI}"


def test_vancouver_has_no_italics_and_no_links_with_a_doi() -> None:
    # Citing Medicine sets references in plain type.
    assert [run.kind for run in format_reference(seed(), style("vancouver"))] == ["text"]


@pytest.mark.parametrize(
    ("fields", "source"),
    [
        pytest.param(
            {"year": "2002", "volume": "347", "issue": "4", "pages": "284-287"}, "2002;347(4):284-7.", id="all"
        ),
        pytest.param({"year": "2002", "volume": "347", "pages": "284-287"}, "2002;347:284-7.", id="no-issue"),
        # Citing Medicine's "no volume" example: Clin Orthop. 2002;(401):230-8.
        pytest.param({"year": "2002", "issue": "401", "pages": "230-238"}, "2002;(401):230-8.", id="no-volume"),
        # and its "no volume or issue" one: Curr Opin Gen Surg. 1993:325-33.
        pytest.param({"year": "1993", "pages": "325-333"}, "1993:325-33.", id="only-pages"),
        pytest.param({"year": "2002", "volume": "347", "issue": "4"}, "2002;347(4).", id="no-pages"),
        pytest.param({"year": "2002"}, "2002.", id="only-year"),
        pytest.param({"pages": "110022"}, "110022.", id="only-article-number"),
    ],
)
def test_vancouver_missing_parts_leave_no_stray_punctuation(fields: dict[str, str], source: str) -> None:
    citation = Citation("Title", authors=("Roe J",), journal_abbrev="J Test", **fields)
    assert text(citation) == f"Roe J. Title. J Test. {source}"
    assert text(Citation("Title", authors=("Roe J",), journal_abbrev="J Test")) == "Roe J. Title. J Test."


@pytest.mark.parametrize(
    ("pages", "nlm"),
    [
        # NLM Indexing Manual, ch. 10 (Pagination): the digits that change only.
        ("12-19", "12-9"),
        ("21-30", "21-30"),
        ("304-310", "304-10"),
        ("645-648", "645-8"),
        ("1199-1205", "1199-205"),
        ("34-36, 87-91, 110-112", "34-6, 87-91, 110-2"),
        ("284-7", "284-7"),
        ("284–287", "284-7"),
        ("284 - 287", "284-7"),
        ("98-102", "98-102"),
        ("110022", "110022"),
        ("5-5", "5"),
    ],
)
def test_vancouver_page_ranges(pages: str, nlm: str) -> None:
    assert text(Citation("T", year="2000", pages=pages)) == f"T. 2000:{nlm}."


def test_vancouver_uses_the_abbreviation_without_periods_else_the_full_name() -> None:
    assert "N Engl J Med. 2002" in text(Citation("T", journal_abbrev="N. Engl. J. Med.", year="2002"))
    assert text(Citation("T", journal="CLINICAL IMAGING", year="2023")) == "T. Clinical Imaging. 2023."


def test_a_title_ending_in_a_question_gets_no_period() -> None:
    # Citing Medicine and the AMA manual: the question mark ends the title element.
    question = Citation("Does it work?", journal_abbrev="J", year="2020", volume="1")
    assert text(question) == "Does it work? J. 2020;1."
    assert text(question, "american-medical-association") == "Does it work? J. 2020;1."


def test_vancouver_url_without_doi() -> None:
    runs = format_reference(Citation("T", year="2020", url="https://example.org/a"), style("vancouver"))
    assert plain_text(runs) == "T [Internet]. 2020. Available from: https://example.org/a"
    assert runs[-1] == Run("link", "https://example.org/a", url="https://example.org/a")


def test_vancouver_is_the_nlm_csl_style_and_keeps_the_csl_file_as_it_is() -> None:
    vancouver, nlm = style("vancouver"), style("nlm-citation-sequence")
    assert vancouver.path == nlm.path
    assert vancouver.title.startswith("NLM/Vancouver: Citing Medicine 2nd edition")
    # The CSL file itself joins ranges with an en dash and writes ";" before pages
    # without a volume; "vancouver" corrects both to Citing Medicine's forms.
    assert text(Citation("T", year="1993", pages="325-333"), "nlm-citation-sequence") == "T. 1993;325–33."


# --- AMA Manual of Style, 11th edition -----------------------------------------------
# AMA 3.11.1: "the names of all authors should be given unless there are more than 6,
# in which case the names of the first 3 authors are used, followed by 'et al'" (as
# quoted by the RIT library guide, https://infoguides.rit.edu/c.php?g=726149&p=8724242).
# The journal's abbreviation is in italics (3.11.2); the DOI follows "doi:" with no
# space and no closing period (3.15).

# Belmont University, "AMA Citation Guide: Periodicals"
# (https://medlib.belmont.edu/ama_citation/periodicals), "Article with up to 6 authors (list all authors)":
#   Turner EH, Matthews AM, Linardatos E, Tell RA, Rosenthal R. Selective publication of
#   antidepressant trials and its influence on apparent efficacy. N Engl J Med.
#   2008;358(3):252-260. doi:10.1056/NEJMsa065779
TURNER = Citation(
    "Selective publication of antidepressant trials and its influence on apparent efficacy",
    authors=("Turner EH", "Matthews AM", "Linardatos E", "Tell RA", "Rosenthal R"),
    journal="New England Journal of Medicine",
    journal_abbrev="N Engl J Med",
    year="2008",
    volume="358",
    issue="3",
    pages="252-260",
    doi="10.1056/NEJMsa065779",
)

# The same page, "Article with more than 6 authors (list the first 3 then, et al)":
#   Davis SL, McKinnon PS, Hall LM, et al. Daptomycin versus vancomycin for complicated
#   skin and skin structure infections: clinical and economic outcomes. Pharmacotherapy.
#   2007;27(12):1611-1618. doi:10.1592/phco.27.12.1611
# The names after the third are not printed; stand-ins make seven.
DAVIS = Citation(
    "Daptomycin versus vancomycin for complicated skin and skin structure infections: clinical and economic outcomes",
    authors=("Davis SL", "McKinnon PS", "Hall LM", "Hidden A", "Hidden B", "Hidden C", "Hidden D"),
    journal="Pharmacotherapy",
    year="2007",
    volume="27",
    issue="12",
    pages="1611-1618",
    doi="10.1592/phco.27.12.1611",
)

# The same page, "Article with e-Locator Instead of Pages":
#   Sullivan HW, Aikin KJ, Chung-Davies E, Wade M. Prescription drug promotion from
#   2001-2014: data from the U.S. Food and Drug Administration. PLoS One.
#   2016;11(5):e0155035. doi:10.1371/journal.pone.0155035
SULLIVAN = Citation(
    "Prescription drug promotion from 2001-2014: data from the U.S. Food and Drug Administration",
    authors=("Sullivan HW", "Aikin KJ", "Chung-Davies E", "Wade M"),
    journal="PLoS One",
    journal_abbrev="PLoS One",
    year="2016",
    volume="11",
    issue="5",
    pages="e0155035",
    doi="10.1371/journal.pone.0155035",
)

# University of Northern Colorado, "AMA Style - 11th Edition"
# (https://libguides.unco.edu/c.php?g=1231527&p=9012889), "No author":
#   Incorrect percentages in the abstract. JAMA Oncol. 2017;3(12):1742.
#   doi:10.1001/jamaoncol.2017.4368
NO_AUTHOR = Citation(
    "Incorrect percentages in the abstract",
    journal="JAMA Oncology",
    journal_abbrev="JAMA Oncol",
    year="2017",
    volume="3",
    issue="12",
    pages="1742",
    doi="10.1001/jamaoncol.2017.4368",
)


@pytest.mark.parametrize(
    ("citation", "published", "journal"),
    [
        pytest.param(
            TURNER,
            "Turner EH, Matthews AM, Linardatos E, Tell RA, Rosenthal R. Selective publication of antidepressant "
            "trials and its influence on apparent efficacy. N Engl J Med. 2008;358(3):252-260. "
            "doi:10.1056/NEJMsa065779",
            "N Engl J Med",
            id="five-authors",
        ),
        pytest.param(
            DAVIS,
            "Davis SL, McKinnon PS, Hall LM, et al. Daptomycin versus vancomycin for complicated skin and skin "
            "structure infections: clinical and economic outcomes. Pharmacotherapy. 2007;27(12):1611-1618. "
            "doi:10.1592/phco.27.12.1611",
            "Pharmacotherapy",
            id="seven-authors-et-al",
        ),
        pytest.param(
            SULLIVAN,
            "Sullivan HW, Aikin KJ, Chung-Davies E, Wade M. Prescription drug promotion from 2001-2014: data from "
            "the U.S. Food and Drug Administration. PLoS One. 2016;11(5):e0155035. doi:10.1371/journal.pone.0155035",
            "PLoS One",
            id="e-locator",
        ),
        pytest.param(
            NO_AUTHOR,
            "Incorrect percentages in the abstract. JAMA Oncol. 2017;3(12):1742. doi:10.1001/jamaoncol.2017.4368",
            "JAMA Oncol",
            id="no-author",
        ),
    ],
)
def test_ama_published_examples(citation: Citation, published: str, journal: str) -> None:
    runs = format_reference(citation, style("american-medical-association"))
    assert plain_text(runs) == published
    assert styled(runs, "italic") == [journal]
    assert styled(runs, "link") == []  # "doi:..." is text, as printed


def test_ama_lists_six_authors_and_cuts_seven_to_three() -> None:
    six = Citation("T", authors=ROSE.authors[:6], journal_abbrev="J", year="2002", volume="1")
    seven = Citation("T", authors=ROSE.authors[:7], journal_abbrev="J", year="2002", volume="1")
    assert text(six, "american-medical-association") == (
        "Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK. T. J. 2002;1."
    )
    assert text(seven, "american-medical-association") == "Rose ME, Huerbin MB, Melick J, et al. T. J. 2002;1."


def test_ama_seed_shows_the_title_once() -> None:
    # With no author, the title leads (AMA 3.6); citeproc-py 0.11 would print it twice.
    runs = format_reference(seed(), style("american-medical-association"))
    assert plain_text(runs).count(SEED_TITLE) == 1
    assert plain_text(runs).startswith(SEED_TITLE + ". Clinical Imaging.")
    assert plain_text(runs).endswith(f"doi:{SEED_DOI}")
    assert styled(runs, "italic") == ["Clinical Imaging"]


# --- APA 7 -------------------------------------------------------------------------


def test_apa_style_website_sample_grady() -> None:
    runs = format_reference(GRADY, style("apa"))
    assert plain_text(runs) == GRADY_APA
    assert styled(runs, "italic") == ["Psychology of Popular Media Culture", "8"]
    assert runs[-1] == Run("link", "https://doi.org/10.1037/ppm0000185", url="https://doi.org/10.1037/ppm0000185")


def test_apa_halpern_uses_the_full_journal_name_and_full_pages() -> None:
    assert text(HALPERN, "apa") == (
        "Halpern, S. D., Ubel, P. A., & Caplan, A. L. (2002). Solid-organ transplantation in HIV-infected patients. "
        "New England Journal of Medicine, 347(4), 284–287."
    )


def test_apa_seed_without_author_or_date() -> None:
    # APA 7 §9.12: with no author, the title moves to the author position.
    runs = format_reference(seed(), style("apa"))
    assert plain_text(runs) == f"{SEED_TITLE}. (n.d.). Clinical Imaging, 105. https://doi.org/{SEED_DOI}"
    assert styled(runs, "italic") == ["Clinical Imaging", "105"]
    assert styled(runs, "link") == [f"https://doi.org/{SEED_DOI}"]


def test_apa_doi_link_is_percent_encoded() -> None:
    sici = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
    runs = format_reference(Citation("T", doi=sici), style("apa"))
    url = "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-0"
    assert runs[-1] == Run("link", url, url=url)


# A published 21+-author example (APA 7 §9.8 form, as a library guide prints it):
#   Griswold, M. G., Fullman, N., Hawley, C., Arian, N., Zimsen, S. R., Tymeson, H. D.,
#   Venkateswaran, V., Tapp, A. D., Forouzanfar, M. H., Salama, J. S., Abate, K. H.,
#   Abate, D., Abay, S. M., Abbafati, C., Abdulkader, R. S., Abebe, Z., Aboyans, V.,
#   Abrar, M. M., Acharya, P., . . . Gakidou, E. (2018). Alcohol use and burden for 195
#   countries and territories, 1990–2016: A systematic analysis for the Global Burden of
#   Disease Study 2016. The Lancet, 392(10152), 1015–1035.
GRISWOLD_FIRST_19 = (  # noqa: SIM905 - the published list, as printed
    "Griswold, M. G.; Fullman, N.; Hawley, C.; Arian, N.; Zimsen, S. R.; Tymeson, H. D.; Venkateswaran, V.; "
    "Tapp, A. D.; Forouzanfar, M. H.; Salama, J. S.; Abate, K. H.; Abate, D.; Abay, S. M.; Abbafati, C.; "
    "Abdulkader, R. S.; Abebe, Z.; Aboyans, V.; Abrar, M. M.; Acharya, P."
).split("; ")


def test_apa_21_authors_griswold() -> None:
    citation = Citation(
        "Alcohol use and burden for 195 countries and territories, 1990–2016: A systematic analysis for the "
        "Global Burden of Disease Study 2016",
        authors=(*GRISWOLD_FIRST_19, "Hidden, A.", "Gakidou, E."),
        journal="The Lancet",
        year="2018",
        volume="392",
        issue="10152",
        pages="1015-1035",
    )
    assert text(citation, "apa") == (
        ", ".join(GRISWOLD_FIRST_19) + ", . . . Gakidou, E. (2018). Alcohol use and burden for 195 countries and "
        "territories, 1990–2016: A systematic analysis for the Global Burden of Disease Study 2016. The Lancet, "
        "392(10152), 1015–1035."
    )
    assert "Hidden" not in text(citation, "apa")


def test_apa_20_authors_are_all_listed_with_ampersand() -> None:
    authors = tuple(f"Author{n}, A." for n in range(1, 21))
    reference = text(Citation("T", authors=authors, year="2020"), "apa")
    assert reference.startswith("Author1, A., Author2, A., ")
    assert reference.endswith("Author19, A., & Author20, A. (2020). T.")
    assert ". . ." not in reference


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        (("Roe, Jane",), "Roe, J. (2020)."),
        (("Roe, Jane", "Doe, John"), "Roe, J., & Doe, J. (2020)."),
        (("Plato",), "Plato. (2020)."),
        (("King, John T., Jr.",), "King, J. T., Jr. (2020)."),
        (("Smith, John, III",), "Smith, J., III. (2020)."),
        (("Jean-Paul Sartre",), "Sartre, J.-P. (2020)."),
        (("Anna van der Berg",), "van der Berg, A. (2020)."),
    ],
)
def test_apa_author_forms(authors: tuple[str, ...], expected: str) -> None:
    assert text(Citation("T", authors=authors, year="2020"), "apa").startswith(expected)


def test_apa_missing_volume_and_pages() -> None:
    assert text(Citation("T", journal="J", year="2020"), "apa") == "T. (2020). J."
    assert text(Citation("T", journal="J", year="2020", pages="5-9"), "apa") == "T. (2020). J, 5–9."
    assert text(Citation("T", year="2020", url="https://example.org"), "apa") == "T. (2020). https://example.org"


# --- styles by name, by path ----------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "title"),
    [
        ("american-medical-association", "AMA Manual of Style 11th edition"),
        ("American-Medical-Association", "AMA Manual of Style 11th edition"),
        ("  VANCOUVER ", "NLM/Vancouver: Citing Medicine 2nd edition (citation-sequence)"),
        ("apa", "APA Style 7th edition"),
        ("the-lancet", "The Lancet"),
        ("the-new-england-journal-of-medicine", "The New England Journal of Medicine"),
        # A dependent style (a journal that uses another style) is read through its parent.
        ("jama", "JAMA (The Journal of the American Medical Association)"),
    ],
)
def test_styles_by_name_in_any_case(setting: str, title: str) -> None:
    found = style(setting)
    assert (found.title, found.in_project) == (title, False)
    assert found.path.suffix == ".csl" and found.path.is_file()
    assert "Halpern" in text(HALPERN, setting)


def test_a_note_style_shows_its_note() -> None:
    # art-history has no bibliography, only footnotes: the note is the card's reference.
    assert text(HALPERN, "art-history") == (
        "Scott D. Halpern, Peter A. Ubel, and Arthur L. Caplan, ‘Solid-organ Transplantation in HIV-infected "
        "Patients’, New England Journal of Medicine, 347: 4, 2002, 284–287."
    )


def test_the_repository_has_independent_and_dependent_styles() -> None:
    names = style_names()
    assert len(names) > 10_000
    assert {"american-medical-association", "apa", "nlm-citation-sequence", "the-lancet", "jama"} <= names


def test_unknown_style_names_the_closest_matches() -> None:
    with pytest.raises(StyleError) as error:
        style("new-england-journal-of-medicine")
    assert str(error.value) == (
        "'new-england-journal-of-medicine' is not a CSL style of the style repository; did you mean "
        "'the-new-england-journal-of-medicine', 'the-netherlands-journal-of-medicine', "
        "'the-american-journal-of-medicine'?"
    )
    with pytest.raises(StyleError, match=r"^'xyzzy-qqq' is not a CSL style of the style repository$"):
        style("xyzzy-qqq")


MINIMAL_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>House style</title><id>house</id><updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="citation-number"/></layout></citation>
  <bibliography>
    <layout suffix=".">
      <group delimiter=" ">
        <text variable="citation-number" prefix="[" suffix="]"/>
        <text variable="title" font-weight="bold"/>
        <text variable="container-title" font-style="italic" prefix="in "/>
      </group>
    </layout>
  </bibliography>
</style>
"""


def test_a_csl_file_of_the_project(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "house.csl").write_text(MINIMAL_CSL, encoding="utf-8")
    found = find_style("styles/house.csl", tmp_path)
    assert (found.title, found.in_project, found.css_class) == ("House style", True, "qt-style-house")
    runs = format_reference(Citation("T", journal="J"), found)
    # The card is not numbered: the citation number and its brackets are gone.
    assert runs == (
        Run("bold", children=(Run("text", "T"),)),
        Run("text", " in "),
        Run("italic", children=(Run("text", "J"),)),
        Run("text", "."),
    )


def test_a_changed_csl_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "house.csl"
    path.write_text(MINIMAL_CSL, encoding="utf-8")
    found = find_style("house.csl", tmp_path)
    assert plain_text(format_reference(Citation("T", journal="J"), found)) == "T in J."
    path.write_text(MINIMAL_CSL.replace('prefix="in "', 'prefix="within "'), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert plain_text(format_reference(Citation("T", journal="J"), found)) == "T within J."


@pytest.mark.parametrize(
    ("content", "setting", "message"),
    [
        (None, "../outside.csl", r"^'../outside.csl' is outside the project; not read$"),
        (None, "missing.csl", r"^style file 'missing.csl' not found$"),
        ("<style", "broken.csl", r"^'broken.csl' cannot be read as a CSL style \(XMLSyntaxError: "),
        ("<html/>", "html.csl", r"^'html.csl' cannot be read as a CSL style \(ValueError: the root element"),
        (
            MINIMAL_CSL.split("<bibliography>")[0] + "</style>",
            "nobib.csl",
            # Without a bibliography, the citation (here only the number, which cards leave out) would be shown.
            r"^'nobib.csl': it formats a journal article as nothing",
        ),
        (
            '<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + MINIMAL_CSL.split("?>", 1)[1].replace("House style", "&x;"),
            "entity.csl",
            None,
        ),
    ],
)
def test_bad_csl_files_are_refused(tmp_path: Path, content: str | None, setting: str, message: str | None) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "outside.csl").write_text(MINIMAL_CSL, encoding="utf-8")
    if content is not None:
        (project / setting).write_text(content, encoding="utf-8")
    if message is None:  # external entities are never read
        found = find_style(setting, project)
        assert "root:" not in found.title
        return
    with pytest.raises(StyleError, match=message):
        find_style(setting, project)


def test_a_path_may_be_in_another_root_of_the_project(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "house.csl").write_text(MINIMAL_CSL, encoding="utf-8")
    conf = tmp_path / "conf"
    conf.mkdir()
    with pytest.raises(StyleError, match="outside the project"):
        find_style("../src/house.csl", conf)
    assert find_style("../src/house.csl", conf, (tmp_path / "src",)).title == "House style"


# --- rich text and untrusted text -----------------------------------------------------------


def test_runs_nest_styles_and_plain_text_drops_them() -> None:
    runs = format_reference(HALPERN, style("the-lancet"))
    assert styled(runs, "italic") == ["N Engl J Med"]
    assert styled(runs, "bold") == ["347"]
    assert plain_text(runs) == (
        "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients. "
        "N Engl J Med 2002; 347: 284–7."
    )


def test_et_al_in_italics_gets_one_period() -> None:
    # The Lancet sets "et al" in italics; citeproc-py cannot see the repeated period through markup.
    assert text(ROSE, "the-lancet").startswith("Rose ME, Huerbin MB, Melick J, et al. Regulation")


def test_hostile_fields_never_become_markup() -> None:
    # The formatter's marks are private-use characters; a field holding them, or HTML, stays text.
    hostile = Citation(
        "<script>alert(1)</script> \ue000bold?\ue00f <i>x</i>",
        authors=("<b>Roe</b>, Jane",),
        journal="\ue001J\ue00f",
        year="2020",
        url="javascript:alert(1)",
    )
    for name in ("vancouver", "american-medical-association", "apa"):
        runs = format_reference(hostile, style(name))
        reference = plain_text(runs)
        assert "<script>alert(1)</script>" in reference
        assert "<i>x</i>" in reference
        assert not re.search("[\ue000-\uf8ff]", reference)
        assert "bold" not in styled(runs, "bold") + styled(runs, "italic")
        assert all(run.url in ("", "javascript:alert(1)") for run in _all_runs(runs))


def _all_runs(runs: tuple[Run, ...]) -> list[Run]:
    return [inner for run in runs for inner in (run, *_all_runs(run.children))]


def test_csl_item_leaves_empty_fields_out() -> None:
    assert csl_item(Citation("T"), "x") == {"id": "x", "type": "article-journal", "title": "T"}
    item = csl_item(HALPERN)
    assert item["author"][0] == {"family": "Halpern", "given": "Scott D."}
    assert (item["container-title"], item["container-title-short"]) == (
        "New England Journal of Medicine",
        "N Engl J Med",
    )
    assert (item["volume"], item["issue"], item["page"], item["issued"]) == (
        "347",
        "4",
        "284-287",
        {"date-parts": [[2002]]},
    )
    assert csl_item(Citation("T", year="c. 1999"))["issued"] == {"literal": "c. 1999"}
    assert csl_item(Citation("T", authors=("King, John T., Jr.",)))["author"] == [
        {"family": "King", "given": "John T.", "suffix": "Jr."}
    ]


@pytest.mark.parametrize("name", sorted(style_names())[::500])
def test_a_sample_of_the_repository_formats_without_error(name: str) -> None:
    # One style in 500, alphabetically; the whole repository was swept by hand (see docs/performance.md).
    reference = text(ROSE, name)
    assert "Rose" in reference or "Regulation" in reference


# --- names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "parsed", "nlm"),
    [
        ("Jane Q. Roe", PersonName("Roe", "Jane Q."), "Roe JQ"),
        ("Roe, Jane Q.", PersonName("Roe", "Jane Q."), "Roe JQ"),
        ("Halpern SD", PersonName("Halpern", "S. D."), "Halpern SD"),
        ("Halpern, SD", PersonName("Halpern", "S. D."), "Halpern SD"),
        ("van der Berg, Anna", PersonName("van der Berg", "Anna"), "van der Berg A"),
        ("Anna van der Berg", PersonName("van der Berg", "Anna"), "van der Berg A"),
        ("Ludwig von Mises", PersonName("von Mises", "Ludwig"), "von Mises L"),
        ("Maria dos Santos", PersonName("dos Santos", "Maria"), "dos Santos M"),
        ("King, Jr., John T.", PersonName("King", "John T.", "Jr."), "King JT Jr"),
        ("King, John T., Jr.", PersonName("King", "John T.", "Jr."), "King JT Jr"),
        ("John T. King, Jr.", PersonName("King", "John T.", "Jr."), "King JT Jr"),
        ("Martin Luther King Jr.", PersonName("King", "Martin Luther", "Jr."), "King ML Jr"),
        ("Smith, John, III", PersonName("Smith", "John", "III"), "Smith J III"),
        ("King JT Jr", PersonName("King", "J. T.", "Jr."), "King JT Jr"),
        # Hyphenated given names lose the hyphen in NLM style (Jean-Louis Vincent is
        # "Vincent JL" in PubMed; CSL nlm-citation-sequence: initialize-with-hyphen="false").
        ("Jean-Paul Sartre", PersonName("Sartre", "Jean-Paul"), "Sartre JP"),
        ("Sartre, J.-P.", PersonName("Sartre", "J.-P."), "Sartre JP"),
        ("Madonna", PersonName("Madonna"), "Madonna"),
        ("  Roe,   Jane  ", PersonName("Roe", "Jane"), "Roe J"),
        ("{Roe}, J~ane", PersonName("{Roe}", "J~ane"), "{Roe} J"),
    ],
)
def test_names(written: str, parsed: PersonName, nlm: str) -> None:
    assert parse_name(written) == parsed
    assert text(Citation("T", authors=(written,), year="2000")) == f"{nlm}. T. 2000."


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Roe, Jane", "Jane Roe"),
        ("Jane Q. Roe", "Jane Q. Roe"),
        ("Halpern SD", "S. D. Halpern"),
        ("van der Berg, Anna", "Anna van der Berg"),
        ("King, Jr., John T.", "John T. King Jr."),
    ],
)
def test_display_name_reads_in_order(name: str, shown: str) -> None:
    assert display_name(name) == shown


# --- journal names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("CLINICAL IMAGING", "Clinical Imaging"),
        ("JOURNAL OF THE AMERICAN COLLEGE OF RADIOLOGY", "Journal of the American College of Radiology"),
        ("THE LANCET", "The Lancet"),
        ("ELSEVIER SCIENCE INC", "Elsevier Science Inc"),
        ("WOMEN'S HEALTH ISSUES", "Women's Health Issues"),
        ("CARDIO-ONCOLOGY", "Cardio-Oncology"),
        ("JOURNAL OF PHYSICS A", "Journal of Physics A"),
        ("ANNALS OF SURGERY: PART II", "Annals of Surgery: Part II"),
        ("JAMA NETWORK OPEN", "JAMA Network Open"),
        ("BMJ OPEN", "BMJ Open"),
        ("ÉTUDES MÉDICALES", "Études Médicales"),
        ("Clinical Imaging", "Clinical Imaging"),
        ("N Engl J Med", "N Engl J Med"),
        ("eLife", "eLife"),
        ("", ""),
        ("1234", "1234"),
    ],
)
def test_display_journal(name: str, shown: str) -> None:
    assert display_journal(name) == shown


def test_display_journal_is_used_by_every_format() -> None:
    citation = Citation("T", journal="CLINICAL IMAGING", publisher="ELSEVIER SCIENCE INC", year="2023")
    assert "Clinical Imaging" in text(citation)
    assert styled(format_reference(citation, style("apa")), "italic") == ["Clinical Imaging"]
    entry = parse_bibtex(bibtex(citation))
    assert (entry.fields["journal"], entry.fields["publisher"]) == ("Clinical Imaging", "Elsevier Science Inc")
    [record] = rispy.loads(ris(citation))
    assert (record["secondary_title"], record["publisher"]) == ("Clinical Imaging", "Elsevier Science Inc")


# --- from_paper -------------------------------------------------------------------


def test_from_paper_takes_every_field() -> None:
    paper = seed_paper()
    citation = Citation.from_paper(paper)
    assert citation.title == SEED_TITLE
    assert (citation.journal, citation.volume, citation.issue, citation.pages) == ("CLINICAL IMAGING", "105", "", "")
    assert (citation.publisher, citation.doi, citation.article_type) == ("ELSEVIER SCIENCE INC", SEED_DOI, "Article")
    assert citation.keywords == paper.keywords
    assert citation.abstract == "\n\n".join(paper.abstract)
    assert citation.abstract.count("\n\n") == 1
    assert (citation.authors, citation.year, citation.url, citation.journal_abbrev) == ((), "", "", "")


def test_from_paper_overrides() -> None:
    citation = Citation.from_paper(
        seed_paper(),
        year="2024",
        authors=("Roe, Jane", "Doe, John"),
        journal_abbrev="Clin Imaging",
        title="",  # empty values do not override
        keywords="HAI",
        abstract=("One.", "Two."),
    )
    assert (citation.year, citation.authors, citation.title) == ("2024", ("Roe, Jane", "Doe, John"), SEED_TITLE)
    assert (citation.keywords, citation.abstract) == (("HAI",), "One.\n\nTwo.")
    assert text(citation).startswith("Roe J, Doe J. Imaging of the hepatic")
    assert "Clin Imaging. 2024;105." in text(citation)


# --- citation keys ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("citation", "key"),
    [
        (HALPERN, "halpern2002solidorgan"),
        (GRADY, "grady2019emotions"),
        (Citation(SEED_TITLE, doi=SEED_DOI), "imaginghepatic"),
        (Citation("The effect of X", authors=("Ødegård, Åse",), year="2020"), "odegard2020effect"),
        (Citation("A study", authors=("Anna van der Berg",), year="c. 1999"), "vanderberg1999study"),
        (Citation("Über Öl", authors=("Müller, Jürgen",)), "mulleruber"),
        (Citation("{}%#"), "ref"),
    ],
)
def test_citation_key(citation: Citation, key: str) -> None:
    assert citation_key(citation) == key
    assert re.fullmatch(r"[a-z0-9]+", citation_key(citation))


# --- BibTeX -------------------------------------------------------------------------


def test_bibtex_halpern_entry() -> None:
    source = bibtex(HALPERN)
    assert source.startswith("@article{halpern2002solidorgan,\n")
    assert '    title = "Solid-organ transplantation in {HIV}-infected patients",\n' in source
    assert '    author = "Halpern, Scott D. and Ubel, Peter A. and Caplan, Arthur L.",\n' in source
    assert '    pages = "284--287"' in source
    assert source.endswith("}\n")


def test_bibtex_seed_round_trip() -> None:
    citation = seed()
    entry = parse_bibtex(bibtex(citation))
    assert entry.type == "article"
    assert entry.key == "imaginghepatic"
    fields = {name: latex_text(value) for name, value in entry.fields.items()}
    assert fields == {
        "title": SEED_TITLE,
        "journal": "Clinical Imaging",
        "volume": "105",
        "publisher": "Elsevier Science Inc",
        "doi": SEED_DOI,
        "keywords": ", ".join(citation.keywords),
        # BibTeX treats all white space, paragraph breaks included, as one space.
        "abstract": one_line(citation.abstract),
    }
    assert "{Primer}" in entry.fields["title"]  # capitals protected from lower-casing styles
    assert "author" not in entry.persons


def test_bibtex_full_round_trip_with_persons() -> None:
    citation = Citation(
        title="mRNA vaccines: the HCC question in Sartre's Paris",
        authors=("Halpern SD", "Anna van der Berg", "King, John T., Jr.", "Jean-Paul Sartre", "Ødegård, Åse"),
        journal="N Engl J Med",
        year="2002",
        volume="347",
        issue="4",
        pages="284-7",
        publisher="NEJM Group",
        doi="10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
        url="https://example.org/a?b=1&c=d_e#f",
        keywords=("HIV", "transplantation"),
        abstract="First paragraph.\n\nSecond paragraph.",
    )
    entry = parse_bibtex(bibtex(citation, key="halpern2002"))
    assert entry.key == "halpern2002"
    assert entry.fields["title"] == "{mRNA} vaccines: the {HCC} question in {Sartre}'s {Paris}"
    assert latex_text(entry.fields["title"]) == citation.title
    assert entry.fields["pages"] == "284--287"
    assert entry.fields["doi"] == citation.doi  # verbatim field
    assert entry.fields["url"] == citation.url  # verbatim field
    assert latex_text(entry.fields["abstract"]) == "First paragraph. Second paragraph."
    assert [person_parts(person) for person in entry.persons["author"]] == [
        parse_name(author) for author in citation.authors
    ]
    assert [str(person) for person in entry.persons["author"]] == [
        "Halpern, S. D.",
        "van der Berg, Anna",
        "King, Jr., John T.",
        "Sartre, Jean-Paul",
        "Ødegård, Åse",
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(HOSTILE, id="everything"),
        pytest.param("}", id="lone-close"),
        pytest.param("{", id="lone-open"),
        pytest.param("}}}{{{", id="reversed"),
        pytest.param("\\", id="lone-backslash"),
        pytest.param("a\\", id="trailing-backslash"),
        pytest.param("\\}", id="escaped-close"),
        pytest.param("100% & #1 $5 a_b x^2 ~n", id="specials"),
        pytest.param("Title and Co", id="and"),
        pytest.param("A\x00B\x1bC", id="control-characters"),
    ],
)
def test_bibtex_hostile_text_round_trips(text: str) -> None:
    citation = Citation(
        title=text,
        authors=(f"{text}, {text}", "Roe, Jane"),
        journal=text,
        year=text,
        volume=text,
        issue=text,
        pages=text,
        publisher=text,
        keywords=(text, "plain"),
        abstract=text,
        url=f"https://example.org/{text}",
        doi=text,
    )
    source = bibtex(citation)
    entry = parse_bibtex(source)
    expected = "".join(ch for ch in one_line(text) if ch.isprintable())
    for name in ("title", "journal", "year", "volume", "number", "publisher", "abstract"):
        assert latex_text(entry.fields[name]) == expected, name
    assert latex_text(entry.fields["keywords"]) == f"{expected}, plain"
    assert "doi" not in entry.fields  # not a DOI at all
    assert entry.fields["url"].startswith("https://example.org/")
    assert not set("{}\\ ") & set(entry.fields["url"])
    [first, second] = entry.persons["author"]
    assert person_parts(first) == parse_name(f"{expected}, {expected}")
    assert person_parts(second) == PersonName("Roe", "Jane")


def test_bibtex_hostile_title_cannot_open_a_new_entry() -> None:
    source = bibtex(Citation("x}, author = {Mallory}}\n@misc{evil, title = {y"))
    assert len(pybtex.database.parse_string(source, "bibtex").entries) == 1
    entry = parse_bibtex(source)
    assert "author" not in entry.persons
    assert latex_text(entry.fields["title"]) == "x}, author = {Mallory}} @misc{evil, title = {y"


def test_bibtex_key_is_sanitised_and_empty_fields_are_left_out() -> None:
    source = bibtex(Citation("T"), key="a b,{c}%")
    assert source == '@article{abc,\n    title = "T"\n}\n'
    assert bibtex(Citation("T"), key=",,") == '@article{t,\n    title = "T"\n}\n'


# --- RIS ------------------------------------------------------------------------------


def test_ris_full_round_trip() -> None:
    citation = Citation(
        title="Solid-organ transplantation in HIV-infected patients",
        authors=("Halpern, Scott D.", "Anna van der Berg", "King, John T., Jr."),
        journal="New England Journal of Medicine",
        journal_abbrev="N Engl J Med",
        year="2002",
        volume="347",
        issue="4",
        pages="284-7",
        publisher="Massachusetts Medical Society",
        doi="10.5555/12345678",
        url="https://example.org/a",
        keywords=("HIV", "transplantation", "ethics"),
        abstract="First paragraph.\n\nSecond paragraph.",
    )
    text = ris(citation)
    assert text.startswith("TY  - JOUR\r\n")
    assert text.endswith("\r\nER  - \r\n")
    [record] = rispy.loads(text)
    assert record == {
        "type_of_reference": "JOUR",
        "authors": ["Halpern, Scott D.", "van der Berg, Anna", "King, John T., Jr."],
        "title": citation.title,
        "secondary_title": "New England Journal of Medicine",
        "alternate_title2": "N Engl J Med",  # JA
        "alternate_title1": "N Engl J Med",  # J2
        "year": "2002",
        "volume": "347",
        "number": "4",
        "start_page": "284",
        "end_page": "287",
        "publisher": "Massachusetts Medical Society",
        "doi": citation.doi,
        "urls": ["https://example.org/a"],
        "keywords": ["HIV", "transplantation", "ethics"],
        "abstract": "First paragraph. Second paragraph.",
    }


def test_ris_seed_round_trip() -> None:
    citation = seed()
    [record] = rispy.loads(ris(citation))
    assert record == {
        "type_of_reference": "JOUR",
        "title": SEED_TITLE,
        "secondary_title": "Clinical Imaging",
        "volume": "105",
        "publisher": "Elsevier Science Inc",
        "doi": SEED_DOI,
        "keywords": list(citation.keywords),
        "abstract": one_line(citation.abstract),
    }


@pytest.mark.parametrize(
    ("pages", "start", "end"),
    [("207-217", "207", "217"), ("284-7", "284", "287"), ("1199–205", "1199", "1205"), ("110022", "110022", None)],
)
def test_ris_page_split(pages: str, start: str, end: str | None) -> None:
    [record] = rispy.loads(ris(Citation("T", pages=pages)))
    assert (record["start_page"], record.get("end_page")) == (start, end)


def test_ris_values_cannot_inject_tags_or_records() -> None:
    evil = "x\nER  - \r\nTY  - BOOK\nTI  - injected\u2028AU  - Mallory"
    citation = Citation(evil, authors=(evil,), keywords=(evil,), abstract=evil, url="https://e.org/a;b c")
    text = ris(citation)
    records = rispy.loads(text)
    assert len(records) == 1
    [record] = records
    assert record["type_of_reference"] == "JOUR"
    assert record["title"] == one_line(evil)
    assert len(record["authors"]) == 1
    assert record["urls"] == ["https://e.org/a%3Bb%20c"]  # ";" separates URLs in RIS
    assert all(line[2:6] == "  - " for line in text.split("\r\n") if line)


def test_ris_minimal_record() -> None:
    assert ris(Citation("T")) == "TY  - JOUR\r\nTI  - T\r\nER  - \r\n"


# --- page-range-format (CSL 1.0.2, Appendix V) --------------------------------------
# The examples are the specification's own.  A source may abbreviate the last page
# ("321-8"); each format starts from the full range.

SPEC_PAGE_RANGES = {
    "expanded": [("42", "45", "45"), ("321", "328", "328"), ("2787", "2816", "2816")],
    "minimal": [("42", "45", "5"), ("321", "328", "8"), ("2787", "2816", "816")],
    # "As minimal, but at least two digits are kept in the second number when it has two or more digits."
    "minimal-two": [("42", "45", "45"), ("321", "328", "28"), ("2787", "2816", "816"), ("3", "5", "5")],
    "chicago-15": [
        ("3", "10", "10"),
        ("71", "72", "72"),
        ("100", "104", "104"),
        ("600", "613", "613"),
        ("1100", "1123", "1123"),
        ("107", "108", "8"),
        ("505", "517", "17"),
        ("1002", "1006", "6"),
        ("321", "325", "25"),
        ("415", "532", "532"),
        ("11564", "11568", "68"),
        ("13792", "13803", "803"),
        ("1496", "1504", "1504"),
        ("2787", "2816", "2816"),
    ],
    "chicago-16": [
        ("3", "10", "10"),
        ("71", "72", "72"),
        ("92", "113", "113"),
        ("100", "104", "104"),
        ("600", "613", "613"),
        ("1100", "1123", "1123"),
        ("107", "108", "8"),
        ("505", "517", "17"),
        ("1002", "1006", "6"),
        ("321", "325", "25"),
        ("415", "532", "532"),
        ("1087", "1089", "89"),
        ("1496", "1500", "500"),
        ("11564", "11568", "68"),
        ("13792", "13803", "803"),
        ("12991", "13001", "3001"),
    ],
}
SPEC_PAGE_RANGES["chicago"] = SPEC_PAGE_RANGES["chicago-15"]  # "Alias for chicago-15" in CSL 1.0.2


@pytest.mark.parametrize(
    ("range_format", "first", "last", "written"),
    [
        pytest.param(range_format, first, last, written, id=f"{range_format}-{first}-{last}")
        for range_format, examples in SPEC_PAGE_RANGES.items()
        for first, last, written in examples
    ],
)
def test_page_range_formats_of_the_csl_specification(range_format: str, first: str, last: str, written: str) -> None:
    assert page_range_end(first, last, range_format) == written
    # The same range with its last page abbreviated in the source comes out the same.
    for cut in range(1, len(last)):
        if len(last) == len(first) and last[:cut] == first[:cut]:
            assert page_range_end(first, last[cut:], range_format) == written, last[cut:]


@pytest.mark.parametrize(
    ("first", "last", "range_format", "written"),
    [
        pytest.param("284", "7", None, "7", id="no-attribute-no-reformatting"),
        pytest.param("1", "12", "minimal", "12", id="different-lengths-keep-every-digit"),
        pytest.param("98", "102", "minimal", "102", id="across-a-hundred"),
        pytest.param("98", "2", "expanded", "2", id="not-in-order-left-as-written"),
        pytest.param("e12", "e18", "minimal", "e18", id="not-numbers-left-as-written"),
        pytest.param("42", "45", "no-such-format", "45", id="unknown-value"),
    ],
)
def test_page_ranges_outside_the_rules(first: str, last: str, range_format: str | None, written: str) -> None:
    assert page_range_end(first, last, range_format) == written


def test_ama_expands_the_seed_papers_abbreviated_range() -> None:
    """AMA sets page-range-format="expanded"; citeproc-py 0.11 kept "284-7" as the source wrote it."""
    citation = dataclasses.replace(seed(), volume="105", issue="4", pages="284-7")
    reference = text(citation, "american-medical-association")
    assert reference.endswith("Clinical Imaging. 105(4):284-287. doi:" + SEED_DOI)


@pytest.mark.parametrize(
    ("name", "range_format", "pages", "written"),
    [
        ("american-medical-association", "expanded", "2787-816", "2787-2816"),
        ("nlm-citation-sequence", "minimal", "2787-2816", "2787–816"),
        ("nlm-citation-sequence", "minimal", "1-12", "1–12"),
        ("current-gene-therapy", "minimal-two", "321-8", "321–28"),
        ("american-sociological-association", "chicago", "1496-504", "1496–1504"),
        ("chicago-author-date", "chicago-16", "1496-1504", "1496–504"),  # chicago would keep 1504
    ],
)
def test_styles_write_ranges_in_their_page_range_format(name: str, range_format: str, pages: str, written: str) -> None:
    found = style(name)
    assert f'page-range-format="{range_format}"' in found.path.read_text(encoding="utf-8")
    reference = text(Citation("T", journal="J", journal_abbrev="J", year="2002", volume="1", pages=pages), name)
    assert written in reference, reference
