"""DOI validation, normalisation, comparison and links."""

from __future__ import annotations

import pytest

from sphinx_quicktakes.library.doi import DOI_PATTERN, doi_key, doi_url, is_valid_doi, normalize_doi

SEED_DOI = "10.1016/j.clinimag.2023.110022"
SICI = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"


@pytest.mark.parametrize(
    "doi",
    [
        pytest.param(SEED_DOI, id="seed"),
        pytest.param("10.1056/NEJMsa020549", id="nejm"),
        pytest.param("10.1037/ppm0000185", id="apa"),
        pytest.param("10.1016/S0140-6736(20)30183-5", id="parentheses"),
        pytest.param("10.1002/1096-9071(200005)61:1;1-Z", id="colon-semicolon"),
        pytest.param("10.123456789/x_y", id="nine-digit-registrant"),
        pytest.param("10.1016/J.CLINIMAG.2023.110022", id="upper-case"),
        pytest.param(SICI, id="sici-angle-brackets"),
    ],
)
def test_valid_dois(doi: str) -> None:
    assert is_valid_doi(doi)


@pytest.mark.parametrize(
    "doi",
    [
        pytest.param("", id="empty"),
        pytest.param("11.1016/x", id="not-10"),
        pytest.param("1016/j.clinimag", id="no-prefix"),
        pytest.param("10.123/x", id="registrant-too-short"),
        pytest.param("10.1234567890/x", id="registrant-too-long"),
        pytest.param("10x1016/x", id="no-dot"),
        pytest.param("10.1016/", id="empty-suffix"),
        pytest.param("10.12/no good", id="space"),
        pytest.param(" 10.1016/x", id="leading-space"),
        pytest.param("10.1016/x\n", id="trailing-newline"),
        pytest.param("10.1016/x#frag", id="hash"),
        pytest.param("10.1016/x?y", id="question-mark"),
        pytest.param("10.1016/x%20y", id="percent"),
        pytest.param("10.1016/caf\u00e9", id="non-ascii"),
        pytest.param("10.1016/\u017f", id="long-s-folds-to-s"),
        pytest.param("10.1016/\u212a", id="kelvin-sign-folds-to-k"),
        pytest.param("10.\u0661\u0662\u0663\u0664/x", id="arabic-indic-digits"),
        pytest.param("https://doi.org/10.1016/x", id="url-not-normalised"),
    ],
)
def test_invalid_dois(doi: str) -> None:
    assert not is_valid_doi(doi)


def test_pattern_is_crossrefs_and_sici_needs_the_extension() -> None:
    assert DOI_PATTERN.fullmatch(SEED_DOI)
    assert DOI_PATTERN.fullmatch(SICI) is None  # Crossref's pattern alone misses SICIs


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        (SEED_DOI, SEED_DOI),
        (f"  {SEED_DOI}\n", SEED_DOI),
        (f"doi:{SEED_DOI}", SEED_DOI),
        (f"DOI: {SEED_DOI}", SEED_DOI),
        (f"https://doi.org/{SEED_DOI}", SEED_DOI),
        (f"http://doi.org/{SEED_DOI}", SEED_DOI),
        (f"http://dx.doi.org/{SEED_DOI}", SEED_DOI),
        (f"https://DX.DOI.ORG/{SEED_DOI}", SEED_DOI),
        (f"doi.org/{SEED_DOI}", SEED_DOI),
        (f"DOI: https://doi.org/{SEED_DOI}", SEED_DOI),
        ("https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-0", SICI),
        ("https://doi.org/10.1000/a%2Fb", "10.1000/a/b"),
        ("10.1000/a%2Fb", "10.1000/a%2Fb"),  # a bare DOI is not a URL: "%" is its own
        ("", ""),
    ],
)
def test_normalize(text: str, doi: str) -> None:
    assert normalize_doi(text) == doi


def test_key_is_case_insensitive_for_ascii_only() -> None:
    assert doi_key("10.1016/J.CLINIMAG.2023.110022") == doi_key(SEED_DOI) == SEED_DOI
    assert doi_key(SICI) == SICI.lower()
    # The DOI Handbook folds ASCII letters only.
    assert doi_key("10.1000/\u00c9") == "10.1000/\u00c9"


@pytest.mark.parametrize(
    ("doi", "url"),
    [
        (SEED_DOI, f"https://doi.org/{SEED_DOI}"),
        (SICI, "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-0"),
        ("10.1000/456#789", "https://doi.org/10.1000/456%23789"),  # the DOI Handbook's own example
        ('10.1000/a b%c"d?e', "https://doi.org/10.1000/a%20b%25c%22d%3Fe"),
        ("10.1000/{a}^[b]`|\\", "https://doi.org/10.1000/%7Ba%7D%5E%5Bb%5D%60%7C%5C"),
        ("10.1000/a+b", "https://doi.org/10.1000/a%2Bb"),
        ("10.1000/!$&'()*,;=:@~_.-", "https://doi.org/10.1000/!$&'()*,;=:@~_.-"),
        ("10.1000/caf\u00e9", "https://doi.org/10.1000/caf%C3%A9"),
        ("10.1000/./x/../y", "https://doi.org/10.1000/.%2Fx/..%2Fy"),
        ("10.1000/x/..", "https://doi.org/10.1000/x%2F.."),
        ("10.1000/.x/..y", "https://doi.org/10.1000/.x/..y"),
    ],
)
def test_url_encoding(doi: str, url: str) -> None:
    assert doi_url(doi) == url


def test_url_round_trips_through_normalize() -> None:
    for doi in (SEED_DOI, SICI, "10.1000/456#789", "10.1000/caf\u00e9 x"):
        assert normalize_doi(doi_url(doi)) == doi
