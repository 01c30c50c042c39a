"""Which articles are due for review (Sphinx-free).

An article is stale when its ``last_reviewed`` date is more than *max_age*
days before today, or when it has none.  "Today" is ``SOURCE_DATE_EPOCH``
when that is set (reproducible builds, and tests), else the local date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from .model import Problem, QuickTake


def today() -> dt.date:
    """The date reviews are measured against: ``SOURCE_DATE_EPOCH`` (UTC) if set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isascii() and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def stale_reviews(quicktakes: Iterable[QuickTake], max_age: int, on: dt.date | None = None) -> list[Problem]:
    """A ``review`` problem for every article reviewed more than *max_age* days before *on*, or never."""
    on = on or today()
    found = []
    for quicktake in sorted(quicktakes, key=lambda qt: (str(qt.path), qt.id)):
        reviewed = quicktake.last_reviewed
        if reviewed is None:
            line = quicktake.line_of("id")
            message = f"QuickTake {quicktake.id} has no last_reviewed date (reviews are due every {max_age} days)"
        else:
            age = (on - reviewed).days
            if age <= max_age:
                continue
            line = quicktake.line_of("last_reviewed")
            message = (
                f"QuickTake {quicktake.id} was last reviewed {reviewed.isoformat()}, "
                f"{age} days ago (more than {max_age})"
            )
        found.append(Problem(quicktake.path, line, "review", message))
    return found
