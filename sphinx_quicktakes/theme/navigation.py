"""The site navigation the theme shows, at a cost per page that does not grow with the site.

Themes that render Sphinx's global toctree on every page pay for the whole
tree on every page, so a site of N pages costs N² to write (500 pages: furo
141 s, basic 16 s).  Here the navigation is built from plain data once per
writing process: the root document's toctree entries (a handful of links),
and, per page, a bounded window of the pages beside it in its parent's
toctree.  Finding a page's place is a dictionary lookup, and no page renders
more than ``limit`` sibling links however large its section is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sphinx import addnodes

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


@dataclass(frozen=True, slots=True)
class Link:
    """A navigation entry: a document of the project (``docname``) or an external ``url``."""

    title: str
    docname: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """Links under one caption (a root toctree, or the section of the current page)."""

    caption: str
    links: tuple[Link, ...]


@dataclass(slots=True)
class SectionWindow:
    """The pages beside the current one in its parent's toctree, at most ``limit`` of them."""

    parent: Link
    links: tuple[Link, ...]
    total: int
    #: How many pages of the section come before the first link shown (0: the window starts the list).
    skipped_before: int


@dataclass(slots=True)
class SiteNavigation:
    """Navigation data for one build, shared by every page a process writes."""

    env: BuildEnvironment
    relations: dict[str, list[str | None]]
    root_doc: str
    groups: tuple[Group, ...] = ()
    _positions: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def build(cls, env: BuildEnvironment, relations: dict[str, list[str | None]], root_doc: str) -> SiteNavigation:
        navigation = cls(env, relations, root_doc)
        navigation.groups = navigation._root_groups()
        return navigation

    def title(self, docname: str) -> str:
        node = self.env.titles.get(docname)
        return node.astext() if node is not None else docname

    def ancestors(self, docname: str) -> list[str]:
        """The documents above *docname*, root first (at most the depth of the site, cycles cut)."""
        chain: list[str] = []
        parent = self._parent(docname)
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self._parent(parent)
        return chain[::-1]

    def section(self, docname: str, limit: int) -> SectionWindow | None:
        """The window of *docname*'s siblings (the current page included), centred on it."""
        parent = self._parent(docname)
        if parent is None or parent == self.root_doc:
            return None  # the root's children are the site groups already
        siblings = self.env.toctree_includes.get(parent, [])
        positions = self._positions.get(parent)
        if positions is None:
            positions = self._positions[parent] = {name: index for index, name in enumerate(siblings)}
        index = positions.get(docname)
        if index is None:
            return None
        start = max(0, min(index - limit // 2, len(siblings) - limit))
        shown = siblings[start : start + limit]
        links = tuple(Link(self.title(name), name) for name in shown if name in self.env.all_docs)
        return SectionWindow(Link(self.title(parent), parent), links, len(siblings), start)

    def children(self, docname: str, limit: int) -> tuple[tuple[Link, ...], int]:
        """The first *limit* pages of *docname*'s own toctrees, and how many there are."""
        included = self.env.toctree_includes.get(docname, [])
        links = tuple(Link(self.title(name), name) for name in included[:limit] if name in self.env.all_docs)
        return links, len(included)

    def _parent(self, docname: str) -> str | None:
        related = self.relations.get(docname)
        return related[0] if related else None

    def _root_groups(self) -> tuple[Group, ...]:
        """The root document's toctrees, one group each, read from its doctree once."""
        if self.root_doc not in self.env.all_docs:
            return ()
        doctree = self.env.get_doctree(self.root_doc)
        groups = []
        for toctree in doctree.findall(addnodes.toctree):
            links = []
            for title, ref in toctree["entries"]:
                if ref == "self":
                    continue
                if ref in self.env.all_docs:
                    links.append(Link(title or self.title(ref), ref))
                elif "://" in ref and ref.split("://", 1)[0] in ("http", "https"):
                    links.append(Link(title or ref, url=ref))
            if links:
                groups.append(Group(toctree.get("caption") or "", tuple(links)))
        return tuple(groups)
