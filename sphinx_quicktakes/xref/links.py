"""Where a link to a QuickTake goes, and the "Referenced by" lists.

One rule, used for related articles, backlinks, ``:qt:article:`` roles and
the JSON export alike:

1. **shard** when the site is sharded (``quicktakes_shards``) and another build holds the
   article: its page in that build (``xref/shards.py``);
1. **internal** when the article is placed in this project (a page shows it);
2. **intersphinx** when a loaded inventory has a ``qt:article`` of that id;
3. **external** when ``quicktakes_external_base`` is set and the entry has a
   site path (``/learn/...``): the base joined with that path;
4. **plain** text otherwise. For related articles, :func:`warn_unlinked_related`
   says so once per build, after reading: one ``quicktakes.related`` warning that
   counts them (an absent article is normal in a partial library, and one line per
   link would be tens of thousands at 120,000 articles), or, when
   ``quicktakes_external_base`` is set but an entry has no ``url`` to join to it,
   one warning per target at the entry that names it.

Related links and backlinks are placeholders (:class:`qt_article_link`,
:class:`qt_backlinks`) resolved here when a page is written
(``doctree-resolved``), because only after every page is read do we know
what is placed where.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.util.nodes import make_refnode

from .. import reporting
from ..i18n import _
from ..library.catalog import Library
from ..library.doi import doi_key, doi_url, is_valid_doi, normalize_doi
from ..library.markdown_copy import SAFE_SCHEMES
from ..library.text import fold
from ..render.article import related_subject
from ..render.compact_list import expand, qt_list
from ..render.nodes import qt_article_link, qt_backlinks, qt_heading
from .loading import get_domain
from .shards import Target

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .domain import QuickTakesDomain


class Link(NamedTuple):
    kind: str  # "shard", "internal", "intersphinx", "external" or "plain"
    uri: str = ""
    #: For internal and shard links: where it points, so builders can make a relative link.
    docname: str = ""
    anchor: str = ""
    #: For shard links: the build that holds the page ("" is the hub).
    build: str = ""


def related_display(library: Library, qt_id: int, title: str, subject: str) -> tuple[str, str]:
    """(title, subject) a related-article entry shows: the target's current question and subject
    when it is in the library, else what the referring file stores (``#<id>`` without a title)."""
    target = library.quicktakes.get(qt_id)
    if target is not None:
        return target.question, target.subject
    return title or f"#{qt_id}", subject


def article_link(env: BuildEnvironment, qt_id: int, url: str = "") -> Link:
    """Where a link to article *qt_id* goes; *url* is the entry's own site path, if any."""
    domain = get_domain(env)
    elsewhere = domain.shards.article_elsewhere(qt_id) if domain.shards is not None else None
    if elsewhere is not None:
        return Link("shard", docname=elsewhere.docname, anchor=elsewhere.anchor, build=elsewhere.build)
    found = domain.article_target(qt_id)
    if found is not None:
        return Link("internal", docname=found[0], anchor=found[1])
    item = _inventory_item(env, "qt:article", str(qt_id))
    if item is not None:
        return Link("intersphinx", item)
    if not url and qt_id in domain.library.quicktakes:
        url = domain.library.quicktakes[qt_id].url
    external = external_url(env.config.quicktakes_external_base, url)
    return Link("external", external) if external else Link("plain")


def external_url(base: str | None, url: str) -> str:
    """*base* joined with a site path such as ``/learn/medicine/questions/x``; "" if either is missing."""
    if not base or not url.startswith("/") or url.startswith("//"):
        return ""
    joined = base.rstrip("/") + url
    return joined if urlsplit(joined).scheme in SAFE_SCHEMES else ""


def _inventory_item(env: BuildEnvironment, objtype: str, name: str) -> str | None:
    inventory = getattr(env, "intersphinx_inventory", None) or {}
    item: Any = inventory.get(objtype, {}).get(name)
    if item is None:
        return None
    return str(getattr(item, "uri", None) or item[2])  # Sphinx >= 8.2 has a named item; a tuple before


def shard_href(env: BuildEnvironment, builder: Builder, fromdocname: str | None, link: Link) -> str | None:
    """The address of a shard link from *fromdocname* (None: from the build's root folder)."""
    state = get_domain(env).shards
    if state is None:
        return None
    return state.href(builder, fromdocname, Target(link.build, link.docname, link.anchor))


def _link_node(builder: Builder, fromdocname: str, link: Link, content: nodes.Node, title: str) -> nodes.Element:
    if link.kind == "shard":
        uri = shard_href(builder.env, builder, fromdocname, link)
        if uri is not None:
            return nodes.reference("", "", content, refuri=uri, reftitle=title, internal=False)
        return nodes.inline("", "", content, classes=["qt-unlinked"])
    if link.kind == "internal":
        return make_refnode(builder, fromdocname, link.docname, link.anchor, content, title)
    if link.kind in ("intersphinx", "external"):
        return nodes.reference("", "", content, refuri=link.uri, reftitle=title, internal=False)
    return nodes.inline("", "", content, classes=["qt-unlinked"])


def link_href(builder: Builder, fromdocname: str, link: Link) -> str | None:
    """The address :func:`_link_node`'s link would have; None where it would give text."""
    if link.kind == "shard":
        return shard_href(builder.env, builder, fromdocname, link)
    if link.kind == "internal":  # as make_refnode makes it
        if link.docname == fromdocname and link.anchor:
            return f"#{link.anchor}"
        uri = builder.get_relative_uri(fromdocname, link.docname) + (f"#{link.anchor}" if link.anchor else "")
        return uri or "#"
    if link.kind in ("intersphinx", "external"):
        return link.uri or "#"
    return None


def resolve_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Lists kept as data (:class:`qt_list`): each entry's address for HTML, which writes them
    itself; for every other builder the ordinary nodes, resolved below like any other link."""
    html = app.builder.format == "html"
    for node in list(doctree.findall(qt_list)):
        if html:
            node["links"] = [
                (link.kind, link_href(app.builder, docname, link))
                for link in (article_link(app.env, entry[0]) for entry in node["entries"])
            ]
        else:
            node.replace_self(expand(node))


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: fill backlinks, then resolve every related-article link on the page."""
    domain = get_domain(app.env)
    resolve_lists(app, doctree, docname)
    for placeholder in list(doctree.findall(qt_backlinks)):
        _fill_backlinks(app, placeholder, domain, docname)
    for placeholder in list(doctree.findall(qt_article_link)):
        qt_id = placeholder["qt_id"]
        link = article_link(app.env, qt_id, placeholder.get("qt_url", ""))
        if placeholder.get("qt_related"):
            _show_current(placeholder, domain.library)
        content = nodes.inline("", "", *placeholder.children, classes=placeholder["classes"])
        placeholder["classes"] = []  # replace_self would copy them onto the link too
        node = _link_node(app.builder, docname, link, content, placeholder.get("reftitle", ""))
        node["classes"].append(f"qt-link-{link.kind}")
        placeholder.replace_self(node)


#: How many ids the summary warning about absent related articles names.
EXAMPLES = 3


def unlinked_related(env: BuildEnvironment) -> list[tuple[str, int | None, int]]:
    """The related-article entries this project shows as text: ``(file, line, target id)``, sorted.

    Computed from the library and what the pages place, not while pages are
    written, so that it is the same whatever was written and however many
    processes wrote it: an entry counts when an article placed on a page lists
    it, the page shows that link (its related list was not left out), and the
    link resolves to nothing (:func:`article_link` gives ``plain``).
    """
    domain = get_domain(env)
    library = domain.library
    found: set[tuple[str, int | None, int]] = set()
    for docname, placed in domain.articles.items():
        shown = {link[0] for link in domain.placeholders.get(docname, {}).get("links", [])}
        for qt_id in placed:
            quicktake = library.quicktakes.get(qt_id)
            if quicktake is None:
                continue
            for related in quicktake.related:
                if related.id in shown and article_link(env, related.id, related.url).kind == "plain":
                    found.add((str(quicktake.path), related.line, related.id))
    for qt_id in domain.data_pages.articles if domain.data_pages is not None else ():  # every related link shown
        quicktake = library.quicktakes[qt_id]
        for related in quicktake.related:
            if article_link(env, related.id, related.url).kind == "plain":
                found.add((str(quicktake.path), related.line, related.id))
    return sorted(found, key=lambda entry: (entry[0], entry[1] or 0, entry[2]))


def warn_unlinked_related(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the related articles shown as text, once per build (see the module's docstring).

    With ``quicktakes_external_base`` unset: one warning for them all, at the
    first entry, with their number, a few ids and what to do. With it set, an
    entry without a ``url`` is a gap in that file: one warning per target id, at
    the first entry that names it.
    """
    entries = unlinked_related(env)
    if not entries:
        return
    if env.config.quicktakes_external_base:
        warned: set[int] = set()
        for path, line, qt_id in entries:
            if qt_id in warned:
                continue
            warned.add(qt_id)
            reporting.logger.warning(
                f"related article {qt_id} is not in this project or any inventory, and it has no site path (url) "
                "to join to quicktakes_external_base; shown as text",
                type="quicktakes",
                subtype="related",
                location=f"{path}:{line}" if line else path,
            )
        return
    ids = list(dict.fromkeys(qt_id for _, _, qt_id in entries))
    examples = ", ".join(str(qt_id) for qt_id in ids[:EXAMPLES]) + (", ..." if len(ids) > EXAMPLES else "")
    links = f"{len(entries)} related link{'' if len(entries) == 1 else 's'}"
    articles = f"{len(ids)} article{'' if len(ids) == 1 else 's'}"
    path, line, _ = entries[0]
    reporting.logger.warning(
        f"{links} to {articles} not in this project or any inventory ({examples}) are shown as text: "
        "quicktakes_external_base is not set. Set it to the site that has them or load an intersphinx inventory "
        "that does, or accept the text with suppress_warnings = ['quicktakes.related']; "
        "'sphinx-quicktakes check --absent-related' lists the ones missing from the library",
        type="quicktakes",
        subtype="related",
        location=f"{path}:{line}" if line else path,
    )


def _show_current(placeholder: qt_article_link, library: Library) -> None:
    """A related-article entry: the target's current question and subject (see :func:`related_display`)."""
    stored = placeholder.get("qt_subject", "")
    title, subject = related_display(library, placeholder["qt_id"], placeholder.astext(), stored)
    if (title, subject) == (placeholder.astext(), stored):
        return
    del placeholder[:]
    placeholder += nodes.Text(title)
    placeholder["reftitle"] = title
    paragraph = placeholder.parent
    for child in list(paragraph.children):
        if isinstance(child, nodes.Element) and "qt-related-subject" in child["classes"]:
            paragraph.remove(child)
    if subject:
        paragraph.insert(paragraph.index(placeholder) + 1, related_subject(subject))


def _fill_backlinks(app: Sphinx, placeholder: qt_backlinks, domain: QuickTakesDomain, fromdocname: str) -> None:
    """ "Referenced by": the articles whose related lists name this one (by id), then the
    pages whose ``:qt:article:`` roles do (by name)."""
    qt_id = placeholder["qt_id"]
    library = domain.library
    items = nodes.bullet_list(classes=["qt-backlinks-list"])
    for source_id in library.referrers(qt_id):
        source = library.quicktakes[source_id]
        title = source.question
        link = qt_article_link("", "", nodes.Text(title), qt_id=source_id, qt_url=source.url, reftitle=title)
        link["classes"] = ["qt-backlink-title"]
        items += nodes.list_item("", nodes.paragraph("", "", link))
    for docname in sorted(set(domain.article_backrefs.get(qt_id, {})) - {fromdocname}):  # not the page itself
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        ref = make_refnode(app.builder, fromdocname, docname, "", nodes.inline(title, title), title)
        items += nodes.list_item("", nodes.paragraph("", "", ref))
    if not items.children:
        placeholder.parent.remove(placeholder)
        return
    label = _("Referenced by")
    container = nodes.container(classes=["qt-backlinks"])
    container += qt_heading(label, label, depth=1)
    container += items
    placeholder.replace_self(container)


def missing_reference(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """``:qt:article:`` and ``:qt:paper:`` targets neither here nor in an inventory; in a shard of a
    sharded site, keyword chips too (their sections are on the hub)."""
    if node.get("refdomain") == "std":
        return keyword_link(app, env, node, contnode)
    if node.get("refdomain") != "qt":
        return None
    target = node["reftarget"]
    if node["reftype"] == "paper":
        doi = normalize_doi(target)
        shard_link = _paper_elsewhere(app, env, node, contnode, doi)
        if shard_link is not None:
            return shard_link
        if _inventory_item(env, "qt:paper", doi) or _inventory_item(env, "qt:paper", target):
            return None  # intersphinx has it (every handler runs; the first result wins)
        if not is_valid_doi(doi):
            reporting.logger.warning(f"{target!r} is not a valid DOI", type="quicktakes", subtype="doi", location=node)
            return contnode
        if node.get("qt_reference"):  # an article's reference: doi.org is its ordinary place
            return nodes.reference("", "", contnode, refuri=doi_url(doi), classes=["qt-doi"], internal=False)
        reporting.logger.warning(
            f"no paper card for DOI {doi} in this project; linking to doi.org",
            type="quicktakes",
            subtype="paper",
            location=node,
        )
        return nodes.reference("", "", contnode, refuri=doi_url(doi), classes=["qt-doi"], internal=False)
    if node["reftype"] == "article":
        if not (target.strip().isascii() and target.strip().isdigit()):  # "²" is a digit int() refuses
            reporting.logger.warning(
                f"{target!r} is not a QuickTake id", type="quicktakes", subtype="article", location=node
            )
            return contnode
        link = article_link(env, int(target))
        if link.kind == "plain":
            reporting.logger.warning(
                f"QuickTake {target} is not in this project or any inventory; shown as text",
                type="quicktakes",
                subtype="article",
                location=node,
            )
        return _link_node(app.builder, node.get("refdoc", env.docname), link, contnode, "")
    return None


def _paper_elsewhere(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element, doi: str
) -> nodes.Element | None:
    """A ``:qt:paper:`` link to the card of another build of a sharded site."""
    domain = get_domain(env)
    paper = domain.library.papers.get(doi_key(doi))
    target = domain.shards.paper_elsewhere(paper) if domain.shards is not None and paper is not None else None
    if target is None or paper is None:
        return None
    uri = domain.shards.href(app.builder, node.get("refdoc", env.docname), target) if domain.shards else None
    if uri is None:
        return contnode
    if not node.get("refexplicit") and not node.get("qt_reference"):
        contnode = nodes.inline(paper.title, paper.title, classes=["qt-paper-ref"])
    return nodes.reference("", "", contnode, refuri=uri, reftitle=paper.title, internal=False)


def keyword_link(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """A keyword chip of a shard's article: its section on the hub's keyword index."""
    domain = get_domain(env)
    state = domain.shards
    label = node.get("reftarget", "")
    if state is None or state.build == "" or node.get("refdomain") != "std" or not label.startswith("qt-keyword-"):
        return None
    keyword = contnode.astext()
    # The page of the keyword's section, as the hub writes it (a split index puts some on page 2 and on).
    page = domain.data.get("keyword_pages", {}).get(fold(keyword))
    if page is None:
        letter = keyword.strip()[:1].casefold()
        page = "keywords/index"
        if domain.data.get("keyword_layout") == "letters":
            page = f"keywords/{letter if 'a' <= letter <= 'z' else 'other'}"
    target = state.hub_page(f"{state.pages}/{page}", nodes.make_id(label))
    uri = state.href(app.builder, node.get("refdoc", env.docname), target) if target else None
    if uri is None:
        return contnode
    return nodes.reference("", "", contnode, refuri=uri, internal=False)
