"""Citations of journal papers: formatted references, BibTeX and RIS (Sphinx-free).

A :class:`Citation` is the bibliographic part of a :class:`~.model.Paper`
(plus what a page author adds, such as the year).  References come out as
*segments* so that each renderer (HTML, LaTeX, plain text) can set the
italics and links itself; BibTeX and RIS come out as file text.

Scraped data is untrusted: every output here must stay well-formed
whatever characters the fields hold.

Where the style guides leave room for reading, the choice made is noted
beside the code, with its source.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import quote

from .doi import doi_url, is_valid_doi
from .model import Paper

__all__ = [
    "STYLES",
    "Citation",
    "PersonName",
    "Segment",
    "apa",
    "bibtex",
    "citation_key",
    "display_journal",
    "parse_name",
    "reference_segments",
    "reference_text",
    "ris",
    "vancouver",
]

#: ``(text, kind)``; kind is "text", "italic" or "link" (the text of a link is its URL).
Segment = tuple[str, str]


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


# Lower-case particles that belong to the family name ("Anna van der Berg").
_PARTICLES = frozenset(
    "van von de der den da di le la du dos das del della des ter ten".split()  # noqa: SIM905
)
_SUFFIXES = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}
# "Halpern SD": MEDLINE's own form, family name then up to three capitals.
_MEDLINE_INITIALS = re.compile(r"[A-Z]{1,3}")


def _suffix(text: str) -> str:
    word = text.strip().rstrip(".")
    if word.lower() in ("jr", "sr"):
        return _SUFFIXES[word.lower()]
    return word if word in ("II", "III", "IV") else ""


def _dotted(given: str) -> str:
    """Run-together capitals ("SD") as initials ("S. D."); anything else as written."""
    words = [" ".join(f"{ch}." for ch in word) if _MEDLINE_INITIALS.fullmatch(word) else word for word in given.split()]
    return " ".join(words)


def parse_name(name: str) -> PersonName:
    """Split a name as written into family name, given names and suffix.

    With a comma, the family name comes first ("Roe, Jane Q.", "King, Jr.,
    John T." as in BibTeX, "King, John T., Jr." as in RIS, or "John T. King,
    Jr.").  Without one, the last word is the family name, with the lower-case
    particles before it ("Anna van der Berg" → "van der Berg"), unless the
    name ends in up to three capitals, MEDLINE's "Halpern SD" form.
    Organisation names cannot be told from personal names and are split too.
    """
    parts = [part.strip() for part in _clean(name).split(",") if part.strip()]
    if not parts:
        return PersonName("")
    suffix = ""
    if len(parts) >= 2 and _suffix(parts[-1]):
        suffix = _suffix(parts.pop())
    elif len(parts) >= 3 and _suffix(parts[1]):
        suffix = _suffix(parts.pop(1))
    if len(parts) >= 2:
        return PersonName(parts[0], _dotted(" ".join(parts[1:])), suffix)
    words = parts[0].split()
    if len(words) >= 2 and not suffix and _suffix(words[-1]):
        suffix = _suffix(words.pop())
    if len(words) >= 2 and _MEDLINE_INITIALS.fullmatch(words[-1]) and not _MEDLINE_INITIALS.fullmatch(words[0]):
        return PersonName(" ".join(words[:-1]), _dotted(words[-1]), suffix)
    start = len(words) - 1
    while start > 0 and words[start - 1] in _PARTICLES:
        start -= 1
    return PersonName(" ".join(words[start:]), " ".join(words[:start]), suffix)


def display_name(name: str) -> str:
    """A name in reading order for a card ("Roe, Jane" → "Jane Roe"), whatever form it came in."""
    person = parse_name(name)
    full = f"{person.given} {person.family}".strip()
    return f"{full} {person.suffix}" if person.suffix else full


def _initial_groups(given: str) -> list[list[str]]:
    """The initials of *given*, grouped by hyphenated name: "Jean-Paul M." → [["J", "P"], ["M"]]."""
    groups: list[list[str]] = []
    for token in given.replace(".", ". ").split():
        letters = [next((ch.upper() for ch in part if ch.isalpha()), "") for part in token.strip(".").split("-")]
        letters = [letter for letter in letters if letter]
        if not letters:
            continue
        if token.startswith("-") and groups:
            groups[-1].extend(letters)
        else:
            groups.append(letters)
    return groups


def _vancouver_name(name: PersonName) -> str:
    # Citing Medicine, ch. 1 (Journals), Author rules: family name, then the
    # initials of the given names with no periods or spaces, "for a maximum of
    # two initials"; "Jr", "Sr" and Roman numerals follow without punctuation.
    # Hyphenated given names lose the hyphen ("Jean-Paul" → "JP"): that is
    # MEDLINE/PubMed practice (Jean-Louis Vincent is "Vincent JL") and the
    # setting of the CSL project's NLM style (nlm-citation-sequence.csl,
    # initialize-with-hyphen="false").
    initials = "".join(letter for group in _initial_groups(name.given) for letter in group)[:2]
    return " ".join(part for part in (name.family, initials, name.suffix.rstrip(".")) if part)


def _apa_name(name: PersonName) -> str:
    # APA 7 §9.8: "Family, I. I."; a hyphenated given name keeps its hyphen
    # ("Jean-Paul" → "J.-P."); a suffix follows after a comma ("Jr.", "III").
    initials = " ".join("-".join(f"{letter}." for letter in group) for group in _initial_groups(name.given))
    return ", ".join(part for part in (name.family, initials, name.suffix) if part)


# --- page ranges -----------------------------------------------------------------

_RANGE = re.compile(r"\s*(?P<first>\w+)\s*[-‐‑‒–—]+\s*(?P<last>\w+)\s*")


def _split_range(text: str) -> tuple[str, str] | None:
    """First and last page of a range, the last written out in full ("284-7" → 284, 287)."""
    match = _RANGE.fullmatch(text)
    if match is None:
        return None
    first, last = match["first"], match["last"]
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return first, last


def _page_parts(pages: str) -> list[str]:
    return [part.strip() for part in pages.split(",") if part.strip()]


def _nlm_pages(pages: str) -> str:
    """Pages as MEDLINE writes them: leading digits of the last page that repeat the first's are dropped.

    NLM Indexing Manual §10 (pagination): 12-19 → 12-9, 21-30 → 21-30,
    304-310 → 304-10, 1199-1205 → 1199-205.  Ranges with letters are left
    whole, since the manual shows no rule for them.
    """
    out = []
    for part in _page_parts(pages):
        span = _split_range(part)
        if span is None:
            out.append(part)
            continue
        first, last = span
        if first == last:
            out.append(first)
            continue
        if first.isdigit() and last.isdigit() and len(first) == len(last):
            common = 0
            while common < len(last) - 1 and first[common] == last[common]:
                common += 1
            last = last[common:]
        out.append(f"{first}-{last}")
    return ", ".join(out)


def _full_pages(pages: str, dash: str) -> str:
    """Pages with every range written out in full, joined by *dash*."""
    out = []
    for part in _page_parts(pages):
        span = _split_range(part)
        out.append(dash.join(span) if span else part)
    return ", ".join(out)


# --- formatted references --------------------------------------------------------


def _sentence(text: str) -> str:
    """*text* closed by a period unless it already ends with one, "?" or "!"."""
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def _merge(segments: Iterable[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for text, kind in segments:
        if not text:
            continue
        if out and kind == "text" and out[-1][1] == "text":
            out[-1] = (out[-1][0] + text, kind)
        else:
            out.append((text, kind))
    return out


def vancouver(c: Citation) -> list[Segment]:
    """NLM/Vancouver (Citing Medicine, 2nd ed., ch. 1): ``Authors. Title. Journal. Year;Vol(Issue):Pages. doi:DOI``.

    Six authors at most, then "et al." (the ICMJE recommendation).  No
    italics: Citing Medicine sets references in plain type.
    """
    parts: list[str] = []
    names = [_vancouver_name(parse_name(author)) for author in c.authors]
    names = [name for name in names if name]
    if names:
        parts.append(", ".join(names[:6] + (["et al."] if len(names) > 6 else [])))
    parts.append(c.title)
    # Citing Medicine uses the NLM title abbreviation, written without periods
    # ("N Engl J Med"); with none known, the journal's name in full.
    journal = " ".join(c.journal_abbrev.replace(".", " ").split()) or display_journal(c.journal.strip())
    if journal:
        parts.append(journal)
    # "[date unknown]" is Citing Medicine's wording for a missing date; absent
    # volume, issue or pages are left out with their punctuation, as in its
    # examples "2002;(401):230-8" and "1993:325-33".
    source = c.year.strip() or "[date unknown]"
    locator = c.volume.strip() + (f"({c.issue.strip()})" if c.issue.strip() else "")
    if locator:
        source += ";" + locator
    if c.pages.strip():
        source += ":" + _nlm_pages(c.pages)
    parts.append(source)
    text = " ".join(_sentence(part) for part in parts if part.strip())
    segments: list[Segment] = [(text, "text")]
    if c.doi.strip():
        # The DOI follows as "doi:" and the DOI, with no space and no closing
        # period: the form of the CSL project's current NLM style
        # (nlm-citation-sequence.csl, "Citing Medicine 2nd edition"), which
        # puts nothing after the DOI.
        segments.append((f" doi:{c.doi.strip()}", "text"))
    elif c.url.strip():
        segments += [(" Available from: ", "text"), (c.url.strip(), "link")]
    return _merge(segments)


def apa(c: Citation) -> list[Segment]:
    """APA 7th edition journal article: ``Family, I. I., & Family, I. (Year). Title. Journal, Vol(Issue), pp. DOI``."""
    names = [_apa_name(parse_name(author)) for author in c.authors]
    names = [name for name in names if name]
    # APA 7 §9.8: up to 20 authors, "&" before the last; from 21 on, the first
    # 19, an ellipsis (three spaced periods, as printed in the manual), and
    # the last author, with no "&".
    if len(names) > 20:
        authors = ", ".join(names[:19]) + ", . . . " + names[-1]
    elif len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = "".join(names)
    date = f"({c.year.strip()})." if c.year.strip() else "(n.d.)."
    # The title is kept as written.  APA wants article titles in sentence
    # case, but lower-casing automatically would damage proper nouns and
    # acronyms ("Hepatic arterial infusion (HAI) pumps in the United States"),
    # which no program can tell from ordinary words.
    title = _sentence(c.title)
    # APA 7 §9.12: with no author, the title moves to the author position.
    head = f"{_sentence(authors)} {date} {title}" if authors else f"{title} {date}".strip()
    segments: list[Segment] = [(head, "text")]
    journal = display_journal(c.journal.strip()) or c.journal_abbrev.strip()
    pages = _full_pages(c.pages, "–")
    volume, issue = c.volume.strip(), c.issue.strip()
    if journal:
        segments += [(" ", "text"), (journal, "italic")]
        if volume:
            segments += [(", ", "text"), (volume, "italic")]
        if issue:
            segments.append((f"({issue})" if volume else f", ({issue})", "text"))
        if pages:
            segments.append((f", {pages}", "text"))
        segments.append((".", "text"))
    if c.doi.strip():
        segments += [(" ", "text"), (doi_url(c.doi.strip()), "link")]
    elif c.url.strip():
        segments += [(" ", "text"), (c.url.strip(), "link")]
    return _merge(segments)


STYLES: dict[str, Callable[[Citation], list[Segment]]] = {"vancouver": vancouver, "apa": apa}


def reference_segments(c: Citation, style: str) -> list[Segment]:
    """The reference to *c* in *style* (a key of :data:`STYLES`), as segments."""
    try:
        render = STYLES[style]
    except KeyError:
        raise ValueError(f"unknown citation style {style!r}; known: {', '.join(STYLES)}") from None
    return render(c)


def reference_text(c: Citation, style: str) -> str:
    """The reference to *c* in *style* as plain text."""
    return "".join(text for text, _ in reference_segments(c, style))


# --- BibTeX ----------------------------------------------------------------------

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


# LaTeX text-mode forms of the characters that are special to LaTeX or BibTeX.
# Braces become commands, not "\{": BibTeX counts braces without regard to
# backslashes, so a lone "\{" would unbalance the entry.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
_LATEX_TABLE = str.maketrans(_LATEX)
_LETTERS = re.compile(r"[^\W\d_]+")
_AND = re.compile(r"\band\b", re.IGNORECASE)
# Characters a URL cannot hold as they are, and that BibTeX or RIS would trip on.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"


def _clean(text: str) -> str:
    """*text* on one line: control characters dropped, runs of white space made one space."""
    text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs"))
    return " ".join(text.split())


def _latex(text: str) -> str:
    return _clean(text).translate(_LATEX_TABLE)


def _latex_title(text: str) -> str:
    """*text* escaped, with every word that has a capital in braces.

    Bibliography styles lower-case titles; braces keep "HCC", "mRNA" and
    "Sartre" as written.  All capitalised words are protected, since a
    program cannot tell a proper noun from a capitalised common word; a
    capitalised first word needs no braces, as styles keep the first letter.
    """
    text = _clean(text)
    out: list[str] = []
    position = 0
    for match in _LETTERS.finditer(text):
        out.append(text[position : match.start()].translate(_LATEX_TABLE))
        word = match[0]
        upper = [index for index, ch in enumerate(word) if ch.isupper()]
        needs_braces = bool(upper) and (match.start() > 0 or upper != [0])
        out.append("{" + word + "}" if needs_braces else word)
        position = match.end()
    out.append(text[position:].translate(_LATEX_TABLE))
    return "".join(out)


def _bibtex_name_part(text: str) -> str:
    escaped = _latex(text)
    # "and" separates names in BibTeX; a part containing the word is grouped.
    return "{" + escaped + "}" if _AND.search(escaped) else escaped


def _bibtex_name(author: str) -> str:
    name = parse_name(author)
    parts = [_bibtex_name_part(name.family)]
    if name.suffix:
        parts.append(_bibtex_name_part(name.suffix))
    if name.given or name.suffix:
        parts.append(_bibtex_name_part(name.given))
    return ", ".join(parts).rstrip()


def _safe_url(url: str) -> str:
    """*url* with white space, braces, backslashes and non-ASCII percent-encoded."""
    return quote(_clean(url), safe=_URL_SAFE)


def _bibtex_key(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:./+-]", "", key)


def bibtex(c: Citation, key: str | None = None) -> str:
    """An ``@article`` BibTeX entry for *c* (UTF-8), its braces balanced whatever the fields hold.

    Text fields are escaped for LaTeX.  ``doi`` and ``url`` are verbatim fields
    in biblatex and are typeset with ``\\url`` by BibTeX styles, so they are
    written as they are: a DOI only when it is a valid one (its characters are
    then all safe), a URL percent-encoded where it would break the entry.
    White space, paragraph breaks included, is made single spaces, as BibTeX
    itself does.
    """
    fields: list[tuple[str, str]] = [
        ("title", _latex_title(c.title)),
        ("author", " and ".join(_bibtex_name(author) for author in c.authors if author.strip())),
        ("journal", _latex(display_journal(c.journal.strip()) or c.journal_abbrev)),
        ("year", _latex(c.year)),
        ("volume", _latex(c.volume)),
        ("number", _latex(c.issue)),
        ("pages", _latex(_full_pages(c.pages, "--"))),
        ("publisher", _latex(display_journal(c.publisher.strip()))),
        ("doi", c.doi.strip() if is_valid_doi(c.doi.strip()) else ""),
        ("url", _safe_url(c.url)),
        ("keywords", ", ".join(_latex(keyword) for keyword in c.keywords if keyword.strip())),
        ("abstract", _latex(c.abstract)),
    ]
    body = "".join(f",\n  {name} = {{{value}}}" for name, value in fields if value)
    return f"@article{{{_bibtex_key(key or '') or citation_key(c)}{body}\n}}\n"


# --- RIS -------------------------------------------------------------------------

# The RIS specification (Research Information Systems, "RIS Format
# Specifications") ends every line with CR LF; readers, rispy included,
# accept it.  Values must stay on their line: a line break in a value would
# start a new tag, so white space is made single spaces.
_RIS_NEWLINE = "\r\n"


def ris(c: Citation) -> str:
    """A RIS record (``TY  - JOUR`` … ``ER  - ``) for *c*."""
    lines: list[tuple[str, str]] = [("TY", "JOUR")]
    for author in c.authors:
        name = parse_name(author)
        # The specification's form: "Lastname, Firstname, Suffix".
        lines.append(("AU", ", ".join(part for part in name if part)))
    lines += [
        ("TI", c.title),
        ("T2", display_journal(c.journal.strip())),
        # JA is the specification's "standard abbreviation" tag; J2 is where
        # EndNote and Zotero write and read the abbreviation.
        ("JA", c.journal_abbrev),
        ("J2", c.journal_abbrev),
        ("PY", c.year),
        ("VL", c.volume),
        ("IS", c.issue),
    ]
    parts = _page_parts(c.pages)
    span = _split_range(parts[0]) if len(parts) == 1 else None
    if span:
        lines += [("SP", span[0]), ("EP", span[1])]
    else:
        lines.append(("SP", c.pages))
    lines += [
        ("PB", display_journal(c.publisher.strip())),
        ("DO", c.doi),
        # The specification separates several URLs on one UR line by ";".
        ("UR", _safe_url(c.url).replace(";", "%3B")),
    ]
    lines += [("KW", keyword) for keyword in c.keywords]
    lines.append(("AB", c.abstract))
    out = [f"{tag}  - {_clean(value)}" for tag, value in lines if _clean(value)]
    out.append("ER  - ")
    return _RIS_NEWLINE.join(out) + _RIS_NEWLINE


def file_stem(citation: dict[str, Any]) -> str:
    """A name that changes exactly when the citation's content does."""
    return hashlib.sha256(json.dumps(citation, sort_keys=True, default=list).encode()).hexdigest()[:16]
