"""Selections for lists and index pages (Sphinx-free)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sphinx_quicktakes.library import Library
from sphinx_quicktakes.library.model import QuickTake, Seo
from sphinx_quicktakes.library.selection import Selection, digest
from sphinx_quicktakes.library.text import slug


def library() -> Library:
    lib = Library()
    rows = [
        (1, "Beta?", "Medicine", dt.date(2024, 1, 5), ("MRI", "liver")),
        (2, "alpha?", "medicine", dt.date(2024, 3, 1), ("mri",)),
        (3, "Gamma?", "Surgery", None, ("Liver",)),
        (4, "Delta?", "Surgery", dt.date(2023, 12, 31), ()),
    ]
    for qt_id, question, subject, date, keywords in rows:
        lib.add(
            QuickTake(
                qt_id, question, "a", Path(f"{qt_id}.txt"), subject=subject, date=date, seo=Seo(keywords=keywords)
            )
        )
    return lib


def ids(selection: Selection) -> list[int]:
    return [qt.id for qt in selection.apply(library())]


def test_filters_are_case_insensitive() -> None:
    assert ids(Selection(subject="MEDICINE", sort="id")) == [1, 2]
    assert ids(Selection(keyword="mri", sort="id")) == [1, 2]
    assert ids(Selection(keyword="LIVER", subject="surgery")) == [3]


def test_date_range_excludes_undated() -> None:
    assert ids(Selection(since=dt.date(2024, 1, 1), until=dt.date(2024, 1, 31))) == [1]
    assert ids(Selection(until=dt.date(2023, 12, 31))) == [4]


def test_sorts_and_limit() -> None:
    assert ids(Selection()) == [2, 1, 4, 3]  # newest first, undated last
    assert ids(Selection(sort="date")) == [4, 1, 2, 3]
    assert ids(Selection(sort="title")) == [2, 1, 4, 3]
    assert ids(Selection(sort="-id", limit=2)) == [4, 3]
    assert ids(Selection(limit=0)) == []


def test_key_round_trips_and_digest_follows_content() -> None:
    selection = Selection(subject="Medicine", since=dt.date(2024, 1, 1), sort="title", limit=3)
    assert Selection.from_key(selection.key()) == selection
    chosen = selection.apply(library())
    assert digest(chosen) == digest(list(chosen))
    assert digest(chosen) != digest(chosen[:1])


def test_slug() -> None:
    assert slug("PET/CT imaging") == "pet-ct-imaging"
    assert slug("α-fetoprotein") == "α-fetoprotein"
    assert slug("***") == "x"
