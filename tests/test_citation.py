"""References, BibTeX and RIS against published examples, round trips and hostile input."""

from __future__ import annotations

import re

import pybtex.database
import pytest
import rispy

from sphinx_quicktakes.library import load_file
from sphinx_quicktakes.library.citation import (
    STYLES,
    Citation,
    PersonName,
    apa,
    bibtex,
    citation_key,
    display_journal,
    display_name,
    parse_name,
    reference_segments,
    reference_text,
    ris,
    vancouver,
)
from sphinx_quicktakes.library.model import Paper

from .conftest import SEED_FILES, SEEDS

SEED_DOI = "10.1016/j.clinimag.2023.110022"
SEED_TITLE = "Imaging of the hepatic arterial infusion pump: Primer for radiologists"

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
    assert reference_text(HALPERN, "vancouver") == (
        "Halpern SD, Ubel PA, Caplan AL. Solid-organ transplantation in HIV-infected patients. "
        "N Engl J Med. 2002;347(4):284-7."
    )


def test_vancouver_more_than_six_authors_rose() -> None:
    assert reference_text(ROSE, "vancouver") == (
        "Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK, et al. Regulation of interstitial "
        "excitatory amino acid concentrations after cortical contusion injury. Brain Res. 2002;935(1-2):40-6."
    )


def test_vancouver_six_authors_have_no_et_al() -> None:
    six = Citation("T", authors=ROSE.authors[:6], year="2002")
    assert (
        reference_text(six, "vancouver") == "Rose ME, Huerbin MB, Melick J, Marion DW, Palmer AM, Schiding JK. T. 2002."
    )


def test_vancouver_seed() -> None:
    # The DOI tail is "doi:" + DOI with no space and no closing period, as in the
    # CSL project's NLM style (nlm-citation-sequence.csl, Citing Medicine 2nd ed.).
    assert reference_text(seed(), "vancouver") == (
        f"{SEED_TITLE}. Clinical Imaging. [date unknown];105. doi:{SEED_DOI}"
    )


def test_vancouver_has_no_italics_and_no_links_with_a_doi() -> None:
    assert [kind for _, kind in vancouver(seed())] == ["text"]


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
        pytest.param({"pages": "110022"}, "[date unknown]:110022.", id="only-article-number"),
        pytest.param({}, "[date unknown].", id="nothing"),
    ],
)
def test_vancouver_missing_parts_leave_no_stray_punctuation(fields: dict[str, str], source: str) -> None:
    citation = Citation("Title", authors=("Roe J",), journal_abbrev="J Test", **fields)
    assert reference_text(citation, "vancouver") == f"Roe J. Title. J Test. {source}"


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
        ("e1-e9", "e1-e9"),
        ("S12-S17", "S12-S17"),
    ],
)
def test_vancouver_page_ranges(pages: str, nlm: str) -> None:
    assert reference_text(Citation("T", year="2000", pages=pages), "vancouver") == f"T. 2000:{nlm}."


def test_vancouver_uses_the_abbreviation_without_periods_else_the_full_name() -> None:
    assert "N Engl J Med. 2002" in reference_text(
        Citation("T", journal_abbrev="N. Engl. J. Med.", year="2002"), "vancouver"
    )
    assert reference_text(Citation("T", journal="CLINICAL IMAGING", year="2023"), "vancouver") == (
        "T. Clinical Imaging. 2023."
    )


def test_vancouver_title_ending_in_a_question_gets_no_period() -> None:
    text = reference_text(Citation("Does it work?", journal_abbrev="J", year="2020"), "vancouver")
    assert text == "Does it work? J. 2020."


def test_vancouver_url_without_doi() -> None:
    segments = vancouver(Citation("T", year="2020", url="https://example.org/a"))
    assert segments == [("T. 2020. Available from: ", "text"), ("https://example.org/a", "link")]


# --- APA 7 -------------------------------------------------------------------------


def test_apa_style_website_sample_grady() -> None:
    assert reference_text(GRADY, "apa") == GRADY_APA
    segments = apa(GRADY)
    assert [text for text, kind in segments if kind == "italic"] == ["Psychology of Popular Media Culture", "8"]
    assert segments[-1] == ("https://doi.org/10.1037/ppm0000185", "link")


def test_apa_halpern_uses_the_full_journal_name_and_full_pages() -> None:
    assert reference_text(HALPERN, "apa") == (
        "Halpern, S. D., Ubel, P. A., & Caplan, A. L. (2002). Solid-organ transplantation in HIV-infected patients. "
        "New England Journal of Medicine, 347(4), 284–287."
    )


def test_apa_seed_without_author_or_date() -> None:
    # APA 7 §9.12: with no author, the title moves to the author position.
    segments = apa(seed())
    assert "".join(text for text, _ in segments) == (
        f"{SEED_TITLE}. (n.d.). Clinical Imaging, 105. https://doi.org/{SEED_DOI}"
    )
    assert [(text, kind) for text, kind in segments if kind != "text"] == [
        ("Clinical Imaging", "italic"),
        ("105", "italic"),
        (f"https://doi.org/{SEED_DOI}", "link"),
    ]


def test_apa_doi_link_is_percent_encoded() -> None:
    sici = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
    [*_, (url, kind)] = apa(Citation("T", doi=sici))
    assert (url, kind) == ("https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-0", "link")


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
    assert reference_text(citation, "apa") == (
        ", ".join(GRISWOLD_FIRST_19) + ", . . . Gakidou, E. (2018). Alcohol use and burden for 195 countries and "
        "territories, 1990–2016: A systematic analysis for the Global Burden of Disease Study 2016. The Lancet, "
        "392(10152), 1015–1035."
    )
    assert "Hidden" not in reference_text(citation, "apa")


def test_apa_20_authors_are_all_listed_with_ampersand() -> None:
    authors = tuple(f"Author{n}, A." for n in range(1, 21))
    text = reference_text(Citation("T", authors=authors, year="2020"), "apa")
    assert text.startswith("Author1, A., Author2, A., ")
    assert text.endswith("Author19, A., & Author20, A. (2020). T.")
    assert ". . ." not in text


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
    assert reference_text(Citation("T", authors=authors, year="2020"), "apa").startswith(expected)


def test_apa_missing_volume_and_pages() -> None:
    assert reference_text(Citation("T", journal="J", year="2020"), "apa") == "T. (2020). J."
    assert reference_text(Citation("T", journal="J", year="2020", pages="5-9"), "apa") == "T. (2020). J, 5–9."
    assert reference_text(Citation("T", year="2020", url="https://example.org"), "apa") == (
        "T. (2020). https://example.org"
    )


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
        # Citing Medicine: "a maximum of two initials" (C D'Arcy J Holman is "Holman CD").
        ("Holman, C D'Arcy J", PersonName("Holman", "C. D'Arcy J."), "Holman CD"),
        ("Madonna", PersonName("Madonna"), "Madonna"),
        ("  Roe,   Jane  ", PersonName("Roe", "Jane"), "Roe J"),
    ],
)
def test_names(written: str, parsed: PersonName, nlm: str) -> None:
    assert parse_name(written) == parsed
    assert reference_text(Citation("T", authors=(written,), year="2000"), "vancouver") == f"{nlm}. T. 2000."


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
    assert "Clinical Imaging" in reference_text(citation, "vancouver")
    assert ("Clinical Imaging", "italic") in apa(citation)
    entry = parse_bibtex(bibtex(citation))
    assert (entry.fields["journal"], entry.fields["publisher"]) == ("Clinical Imaging", "Elsevier Science Inc")
    [record] = rispy.loads(ris(citation))
    assert (record["secondary_title"], record["publisher"]) == ("Clinical Imaging", "Elsevier Science Inc")


# --- styles --------------------------------------------------------------------------


def test_styles_registry() -> None:
    assert set(STYLES) == {"vancouver", "apa"}
    assert reference_segments(GRADY, "apa") == apa(GRADY)
    with pytest.raises(ValueError, match="unknown citation style 'mla'"):
        reference_segments(GRADY, "mla")


def test_segments_have_known_kinds_and_no_empty_text() -> None:
    for citation in (HALPERN, ROSE, GRADY, seed(), Citation("")):
        for style in STYLES:
            for text, kind in reference_segments(citation, style):
                assert kind in ("text", "italic", "link")
                assert text


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
    assert reference_text(citation, "vancouver").startswith("Roe J, Doe J. Imaging of the hepatic")
    assert "Clin Imaging. 2024;105." in reference_text(citation, "vancouver")


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
    text = bibtex(HALPERN)
    assert text.startswith("@article{halpern2002solidorgan,\n")
    assert "  title = {Solid-organ transplantation in {HIV}-infected patients},\n" in text
    assert "  author = {Halpern, Scott D. and Ubel, Peter A. and Caplan, Arthur L.},\n" in text
    assert "  pages = {284--287}" in text
    assert text.endswith("}\n")


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
    assert source == "@article{abc,\n  title = {T}\n}\n"
    assert bibtex(Citation("T"), key=",,") == "@article{t,\n  title = {T}\n}\n"


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
