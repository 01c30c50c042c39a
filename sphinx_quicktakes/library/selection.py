"""Choosing and ordering QuickTakes for lists and index pages (Sphinx-free).

A :class:`Selection` is plain data, so it can be stored with a page and
re-run on the next build: when its result changes, the page is re-read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

from .model import QuickTake
from .text import fold

if TYPE_CHECKING:
    from .catalog import Library

SORTS = ("-date", "date", "title", "id", "-id")


@dataclass(frozen=True, slots=True)
class Selection:
    subject: str = ""
    keyword: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    sort: str = "-date"
    limit: int | None = None
    #: Entries skipped before the first one shown (a later page of a paginated index).
    offset: int = 0

    def matches(self, quicktake: QuickTake) -> bool:
        if self.subject and fold(quicktake.subject) != fold(self.subject):
            return False
        if self.keyword and fold(self.keyword) not in {fold(k) for k in quicktake.keywords}:
            return False
        if self.since and (quicktake.date is None or quicktake.date < self.since):
            return False
        return not (self.until and (quicktake.date is None or quicktake.date > self.until))

    def apply(self, library: Library) -> list[QuickTake]:
        """The chosen QuickTakes of *library*, in order; keyword and subject use its index."""
        whole = (self.subject, self.keyword, self.since, self.until, self.sort)
        chosen = library.ordered(whole, lambda: self._ordered(library))
        end = self.offset + self.limit if self.limit is not None else None
        return chosen[self.offset : end] if self.offset or end is not None else list(chosen)

    def _ordered(self, library: Library) -> list[QuickTake]:
        rest = self  # what the candidates still have to match: a group matches its own field already
        if self.keyword:
            candidates: Iterable[QuickTake] = library.group("keyword", self.keyword)
            rest = replace(self, keyword="")
        elif self.subject:
            candidates = library.group("subject", self.subject)
            rest = replace(self, subject="")
        else:
            candidates = library.quicktakes.values()
        chosen = [qt for qt in candidates if rest.matches(qt)]
        field = self.sort.lstrip("-")
        if field == "date":  # undated last, whatever the direction; ties by id
            dated = sorted((qt for qt in chosen if qt.date), key=lambda qt: (qt.date, qt.id))
            if self.sort.startswith("-"):
                dated.reverse()
            chosen = dated + sorted((qt for qt in chosen if not qt.date), key=lambda qt: qt.id)
        elif field == "title":
            chosen.sort(key=lambda qt: (qt.question.casefold(), qt.id))
        else:
            chosen.sort(key=lambda qt: qt.id, reverse=self.sort.startswith("-"))
        return chosen

    def key(self) -> str:
        """A stable text form, to store with the page that shows the selection."""
        return json.dumps(asdict(self), default=str, sort_keys=True)

    @classmethod
    def from_key(cls, key: str) -> Selection:
        data = json.loads(key)
        data.setdefault("offset", 0)  # a key stored before offsets existed
        for name in ("since", "until"):
            data[name] = dt.date.fromisoformat(data[name]) if data[name] else None
        return cls(**data)


def _shown(qt: QuickTake) -> tuple[object, ...]:
    """What a list shows of a QuickTake, or sorts it by."""
    return (qt.id, str(qt.path), qt.question, qt.date, qt.date_format, qt.subject)


def digest(quicktakes: Iterable[QuickTake]) -> str:
    """Changes when anything a list shows of these QuickTakes changes."""
    hasher = hashlib.sha256()
    for qt in quicktakes:
        hasher.update(repr(_shown(qt)).encode())
    return hasher.hexdigest()[:16]


def same_for_lists(before: QuickTake, after: QuickTake) -> bool:
    """Whether no list can tell *before* from *after*: the same in what lists show, sort and choose by.

    An edit of an answer alone changes no list, so no list needs to be run again.
    """
    return _shown(before) == _shown(after) and before.keywords == after.keywords
