"""Parse a scraped journal-article page (seed 004's plain-text format) into a :class:`Paper`.

The page is a sequence of blocks introduced by fixed marker lines ("Journal",
"Publisher", "Keywords", "Authors", "Primary Rating", ...).  The parser splits
the text at those markers and reads each block on its own, so a missing block,
an extra line or a DOI on another line does not derail the rest.  Lines it
does not understand are kept in ``Paper.rest``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from . import repair
from .doi import is_valid_doi, normalize_doi
from .model import Paper, Problem

_MARKERS = (
    "Journal",
    "Publisher",
    "Keywords",
    "Ask authors/readers for more resources",
    "Authors",
    "Reviews",
    "Primary Rating",
    "Secondary Ratings",
    "Rate this paper",
    "Recommended",
)
#: Interface text of the scraped page, not content.
_BOILERPLATE = frozenset(
    {
        "I am an author on this paper",
        "Click your name to claim this paper and add it to your profile.",
        "No Data Available",
    }
)
_DOI_LINE = re.compile(r"DOI:\s*(?P<doi>\S+)\s*$", re.IGNORECASE)
_HEADER = re.compile(r"(?P<rating>\d+(?:\.\d+)?)?\s*(?P<type>.*)", re.ASCII)
_NUMBER = re.compile(r"\d+(?:\.\d+)?", re.ASCII)
#: Ratings are out of 5 (the cards say "4.3 / 5").
MAX_RATING = 5
_CITATION_PART = re.compile(r"(?P<name>Volume|Issue|Pages)\s+(?P<value>[^,]*)", re.IGNORECASE)
_ABSENT = "-"

Line = tuple[int, str]


def looks_like_paper(text: str) -> bool:
    """True when *text* has the shape of a scraped paper page."""
    lines = {line.strip() for line in text.split("\n")}
    return "Journal" in lines or any(_DOI_LINE.fullmatch(line) for line in lines if line.startswith(("DOI", "doi")))


def load_paper(path: Path, text: str) -> tuple[Paper | None, list[Problem]]:
    """Parse decoded *text* of the file at *path*."""
    text = repair.fix_text(text)
    problems = []
    control = repair.CONTROLS.search(text)
    if control is not None:  # XML outputs cannot hold them; line numbers are kept (newlines are not controls)
        line = text.count("\n", 0, control.start()) + 1
        text, removed = repair.strip_controls(text)
        message = f"control characters ({repair.control_names(removed)}) are removed from the page"
        problems.append(Problem(path, line, "text", message))
    blocks = _split_blocks(text)
    lines: dict[str, int] = {}
    rest: list[str] = []
    fields: dict[str, object] = {}

    def take(block: list[Line], key: str) -> str:
        if not block:
            return ""
        number, value = block.pop(0)
        lines[key] = number
        return value

    # A DOI may sit on any line: take it out first, wherever it is.
    empty_doi = ""
    for block in blocks.values():
        for item in list(block):
            match = _DOI_LINE.fullmatch(item[1])
            if match and "doi" not in fields:
                fields["doi"] = normalize_doi(match["doi"])
                lines["doi"] = item[0]
                block.remove(item)
                empty_doi = "" if fields["doi"] else match["doi"]

    def rating(text: str, what: str, line: int | None, maximum: float = MAX_RATING) -> float | None:
        """A rating up to *maximum*; anything else (400 nines was ``Infinity`` in quicktakes.json) is refused."""
        value = float(text)
        if value <= maximum and math.isfinite(value):
            return value
        shown = text if len(text) <= 20 else f"{text[:20]}... ({len(text)} characters)"
        limit = f"between 0 and {maximum}" if math.isfinite(maximum) else "a finite number"
        problems.append(Problem(path, line, "rating", f"{what} {shown} is not {limit}; it is left out"))
        return None

    head = blocks.get("", [])
    if len(head) >= 2:
        line = head[0][0]
        header = _HEADER.fullmatch(take(head, "rating"))
        assert header is not None  # the pattern matches any line
        fields["rating"] = rating(header["rating"], "the rating", line) if header["rating"] else None
        fields["article_type"] = header["type"].strip()
    fields["title"] = take(head, "title")
    rest.extend(value for _, value in head)

    journal = blocks.get("Journal", [])
    fields["journal"] = take(journal, "journal")
    for number, value in list(journal):
        parts = {m["name"].lower(): m["value"].strip() for m in _CITATION_PART.finditer(value)}
        if parts:
            journal.remove((number, value))
            lines["volume"] = number
            for name in ("volume", "issue", "pages"):
                fields[name] = "" if parts.get(name, _ABSENT) == _ABSENT else parts[name]
    rest.extend(value for _, value in journal)

    publisher = blocks.get("Publisher", [])
    fields["publisher"] = take(publisher, "publisher")
    rest.extend(value for _, value in publisher)

    keywords = blocks.get("Keywords", [])
    fields["keywords"] = tuple(k.strip() for k in take(keywords, "keywords").split(";") if k.strip())
    abstract = keywords + blocks.get("Ask authors/readers for more resources", [])
    if abstract:
        lines["abstract"] = abstract[0][0]
    fields["abstract"] = tuple(value for _, value in abstract)

    fields["authors"] = tuple(value for _, value in blocks.get("Authors", []) if value not in _BOILERPLATE)

    primary = blocks.get("Primary Rating", [])
    if primary and _NUMBER.fullmatch(primary[0][1]):
        line = primary[0][0]
        fields["primary_rating"] = rating(take(primary, "primary_rating"), "the primary rating", line)
    fields["rating_note"] = " ".join(value for _, value in primary)

    secondary: dict[str, float | None] = {}
    items = blocks.get("Secondary Ratings", [])
    for (_, name), (line, value) in zip(items[::2], items[1::2], strict=False):
        # Their scale is not known (and they are not published): only what no number is, is refused.
        is_number = _NUMBER.fullmatch(value)
        secondary[name] = rating(value, f"the {name!r} rating", line, math.inf) if is_number else None
    if len(items) % 2:
        rest.append(items[-1][1])
    fields["secondary_ratings"] = secondary

    fields["recommended"] = tuple(value for _, value in blocks.get("Recommended", []) if value not in _BOILERPLATE)
    for marker in ("Reviews", "Rate this paper"):
        rest.extend(value for _, value in blocks.get(marker, []))

    if not fields["title"] or not (fields.get("doi") or fields["journal"]):
        return None, [
            *problems,
            Problem(path, 1, "paper", "not a journal-paper page: no title with a journal or DOI; the file is skipped"),
        ]
    if empty_doi:  # "DOI: https://doi.org/": the paper had no page, and no warning said so
        message = (
            f"the DOI line holds no DOI ({empty_doi[:80]!r}); the paper is kept without one, "
            "so it has no page of its own (a paper-card can show it by its file)"
        )
        problems.append(Problem(path, lines["doi"], "doi", message))
    doi = str(fields.get("doi", ""))
    if doi and not is_valid_doi(doi):
        message = f"{doi!r} is not a valid DOI; the paper is kept, without a DOI link"
        problems.append(Problem(path, lines.get("doi"), "doi", message))
    return Paper(path=path, rest=tuple(rest), lines=lines, **fields), problems  # type: ignore[arg-type]


def _split_blocks(text: str) -> dict[str, list[Line]]:
    """Non-blank lines grouped under the marker line that precedes them ('' = the head)."""
    blocks: dict[str, list[Line]] = {"": []}
    current = blocks[""]
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if line in _MARKERS and line not in blocks:
            current = blocks[line] = []
            continue
        current.append((number, line))
    return blocks
