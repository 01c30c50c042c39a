"""The ``qt`` domain: cross-document state of the extension.

``data`` holds plain, picklable records only, merged after ``-j`` reads and
purged per document:

``uses``
    which QuickTake or paper each page shows and from which file, so that a
    page is re-read when that file changes, disappears, or an id moves (see
    ``loading.outdated_docs``);
``cards``
    the paper cards on each page (anchor, DOI key, citation fields), for
    ``:qt:paper:`` links, ``objects.inv`` and the generated citation files;
``paper_targets``
    DOI key -> {docname: anchor}, the index ``:qt:paper:`` resolves against.

The loaded :class:`~sphinx_quicktakes.library.Library` hangs off the domain
*instance*, which Sphinx rebuilds every run and never pickles.
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from . import reporting
from .doi import doi_key, doi_url, is_valid_doi, normalize_doi
from .i18n import _
from .library import Library

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: ``(kind, key)`` of a use: ``("quicktake", "118100")``, ``("path", "/abs/file.txt")``.
UseKey = tuple[str, str]


class QuickTakesDomain(Domain):
    name = "qt"
    label = "QuickTakes"
    object_types: ClassVar[dict[str, ObjType]] = {"paper": ObjType(_("paper"), "paper")}
    #: Citations sit in prose: the link text is plain, not code.
    roles: ClassVar[dict[str, Any]] = {"paper": XRefRole(innernodeclass=nodes.inline)}
    initial_data: ClassVar[dict[str, Any]] = {"uses": {}, "cards": {}, "paper_targets": {}}
    data_version = 2

    library: Library = Library()

    @property
    def uses(self) -> dict[str, dict[UseKey, str | None]]:
        """docname -> {(kind, key): resolved file path, or None if unknown}."""
        return self.data["uses"]

    @property
    def cards(self) -> dict[str, dict[str, dict[str, Any]]]:
        """docname -> {anchor: {"key": DOI key, "citation": citation fields}}."""
        return self.data["cards"]

    @property
    def paper_targets(self) -> dict[str, dict[str, str]]:
        return self.data["paper_targets"]

    def note_use(self, docname: str, use: UseKey, path: str | None) -> None:
        self.uses.setdefault(docname, {})[use] = path

    def note_card(self, docname: str, anchor: str, key: str, citation: dict[str, Any]) -> None:
        self.cards.setdefault(docname, {})[anchor] = {"key": key, "citation": citation}
        if key:  # within a page, the first card of a paper is the link target
            self.paper_targets.setdefault(key, {}).setdefault(docname, anchor)

    def clear_doc(self, docname: str) -> None:
        self.uses.pop(docname, None)
        for card in self.cards.pop(docname, {}).values():
            targets = self.paper_targets.get(card["key"], {})
            targets.pop(docname, None)
            if not targets:
                self.paper_targets.pop(card["key"], None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["uses"]:
                self.uses[docname] = otherdata["uses"][docname]
            for anchor, card in otherdata["cards"].get(docname, {}).items():
                self.note_card(docname, anchor, card["key"], card["citation"])

    def paper_target(self, key: str) -> tuple[str, str, dict[str, Any]] | None:
        """(docname, anchor, citation) of the card for DOI *key*; the first page by name wins."""
        targets = self.paper_targets.get(key)
        if not targets:
            return None
        docname = min(targets)
        anchor = targets[docname]
        return docname, anchor, self.cards[docname][anchor]["citation"]

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ != "paper":
            return None
        doi = normalize_doi(target)
        found = self.paper_target(doi_key(doi))
        if found is not None:
            docname, anchor, citation = found
            if not node.get("refexplicit"):
                contnode = nodes.inline(citation["title"], citation["title"], classes=["qt-paper-ref"])
            return make_refnode(builder, fromdocname, docname, anchor, contnode, citation["title"])
        if not is_valid_doi(doi):
            reporting.logger.warning(f"{target!r} is not a valid DOI", type="quicktakes", subtype="doi", location=node)
            return None
        reporting.logger.warning(
            f"no paper card for DOI {doi} in this project; linking to doi.org",
            type="quicktakes",
            subtype="paper",
            location=node,
        )
        return nodes.reference("", "", contnode, refuri=doi_url(doi), classes=["qt-doi"], internal=False)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.paper_target(doi_key(normalize_doi(target)))
        if found is None:
            return []
        docname, anchor, citation = found
        return [("qt:paper", make_refnode(builder, fromdocname, docname, anchor, contnode, citation["title"]))]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for key, targets in sorted(self.paper_targets.items()):
            docname = min(targets)
            citation = self.cards[docname][targets[docname]]["citation"]
            yield citation["doi"] or key, citation["title"], "paper", docname, targets[docname], 1
