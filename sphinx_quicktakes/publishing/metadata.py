"""Publishing metadata in each HTML page's ``<head>``.

On a page given to one QuickTake (its question is the page title, as on the
generated pages): ``<meta name="description">`` and ``keywords`` from the
file's ``seo`` block, optionally its ``seo.title`` as the HTML title, and a
JSON-LD ``MedicalWebPage`` whose ``mainEntity`` is the ``Question`` with its
``acceptedAnswer``, with its reviewers (``reviewedBy``), ``lastReviewed``,
``dateModified``, references (``citation``) and the site's
``quicktakes_audience``.  On every page, a JSON-LD ``MedicalScholarlyArticle`` per paper
card (once per paper, without an abstract the card hides); on a page given
to one paper (its title is the paper's), Highwire ``citation_*`` tags so that
Zotero and other reference managers import it in one click.

OpenGraph: when sphinxext-opengraph is loaded it writes the ``og:`` tags; we
hand it the description and ``og:type`` through the page's metadata and
write our description tag first, so that it adds no second one.  Without it,
and with ``quicktakes_opengraph`` on, we write the basic ``og:`` tags.

JSON-LD is escaped so that no content (``</script>``, ``<!--``, U+2028) can
end the ``<script>`` element or break a JavaScript parser.
"""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from docutils import nodes

from ..library.answer_text import plain_text
from ..library.citation import Citation, parse_name
from ..library.doi import doi_url, is_valid_doi
from ..library.model import QuickTake
from ..library.reference import Reference
from ..render.nodes import qt_paper_card, quicktake_article
from ..xref.loading import get_domain
from .citation_files import writes_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..xref.domain import QuickTakesDomain

_SCRIPT_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def json_ld(data: dict[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` element that no content can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.translate(_SCRIPT_ESCAPES)
    return f'<script type="application/ld+json">{text}</script>'


def meta(name: str, content: str, attribute: str = "name") -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content)}" />'


def main_article(doctree: nodes.document) -> quicktake_article | None:
    """The article whose question is the page's title, if the page is given to one."""
    for child in doctree.children:
        if isinstance(child, nodes.section):
            return child if isinstance(child, quicktake_article) else None
    return None


def page_title(doctree: nodes.document) -> str:
    section = next((child for child in doctree.children if isinstance(child, nodes.section)), None)
    return section[0].astext() if section is not None and section.children else ""


def record_main_article(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: remember which pages are given to one article (for the sitemap)."""
    article = main_article(doctree)
    if article is not None:
        get_domain(app.env).main_articles[app.env.docname] = article["qt_id"]


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``html-page-context``: add our tags to ``metatags`` (before sphinxext-opengraph runs)."""
    if doctree is None or not writes_files(app.builder):
        return
    domain = get_domain(app.env)
    page_url = urljoin(app.config.html_baseurl, context.get("pageurl") or "") if app.config.html_baseurl else ""
    tags: list[str] = []

    article_node = main_article(doctree)
    quicktake = domain.library.quicktakes.get(article_node["qt_id"]) if article_node is not None else None
    if article_node is not None and quicktake is not None:
        tags += _article_tags(app, context, quicktake, page_url)

    citations = _page_citations(domain, pagename, doctree)
    tags += [json_ld(scholarly_article(citation)) for citation in citations]
    if article_node is None and len(citations) == 1 and citations[0].title == page_title(doctree):
        tags += _paper_page_tags(app, context, citations[0], page_url)
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"


def _page_citations(domain: QuickTakesDomain, pagename: str, doctree: nodes.document) -> list[Citation]:
    """The papers whose cards the page shows, once each; an abstract hidden on the card stays out."""
    own = domain.page_cards(pagename)
    every: dict[str, dict[str, Any]] | None = None  # all pages' cards: only singlehtml needs them
    citations: dict[str, Citation] = {}
    for card in doctree.findall(qt_paper_card):
        anchor = card["ids"][0] if card["ids"] else ""
        record = own.get(anchor)
        if record is None and anchor:
            if every is None:
                every = {a: c for _page, page_cards in domain.every_card() for a, c in page_cards.items()}
            record = every.get(anchor)
        if record is None:
            continue
        fields = dict(record["citation"])
        if not any("qt-paper-abstract" in node["classes"] for node in card.findall(nodes.Element)):
            fields["abstract"] = ""
        citation = Citation(**fields)
        citations.setdefault(record["key"] or citation.title, citation)
    return list(citations.values())


def _paper_page_tags(app: Sphinx, context: dict[str, Any], citation: Citation, page_url: str) -> list[str]:
    """A page given to one paper: its description, OpenGraph and Highwire tags."""
    tags = []
    description = _shorten(citation.abstract) if citation.abstract else ""
    if description:
        tags.append(meta("description", description))
    _opengraph(app, context, tags, citation.title, description, page_url)
    return tags + highwire_tags(citation)


def _opengraph(app: Sphinx, context: dict[str, Any], tags: list[str], title: str, description: str, url: str) -> None:
    """Hand ``og:`` data to sphinxext-opengraph when it is loaded, else write the basic tags."""
    if "sphinxext.opengraph" in app.extensions:
        fields = context.get("meta") or {}
        fields.setdefault("og:type", "article")
        if description:
            fields.setdefault("og:description", description)
        context["meta"] = fields
    elif app.config.quicktakes_opengraph:
        og = {"og:title": title, "og:type": "article", "og:site_name": app.config.project}
        if description:
            og["og:description"] = description
        if url:
            og["og:url"] = url
        tags += [meta(key, value, "property") for key, value in og.items()]


def _article_tags(app: Sphinx, context: dict[str, Any], quicktake: QuickTake, page_url: str) -> list[str]:
    tags = []
    description = quicktake.seo.description
    if description:
        tags.append(meta("description", description))
    if quicktake.keywords:
        tags.append(meta("keywords", ", ".join(quicktake.keywords)))
    if app.config.quicktakes_seo_title and quicktake.seo.title:
        context["title"] = escape(quicktake.seo.title)
    _opengraph(app, context, tags, quicktake.question, description, page_url)
    page = medical_web_page(quicktake, plain_text(quicktake.answer), page_url, app.config.quicktakes_audience)
    tags.append(json_ld(page))
    return tags


def medical_web_page(
    quicktake: QuickTake, answer_text: str, url: str = "", audience: str | None = None
) -> dict[str, Any]:
    """schema.org ``MedicalWebPage`` about one question and its accepted answer.

    Not ``FAQPage`` (Google ended FAQ rich results) nor ``QAPage`` (for pages
    where users post answers).
    """
    author = {"@type": "Organization", "name": quicktake.author} if quicktake.author else None
    question: dict[str, Any] = {
        "@type": "Question",
        "name": quicktake.question,
        "text": quicktake.question,
        "answerCount": 1,
        "acceptedAnswer": {"@type": "Answer", "text": answer_text},
    }
    page: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": quicktake.title or quicktake.question,
        "headline": quicktake.question,
        "mainEntity": question,
    }
    if quicktake.date:
        page["datePublished"] = question["dateCreated"] = quicktake.date.isoformat()
    if author:
        page["author"] = question["author"] = question["acceptedAnswer"]["author"] = author
    if quicktake.seo.description:
        page["description"] = quicktake.seo.description
    if quicktake.keywords:
        page["keywords"] = ", ".join(quicktake.keywords)
    if quicktake.subject:
        page["about"] = {"@type": "Thing", "name": quicktake.subject}
    if quicktake.updated:
        page["dateModified"] = quicktake.updated.isoformat()
    if quicktake.reviewed_by:
        people = [{"@type": "Person", "name": name} for name in quicktake.reviewed_by]
        page["reviewedBy"] = people[0] if len(people) == 1 else people
    if quicktake.last_reviewed:
        page["lastReviewed"] = quicktake.last_reviewed.isoformat()
    if quicktake.references:
        page["citation"] = [_cited_work(reference) for reference in quicktake.references]
    if audience:
        page["medicalAudience"] = {"@type": "MedicalAudience", "audienceType": audience}
    if url:
        page["url"] = url
    return page


def _cited_work(reference: Reference) -> dict[str, Any]:
    """One reference as a schema.org ``CreativeWork``: its address, and its DOI or PMID as identifier."""
    work: dict[str, Any] = {"@type": "CreativeWork", "url": reference.url}
    if reference.kind in ("doi", "pmid"):
        work["identifier"] = {"@type": "PropertyValue", "propertyID": reference.kind.upper(), "value": reference.value}
    return work


def scholarly_article(citation: Citation) -> dict[str, Any]:
    """schema.org ``MedicalScholarlyArticle`` for a paper card: journal, volume, issue, DOI."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalScholarlyArticle",
        "headline": citation.title,
    }
    data["name"] = citation.title
    if citation.authors:
        data["author"] = [
            {"@type": "Person", "familyName": name.family, "givenName": name.given, "name": author}
            for author, name in ((a, parse_name(a)) for a in citation.authors)
        ]
    container: dict[str, Any] | None = None
    if citation.journal:
        container = {"@type": "Periodical", "name": citation.journal}
        if citation.volume:
            container = {"@type": "PublicationVolume", "volumeNumber": citation.volume, "isPartOf": container}
        if citation.issue:
            container = {"@type": "PublicationIssue", "issueNumber": citation.issue, "isPartOf": container}
        data["isPartOf"] = container
    if citation.pages:
        data["pagination"] = citation.pages
    if citation.year:
        data["datePublished"] = citation.year
    if citation.publisher:
        data["publisher"] = {"@type": "Organization", "name": citation.publisher}
    if citation.doi and is_valid_doi(citation.doi):
        data["sameAs"] = doi_url(citation.doi)
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": citation.doi}
    if citation.keywords:
        data["keywords"] = ", ".join(citation.keywords)
    if citation.abstract:
        data["abstract"] = citation.abstract
    return data


def highwire_tags(citation: Citation) -> list[str]:
    """``citation_*`` tags (Highwire Press), which Zotero, Mendeley and Google Scholar read."""
    pairs: list[tuple[str, str]] = [("citation_title", citation.title)]
    pairs += [("citation_author", author) for author in citation.authors]
    pairs += [
        ("citation_journal_title", citation.journal),
        ("citation_volume", citation.volume),
        ("citation_issue", citation.issue),
        ("citation_publisher", citation.publisher),
        ("citation_publication_date", citation.year),
        ("citation_doi", citation.doi if is_valid_doi(citation.doi) else ""),
    ]
    first, _, last = citation.pages.partition("-")
    pairs += [("citation_firstpage", first.strip()), ("citation_lastpage", last.strip())]
    pairs += [("citation_keywords", keyword) for keyword in citation.keywords]
    return [meta(name, value) for name, value in pairs if value]


def _shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
