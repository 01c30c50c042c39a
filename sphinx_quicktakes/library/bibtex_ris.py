"""A citation as a BibTeX entry (written by pybtex) and as a RIS record (written by rispy); Sphinx-free.

Both writers take their input as it is: pybtex's expects LaTeX, rispy's
expects one line per value.  Scraped fields are neither, so they are made so
here first: text fields escaped for LaTeX (verbatim fields, ``doi`` and
``url``, made safe instead), every value put on one line.  The files stay
well-formed, and parse back, whatever the fields hold.
"""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import rispy
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as PybtexWriter

from .citation import Citation, citation_key, clean, display_journal, parse_name
from .doi import is_valid_doi

__all__ = ["bibtex", "ris"]

# LaTeX text-mode forms of the characters that are special to LaTeX or BibTeX.
# Braces become commands, not "\{": BibTeX counts braces without regard to
# backslashes, so a lone "\{" would unbalance the entry.
_LATEX = str.maketrans(
    {
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
)
_LETTERS = re.compile(r"[^\W\d_]+")
_AND = re.compile(r"\band\b", re.IGNORECASE)
# Characters a URL cannot hold as they are, and that BibTeX or RIS would trip on.
_URL_SAFE = "!#$%&'()*+,/:;=?@[]~"


def _latex(text: str) -> str:
    return clean(text).translate(_LATEX)


def _latex_title(text: str) -> str:
    """*text* escaped, with every word that has a capital in braces.

    Bibliography styles lower-case titles; braces keep "HCC", "mRNA" and
    "Sartre" as written.  All capitalised words are protected, since a
    program cannot tell a proper noun from a capitalised common word; a
    capitalised first word needs no braces, as styles keep the first letter.
    """
    text = clean(text)
    out: list[str] = []
    position = 0
    for match in _LETTERS.finditer(text):
        out.append(text[position : match.start()].translate(_LATEX))
        word = match[0]
        upper = [index for index, ch in enumerate(word) if ch.isupper()]
        out.append("{" + word + "}" if upper and (match.start() > 0 or upper != [0]) else word)
        position = match.end()
    out.append(text[position:].translate(_LATEX))
    return "".join(out)


def _name_part(text: str) -> str:
    escaped = _latex(text)
    # "and" separates names in BibTeX; a part holding the word is one braced group.
    return "{" + escaped + "}" if _AND.search(escaped) else escaped


def _safe_url(url: str) -> str:
    """*url* with white space, braces, backslashes and non-ASCII percent-encoded."""
    return quote(clean(url), safe=_URL_SAFE)


class _BibTeXWriter(PybtexWriter):
    """pybtex's writer, given field values that are already LaTeX (see :func:`bibtex`).

    Its own encoding (latexcodec) escapes "%" and "&" but leaves braces and
    backslashes, which would let a scraped title close the entry, and it would
    escape the verbatim ``doi`` and ``url`` fields, which must stay as they are.
    """

    def _encode(self, text: str) -> str:
        return text


def bibtex(c: Citation, key: str | None = None) -> str:
    """An ``@article`` BibTeX entry for *c* (UTF-8), its braces balanced whatever the fields hold.

    Text fields are escaped for LaTeX.  ``doi`` and ``url`` are verbatim fields
    in biblatex and are typeset with ``\\url`` by BibTeX styles, so they are
    written as they are: a DOI only when it is a valid one (its characters are
    then all safe), a URL percent-encoded where it would break the entry.
    White space, paragraph breaks included, is made single spaces, as BibTeX
    itself does.
    """
    persons = []
    for author in c.authors:
        name = parse_name(author)
        if name.family or name.given:
            persons.append(
                Person(last=_name_part(name.family), first=_name_part(name.given), lineage=_name_part(name.suffix))
            )
    doi = clean(c.doi)
    fields = {
        "title": _latex_title(c.title),
        "journal": _latex(clean(display_journal(c.journal.strip())) or c.journal_abbrev),
        "year": _latex(c.year),
        "volume": _latex(c.volume),
        "number": _latex(c.issue),
        "pages": _latex(_full_pages(c.pages, "--")),
        "publisher": _latex(clean(display_journal(c.publisher.strip()))),
        "doi": doi if is_valid_doi(doi) else "",
        "url": _safe_url(c.url),
        "keywords": ", ".join(_latex(keyword) for keyword in c.keywords if clean(keyword)),
        "abstract": _latex(c.abstract),
    }
    entry = Entry("article", fields={name: value for name, value in fields.items() if value})
    if persons:
        entry.persons["author"] = persons
    key = re.sub(r"[^A-Za-z0-9_:./+-]", "", key or "") or citation_key(c)
    stream = io.StringIO()
    _BibTeXWriter(encoding="UTF-8").write_stream(BibliographyData({key: entry}), stream)
    return stream.getvalue()


# --- pages -----------------------------------------------------------------------

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


def _full_pages(pages: str, dash: str) -> str:
    """Pages with every range written out in full, joined by *dash* (BibTeX's "--")."""
    parts = [part.strip() for part in clean(pages).split(",") if part.strip()]
    return ", ".join(dash.join(span) if (span := _split_range(part)) else part for part in parts)


# --- RIS -------------------------------------------------------------------------


class _RisWriter(rispy.RisWriter):
    """rispy's writer with the RIS specification's line ends (CR LF) and no "1." header line."""

    NEWLINE = "\r\n"

    def set_header(self, count: int) -> str:
        return ""


def ris(c: Citation) -> str:
    """A RIS record (``TY  - JOUR`` … ``ER  - ``) for *c*.

    Values are put on one line: a line break in a value would start a new
    tag.  Authors are written "Family, Given, Suffix", the specification's form.
    """
    abbrev = clean(c.journal_abbrev)
    record: dict[str, str | list[str]] = {
        "type_of_reference": "JOUR",
        "authors": [", ".join(part for part in parse_name(a) if part) for a in c.authors if parse_name(a).family],
        "title": clean(c.title),
        "secondary_title": clean(display_journal(c.journal.strip())),
        # JA is the specification's "standard abbreviation" tag; J2 is where
        # EndNote and Zotero write and read the abbreviation.
        "alternate_title2": abbrev,
        "alternate_title1": abbrev,
        "year": clean(c.year),
        "volume": clean(c.volume),
        "number": clean(c.issue),
    }
    pages = [part.strip() for part in clean(c.pages).split(",") if part.strip()]
    span = _split_range(pages[0]) if len(pages) == 1 else None
    record.update({"start_page": span[0], "end_page": span[1]} if span else {"start_page": clean(c.pages)})
    record.update(
        {
            "publisher": clean(display_journal(c.publisher.strip())),
            "doi": clean(c.doi),
            # The specification separates several URLs on one UR line by ";".
            "urls": [_safe_url(c.url).replace(";", "%3B")] if clean(c.url) else [],
            "keywords": [clean(keyword) for keyword in c.keywords if clean(keyword)],
            "abstract": clean(c.abstract),
        }
    )
    return _RisWriter().formats([{tag: value for tag, value in record.items() if value}])
