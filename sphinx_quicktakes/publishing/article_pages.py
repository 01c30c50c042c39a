"""Article pages from data: each QuickTake's page rendered straight to HTML, not read as a document.

An HTML build with ``quicktakes_pages`` gives each QuickTake a page (``xref/data_pages.py``).
Made as a Sphinx document, a page costs about 25 ms and 0.2 MB: a source written, read,
transformed, pickled, unpickled, resolved and written.  Here the same article node
(``render/article.py``, the one renderer of both routes) is built in a small document,
resolved by Sphinx's own post-transforms and ``doctree-resolved`` handlers (links, "Referenced
by", paper references, keyword chips), translated by the builder's HTML translator, and handed
to :meth:`~sphinx.builders.html.StandaloneHTMLBuilder.handle_page` with that doctree, so every
``html-page-context`` handler (metadata, Pagefind fields, the theme, sphinx-sitemap,
sphinxext-opengraph) sees the page as it sees a document.

Incremental builds render a page again only when what it shows changed: each page's inputs
(its record, where its links go and what they show, its "Referenced by" entries, its
navigation, and the settings, code and templates of the build) are kept as a digest in the
outputs record (``output_digests.py``), and a page whose digest holds and whose file is there
is kept as it is.  A page no longer made is removed at the end of the build as any other file
of ours (``outputs.py``).
"""

from __future__ import annotations

import gc
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import normalize_language_tag, smartquotes
from sphinx.locale import _ as sphinx_gettext
from sphinx.transforms import SphinxSmartQuotes, SphinxTransformer
from sphinx.util.docutils import new_document
from sphinx.util.parallel import ParallelTasks, parallel_available

from .. import reporting
from ..library import files, repair
from ..library.answer_text import paragraphs, plain_text
from ..library.doi import doi_key, normalize_doi
from ..library.model import Paper, QuickTake
from ..library.text import fold
from ..render.answer_html import answer_html
from ..render.article import build_article
from ..render.article_html import article_html
from ..render.html_out import Educator, HtmlOut, UnsupportedError, educator, encode
from ..render.nodes import quicktake_article
from ..xref.links import article_link, related_display
from ..xref.loading import get_domain, record_stamp
from ..xref.page_links import PageLinks
from ..xref.shards import subject_docnames
from . import outputs
from .output_digests import OutputDigests, digest
from .pages import keyword_labeller

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

    from ..xref.data_pages import DataPages
    from ..xref.domain import QuickTakesDomain


@dataclass(frozen=True, slots=True)
class Place:
    """An article's place in its subject's list: what its breadcrumbs, pager and sidebar show."""

    subject_page: str
    #: The subject's articles in the order of its page's list: (page name, question).
    siblings: list[tuple[str, str]]
    index: int


class Siblings(list[tuple[str, str]]):
    """A subject's articles, (page name, question), shared by the context of each of its pages.

    Sphinx's event logging takes ``repr`` of every ``html-page-context`` call's arguments (the
    page's whole context) before it knows whether debug messages are shown: a list of thousands
    of entries, once per page, is quadratic work; this one says only how long it is.
    """

    def __repr__(self) -> str:
        return f"<{len(self)} pages>"


def places(domain: QuickTakesDomain, pages: DataPages, page_size: int) -> dict[int, Place]:
    """Each article's place: the subject pages list by question (then id), as ``quicktake-list :sort: title``."""
    by_subject: dict[str, list[QuickTake]] = {}
    for qt_id in pages.articles:
        quicktake = domain.library.quicktakes[qt_id]
        by_subject.setdefault(" ".join(quicktake.subject.split()), []).append(quicktake)
    found = {}
    names = subject_docnames(domain.library, pages.folder)
    for subject, articles in by_subject.items():
        articles.sort(key=lambda qt: (qt.question.casefold(), qt.id))
        base = names[subject]
        siblings = Siblings((pages.articles[qt.id], qt.question) for qt in articles)
        for index, quicktake in enumerate(articles):
            number = index // page_size + 1
            page = base if number == 1 else f"{base}/{number}"
            found[quicktake.id] = Place(page, siblings, index)
    return found


def collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: render the article pages whose inputs changed; keep the others."""
    domain = get_domain(app.env)
    pages = domain.data_pages
    if pages is None:
        return
    builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
    digests = OutputDigests(app, "article-pages")
    every = (global_inputs(app), builder.indexer is not None)
    limit = section_limit(builder.globalcontext.get("theme_section_pages_limit"))
    placed = places(domain, pages, app.config.quicktakes_page_size)
    keeper: SearchKeeper | None = getattr(builder.indexer, "quicktakes_keeper", None)
    digests.shared = digest(every)
    lost = keeper is not None and keeper.lost  # Sphinx's index lacks every page's entry: all are made again
    if not lost and digests.nothing_changed():
        for pagename in pages.articles.values():  # the library, the pages read and the settings are as they were
            keep_source_copy(app, pagename)
        return
    fresh = []
    for qt_id, pagename in pages.articles.items():
        relative = output_name(builder, pagename)
        inputs = (every, _page_inputs(app, domain, domain.library.quicktakes[qt_id], pagename, placed[qt_id], limit))
        if digests.up_to_date(relative, inputs) and not lost:
            keep_source_copy(app, pagename)
        else:
            fresh.append((qt_id, pagename))
    if keeper is not None:
        keeper.drop({pagename for _qt_id, pagename in fresh})
    if builder.indexer is not None:  # in this process: Sphinx's index is one object
        for qt_id, pagename in fresh:
            quicktake = domain.library.quicktakes[qt_id]
            builder.index_page(pagename, search_doctree(quicktake, builder.docsettings), quicktake.question)
    # Each page's doctree is garbage with reference cycles, collected by the cyclic collector, whose full
    # collections walk every object alive: the library and the environment, 10,000 articles' worth.
    # Frozen, those are left out of every collection while the pages are rendered.
    note_page_outputs(app, [pagename for _qt_id, pagename in fresh])
    gc.freeze()
    try:
        written = _render_all(app, [(qt_id, pagename, placed[qt_id]) for qt_id, pagename in fresh])
    finally:
        gc.unfreeze()
    domain.written_outputs.update(written)
    digests.save()
    yield from ()


#: Fewer pages than this to render are rendered in the main process even with ``-j``: forking costs more.
PARALLEL_FROM = 200


def _render_all(app: Sphinx, todo: list[tuple[int, str, Place]]) -> set[str]:
    """Render *todo*'s pages; with ``-j N``, in N forked processes (Sphinx writes collected pages serially).

    Returns the output files written (relative to the output folder), which each worker sends back.
    """
    if app.parallel <= 1 or not parallel_available or len(todo) < PARALLEL_FROM:
        return _render_chunk(app, todo)
    written: set[str] = set()
    tasks = ParallelTasks(app.parallel)
    size = -(-len(todo) // app.parallel)
    for start in range(0, len(todo), size):
        tasks.add_task(
            _render_chunk_in_worker(app), todo[start : start + size], lambda _chunk, made: written.update(made)
        )
    tasks.join()
    return written


def _render_chunk_in_worker(app: Sphinx) -> Callable[[list[tuple[int, str, Place]]], set[str]]:
    return lambda chunk: _render_chunk(app, chunk)


def _render_chunk(app: Sphinx, todo: list[tuple[int, str, Place]]) -> set[str]:
    domain = get_domain(app.env)
    writer = ArticleWriter(app)
    written: set[str] = set()
    for qt_id, pagename, place in todo:
        quicktake = domain.library.quicktakes[qt_id]
        body, metatags, doctree = writer.page(quicktake, pagename)
        context = _context(app, quicktake, pagename, place, body, metatags, writer.educated_title(quicktake.question))
        written |= write_page(app, pagename, context, doctree)
    return written


def title_html(educate: Educator | None, text: str) -> str:
    """*text* as a document's title is written into its page's context: quotes educated, escaped."""
    return encode(HtmlOut(educate).educated(text))


def write_page(app: Sphinx, pagename: str, context: dict[str, Any], doctree: nodes.document) -> set[str]:
    """Hand a page from data to ``handle_page``; the files it makes (relative to the output folder)."""
    builder: Any = app.builder
    copysource, builder.copysource = builder.copysource, False  # it would copy doc2path(page): no such file
    try:
        builder.handle_page(pagename, context, event_arg=doctree)
    finally:
        builder.copysource = copysource
    made = {output_name(builder, pagename)}
    if context["sourcename"]:
        made.add(f"_sources/{context['sourcename']}")
    return made


class ArticleWriter:
    """Writes an article page's body: straight from data (``render/article_html.py``) when it can,
    else through nodes (:func:`article_doctree`).  Either way ``html-page-context`` handlers get a
    doctree: the article's own, or one made from data with its question, subject and answer as text."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.educate = smart_quotes(app)
        self.keyword_label = keyword_labeller(get_domain(app.env).data)
        config, builder = app.config, app.builder
        if config.html_permalinks and getattr(builder, "add_permalinks", False):
            title, icon = sphinx_gettext("Link to this heading"), config.html_permalinks_icon
            self.permalink: Callable[[str], str] = lambda anchor: (
                f'<a class="headerlink" href="#{anchor}" title="{title}">{icon}</a>'
            )
        else:
            self.permalink = lambda anchor: ""

    def page(self, quicktake: QuickTake, pagename: str) -> tuple[str, str, nodes.document]:
        """(body, ``<meta>`` tags, doctree for the page's handlers)."""
        body = self.from_data(quicktake, pagename)
        if body is not None:
            return body, "", page_doctree(quicktake, self.app.builder.docsettings)  # type: ignore[attr-defined]
        doctree = article_doctree(self.app, quicktake, pagename)
        body, metatags = render_body(self.app, pagename, doctree)
        _answer_as_text(doctree, quicktake)
        return body, metatags, doctree

    def educated_title(self, text: str) -> str:
        return title_html(self.educate, text)

    def from_data(self, quicktake: QuickTake, pagename: str) -> str | None:
        try:
            links = PageLinks(self.app, pagename, self.keyword_label)
        except UnsupportedError:
            return None
        return article_html(
            quicktake, links, educate=self.educate, language=self.app.config.language, permalink=self.permalink
        )


class SearchKeeper:
    """Keeps the article pages in Sphinx's search index, which keeps only documents.

    ``load_indexer`` (when writing starts) and ``dump_search_index`` (at the end) prune the index
    to ``env.all_docs``.  With the index's ``prune`` wrapped, an unchanged page keeps the entry
    the last build gave it, as a document does, and only the pages rendered again are fed again.
    (A workaround listed in the architecture page: Sphinx has no API for pages that are no documents.)
    """

    def __init__(self, app: Sphinx, indexer: Any, names: set[str], lost: bool) -> None:
        self.app, self.names, self._prune = app, names, indexer.prune
        #: The last build's index is missing: no page has its entry.
        self.lost = lost
        indexer.prune = self.prune
        indexer.quicktakes_keeper = self

    def prune(self, docnames: Any) -> None:
        self._prune(set(docnames) | self.names)

    def drop(self, pagenames: set[str]) -> None:
        """Forget the entries of pages about to be fed again (feeding only ever adds to an entry)."""
        if pagenames:
            self._prune((set(self.app.env.all_docs) | self.names) - pagenames)


def prepare_search(app: Sphinx) -> None:
    """``builder-inited`` (after the pages are planned): keep the article pages in Sphinx's search index."""
    pages = get_domain(app.env).data_pages
    builder: Any = app.builder
    if pages is None or not hasattr(builder, "load_indexer"):
        return
    lost = not (Path(builder.outdir) / builder.searchindex_filename).is_file()
    load_indexer = builder.load_indexer

    def load_keeping_pages(docnames: Any) -> None:
        # No index, or one a killed build may have left behind (unfinished.py): every page is fed again.
        SearchKeeper(app, builder.indexer, pages.names, lost or get_domain(app.env).recovering)
        load_indexer(docnames)

    builder.load_indexer = load_keeping_pages


def output_name(builder: Any, pagename: str) -> str:
    """The page's file, relative to the output folder (``get_outfilename``'s rule, without paths: 10,000 a build)."""
    uri = builder.get_target_uri(pagename)
    return uri + "index.html" if uri.endswith("/") or not uri else uri


def section_limit(value: object) -> int:
    """The theme's ``section_pages_limit`` (12 unless set): how many neighbours a page's sidebar lists."""
    try:
        return max(1, int(str(value)))
    except ValueError:
        return 12


def note_page_outputs(app: Sphinx, pagenames: list[str]) -> None:
    """Before pages from data are rendered: their files (the page, its "Show source" copy) are this
    build's, journaled if no record lists them yet (``outputs.py``: a killed build's are removed too)."""
    planned = [output_name(app.builder, pagename) for pagename in pagenames]
    if app.config.html_copy_source:
        planned += [f"_sources/{pagename}.txt" for pagename in pagenames]
    outputs.note_files(app, planned)


def keep_source_copy(app: Sphinx, pagename: str) -> None:
    """A page kept as it is keeps its "Show source" copy too (else the end of the build removes it)."""
    if app.config.html_copy_source:
        get_domain(app.env).written_outputs.add(f"_sources/{pagename}.txt")


def article_doctree(
    app: Sphinx, quicktake: QuickTake, pagename: str, *, answer_from_data: bool = True
) -> nodes.document:
    """The page's doctree: the article as the ``quicktake`` directive builds it, resolved as a document is.

    The answer, most of an article's nodes and of its cost, is written straight to HTML when
    ``answer_html.py`` can write it (*answer_from_data*), as the rest of the doctree would show it.
    """
    builder = app.builder
    settings = builder.docsettings  # type: ignore[attr-defined]
    document = new_document(str(quicktake.path), settings)
    article, problems = build_article(
        quicktake,
        settings=settings,
        language=app.config.language,
        keyword_labels=keyword_labeller(get_domain(app.env).data),
        answer_html=answer_markup(app, quicktake) if answer_from_data else None,
    )
    for problem in problems:  # as the directive warns when it renders the article (a document read again)
        reporting.warn_at(quicktake.path, quicktake.answer_line(), problem.subtype, problem.message)
    document.set_id(article)
    document += article
    resolve_as_document(app, document, pagename)
    return document


def resolve_as_document(app: Sphinx, document: nodes.document, pagename: str) -> None:
    """Give a page's doctree what Sphinx gives a document's that changes its HTML: quotes and dashes
    (the one read-time transform that does), then the post-transforms and ``doctree-resolved``."""
    transformer = SphinxTransformer(document)
    transformer.set_environment(app.env)
    transformer.add_transforms([SphinxSmartQuotes])
    transformer.apply_transforms()
    app.env.apply_post_transforms(document, pagename)


def _answer_as_text(doctree: nodes.document, quicktake: QuickTake) -> None:
    """What ``html-page-context`` handlers read of an answer written as HTML: its text, never its markup
    (sphinxext-opengraph takes a description from the doctree's text)."""
    for raw in list(doctree.findall(nodes.raw)):
        raw.replace_self([nodes.paragraph(text, text) for text in paragraphs(plain_text(quicktake.answer))])


def answer_markup(app: Sphinx, quicktake: QuickTake) -> str | None:
    """The answer as HTML written from data, or None when only the node route writes it."""
    out = HtmlOut(smart_quotes(app))
    return out.html() if answer_html(quicktake.answer, out) else None


def smart_quotes(app: Sphinx) -> Educator | None:
    """Quotes and dashes as ``SphinxSmartQuotes`` makes them in a page of this build (None: it makes none)."""
    config, settings = app.config, app.builder.docsettings  # type: ignore[attr-defined]
    excludes = config.smartquotes_excludes
    if not settings.smart_quotes or not config.smartquotes:
        return None
    if app.builder.name in excludes.get("builders", []) or config.language in excludes.get("languages", []):
        return None
    language = settings.language_code
    if str(settings.smart_quotes).startswith("alt"):
        language = language.replace("-x-altquot", "") if "-x-altquot" in language else language + "-x-altquot"
    for tag in normalize_language_tag(language):
        if tag in smartquotes.smartchars.quotes:
            return educator(tag, config.smartquotes_action)
    return None


def article_body(app: Sphinx, quicktake: QuickTake, pagename: str, *, from_data: bool = True) -> str:
    """The article's HTML as its page shows it: written from data when it can be, or (not *from_data*)
    entirely through nodes, as a document's article is."""
    if from_data:
        return ArticleWriter(app).page(quicktake, pagename)[0]
    return render_body(app, pagename, article_doctree(app, quicktake, pagename, answer_from_data=False))[0]


def render_body(app: Sphinx, pagename: str, doctree: nodes.document) -> tuple[str, str]:
    """The page's body and ``<meta>`` tags, as ``StandaloneHTMLBuilder.write_doc`` makes them."""
    builder: Any = app.builder
    builder.current_docname = pagename
    builder.imgpath = posixpath.relpath("_images", posixpath.dirname(builder.get_target_uri(pagename)) or ".")
    builder.dlpath = posixpath.relpath("_downloads", posixpath.dirname(builder.get_target_uri(pagename)) or ".")
    builder.secnumbers, builder.fignumbers = {}, {}
    visitor = builder.create_translator(doctree, builder)
    doctree.walkabout(visitor)
    return "".join(visitor.fragment), "".join(visitor.meta[2:])


def _context(
    app: Sphinx, quicktake: QuickTake, pagename: str, place: Place, body: str, metatags: str, title: str
) -> dict[str, Any]:
    builder: Any = app.builder

    def link(target: str, title: str) -> dict[str, str]:
        return {"link": builder.get_relative_uri(pagename, target), "title": escape(title)}

    titles = app.env.titles
    above = [f"{get_domain(app.env).data_pages.folder}/index", place.subject_page]  # type: ignore[union-attr]
    parents = [link(name, titles[name].astext()) for name in above if name in titles]
    siblings = place.siblings
    previous = link(*siblings[place.index - 1]) if place.index > 0 else None
    following = link(*siblings[place.index + 1]) if place.index + 1 < len(siblings) else None
    rellinks = list(builder.globalcontext.get("rellinks", []))
    if following is not None:
        rellinks.append((siblings[place.index + 1][0], following["title"], "N", "next"))
    if previous is not None:
        rellinks.append((siblings[place.index - 1][0], previous["title"], "P", "previous"))
    return {
        "title": title,
        "body": body,
        "metatags": metatags,
        "parents": parents,
        "prev": previous,
        "next": following,
        "rellinks": rellinks,
        "meta": {},
        "toc": "",
        "display_toc": False,
        "sourcename": source_copy(app, quicktake, pagename),
        "page_source_suffix": ".txt",
        # For the theme: the page's section, its subject's articles as (page name, title) pairs.
        "qt_section_pages": {
            "parent": (titles[place.subject_page].astext(), place.subject_page)
            if place.subject_page in titles
            else None,
            "pages": siblings,  # (page name, title) pairs: shared by every page of the subject, never copied
            "index": place.index,
            "ancestors": [app.config.root_doc, *above],
        },
    }


def source_copy(app: Sphinx, quicktake: QuickTake | Paper, pagename: str) -> str:
    """ "Show source" shows the library file: copied to ``_sources/<page>.txt``, as Sphinx copies a document's."""
    if not app.config.html_copy_source:
        return ""
    name = f"{pagename}.txt"
    text = quicktake.path.read_text(encoding="utf-8", errors="replace")
    # Without control characters, as the loaders read the file (they warn about them): no output has any.
    files.write_text(Path(app.builder.outdir) / "_sources" / name, repair.CONTROLS.sub("", text))
    return name


def search_doctree(quicktake: QuickTake, settings: Any) -> nodes.document:
    """What Sphinx's search indexes of an article page: its question (the title), subject, answer and keywords.

    Made from data, so that it costs no rendering and is the same whichever process renders the page.
    """
    document = new_document(str(quicktake.path), settings)
    section = nodes.section()
    section += nodes.title(quicktake.question, quicktake.question)
    for text in (quicktake.subject, plain_text(quicktake.answer), ", ".join(quicktake.keywords)):
        if text:
            section += nodes.paragraph(text, text)
    document += section
    return document


def page_doctree(quicktake: QuickTake, settings: Any) -> nodes.document:
    """What ``html-page-context`` handlers see of a page written from data: the article node, its question
    as title, then its subject, answer (as text) and keywords, as :func:`search_doctree` gives them."""
    document = new_document(str(quicktake.path), settings)
    article = quicktake_article("", ids=[quicktake.anchor], classes=["qt-article"], qt_id=quicktake.id)
    article.extend(search_doctree(quicktake, settings)[0].children)
    document += article
    return document


def global_inputs(app: Sphinx) -> tuple[Any, ...]:
    """What every page shows besides its own content: the templates, the site's navigation (the root
    toctree and the library's index pages with their titles) and the page assets."""
    builder: Any = app.builder
    env = app.env
    root = app.config.root_doc
    folder = get_domain(env).data_pages.folder  # type: ignore[union-attr]
    shown = [root, *env.toctree_includes.get(root, []), f"{folder}/index", f"{folder}/keywords/index"]
    shown += [f"{folder}/dates", f"{folder}/papers/index"]
    return (
        builder.templates.newest_template_mtime(),
        env.toctree_includes.get(root, []),
        [(name, env.titles[name].astext() if name in env.titles else None) for name in shown],
        [(asset.filename, sorted(asset.attributes.items())) for asset in builder.globalcontext["css_files"]],
        [(asset.filename, sorted(asset.attributes.items())) for asset in builder.globalcontext["script_files"]],
    )


def _page_inputs(
    app: Sphinx, domain: QuickTakesDomain, quicktake: QuickTake, pagename: str, place: Place, limit: int
) -> Any:
    """Everything one article page shows that may change without its own file: where its links go
    and the current question and subject of each, its "Referenced by" entries, its keyword chips'
    sections and its place in its subject's list."""
    env = app.env
    library = domain.library
    related = [
        (
            item.id,
            tuple(article_link(env, item.id, item.url)),
            related_display(library, item.id, item.title, item.subject),
        )
        for item in quicktake.related
    ]
    referrers = [
        (source, library.quicktakes[source].question, tuple(article_link(env, source, library.quicktakes[source].url)))
        for source in library.referrers(quicktake.id)
    ]
    roles = [
        (page, env.titles[page].astext() if page in env.titles else page)
        for page in sorted(domain.article_backrefs.get(quicktake.id, {}))
    ]
    keyword_pages = domain.data.get("keyword_pages", {})
    labels = domain.data.get("keyword_labels", {})
    chips = [(keyword_pages.get(fold(keyword)), labels.get(fold(keyword))) for keyword in quicktake.keywords]
    papers = [
        domain.paper_target(doi_key(normalize_doi(reference.value)))
        for reference in quicktake.references
        if reference.kind == "doi"
    ]
    # The sidebar's window of neighbours (at most *limit*, around the page) lies within this slice.
    window = place.siblings[max(0, place.index - limit) : place.index + limit + 1]
    subject_title = env.titles[place.subject_page].astext() if place.subject_page in env.titles else None
    return (
        record_stamp(env, quicktake) or repr(quicktake),
        pagename,
        related,
        referrers,
        roles,
        chips,
        [(found[0], found[1], found[2]["title"]) if found else None for found in papers],
        place.subject_page,
        subject_title,
        window,
        len(place.siblings) > limit,
    )
