"""Search that scales: a Pagefind index of the pages' main content, with subject and keyword filters.

Sphinx's search loads one ``searchindex.js`` holding the whole site before it can answer (805 KB at
1,000 articles).  Pagefind splits its index into chunks and fetches only those a query needs.

``quicktakes_search`` chooses: ``"pagefind"``, ``"sphinx"``, or ``"auto"`` (the default), which is
Pagefind when it is installed (``pip install "sphinx-quicktakes[search]"``), the builder is ``html``
or ``dirhtml`` and the theme is ``quicktakes``; other themes keep their own search unless
``"pagefind"`` is chosen, and then keep it as well (their search box expects Sphinx's index) while the
``quicktakes-search`` directive gives Pagefind's box.

What is indexed is said in the HTML, so that an incremental build indexes the same as a clean one
(every page's output is on disk when the build finishes): ``html-page-context`` wraps the page's
``body`` (the main content, never the theme's navigation or footer) in ``data-pagefind-body`` and
adds hidden fields: the question as the title, the description, subject and keywords as filters, the
type (article, paper or page) as a filter and the date for sorting.  The "Cite this" box and the
related and "Referenced by" lists are left out.  At ``build-finished`` Pagefind's Python API (no
shell) reads this build's pages and writes ``pagefind/``: the index chunks and ``pagefind.js``, which
``quicktakes-search.js`` loads.  With the ``quicktakes`` theme Sphinx's own index is not built.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import posixpath
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..i18n import _
from ..library import files
from ..library.shards import HUB
from ..render.nodes import qt_paper_card, qt_search_box
from ..xref.loading import get_domain
from . import outputs, search_bundle
from .metadata import main_article, page_title
from .output_digests import OutputDigests
from .unfinished import SCRATCH_PREFIX

if TYPE_CHECKING:
    from collections.abc import Coroutine, Iterator, Sequence

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

    from ..xref.domain import QuickTakesDomain

logger = logging.getLogger("sphinx_quicktakes")
T = TypeVar("T")

MODES = ("auto", "pagefind", "sphinx")
BUILDERS = ("html", "dirhtml")
FOLDER = "pagefind"
SCRIPT = "quicktakes-search.js"
#: Inside the main content but not what a page is about.
EXCLUDED = (".qt-cite", ".qt-cite-styles", ".qt-related", ".qt-backlinks", ".headerlink")
#: Where the search page's box gets the links that fetch the bundle's first files early.
PRELOADS = "<!--qt-pagefind-preloads-->"
_FLAG = "quicktakes_pagefind"
_MERGED = "quicktakes_pagefind_merged"


def pagefind_installed() -> bool:
    """The Python API and its binary (``pagefind[bin]``) are both needed."""
    if importlib.util.find_spec("pagefind") is None:
        return False
    from pagefind.service import get_executable

    return get_executable() is not None


def uses_pagefind(builder: Builder) -> bool:
    return bool(getattr(builder, _FLAG, False))


def _themed(app: Sphinx) -> bool:
    return str(app.config.html_theme) == "quicktakes"


def choose(app: Sphinx) -> None:
    """``builder-inited``: decide the search for this build; with Pagefind under our theme, no Sphinx index."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or builder.name not in BUILDERS:
        return
    mode = app.config.quicktakes_search
    if mode == "sphinx" or (mode == "auto" and not _themed(app)):
        return
    if not pagefind_installed():
        if mode == "pagefind":
            logger.warning(
                'quicktakes_search = "pagefind", but Pagefind is not installed '
                '(pip install "sphinx-quicktakes[search]"); Sphinx\'s search is used',
                type="quicktakes",
                subtype="search",
            )
        return
    setattr(builder, _FLAG, True)
    app.add_js_file(SCRIPT, loading_method="defer")
    if _themed(app):
        builder.search = False  # no searchindex.js: the theme's search page uses Pagefind


def search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the search page, which Sphinx writes only with its own index."""
    if uses_pagefind(app.builder) and not app.builder.search:  # type: ignore[attr-defined]
        yield "search", {}, "search.html"


def labels() -> dict[str, str]:
    """The box's texts, translated; the script reads them from data attributes."""
    return {
        "search": _("Search"),
        "placeholder": _("Search the library"),
        "subject": _("Subject"),
        "all_subjects": _("All subjects"),
        "type": _("Type"),
        "all_types": _("All types"),
        "results": _("{count} results for “{query}”"),
        "one_result": _("1 result for “{query}”"),
        "no_results": _("No results for “{query}”"),
        "more": _("More results"),
        "noscript": _("Search needs JavaScript. The keyword index and the contents list every article."),
        "failed": _("Search is not available right now."),
    }


def box_html(
    search_uri: str, script_uri: str | None, page: bool, ident: str = "qt-search", merged: Sequence[str] = ()
) -> str:
    """The search box: a form to the search page (which works without JavaScript), enhanced by
    ``quicktakes-search.js`` into results as one types when *script_uri* (``pagefind.js``) is given.

    *page* is the search page's own box (results always shown, the URL's ``q`` read); otherwise the
    results open below the box.  *merged* are other Pagefind bundles the box searches too (see
    :func:`merge_bundles`).  Every text is escaped; results are built by the script with
    ``textContent``.
    """
    text = labels()
    data = " ".join(f'data-label-{key.replace("_", "-")}="{escape(value)}"' for key, value in text.items())
    enhanced = f' data-qt-pagefind="{escape(script_uri)}" {data}' if script_uri else ""
    if script_uri and merged:
        enhanced += f' data-qt-pagefind-merge="{escape(json.dumps(list(merged)))}"'
    kind = "page" if page else "box"
    results = (
        f'<div class="qt-search-panel" id="{ident}-panel"{"" if page else " hidden"}>'
        f'<div class="qt-search-filters"></div>'
        f'<p class="qt-search-status" role="status" aria-live="polite"></p>'
        f'<ol class="qt-search-results" id="{ident}-results"></ol>'
        f"</div>"
        if script_uri
        else ""
    )
    noscript = f'<noscript><p class="qt-search-noscript">{escape(text["noscript"])}</p></noscript>' if page else ""
    if page and script_uri:  # the rest of the bundle's first files once they are known (fill_preloads)
        noscript += f'<link rel="modulepreload" href="{escape(script_uri)}" />{PRELOADS}'
    return (
        f'<div class="qt-search-box qt-search-{kind}"{enhanced}>'
        f'<form class="qt-search" role="search" aria-label="{escape(text["search"])}" '
        f'action="{escape(search_uri)}" method="get">'
        f'<label class="qt-visually-hidden" for="{ident}-input">{escape(text["search"])}</label>'
        f'<input type="search" id="{ident}-input" name="q" placeholder="{escape(text["placeholder"])}" '
        f'autocomplete="off" autocapitalize="off" spellcheck="false" />'
        f"</form>{results}{noscript}</div>"
    )


def merge_bundles(builder: Builder, bundles: Sequence[str]) -> None:
    """Have this build's search boxes search other Pagefind bundles as well as its own.

    For a site assembled from several builds (a hub and its shards): each build indexes its own
    pages, and the hub's boxes merge the others' bundles into their results with Pagefind's
    multisite search (``mergeIndex``), each result linking into its own build.  *bundles* are the
    other builds' ``pagefind/`` folders: paths from this build's root (``cardiology/pagefind/``),
    or ``http(s)`` addresses.  Call it at ``builder-inited``, after the extension has chosen the
    search; without a call (every build that is not a hub) nothing changes.

    :raises ValueError: a bundle that is neither a relative path nor an http(s) address.
    """
    checked = []
    for bundle in bundles:
        parts = urlsplit(bundle)
        if parts.scheme not in ("", "http", "https") or (parts.scheme and not parts.netloc) or not parts.path:
            raise ValueError(f"{bundle!r} is not a relative path or an http(s) address of a Pagefind bundle")
        checked.append(bundle if bundle.endswith("/") else f"{bundle}/")
    setattr(builder, _MERGED, tuple(checked))


def merge_shards(app: Sphinx) -> None:
    """``builder-inited``, after the library is placed: in a sharded site (``quicktakes_shards``)
    every build's boxes search the whole site, the hub's and every shard's bundle."""
    shards = get_domain(app.env).shards
    if shards is None or not uses_pagefind(app.builder):
        return
    builds = [HUB, *shards.plan.names]
    site = shards.site
    merge_bundles(
        app.builder, [site.href(shards.build, "", build, f"{FOLDER}/") for build in builds if build != shards.build]
    )


def merged_uris(builder: Builder, docname: str) -> list[str]:
    """The bundles :func:`merge_bundles` gave, as the page *docname* reaches them."""
    bundles: tuple[str, ...] = getattr(builder, _MERGED, ())
    page = builder.get_target_uri(docname)
    absolute = [bool(urlsplit(bundle).scheme) or bundle.startswith("/") for bundle in bundles]
    return [bundle if whole else relative_uri(page, bundle) for bundle, whole in zip(bundles, absolute, strict=True)]


def script_uri(builder: Builder, docname: str) -> str | None:
    """``pagefind/pagefind.js`` relative to *docname*'s page, when this build uses Pagefind."""
    if not uses_pagefind(builder):
        return None
    return relative_uri(builder.get_target_uri(docname), f"{FOLDER}/pagefind.js")


def _search_uri(builder: Builder, pagename: str) -> str:
    """The search page relative to *pagename*; on the search page itself its own name, never an empty action."""
    target = builder.get_target_uri("search")
    return relative_uri(builder.get_target_uri(pagename), target) or posixpath.basename(target) or "./"


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: mark the main content and its fields for Pagefind; give the theme the box."""
    if not uses_pagefind(app.builder):
        return
    builder = app.builder
    search_uri = _search_uri(builder, pagename)
    pagefind_js = script_uri(builder, pagename)
    merged = merged_uris(builder, pagename)
    context["qt_search_box"] = box_html(search_uri, pagefind_js, page=False, merged=merged)
    if pagename == "search":
        context["qt_search_page"] = box_html(search_uri, pagefind_js, page=True, ident="qt-search-page", merged=merged)
    if doctree is None or "body" not in context or "nosearch" in app.env.metadata.get(pagename, {}):
        return  # generated index pages say :nosearch:, as for Sphinx's search
    context["body"] = f"<div data-pagefind-body>{_fields(app, doctree)}{context['body']}</div>"


def _fields(app: Sphinx, doctree: nodes.document) -> str:
    """Hidden fields Pagefind reads (inside ``data-pagefind-ignore``, so not as words of the page)."""
    fields: list[tuple[str, str, str]] = []
    domain = get_domain(app.env)
    article = main_article(doctree)
    quicktake = domain.library.quicktakes.get(article["qt_id"]) if article is not None else None
    if quicktake is not None:
        fields.append(("meta", "title", quicktake.question))
        if quicktake.seo.description:
            fields.append(("meta", "description", quicktake.seo.description))
        if quicktake.subject:
            fields.append(("filter", "subject", quicktake.subject))
        fields += [("filter", "keyword", keyword) for keyword in quicktake.keywords]
        fields.append(("filter", "type", _("Article")))
        if quicktake.date is not None:
            fields.append(("sort", "date", quicktake.date.isoformat()))
    else:
        title = page_title(doctree)
        cards = list(doctree.findall(qt_paper_card))
        paper = len(cards) == 1 and bool(title) and title in (_card_title(cards[0]), _citation_title(domain, cards[0]))
        fields.append(("filter", "type", _("Paper") if paper else _("Page")))
    spans = "".join(f'<span data-pagefind-{kind}="{name}">{escape(value)}</span>' for kind, name, value in fields)
    return f"<div data-pagefind-ignore hidden>{spans}</div>"


def _citation_title(domain: QuickTakesDomain, card: nodes.Element) -> str:
    """The title of the paper a card shows, from the domain's record (a card under its own title has no heading)."""
    anchor = card["ids"][0] if card["ids"] else ""
    for _page, cards in domain.every_card():
        if anchor in cards:
            return str(cards[anchor]["citation"].get("title", ""))
    return ""


def _card_title(card: nodes.Element) -> str:
    for node in card.findall(nodes.Element):
        if "qt-paper-title" in node["classes"]:
            return node.astext()
    return ""


def write_index(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: index this build's pages with Pagefind and write ``pagefind/``.

    The pages of the current documents only: Sphinx leaves a removed document's old page in the
    output folder, and it must not come back in the results.  They are linked (hard links, else
    copied) into a scratch folder that Pagefind reads in one request: the API answers one request
    per 0.1 s, so handing it pages one by one would take 0.1 s a page.  They are linked in name
    order, which is the order Pagefind numbers them in (it reads a folder in the order the file
    system lists it, the same for the same names made in the same order).

    :func:`search_bundle.canonicalize` makes Pagefind's bundle the same for the same pages (Pagefind
    orders its filter indexes at random), and each file goes to ``pagefind/`` through the outputs
    record: written only when changed, and a chunk this build did not make is removed, here and
    again by the record if the search is turned off.
    """
    if exception is not None or not uses_pagefind(app.builder):
        return
    outdir = Path(app.outdir)
    builder = app.builder
    pages = []
    data_pages = get_domain(app.env).data_pages
    for docname in sorted(app.env.found_docs | (data_pages.names if data_pages is not None else set())):
        relative = builder.get_target_uri(docname)
        if relative == "" or relative.endswith("/"):  # dirhtml: folder/ is folder/index.html
            relative += "index.html"
        if "nosearch" not in app.env.metadata.get(docname, {}) and (outdir / relative).is_file():
            pages.append(relative)
    # A rebuild that wrote no page (nothing changed) has nothing new to index. Pagefind reads every
    # page again (88.6 s of wall time for 10,000 articles on a loaded machine), so its bundle is kept
    # while the pages it was made from keep their size and time (Sphinx writes a page anew whenever
    # it writes it).
    digests = OutputDigests(app, "pagefind")
    stamps = []
    for relative in pages:
        stat = (outdir / relative).stat()
        stamps.append((relative, stat.st_size, stat.st_mtime_ns))
    if digests.up_to_date(f"{FOLDER}/{search_bundle.ENTRY}", stamps):
        folder = outdir / FOLDER
        digests.made.update(
            f"{FOLDER}/{path.relative_to(folder).as_posix()}" for path in folder.rglob("*") if path.is_file()
        )
        digests.save()
        fill_preloads(app)
        return
    try:
        with tempfile.TemporaryDirectory(dir=app.doctreedir, prefix=SCRATCH_PREFIX) as scratch:
            for relative in sorted(pages):
                _link(outdir / relative, Path(scratch) / relative)
            # html: results link to page.html and index.html (which a file:// site needs); dirhtml: to folder/
            count, made = _run(_index(Path(scratch), keep_index_url=builder.name == "html"))
    except Exception as error:  # the binary failed or is missing: the site stays, without search
        logger.warning(f"Pagefind could not index the site: {error}", type="quicktakes", subtype="search")
        return
    try:
        made = search_bundle.canonicalize(made)
    except search_bundle.UnknownFormatError as error:
        logger.warning(
            f"Pagefind's index is kept as Pagefind wrote it, and may differ between identical builds: {error}",
            type="quicktakes",
            subtype="search",
        )
    made = {name: data for name, data in made.items() if _inside(name)}
    for relative in sorted(made):
        outputs.write_bytes(app, f"{FOLDER}/{relative}", made[relative])
    folder = outdir / FOLDER
    for path in sorted(folder.rglob("*")):  # an earlier build's chunks, also from before the record knew them
        if path.is_file() and path.relative_to(folder).as_posix() not in made:
            files.remove(path, stop=folder)
    digests.save()
    fill_preloads(app)
    logger.info(f"Pagefind indexed {count} pages")


def fill_preloads(app: Sphinx) -> None:
    """Have the search page fetch the bundle's first files at once, not one after another.

    Pagefind fetches ``pagefind.js``, then ``pagefind-entry.json``, then the language's metadata and
    WebAssembly module: three round trips (1.7 s on a phone's network) before it can look a word
    up.  Their names are known only once the bundle is written, after the search page, so the
    page's :data:`PRELOADS` mark is replaced now by a ``<link rel="preload">`` of each, and the
    entry's cache tag (the metadata's hash, which changes with it) is given to the script for
    Pagefind's ``metaCacheTag`` (else Pagefind adds the time to the entry's address, which no
    preload matches).  Every build does it (Sphinx writes the search page every time), from the
    bundle on disk, so an incremental build writes what a clean one does.
    """
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    page, entry = Path(builder.get_outfilename("search")), Path(app.outdir) / FOLDER / search_bundle.ENTRY
    if not page.is_file() or not entry.is_file():
        return
    html = page.read_text(encoding="utf-8")
    if PRELOADS not in html:
        return
    base = relative_uri(builder.get_target_uri("search"), f"{FOLDER}/")
    files.write_text(page, html.replace(PRELOADS, _preloads(html, entry, base), 1))  # never half a page


def _preloads(html: str, entry: Path, base: str) -> str:
    """The links for the language of the page (or the bundle's one language); none for a bundle of
    another format, and the page still searches, a round trip later."""
    try:
        languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
        lang = html.partition('<html lang="')[2].partition('"')[0]
        chosen: Any = languages.get(lang) or (next(iter(languages.values())) if len(languages) == 1 else None)
        tag = chosen["hash"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""
    if not isinstance(tag, str):
        return ""
    names = [f"{search_bundle.ENTRY}?ts={tag}", f"pagefind.{tag}.pf_meta"]
    wasm = chosen.get("wasm")
    if isinstance(wasm, str) and (entry.parent / f"wasm.{wasm}.pagefind").is_file():
        names.append(f"wasm.{wasm}.pagefind")
    links = [f'<link rel="preload" href="{escape(base + name)}" as="fetch" crossorigin="anonymous"' for name in names]
    links[0] += f' data-qt-pagefind-tag="{escape(tag)}"'
    return "".join(f"{link} />" for link in links)


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run *coroutine* to its end; in a thread of its own when this one already runs an event loop
    (Sphinx called from a notebook, or beside Playwright), where ``asyncio.run`` refuses."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _inside(name: str) -> bool:
    """A path Pagefind gave stays inside ``pagefind/``."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


async def _index(site: Path, keep_index_url: bool = True) -> tuple[int, dict[str, bytes]]:
    """Index the HTML files under *site*: the number of pages read, and the bundle's files by path.

    The files come back through the API (``get_files``), not written by Pagefind: its service
    answers that it has written them while its last writes may still be under way, and the API then
    ends the process, which can leave a file empty (seen under load: an empty
    ``pagefind-entry.json``).  Its reader of the service's answers stops at 2 MiB a message, which
    a large site's files exceed, so that limit is raised for this service.
    """
    from pagefind.service import PagefindService

    config: Any = {"exclude_selectors": list(EXCLUDED), "keep_index_url": keep_index_url}
    async with PagefindService() as service:
        reader = getattr(getattr(service, "_backend", None), "stdout", None)
        if reader is not None and hasattr(reader, "_limit"):
            reader._limit = max(reader._limit, 1 << 31)
        index = await service.create_index(config)
        result = await index.add_directory(str(site))
        bundle = {file["path"]: file["content"] for file in await index.get_files()}
        return int(result["page_count"]), bundle


def visit_box_html(self: HTML5Translator, node: qt_search_box) -> None:
    """The directive's box; each one gets its own ids (a page may hold more than one)."""
    builder = self.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or "epub" in builder.name or builder.name == "singlehtml":
        raise nodes.SkipNode
    docname = builder.current_docname
    search_uri = _search_uri(builder, docname)
    count = getattr(self, "_qt_search_boxes", 0) + 1
    self._qt_search_boxes = count
    merged = merged_uris(builder, docname)
    box = box_html(search_uri, script_uri(builder, docname), page=False, ident=f"qt-search-{count}", merged=merged)
    self.body.append(box)
    raise nodes.SkipNode


def skip(self: object, node: nodes.Element) -> None:
    raise nodes.SkipNode
