"""``quicktakes.json``: every article and paper with its page and resolved links.

What sphinx-needs' ``needs.json`` is to requirements: a machine-readable view
of the library as built, for search indexes, other sites and audits.  Its
shape is documented by ``schema/quicktakes.schema.json`` (JSON Schema
2020-12), shipped with the package and checked by the tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..library.model import Paper
from ..xref.links import Link, article_link, shard_href
from ..xref.loading import get_domain
from . import outputs
from .citation_files import writes_files

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


def _source(app: Sphinx, path: Path) -> str:
    """Where the file is, relative to the configuration directory when it is below its parent."""
    base = Path(app.confdir).resolve().parent
    return str(path.relative_to(base)) if path.is_relative_to(base) else str(path)


def build(app: Sphinx) -> dict[str, Any]:
    env, builder = app.env, app.builder
    domain = get_domain(env)
    library = domain.library
    articles = []
    for qt_id in sorted(library.quicktakes):
        quicktake = library.quicktakes[qt_id]
        own = article_link(env, qt_id)
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
                "source": _source(app, quicktake.path),
                "page": _href(builder, own) if own.kind in ("internal", "shard") else None,
                "related": [
                    {
                        "id": related.id,
                        # the target's question when it is in the library, as the pages show it
                        "title": library.quicktakes[related.id].question
                        if related.id in library.quicktakes
                        else related.title,
                        "link": _link_json(builder, article_link(env, related.id, related.url)),
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
                "source": _source(app, paper.path),
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
    text = json.dumps(build(app), ensure_ascii=False, indent=1)
    outputs.write(app, FILENAME, text + "\n")
