"""Build the doctree of a paper's citation card.

What a journal's own page gives a medical reader, in this order::

    qt_paper_card (article#qt-paper-<doi slug>)
      qt_heading.qt-paper-title       the title (not under a section of that title: a paper's page)
      paragraph.qt-paper-authors      when known
      paragraph.qt-paper-source       Journal, vol. 105, no. 3, pp. 1-9 · Publisher
      paragraph.qt-paper-doi          DOI: 10.1016/... linked to https://doi.org/...
      paragraph.qt-paper-rating       "Reader rating: 4.3 / 5" (text, never colour alone; see rating_text)
      container.qt-keywords
      container.qt-paper-abstract     shown, collapsed (qt_details) or left out
      qt_details.qt-cite              "Cite this": the reference + BibTeX / RIS downloads

With several citation styles, "Cite this" holds a ``qt_cite_choice`` of one
``qt_details`` per style, labelled by the style's title, the first open;
builders that cannot choose (LaTeX, text, man, Texinfo) show the first only
(``transforms.CiteBoxForFormat``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict
from urllib.parse import urlsplit

from babel.numbers import format_decimal
from docutils import nodes

from ..i18n import _
from ..library.citation import Citation, citation_key, display_journal, display_name, file_stem
from ..library.csl import Run, Style
from ..library.doi import doi_slug, doi_url
from ..library.locales import babel_locale
from ..library.markdown_copy import SAFE_SCHEMES
from .blocks import keywords_block, separated
from .nodes import (
    qt_citation_file,
    qt_cite_choice,
    qt_details,
    qt_downloads,
    qt_heading,
    qt_paper_card,
    qt_reference,
    qt_summary,
)

ABSTRACT_MODES = ("shown", "collapsed", "hidden")
#: The note a source gives beside a rating that too few readers gave for its breakdown (seed 004 shows
#: "Primary Rating 4.3 / Not enough ratings" above secondary ratings that are all "-").
FEW_RATINGS = "not enough ratings"


def paper_anchor(citation: Citation) -> str:
    """``qt-paper-<slug>``: from the DOI (stable across builds), else from the title."""
    if citation.doi:
        return "qt-paper-" + (doi_slug(citation.doi) or "untitled")
    return "qt-paper-" + (re.sub(r"[^a-z0-9]+", "-", citation.title.lower()).strip("-")[:80] or "untitled")


def build_paper_card(
    citation: Citation,
    *,
    anchor: str,
    link_doi: bool,
    rating: float | None = None,
    rating_note: str = "",
    language: str | None = None,
    abstract: str = "shown",
    references: Sequence[tuple[Style, tuple[Run, ...]]] = (),
    cite: bool = True,
    cite_open: bool = False,
    classes: Sequence[str] = (),
    heading: bool = True,
) -> qt_paper_card:
    """The card; *heading* False leaves out the title, for a card right under a section of that title."""
    card = qt_paper_card(ids=[anchor], classes=["qt-paper-card", *classes])
    if heading:
        card += qt_heading(citation.title, citation.title, depth=1, plain=True, classes=["qt-paper-title"])
    if citation.authors:
        authors = ", ".join(display_name(author) for author in citation.authors)
        card += nodes.paragraph(authors, authors, classes=["qt-paper-authors"])
    source = _source_line(citation)
    if source is not None:
        card += source
    if citation.doi:
        card += _doi_line(citation.doi, link_doi)
    if rating is not None:
        text = rating_text(rating, rating_note, language)
        card += nodes.paragraph(text, text, classes=["qt-paper-rating"])
    if citation.keywords:
        card += keywords_block(citation.keywords)
    if citation.abstract and abstract != "hidden":
        card += _abstract(citation.abstract, collapsed=abstract == "collapsed", depth=2 if heading else 1)
    if cite:
        card += _cite_box(citation, references, anchor, cite_open)
    return card


def rating_text(rating: float, note: str, language: str | None) -> str:
    """The rating in words, in the site's language ("4,3" in French).

    The source's "Not enough ratings" beside a number would read as a contradiction
    ("4.3 / 5 (Not enough ratings)"): it means the number stands, but too few readers
    rated the paper for the breakdown by novelty, significance and rigour.  Any other
    note is shown as written.
    """
    value = format_decimal(rating, format="0.0", locale=babel_locale(language))
    if " ".join(note.split()).casefold() == FEW_RATINGS:
        return _("Reader rating: {rating} / 5, from too few ratings to show a breakdown").format(rating=value)
    text = _("Reader rating: {rating} / 5").format(rating=value)
    return f"{text} ({note})" if note else text


def _source_line(citation: Citation) -> nodes.paragraph | None:
    """Journal, volume, issue, pages and publisher; absent parts are left out, never "Volume -"."""
    parts: list[nodes.Node] = []
    if citation.journal:
        journal = nodes.emphasis("", display_journal(citation.journal), classes=["qt-journal"])
        numbers = [
            _("vol. {value}").format(value=citation.volume) if citation.volume else "",
            _("no. {value}").format(value=citation.issue) if citation.issue else "",
            _("pp. {value}").format(value=citation.pages) if citation.pages else "",
            citation.year,
        ]
        text = ", ".join(number for number in numbers if number)
        parts.append(nodes.inline("", "", journal, nodes.Text(f", {text}" if text else "")))
    if citation.publisher:
        publisher = display_journal(citation.publisher)
        parts.append(nodes.inline(publisher, publisher, classes=["qt-publisher"]))
    if not parts:
        return None
    return nodes.paragraph("", "", *separated(parts), classes=["qt-paper-source"])


def _doi_line(doi: str, link: bool) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=["qt-paper-doi"])
    paragraph += nodes.inline("DOI: ", "DOI: ", classes=["qt-label"])
    if link:
        paragraph += nodes.reference(doi, doi, refuri=doi_url(doi), classes=["qt-doi"])
    else:
        paragraph += nodes.literal(doi, doi, classes=["qt-doi"])
    return paragraph


def _abstract(text: str, *, collapsed: bool, depth: int) -> nodes.Element:
    """The abstract, its heading one level below the card's title, or the section's when the card has none."""
    label = _("Abstract")
    paragraphs = [nodes.paragraph(p, p) for p in text.split("\n\n") if p.strip()]
    if collapsed:
        return qt_details("", qt_summary(label, label), *paragraphs, classes=["qt-paper-abstract"])
    return nodes.container(
        "", qt_heading(label, label, depth=depth, plain=True), *paragraphs, classes=["qt-paper-abstract"]
    )


def _cite_box(
    citation: Citation, references: Sequence[tuple[Style, tuple[Run, ...]]], anchor: str, is_open: bool
) -> qt_details:
    """The reference (one per style, the first open) and the download links.

    *references* come formatted (``library.csl.format_reference``): the
    directive reports a style that fails on this paper and leaves it out.
    """
    label = _("Cite this")
    box = qt_details("", qt_summary(label, label), classes=["qt-cite"], open=is_open)
    if len(references) == 1:
        box += reference_paragraph(*references[0])
    elif references:
        choice = qt_cite_choice(classes=["qt-cite-styles"])
        for index, (style, runs) in enumerate(references):
            # One name for the group: browsers that know it keep one style open at a time.
            details = qt_details("", classes=["qt-cite-style"], open=index == 0, group=f"{anchor}-style")
            details += qt_summary(style.title, style.title)
            details += reference_paragraph(style, runs)
            choice += details
        box += choice
    downloads = qt_downloads(classes=["qt-cite-downloads"])
    label_text = _("Download:") + " "
    downloads += nodes.inline(label_text, label_text, classes=["qt-label"])
    stem, name = file_stem(asdict(citation)), citation_key(citation)
    downloads += qt_citation_file("BibTeX", "BibTeX", stem=stem, name=name, suffix=".bib")
    downloads += nodes.Text(" · ")
    downloads += qt_citation_file("RIS", "RIS", stem=stem, name=name, suffix=".ris")
    box += downloads
    return box


def reference_paragraph(style: Style, runs: tuple[Run, ...]) -> qt_reference:
    """A reference formatted in *style*: its italics and bold as docutils nodes, so every builder sets them.

    Text nodes are escaped by each writer, so scraped text never becomes markup.
    """
    return qt_reference("", "", *_inline(runs), classes=["qt-reference", style.css_class])


_STYLED: dict[str, type[nodes.TextElement]] = {
    "italic": nodes.emphasis,
    "bold": nodes.strong,
    "superscript": nodes.superscript,
    "subscript": nodes.subscript,
}


def _inline(runs: tuple[Run, ...]) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for run in runs:
        if run.kind == "text":
            out.append(nodes.Text(run.text))
        elif run.kind == "link":
            if urlsplit(run.url).scheme.lower() in SAFE_SCHEMES:
                out.append(nodes.reference(run.text, run.text, refuri=run.url))
            else:
                out.append(nodes.Text(run.text))
        elif run.kind in _STYLED:
            out.append(_STYLED[run.kind]("", "", *_inline(run.children)))
        else:  # smallcaps, underline: classes the stylesheets set
            out.append(nodes.inline("", "", *_inline(run.children), classes=[f"qt-{run.kind}"]))
    return out
