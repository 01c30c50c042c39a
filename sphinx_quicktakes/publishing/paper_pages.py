"""Paper pages from data: each paper with a DOI gets its card's page without a Sphinx document.

The document route writes ``papers/<slug>.rst`` (a section titled by the paper and a
``paper-card``), which Sphinx reads, pickles, resolves and writes: about 40 ms a page, 6,000 pages
in a library of 120,000 articles.  Here the same section and card (``render/paper_card.py``, as
the directive builds it on the paper's own page) are put in a small document, given Sphinx's
smart quotes and post-transforms, translated by the builder's translator and handed to
``handle_page`` with that doctree, as article pages that need nodes are (``article_pages.py``).

The card's link target, ``objects.inv`` entry, BibTeX and RIS files and ``<head>`` metadata come
from the domain, which answers for these pages from ``xref/data_pages.py``.  A page is rendered
again only when its digest (its record, the citation styles, its place in the papers list and the
build's settings, code and templates) changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import escape2null
from sphinx.util.docutils import new_document

from .. import reporting
from ..library.citation import Citation
from ..library.csl import DEFAULT_STYLE, Run, Style, StyleError, find_style, format_reference
from ..library.model import Paper
from ..render.html_out import Educator, encode
from ..render.paper_card import build_paper_card
from ..xref.data_pages import PaperPage
from ..xref.loading import get_domain, record_stamp
from .article_pages import (
    SearchKeeper,
    Siblings,
    global_inputs,
    keep_source_copy,
    note_page_outputs,
    output_name,
    render_body,
    resolve_as_document,
    section_limit,
    smart_quotes,
    source_copy,
    title_html,
    write_page,
)
from .output_digests import OutputDigests, digest
from .pages import rst_escape

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx


def collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: render the paper pages whose inputs changed; keep the others."""
    domain = get_domain(app.env)
    pages = domain.data_pages
    if pages is None or not pages.papers:
        return
    builder: Any = app.builder
    digests = OutputDigests(app, "paper-pages")
    styles = _styles(app)
    every = (global_inputs(app), builder.indexer is not None, [_style_stamp(style) for style in styles])
    digests.shared = digest(every)
    keeper: SearchKeeper | None = getattr(builder.indexer, "quicktakes_keeper", None)
    lost = keeper is not None and keeper.lost
    order = _in_index_order(domain.library.papers, pages.papers)
    limit = section_limit(builder.globalcontext.get("theme_section_pages_limit"))
    if not lost and digests.nothing_changed():
        for key in order:
            keep_source_copy(app, pages.papers[key].name)
        return
    window = _sidebar(domain.library.papers, order, limit)
    fresh = []
    for index, key in enumerate(order):
        page = pages.papers[key]
        paper = domain.library.papers[key]
        inputs = (every, record_stamp(app.env, paper) or repr(paper), page.name, page.anchor, window(index))
        if digests.up_to_date(output_name(builder, page.name), inputs) and not lost:
            keep_source_copy(app, page.name)
        else:
            fresh.append((index, key))
    if keeper is not None:
        keeper.drop({pages.papers[key].name for _index, key in fresh})
    section = _section(app, pages.folder, order, pages.papers)
    note_page_outputs(app, [pages.papers[key].name for _index, key in fresh])
    educate = smart_quotes(app)
    for index, key in fresh:
        _render(app, domain.library.papers[key], pages.papers[key], styles, {**section, "index": index}, educate)
    digests.save()
    yield from ()


def _style_stamp(style: Style) -> tuple[str, str, int | None]:
    """A style, and when it is the project's own file, its modification time (an edit changes every card)."""
    return style.name, str(style.path), style.path.stat().st_mtime_ns if style.in_project else None


def _in_index_order(papers: dict[str, Paper], pages: dict[str, PaperPage]) -> list[str]:
    """The keys of the papers from data in the order the papers index lists them (by title)."""
    return sorted(pages, key=lambda key: papers[key].title.casefold())


def _sidebar(papers: dict[str, Paper], order: list[str], limit: int) -> Callable[[int], tuple[Any, ...]]:
    """What a page's sidebar shows of the papers around it: the window of at most *limit*, and whether
    the list is longer (as for article pages)."""
    return lambda index: (
        [(key, papers[key].title) for key in order[max(0, index - limit) : index + limit + 1]],
        len(order) > limit,
    )


def _styles(app: Sphinx) -> tuple[Style, ...]:
    """The project's citation styles (``config.py`` finds them), as the ``paper-card`` directive uses them."""
    project: tuple[Style, ...] = getattr(app.config, "_quicktakes_styles", ())
    return tuple(dict.fromkeys(project or [find_style(DEFAULT_STYLE, Path(app.srcdir))]))


def paper_doctree(app: Sphinx, paper: Paper, page: PaperPage, styles: tuple[Style, ...]) -> nodes.document:
    """The page's doctree: the section and card the generated document would give, resolved as it would be."""
    document = new_document(str(paper.path), app.builder.docsettings)  # type: ignore[attr-defined]
    escaped = rst_escape(paper.title)  # the title as the generated page writes it, and as docutils reads that
    section = nodes.section()
    title = nodes.title(escaped, "", nodes.Text(escape2null(escaped)))
    section += title
    section["names"].append(nodes.fully_normalize_name(title.astext()))
    document += section
    document.note_implicit_target(section, section)
    citation = Citation(**page.citation)
    card = build_paper_card(
        citation,
        anchor=page.anchor,
        link_doi=True,
        rating=paper.primary_rating if paper.primary_rating is not None else paper.rating,
        rating_note=paper.rating_note,
        language=app.config.language,
        references=_references(paper, citation, styles),
        heading=False,  # the card is right under a section of its title
    )
    section += card
    document.set_id(card)
    resolve_as_document(app, document, page.name)
    return document


def _references(paper: Paper, citation: Citation, styles: tuple[Style, ...]) -> list[tuple[Style, tuple[Run, ...]]]:
    references = []
    for style in styles:
        try:
            references.append((style, format_reference(citation, style)))
        except StyleError as error:
            message = f"the reference in {style.name!r} is left out: {error}"
            reporting.warn_at(paper.path, paper.line_of("title"), "citation", message)
    return references


def _section(app: Sphinx, folder: str, order: list[str], pages: dict[str, PaperPage]) -> dict[str, Any]:
    """The theme's section of every paper page: the papers index and the pages in its order."""
    titles = app.env.titles
    index = f"{folder}/papers/index"
    papers = get_domain(app.env).library.papers
    return {
        "parent": (titles[index].astext(), index) if index in titles else None,
        "pages": Siblings((pages[key].name, papers[key].title) for key in order),
        "ancestors": [app.config.root_doc, f"{folder}/index", index],
    }


def _render(
    app: Sphinx,
    paper: Paper,
    page: PaperPage,
    styles: tuple[Style, ...],
    section: dict[str, Any],
    educate: Educator | None,
) -> None:
    builder: Any = app.builder
    doctree = paper_doctree(app, paper, page, styles)
    body, metatags = render_body(app, page.name, doctree)
    if builder.indexer is not None:
        builder.index_page(page.name, doctree, paper.title)
    titles = app.env.titles
    parents = [
        {"link": builder.get_relative_uri(page.name, name), "title": encode(titles[name].astext())}
        for name in section["ancestors"][1:]
        if name in titles
    ]
    context = {
        "title": title_html(educate, paper.title),
        "body": body,
        "metatags": metatags,
        "parents": parents,
        "prev": None,
        "next": None,
        "rellinks": list(builder.globalcontext.get("rellinks", [])),
        "meta": {},
        "toc": "",
        "display_toc": False,
        "sourcename": source_copy(app, paper, page.name),
        "page_source_suffix": ".txt",
        "qt_section_pages": section,
    }
    get_domain(app.env).written_outputs.update(write_page(app, page.name, context, doctree))
