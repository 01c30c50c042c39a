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
from typing import TYPE_CHECKING, Any

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
    """The pages beside the current one in its parent's toctree, at most ``limit`` of them.

    It holds no count of the section's pages: that would make every page of a
    section depend on all of it, and adding one article rewrite thousands.
    """

    parent: Link
    links: tuple[Link, ...]
    #: Whether the section has more pages than the window shows.
    more: bool


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
        start, stop = window(index, len(siblings), limit)
        links = tuple(Link(self.title(name), name) for name in siblings[start:stop] if name in self.env.all_docs)
        return SectionWindow(Link(self.title(parent), parent), links, len(siblings) > limit)

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


def window(index: int, count: int, limit: int) -> tuple[int, int]:
    """The slice of a list of *count* pages shown around position *index*: *limit* long, centred."""
    start = max(0, min(index - limit // 2, count - limit))
    return start, min(count, start + limit)


# -- incremental builds -------------------------------------------------------------------------

Snapshot = dict[str, dict[str, Any]]


def snapshot(env: BuildEnvironment) -> Snapshot:
    """What the navigation of every page is made of: each toctree's children, each page's title,
    and each page's parent, previous and next page (the pager and ``<link rel="next">``)."""
    return {
        "includes": {parent: tuple(children) for parent, children in env.toctree_includes.items()},
        "titles": {name: node.astext() for name, node in env.titles.items()},
        "relations": {name: tuple(related) for name, related in env.collect_relations().items()},
    }


def pages_to_rewrite(old: Snapshot, new: Snapshot, root_doc: str, limit: int) -> set[str] | None:
    """The pages whose navigation changed between two builds, though their own source did not.

    ``None`` means every page: the root document's toctrees (shown on every page)
    changed.  Otherwise the set is bounded by what changed: the pages within a
    window of a changed position in a section, and the pages below a page whose
    title changed (their breadcrumbs show it).
    """
    old_includes, new_includes = old["includes"], new["includes"]
    old_titles, new_titles = old["titles"], new["titles"]
    root_entries = set(old_includes.get(root_doc, ())) | set(new_includes.get(root_doc, ()))
    if old_includes.get(root_doc) != new_includes.get(root_doc) or any(
        old_titles.get(name) != new_titles.get(name) for name in root_entries
    ):
        return None
    pages: set[str] = set()
    for parent in old_includes.keys() | new_includes.keys():
        before, after = old_includes.get(parent, ()), new_includes.get(parent, ())
        if before == after:
            continue
        if (len(before) > limit) != (len(after) > limit):
            pages.update(after)  # "more pages" appears or goes: at most limit + 1 pages
            continue
        prefix = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), None)
        if prefix is None:
            prefix = min(len(before), len(after))
        suffix = 0
        while suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]:
            suffix += 1
        pages.update(after[max(0, prefix - limit) : len(after) - suffix + limit])
    retitled = [name for name in old_titles.keys() & new_titles.keys() if old_titles[name] != new_titles[name]]
    old_relations, new_relations = old.get("relations", {}), new.get("relations", {})
    retitled_set = set(retitled)
    for name, related in new_relations.items():  # the pager: previous and next page, and their titles
        if old_relations.get(name) != related or retitled_set.intersection(related[1:]):
            pages.add(name)
    if retitled:
        place = {
            child: (parent, index) for parent, children in new_includes.items() for index, child in enumerate(children)
        }
        for name in retitled:
            pages.update(new_includes.get(name, ()))  # breadcrumbs of the pages below
            if name in place:
                parent, index = place[name]
                pages.update(new_includes[parent][max(0, index - limit) : index + limit + 1])
                pages.add(parent)
    return pages
