"""What the theme's templates get for each page, beyond Sphinx's own context.

Everything here is bounded per page: the navigation comes from
:class:`~.navigation.SiteNavigation` (built once per writing process), the
page's own table of contents from its own headings.  Labels come from the
package's message catalog, so they follow the site's ``language``.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.environment.adapters.toctree import document_toc
from sphinx.errors import ExtensionError
from sphinx.locale import get_translation

from .navigation import Link, SectionWindow, SiteNavigation, window
from .options import is_active

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

MESSAGE_CATALOG = "sphinx_quicktakes"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_ = get_translation(MESSAGE_CATALOG)

#: Colour values a theme option may hold: a hex colour or a CSS colour function, nothing that can end the rule.
_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|(?:rgb|rgba|hsl|hsla|oklch|oklab)\([0-9a-zA-Z.,%/ +-]*\)|[a-zA-Z]{3,20}")
FLYOUT_POSITIONS = ("bottom-left", "bottom-right", "top-left", "top-right")
SCHEMES = ("auto", "light", "dark")
DEFAULT_SECTION_LIMIT = 12

#: Per process: the navigation of the build being written (forked writers inherit it).
_navigation: list[SiteNavigation] = []


def labels() -> dict[str, str]:
    """The theme's words, translated at render time (the language is known only then)."""
    return {
        "skip": _("Skip to content"),
        "menu": _("Menu"),
        "search": _("Search"),
        "search_placeholder": _("Search the library"),
        "scheme": _("Colour scheme"),
        "auto": _("Auto"),
        "light": _("Light"),
        "dark": _("Dark"),
        "site": _("Site"),
        "in_section": _("In this section"),
        "subpages": _("Pages here"),
        "all_pages": _("All {count} pages"),
        "section_all": _("All pages of this section"),
        "library": _("Library"),
        "questions": _("Questions"),
        "keywords": _("Keywords"),
        "by_date": _("By date"),
        "papers": _("Papers"),
        "index": _("Index"),
        "on_page": _("On this page"),
        "breadcrumb": _("Breadcrumb"),
        "pager": _("Previous and next page"),
        "previous": _("Previous"),
        "next": _("Next"),
        "edit": _("Edit this page"),
        "source": _("Show source"),
        "repository": _("Source repository"),
        "versions": _("Versions"),
        "home": _("Home"),
    }


def prepare(app: Sphinx, builder: Builder) -> None:
    """``write-started``: build the navigation before writers fork, so each inherits it."""
    forget_navigation()  # a new build: the relations and titles may have changed since the last one
    if is_active(builder):
        _navigation_for(builder)


def forget_navigation() -> None:
    """Drop the navigation of an earlier build in this process (tests, sphinx-autobuild run several)."""
    _navigation.clear()


def _navigation_for(builder: Builder) -> SiteNavigation:
    if not _navigation:
        relations = getattr(builder, "relations", None) or builder.env.collect_relations()
        _navigation.append(SiteNavigation.build(builder.env, relations, builder.config.root_doc))
    return _navigation[0]


def add_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """``html-page-context``: navigation, table of contents, links and options for the templates."""
    if not is_active(app.builder):
        return
    navigation = _navigation_for(app.builder)
    pathto = context["pathto"]
    limit = section_limit(context.get("theme_section_pages_limit"))
    if pagename in navigation.env.all_docs:
        ancestors = navigation.ancestors(pagename)
    else:  # a page from data: its context names the pages above it
        ancestors = list((context.get("qt_section_pages") or {}).get("ancestors", ()))
    current = {*ancestors, pagename}

    def entry(link: Link) -> dict[str, Any]:
        href = link.url if link.url else pathto(link.docname)
        state = "page" if link.docname == pagename else ("ancestor" if link.docname in current else "")
        return {"title": link.title, "href": href, "state": state, "external": bool(link.url)}

    context["qt_labels"] = words = labels()
    if "body" in context:
        context["body"] = repair_body(context["body"])
    context["qt_groups"] = [
        {"caption": group.caption, "links": [entry(link) for link in group.links]} for group in navigation.groups
    ]
    context["qt_library"] = _library_links(app, pathto, pagename, words)
    section = navigation.section(pagename, limit) or _given_section(context, pagename, limit)
    if section is not None:
        shown = {link["href"] for link in context["qt_library"]}  # listed under "Library" already: not twice
        context["qt_section"] = {
            "parent": entry(section.parent),
            "links": [item for item in map(entry, section.links) if item["href"] not in shown],
            "more": section.more,
        }
    # The root's children are the site groups, shown on every page already.
    children, total_children = navigation.children(pagename, limit) if pagename != navigation.root_doc else ((), 0)
    if children:
        context["qt_children"] = {"links": [entry(link) for link in children], "total": total_children}
    context["qt_toc"] = _page_toc(app, pagename) if doctree is not None and pagename in app.env.tocs else ""
    context["qt_edit_url"] = _edit_url(app, context, pagename) if doctree is not None else ""
    context["qt_scheme"] = _choice(context.get("theme_color_scheme"), SCHEMES, "auto")
    context["qt_style"] = _style(context)
    context["qt_readthedocs"] = os.environ.get("READTHEDOCS", "").lower() == "true"
    context["qt_flyout_position"] = _choice(context.get("theme_readthedocs_flyout_position"), FLYOUT_POSITIONS, "")
    context["qt_repository_url"] = _http_url(context.get("theme_repository_url"))
    context["qt_announcement_url"] = _http_url(context.get("theme_announcement_url"))


def _given_section(context: dict[str, Any], pagename: str, limit: int) -> SectionWindow | None:
    """The section of a page that is no document, as the page's context gives it (an extension's
    page rendered from data: ``qt_section_pages``, its parent and its section's pages in order, as
    (page name, title) pairs; only the window around the page is read, however long the section)."""
    given = context.get("qt_section_pages")
    if not isinstance(given, dict) or given.get("parent") is None:
        return None
    pages, index = given["pages"], given["index"]
    start, stop = window(index, len(pages), limit)
    parent_title, parent = given["parent"]
    links = tuple(Link(title, name) for name, title in pages[start:stop])
    return SectionWindow(Link(parent_title, parent), links, len(pages) > limit)


def repair_body(body: str) -> str:
    """Sphinx gives toctree captions ``role="heading"`` without the ``aria-level`` ARIA requires.

    They caption a list under the page's title, so they are second-level headings.
    """
    return body.replace('<p class="caption" role="heading">', '<p class="caption" role="heading" aria-level="2">')


def option_problems(options: dict[str, Any]) -> list[str]:
    """What is wrong with the theme options; each is ignored (its default used) and reported once."""
    problems = []
    checks = {
        "color_scheme": lambda v: _choice(v, SCHEMES, "") != "",
        "readthedocs_flyout_position": lambda v: _choice(v, FLYOUT_POSITIONS, "") != "",
        "accent_color": lambda v: bool(_color(v)),
        "accent_color_dark": lambda v: bool(_color(v)),
        "repository_url": lambda v: bool(_http_url(v)),
        "announcement_url": lambda v: bool(_http_url(v)),
        "section_pages_limit": lambda v: str(v).strip().isdigit() and int(str(v)) > 0,
    }
    for name, valid in checks.items():
        value = options.get(name)
        if value not in (None, "") and not valid(value):
            problems.append(f"html_theme_options[{name!r}] = {value!r} is not valid; it is ignored")
    return problems


def _library_links(app: Sphinx, pathto: Any, pagename: str, words: dict[str, str]) -> list[dict[str, Any]]:
    """The generated library's index pages (``quicktakes_pages``), where they exist.

    Each link is named by its page's own title, so that the item marked current is the
    page being read: the library's front page ("Questions") lists subjects, keywords and
    dates alike, and a "By subject" link to it would be marked current there.
    """
    folder = getattr(app.config, "quicktakes_pages", None)
    if not folder:
        return []
    wanted = [
        (f"{folder}/index", words["questions"]),
        (f"{folder}/keywords/index", words["keywords"]),
        (f"{folder}/dates", words["by_date"]),
        (f"{folder}/papers/index", words["papers"]),
    ]
    docs, titles = app.env.all_docs, app.env.titles
    return [
        {
            "title": titles[name].astext() if name in titles else label,
            "href": pathto(name),
            "state": "page" if name == pagename else "",
        }
        for name, label in wanted
        if name in docs
    ]


def _page_toc(app: Sphinx, pagename: str) -> str:
    """The page's sections below its title, as HTML; empty when the page has none.

    Sphinx's local table of contents also holds the page's toctrees (they render as
    nothing here): they are dropped, and a list left without sections gives no box.
    """
    from docutils import nodes
    from sphinx import addnodes

    toc = document_toc(app.env, pagename, app.builder.tags)
    top = next(iter(toc.findall(nodes.list_item)), None) if isinstance(toc, nodes.bullet_list) else None
    nested = next((child for child in top.children if isinstance(child, nodes.bullet_list)), None) if top else None
    if nested is None:
        return ""
    for toctree in list(nested.findall(addnodes.toctree)):
        toctree.parent.remove(toctree)
    for item in list(nested.findall(nodes.list_item)):
        if not item.children:
            item.parent.remove(item)
    if not any(True for _ in nested.findall(nodes.reference)):
        return ""
    return app.builder.render_partial(nested)["fragment"]  # type: ignore[attr-defined]


def _edit_url(app: Sphinx, context: dict[str, Any], pagename: str) -> str:
    """Where to edit the page: its source file, or for a generated article page the QuickTake file."""
    base = _http_url(context.get("theme_repository_url"))
    if not base:
        return ""
    branch = str(context.get("theme_repository_branch") or "main").strip("/")
    directory = str(context.get("theme_source_directory") or "").strip("/")
    relative = _source_of(app, pagename)
    if relative is None:
        return ""
    path = posixpath.normpath(posixpath.join(directory, relative)) if directory else posixpath.normpath(relative)
    if path.startswith("../") or path == "..":
        return ""  # outside the repository
    return f"{base.rstrip('/')}/edit/{branch}/{path}"


def _source_of(app: Sphinx, pagename: str) -> str | None:
    """The page's source relative to the source folder, or None for a generated index page."""
    folder = getattr(app.config, "quicktakes_pages", None)
    if folder and pagename.startswith(f"{folder}/"):
        quicktake = _main_quicktake(app, pagename)
        return Path(os.path.relpath(quicktake.path, app.srcdir)).as_posix() if quicktake is not None else None
    return Path(app.env.doc2path(pagename, False)).as_posix()


def _main_quicktake(app: Sphinx, pagename: str) -> Any:
    """The QuickTake a generated page is given to, from the extension's domain (None without it)."""
    try:
        domain = app.env.get_domain("qt")
    except ExtensionError:  # the theme without the extension
        return None
    main_article = getattr(domain, "main_article", None)
    qt_id = main_article(pagename) if main_article is not None else None
    return domain.library.quicktakes.get(qt_id) if qt_id is not None else None  # type: ignore[attr-defined]


def _style(context: dict[str, Any]) -> str:
    """Custom accent colours from the theme options, as CSS custom properties (validated values only)."""
    light = _color(context.get("theme_accent_color"))
    dark = _color(context.get("theme_accent_color_dark"))
    if not light and not dark:
        return ""
    value = f"light-dark({light or 'var(--qt-accent-light)'}, {dark or 'var(--qt-accent-dark)'})"
    return f":root {{ --qt-accent: {value}; }}"


def _color(value: object) -> str:
    text = str(value or "").strip()
    return text if text and _COLOR.fullmatch(text) else ""


def _http_url(value: object) -> str:
    text = str(value or "").strip()
    return text if text.startswith(("https://", "http://")) and not any(c in text for c in "\"'<> ") else ""


def _choice(value: object, choices: tuple[str, ...], default: str) -> str:
    text = str(value or "").strip().lower()
    return text if text in choices else default


def section_limit(value: object) -> int:
    """The ``section_pages_limit`` option as a number (its default when it is not a positive one)."""
    try:
        return max(1, int(str(value)))
    except ValueError:
        return DEFAULT_SECTION_LIMIT
