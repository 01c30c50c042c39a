"""The data model: what a QuickTake and a Paper are, independent of Sphinx.

Loaders fill these; directives, the domain and the theme only read them.  Every
value is plain data (str, int, float, date, lists, dicts), so a model pickles
cleanly into Sphinx's environment and crosses ``-j`` process boundaries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .doi import doi_key
from .reference import Reference

_set = object.__setattr__


def _getstate(self: Any) -> tuple[Any, ...]:
    """Pickle a record as the tuple of its field values.

    Thousands of records are pickled with Sphinx's environment (the library
    cache); the ``dataclasses`` default for slots looks the fields up again
    for every object and takes about a quarter longer.
    """
    return tuple(getattr(self, name) for name in self.__slots__)


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    for name, value in zip(self.__slots__, state, strict=True):
        _set(self, name, value)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an input file, with where it is.

    ``subtype`` becomes the Sphinx warning subtype (``quicktakes.<subtype>``), so
    users can silence one class of problem with ``suppress_warnings``.
    """

    __getstate__ = _getstate
    __setstate__ = _setstate

    path: Path
    line: int | None
    subtype: str
    message: str

    @property
    def location(self) -> str:
        """``file:line`` as compilers and editors print it."""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    """One ``related_articleN`` entry: a pointer to another QuickTake, often absent."""

    __getstate__ = _getstate
    __setstate__ = _setstate

    id: int
    title: str = ""
    subject: str = ""
    url: str = ""
    #: The N of ``related_articleN``; related articles are kept in this order.
    position: int = 0
    line: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Seo:
    """The ``seo`` block: used by the publishing features, kept verbatim here."""

    __getstate__ = _getstate
    __setstate__ = _setstate

    title: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class QuickTake:
    """One question and its answer, as loaded from a front-matter file."""

    __getstate__ = _getstate
    __setstate__ = _setstate

    id: int
    question: str
    #: Markdown, with the file's literal ``\\n`` sequences turned into real newlines.
    answer: str
    path: Path
    title: str = ""
    article_title: str = ""
    date: dt.date | None = None
    #: The raw ``date`` value when it was not a valid date (kept, never dropped).
    date_text: str = ""
    date_format: str = ""
    post_on_text: str = ""
    subject: str = ""
    author: str = ""
    url: str = ""
    file_name: str = ""
    score: float | None = None
    schema: str = ""
    seo: Seo = field(default_factory=Seo)
    related: tuple[RelatedArticle, ...] = ()
    #: Who checked the answer (``reviewed_by``: one name or a list), and when (``last_reviewed``).
    reviewed_by: tuple[str, ...] = ()
    last_reviewed: dt.date | None = None
    #: When the answer last changed (``updated``).
    updated: dt.date | None = None
    #: The evidence cited (``references``): DOIs, PubMed ids and http(s) addresses, in order.
    references: tuple[Reference, ...] = ()
    #: Text after the closing ``---`` other than the usual ``&nbsp;``.
    body: str = ""
    #: Every front-matter key this model does not name, with its value.
    extra: dict[str, Any] = field(default_factory=dict)
    #: 1-based file line of each top-level key, for located warnings.
    lines: dict[str, int] = field(default_factory=dict)
    #: 1-based file line where each value's text starts (the line below ``answer: >-``).
    value_lines: dict[str, int] = field(default_factory=dict)

    @property
    def keywords(self) -> tuple[str, ...]:
        return self.seo.keywords

    @property
    def anchor(self) -> str:
        """The stable HTML id of the article: ``qt-<id>``."""
        return f"qt-{self.id}"

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)

    def answer_line(self) -> int | None:
        """Where the answer's text starts in its file (below ``answer: >-``, or on the key's line)."""
        return self.value_lines.get("answer") or self.line_of("answer")


@dataclass(frozen=True, slots=True)
class Paper:
    """A journal paper, as scraped from a journal-article page (seed 004's format)."""

    __getstate__ = _getstate
    __setstate__ = _setstate

    path: Path
    title: str
    doi: str = ""
    article_type: str = ""
    #: The headline reader rating (the number before the article type).
    rating: float | None = None
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    keywords: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    #: Paragraphs of the abstract, in order.
    abstract: tuple[str, ...] = ()
    primary_rating: float | None = None
    #: Text beside the primary rating, such as "Not enough ratings".
    rating_note: str = ""
    #: Secondary ratings by name ("Novelty", ...); ``None`` where the page shows "-".
    secondary_ratings: dict[str, float | None] = field(default_factory=dict)
    recommended: tuple[str, ...] = ()
    #: Lines the parser did not recognise, kept so that nothing is lost.
    rest: tuple[str, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Registry key: DOIs compare case-insensitively (ASCII letters only)."""
        return doi_key(self.doi)

    def line_of(self, key: str) -> int | None:
        return self.lines.get(key)
