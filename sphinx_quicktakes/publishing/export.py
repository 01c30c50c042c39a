"""``quicktakes.json``: every article and paper with its page and resolved links.

What sphinx-needs' ``needs.json`` is to requirements: a machine-readable view
of the library as built, for search indexes, other sites and audits.  Its
shape is documented by ``schema/quicktakes.schema.json`` (JSON Schema
2020-12), shipped with the package and checked by the tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..library.model import Paper, RelatedArticle
from ..xref.links import Link, article_link, shard_href
from ..xref.loading import get_domain
from . import outputs
from .citation_files import writes_files
from .output_digests import OutputDigests

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

FILENAME = "quicktakes.json"
#: The extension's name in ``app.extensions`` (read there: this layer does not import the package root).
EXTENSION = "sphinx_quicktakes"
SCHEMA = Path(__file__).parent / "schema" / "quicktakes.schema.json"
FORMAT_VERSION = 1


def _page_uri(builder: Builder, docname: str, anchor: str = "") -> str:
    """A page (and anchor) relative to the site root; singlehtml's "#document-x" becomes its one file."""
    uri = builder.get_target_uri(docname)
    if "#" in uri:
        uri = uri.split("#", 1)[0] or f"{builder.config.root_doc}{getattr(builder, 'out_suffix', '.html')}"
    return f"{uri}#{anchor}" if anchor else uri


def _href(builder: Builder, link: Link) -> str | None:
    if link.kind == "internal":
        return _page_uri(builder, link.docname, link.anchor)
    if link.kind == "shard":
        return shard_href(builder.env, builder, None, link)
    return link.uri or None


def _source(base: str, path: Path) -> str:
    """Where the file is, relative to *base* (the configuration directory's parent, with a final
    separator) when it is below it.  Both are resolved: a prefix of text is a prefix of the path."""
    text = str(path)
    return text[len(base) :] if text.startswith(base) else text


def build(app: Sphinx) -> dict[str, Any]:
    env, builder = app.env, app.builder
    domain = get_domain(env)
    library = domain.library
    base = str(Path(app.confdir).resolve().parent).rstrip(os.sep) + os.sep
    links: dict[tuple[int, str], Link] = {}

    def link_to(qt_id: int, url: str = "") -> Link:  # thousands of articles share their related ones
        if (qt_id, url) not in links:
            links[qt_id, url] = article_link(env, qt_id, url)
        return links[qt_id, url]

    articles = []
    for qt_id in sorted(library.quicktakes):
        quicktake = library.quicktakes[qt_id]
        own = link_to(qt_id)
        articles.append(
            {
                "id": qt_id,
                "question": quicktake.question,
                "title": quicktake.title or quicktake.question,
                "subject": quicktake.subject,
                "date": quicktake.date.isoformat() if quicktake.date else None,
                "author": quicktake.author,
                "keywords": list(quicktake.keywords),
                "url": quicktake.url,
                "source": _source(base, quicktake.path),
                "page": _href(builder, own) if own.kind in ("internal", "shard") else None,
                "related": [
                    {
                        "id": related.id,
                        # the target's question when it is in the library, as the pages show it
                        "title": library.quicktakes[related.id].question
                        if related.id in library.quicktakes
                        else related.title,
                        "link": _link_json(builder, link_to(related.id, related.url)),
                    }
                    for related in quicktake.related
                ],
                "referenced_by": [{"id": source} for source in library.referrers(qt_id)]
                + [{"page": _page_uri(builder, doc)} for doc in sorted(domain.article_backrefs.get(qt_id, {}))],
            }
        )
    papers = []
    for key in sorted(library.papers):
        paper = library.papers[key]
        target = domain.paper_target(key)
        papers.append(
            {
                "doi": paper.doi,
                "title": paper.title,
                "journal": paper.journal,
                "volume": paper.volume or None,
                "issue": paper.issue or None,
                "pages": paper.pages or None,
                "publisher": paper.publisher,
                "keywords": list(paper.keywords),
                "rating": paper.primary_rating if paper.primary_rating is not None else paper.rating,
                "source": _source(base, paper.path),
                "page": _paper_page(app, paper, target),
            }
        )
    return {
        "format_version": FORMAT_VERSION,
        "generator": f"sphinx-quicktakes {app.extensions[EXTENSION].version}",
        "project": app.config.project,
        "articles": articles,
        "papers": papers,
    }


def _paper_page(app: Sphinx, paper: Paper, target: tuple[str, str, Any] | None) -> str | None:
    """Where the paper's card is: in this build, or in the build of a sharded site that holds it."""
    state = get_domain(app.env).shards
    elsewhere = state.paper_elsewhere(paper) if state is not None else None
    if state is not None and elsewhere is not None:
        return state.href(app.builder, None, elsewhere)
    return _page_uri(app.builder, target[0], target[1]) if target else None


def _link_json(builder: Builder, link: Link) -> dict[str, Any]:
    return {"kind": link.kind, "href": _href(builder, link)}


def write(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write the export beside the HTML pages."""
    if exception is not None or not writes_files(app.builder):
        return
    digests = OutputDigests(app, "export")
    if digests.nothing_changed():
        return
    if not digests.up_to_date(FILENAME, _inputs(app)):
        text = json.dumps(build(app), ensure_ascii=False, indent=1)
        outputs.write(app, FILENAME, text + "\n")
    digests.save()


#: The fields of the records that :func:`build` reads, and of a related article its id, title and url
#: (tests/test_rebuild_work.py checks that it reads no other).
ARTICLE_FIELDS = ("id", "question", "title", "subject", "date", "author", "keywords", "url", "path", "related")
PAPER_FIELDS = (
    "doi", "title", "journal", "volume", "issue", "pages", "publisher", "keywords", "primary_rating", "rating", "path",
)  # fmt: skip


def _plain(value: Any) -> Any:
    """A field as values whose ``repr`` is quick: a path as text, related articles as (id, title, url)."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple) and value and isinstance(value[0], RelatedArticle):
        return tuple((related.id, related.title, related.url) for related in value)
    return value


def _inputs(app: Sphinx) -> Any:
    """What :func:`build` makes the export from, cheaply: the fields it reads of every record, and
    where the domain places articles and papers and which pages link to articles.  Unchanged (an
    edit of an answer, which the export does not show), the export is neither built nor written."""
    domain = get_domain(app.env)
    library = domain.library
    return (
        [tuple(_plain(getattr(qt, name)) for name in ARTICLE_FIELDS) for qt in library.quicktakes.values()],
        [tuple(_plain(getattr(paper, name)) for name in PAPER_FIELDS) for paper in library.papers.values()],
        sorted((qt_id, sorted(pages.items())) for qt_id, pages in domain.article_targets.items()),
        sorted(domain.data_pages.articles.items()) if domain.data_pages is not None else None,
        sorted((qt_id, sorted(pages)) for qt_id, pages in domain.article_backrefs.items()),
        sorted((key, sorted(pages.items())) for key, pages in domain.paper_targets.items()),
    )
