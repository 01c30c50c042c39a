"""What the ``quicktake`` and ``paper-card`` directives share: finding a library item.

An item is named by its key (an id, a DOI) or by a file path.  A path is
relative to the current document (or to the source directory when it starts
with ``/``) and must stay inside the source directory or a folder of
``quicktakes_sources``: anything else is refused without being read.  Every
lookup is recorded in the ``qt`` domain so that incremental builds notice
when the answer would change.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util.docutils import SphinxDirective

from .. import reporting
from ..library.catalog import Item, load_file
from ..xref.domain import UseKey
from ..xref.loading import get_domain, lookup


class LibraryDirective(SphinxDirective):
    #: How the item is named in messages ("QuickTake", "paper").
    noun = "item"

    def find(self, use: UseKey) -> Item | None:
        """The library's item for *use* (a key), recorded so that an incremental build re-reads
        the page when the answer changes, and with its file as a dependency."""
        domain = get_domain(self.env)
        item = lookup(domain.library, use)
        domain.note_use(self.env.docname, use, str(item.path) if item else None)
        if item is not None:
            self.env.note_dependency(item.path)
        return item

    def find_by_path(self, target: str) -> Item | None:
        _, absolute = self.env.relfn2path(target, self.env.docname)
        path = Path(absolute).resolve()
        if not (path.is_relative_to(Path(self.env.srcdir).resolve()) or get_domain(self.env).library.allows(path)):
            self.warn("path", f"{target!r} is outside the project (source directory and quicktakes_sources); not read")
            return None
        item = self.find(("path", str(path)))
        if item is not None:
            return item
        if not path.is_file():
            self.warn("unknown", f"{self.noun} file {target!r} not found")
            return None
        item, problems = load_file(path)  # a file in the source directory, outside the sources
        for problem in problems:
            reporting.warn(problem)
        self.env.note_dependency(path)
        return item

    def unique_id(self, anchor: str) -> str:
        """*anchor*, or with ``-2``, ``-3``... when the page already uses it (the same item twice)."""
        candidate, number = anchor, 2
        while candidate in self.state.document.ids:
            candidate, number = f"{anchor}-{number}", number + 1
        return candidate

    def warn(self, subtype: str, message: str) -> None:
        reporting.logger.warning(message, type="quicktakes", subtype=subtype, location=self.get_location())
