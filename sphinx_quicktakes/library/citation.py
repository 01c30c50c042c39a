"""The citation of a journal paper, its authors' names, and its CSL-JSON form (Sphinx-free).

A :class:`Citation` is the bibliographic part of a :class:`~.model.Paper`
(plus what a page author adds, such as the year).  :func:`csl_item` maps it
to CSL-JSON for citeproc-py (:mod:`.csl` formats it in any CSL style), and
:mod:`.bibtex_ris` writes it as BibTeX and RIS.  Names are split by pybtex.

Scraped data is untrusted: :func:`clean` puts every field on one line and
drops control and private-use characters before any output sees it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, NamedTuple

from pybtex.database import Person

from .model import Paper

__all__ = [
    "Citation",
    "PersonName",
    "citation_key",
    "clean",
    "csl_item",
    "display_journal",
    "display_name",
    "file_stem",
    "parse_name",
]


@dataclass(frozen=True, slots=True)
class Citation:
    """What a reference to one journal article needs, every field plain text."""

    title: str
    #: Names as written: "Jane Q. Roe", "Roe, Jane Q.", "van der Berg, Anna", "Roe JQ".
    authors: tuple[str, ...] = ()
    journal: str = ""
    #: The NLM abbreviation, if known; Vancouver uses it instead of ``journal``.
    journal_abbrev: str = ""
    year: str = ""
    volume: str = ""
    issue: str = ""
    #: "284-7", "110022", "207-217".
    pages: str = ""
    publisher: str = ""
    doi: str = ""
    url: str = ""
    keywords: tuple[str, ...] = ()
    #: Paragraphs joined by a blank line.
    abstract: str = ""
    article_type: str = ""

    @classmethod
    def from_paper(cls, paper: Paper, **overrides: str | tuple[str, ...]) -> Citation:
        """The citation of a scraped *paper*; non-empty *overrides* replace its fields."""
        citation = cls(
            title=paper.title,
            authors=paper.authors,
            journal=paper.journal,
            volume=paper.volume,
            issue=paper.issue,
            pages=paper.pages,
            publisher=paper.publisher,
            doi=paper.doi,
            keywords=paper.keywords,
            abstract="\n\n".join(paper.abstract),
            article_type=paper.article_type,
        )
        changes: dict[str, str | tuple[str, ...]] = {}
        for name, value in overrides.items():
            if not value:
                continue
            if name in _LIST_FIELDS and isinstance(value, str):
                value = (value,)
            elif name not in _LIST_FIELDS and not isinstance(value, str):
                value = "\n\n".join(value) if name == "abstract" else "; ".join(value)
            changes[name] = value
        return dataclasses.replace(citation, **changes)  # type: ignore[arg-type]  # checked per field above


_LIST_FIELDS = frozenset({"authors", "keywords"})


# --- journal names ---------------------------------------------------------------

# English small words kept lower case in title case (articles, coordinating
# conjunctions, short prepositions), as in the APA and Chicago title-case rules.
_SMALL_WORDS = frozenset(
    "a an and as at but by en for from in into nor of on or per the to upon via vs with".split()  # noqa: SIM905
)
# All-caps names cannot tell an acronym from a word; these common journal
# acronyms stay upper case.  Words without a vowel (BMJ, CT, MR, NMR) and
# Roman numerals stay upper case too.
_ACRONYMS = frozenset(
    "AJNR AJR AMA BJR BMC BMJ CMAJ HPB IEEE JACC JAMA JNCI MMWR NEJM PLOS RSNA UK US USA".split()  # noqa: SIM905
)
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def display_journal(name: str) -> str:
    """*name* in title case when it is written in capitals only, as scraped pages often are.

    "JOURNAL OF THE AMERICAN COLLEGE OF RADIOLOGY" becomes "Journal of the
    American College of Radiology"; a name with any lower-case letter is
    already as its publisher writes it and is returned unchanged.
    """
    if not any(ch.isupper() for ch in name) or any(ch.islower() for ch in name):
        return name
    words = list(_WORD.finditer(name))
    pieces: list[str] = []
    position = 0
    for index, match in enumerate(words):
        word = match[0]
        pieces.append(name[position : match.start()])
        position = match.end()
        before = name[: match.start()].rstrip()
        first = index == 0 or before.endswith((":", "—", "–", "."))
        last = index == len(words) - 1
        if word in _ACRONYMS or _ROMAN.fullmatch(word) or not re.search("[AEIOUY]", word):
            pieces.append(word)
        elif word.lower() in _SMALL_WORDS and not (first or last):
            pieces.append(word.lower())
        else:
            pieces.append(word[0] + word[1:].lower())
    pieces.append(name[position:])
    return "".join(pieces)


# --- person names ----------------------------------------------------------------


class PersonName(NamedTuple):
    """A personal name split the way bibliographies need it."""

    family: str
    given: str = ""
    #: "Jr.", "Sr.", "II", "III", "IV".
    suffix: str = ""


# "Halpern SD": MEDLINE's own form, family name then up to three capitals.
_MEDLINE_INITIALS = re.compile(r"[A-Z]{1,3}")
# pybtex reads braces as BibTeX groups and "~" as a space; a name is plain text, so
# they are hidden from it (clean() has removed every private-use character before).
_HIDE_BRACES = str.maketrans({"{": "\ue010", "}": "\ue011", "~": "\ue012"})
_SHOW_BRACES = str.maketrans({"\ue010": "{", "\ue011": "}", "\ue012": "~"})


def _suffix(text: str) -> str:
    word = text.strip().rstrip(".")
    if word.lower() in ("jr", "sr"):
        return word[0].upper() + word[1:].lower() + "."
    return word if word in ("II", "III", "IV") else ""


def _initials(word: str) -> str:
    return " ".join(f"{letter}." for letter in word) if _MEDLINE_INITIALS.fullmatch(word) and len(word) > 1 else word


def parse_name(name: str) -> PersonName:
    """Split a name as written into family name, given names and suffix; pybtex does the splitting.

    pybtex reads BibTeX's forms: "Jane Q. Roe", "Roe, Jane Q.", "King, Jr.,
    John T.", with lower-case particles kept with the family name ("Anna van
    der Berg" → "van der Berg").  Two forms it does not know are brought to
    them first: a suffix written last ("King, John T., Jr." as in RIS, "John
    T. King, Jr.", "Martin Luther King Jr."), and MEDLINE's "Halpern SD"
    (a family name, then up to three capitals), read as "Halpern, S. D.".
    Organisation names cannot be told from personal names and are split too.
    """
    parts = [part.strip() for part in clean(name).translate(_HIDE_BRACES).split(",") if part.strip()]
    if not parts:
        return PersonName("")
    suffix = ""
    if len(parts) >= 2 and _suffix(parts[-1]):
        suffix = _suffix(parts.pop())
    elif len(parts) >= 3 and _suffix(parts[1]):
        suffix = _suffix(parts.pop(1))
    if len(parts) == 1:
        words = parts[0].split()
        if len(words) >= 2 and not suffix and _suffix(words[-1]):
            suffix = _suffix(words.pop())
        if len(words) >= 2 and _MEDLINE_INITIALS.fullmatch(words[-1]) and not _MEDLINE_INITIALS.fullmatch(words[0]):
            parts = [" ".join(words[:-1]), " ".join(f"{letter}." for letter in words[-1])]
        else:
            parts = [" ".join(words)]
    # pybtex reads at most "Family, Given" once the suffix is out; more commas join the given names.
    person = Person(", ".join([parts[0], " ".join(parts[1:])] if len(parts) > 1 else parts))
    family = " ".join(person.prelast_names + person.last_names)
    # Run-together capitals after a comma are MEDLINE initials too ("Halpern, SD").
    given = " ".join(_initials(word) for word in person.first_names + person.middle_names)
    suffix = suffix or " ".join(person.lineage_names)
    return PersonName(family.translate(_SHOW_BRACES), given.translate(_SHOW_BRACES), suffix.translate(_SHOW_BRACES))


def display_name(name: str) -> str:
    """A name in reading order for a card ("Roe, Jane" → "Jane Roe"), whatever form it came in."""
    person = parse_name(name)
    full = f"{person.given} {person.family}".strip()
    return f"{full} {person.suffix}" if person.suffix else full


# --- CSL-JSON --------------------------------------------------------------------


def clean(text: str) -> str:
    """*text* on one line: control and private-use characters dropped, white space runs made one space."""
    kept = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs", "Co"))
    return " ".join(kept.split())


_YEAR = re.compile(r"\d{4}")
# "5-5": one page written as a range, which citeproc-py would print as "5-".
_SAME_PAGE = re.compile(r"\b(\w+)\s*[-‐‑‒–—]\s*\1\b")


def csl_item(c: Citation, key: str = "item") -> dict[str, Any]:
    """*c* as a CSL-JSON ``article-journal``; a field that is empty is absent, never an empty string.

    The journal's full name (title case when scraped in capitals) is the
    ``container-title`` and its abbreviation the ``container-title-short``, so
    each style picks the form it wants.  A year of four digits is a date;
    anything else ("c. 1999") is kept as a literal date.
    """
    item: dict[str, Any] = {"id": key, "type": "article-journal"}
    names = [parse_name(author) for author in c.authors]
    authors = [{k: v for k, v in name._asdict().items() if v} for name in names if name.family or name.given]
    if authors:
        item["author"] = authors
    journal, abbrev = clean(display_journal(c.journal.strip())), clean(c.journal_abbrev)
    fields = {
        "title": clean(c.title),
        "container-title": journal or abbrev,
        "container-title-short": abbrev,
        "volume": clean(c.volume),
        "issue": clean(c.issue),
        "page": _SAME_PAGE.sub(r"\1", clean(c.pages)),
        "publisher": clean(display_journal(c.publisher.strip())),
        "DOI": clean(c.doi),
        "URL": clean(c.url),
    }
    item.update((name, value) for name, value in fields.items() if value)
    year = clean(c.year)
    if _YEAR.fullmatch(year):
        item["issued"] = {"date-parts": [[int(year)]]}
    elif year:
        item["issued"] = {"literal": year}
    return item


# --- citation keys and file names ----------------------------------------------------

_STOP_WORDS = frozenset(
    "a an and are as at by for from how in into is of on or the to via what when why with".split()  # noqa: SIM905
)


# Letters that Unicode does not decompose into an ASCII letter and a mark.
_ASCII_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_ASCII_FOLD))
    return re.sub(r"[^a-z0-9]", "", folded)


def citation_key(c: Citation) -> str:
    """A BibTeX key: first author's family name, year, first significant title word ("halpern2002solidorgan").

    Only a-z and 0-9, so that it is safe in every BibTeX dialect.  Without
    an author the first significant title word stands in for the name and
    the next one follows the year; without a year, the year is left out.
    """
    words = [_ascii_word(word) for word in c.title.split()]
    significant = [word for word in words if word and word not in _STOP_WORDS] or [w for w in words if w]
    family = next((_ascii_word(parse_name(author).family) for author in c.authors if author.strip()), "")
    if not family and significant:
        family = significant.pop(0)
    year = re.search(r"\d{4}", c.year)
    key = family + (year[0] if year else _ascii_word(c.year)) + (significant[0] if significant else "")
    return key or "ref"


def file_stem(citation: dict[str, Any]) -> str:
    """A name that changes exactly when the citation's content does."""
    return hashlib.sha256(json.dumps(citation, sort_keys=True, default=list).encode()).hexdigest()[:16]
