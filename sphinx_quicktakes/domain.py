"""The ``qt`` domain: cross-document state of the extension.

``data`` holds plain, picklable records only, merged after ``-j`` reads and
purged per document.  For now it records which QuickTake or paper each page
shows and from which file, so that a page is re-read when that answer
changes: the file is edited (a Sphinx dependency), deleted, or an id moves to
another file or appears for the first time (see ``loading.outdated_docs``).

The loaded :class:`~sphinx_quicktakes.library.Library` hangs off the domain
*instance*, which Sphinx rebuilds every run and never pickles.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any, ClassVar

from sphinx.domains import Domain

from .library import Library

#: ``(kind, key)`` of a use: ``("quicktake", "118100")``, ``("path", "/abs/file.txt")``.
UseKey = tuple[str, str]


class QuickTakesDomain(Domain):
    name = "qt"
    label = "QuickTakes"
    initial_data: ClassVar[dict[str, Any]] = {"uses": {}}
    data_version = 1

    library: Library = Library()

    @property
    def uses(self) -> dict[str, dict[UseKey, str | None]]:
        """docname -> {(kind, key): resolved file path, or None if unknown}."""
        return self.data["uses"]

    def note_use(self, docname: str, use: UseKey, path: str | None) -> None:
        self.uses.setdefault(docname, {})[use] = path

    def clear_doc(self, docname: str) -> None:
        self.uses.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["uses"]:
                self.uses[docname] = otherdata["uses"][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []
