"""The ``quicktake-list`` directive: a filtered, sorted list of QuickTakes.

.. code-block:: rst

   .. quicktake-list::
      :subject: Medicine
      :keyword: MRI
      :since: 2024-01-01
      :until: 2024-12-31
      :sort: -date
      :limit: 10
      :offset: 20

Like ablog's ``postlist``: it lists what the library holds (every file under
``quicktakes_sources``), linking each entry where the article is shown.

Options that parse but cannot mean what they say (``:until:`` before
``:since:``, a ``:limit:`` below 1) give a located ``quicktakes.list``
warning: a ``:limit:`` is then ignored, and a reversed range lists nothing,
which is what it selects.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .. import reporting
from ..i18n import _
from ..library.dates import format_quicktake_date
from ..library.selection import SORTS, Selection, digest
from ..render.compact_list import educator, qt_list
from ..xref.loading import get_domain
from ..xref.memory import note_list_page

_DATE = re.compile(r"(\d{1,4})-(\d{2})-(\d{2})", re.ASCII)


def _date_option(argument: str | None) -> dt.date:
    """A ``YYYY-MM-DD`` date; the year may have fewer digits (the dates page writes year 1 as ``1-01-01``)."""
    match = _DATE.fullmatch((argument or "").strip())
    try:
        if match is None:
            raise ValueError
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"expected a YYYY-MM-DD date, not {argument!r}") from None


def _integer_option(argument: str | None) -> int:
    """Any whole number; one below 1 is reported by the directive, as a located warning."""
    try:
        return int((argument or "").strip())
    except ValueError:
        raise ValueError(f"expected a whole number, not {argument!r}") from None


class QuickTakeListDirective(SphinxDirective):
    option_spec: ClassVar = {
        "subject": directives.unchanged_required,
        "keyword": directives.unchanged_required,
        "since": _date_option,
        "until": _date_option,
        "sort": lambda argument: directives.choice(argument, SORTS),
        "limit": _integer_option,
        "offset": _integer_option,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        since, until, limit = self.options.get("since"), self.options.get("until"), self.options.get("limit")
        if since and until and until < since:
            self._warn(f":until: {until} is before :since: {since}, so the list is empty")
        if limit is not None and limit < 1:
            self._warn(f":limit: {limit} would show nothing; give 1 or more, or leave it out. It is ignored")
            limit = None
        offset = self.options.get("offset", 0)
        if offset < 0:
            self._warn(f":offset: {offset} is below 0; give 0 or more, or leave it out. It is ignored")
            offset = 0
        selection = Selection(
            subject=self.options.get("subject", "").strip(),
            keyword=self.options.get("keyword", "").strip(),
            since=since,
            until=until,
            sort=self.options.get("sort", "-date"),
            limit=limit,
            offset=offset,
        )
        domain = get_domain(self.env)
        chosen = selection.apply(domain.library)
        # Re-read this page when the selection's result changes (see loading.outdated_docs).
        domain.note_use(self.env.docname, ("list", selection.key()), digest(chosen))
        note_list_page(self.env, self.env.docname)  # a page that grows with the library: not kept in memory
        entries = []
        educated = educator(self.state.document)
        for quicktake in chosen:
            meta = [quicktake.subject] if quicktake.subject else []
            if quicktake.date:
                meta.insert(0, format_quicktake_date(quicktake.date, quicktake.date_format, self.config.language))
            line = " · ".join(meta)
            shown, _space, shown_line = educated([quicktake.question, " ", line])
            entries.append((quicktake.id, shown, quicktake.question, shown_line if line else ""))
        # One node holding the entries as data (see render/compact_list.py): index pages list them by the hundred.
        items = qt_list(classes=["qt-list", *self.options.get("class", [])], entries=entries)
        if not chosen:  # an empty list is invalid in LaTeX, and says nothing to a reader
            text = _("No QuickTakes match.")
            empty = nodes.paragraph(text, text, classes=["qt-list-empty"])
            self.set_source_info(empty)
            return [empty]
        self.set_source_info(items)
        return [items]

    def _warn(self, message: str) -> None:
        reporting.logger.warning(message, type="quicktakes", subtype="list", location=self.get_location())
