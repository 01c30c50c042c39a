"""Downloadable citation files (BibTeX, RIS) for every paper card.

A card's download line is a :class:`~sphinx_quicktakes.render.nodes.qt_downloads`
paragraph of :class:`~sphinx_quicktakes.render.nodes.qt_citation_file` items.  On
builders that write a browsable site (HTML, dirhtml, singlehtml) they become
links to ``_citations/<anchor>.bib|.ris``, written once per build from the
domain's records, one file per distinct citation (the same paper with
different option overrides on two pages gets two files); every other builder (ePub, LaTeX, text, man, Texinfo) skips
the line, since a file link means nothing there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from ..library.bibtex_ris import bibtex, ris
from ..library.citation import Citation, file_stem
from ..render.nodes import qt_citation_file, qt_downloads
from ..xref.loading import get_domain
from . import outputs
from .output_digests import OutputDigests

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.writers.html5 import HTML5Translator

FOLDER = "_citations"
_FORMATS = {".bib": bibtex, ".ris": ris}


def writes_files(builder: Builder) -> bool:
    """Browsable HTML builders only; ePub readers cannot download and warn about unknown files."""
    return isinstance(builder, StandaloneHTMLBuilder) and "epub" not in builder.name


def visit_downloads_html(self: HTML5Translator, node: qt_downloads) -> None:
    if not writes_files(self.builder):
        raise nodes.SkipNode
    self.visit_paragraph(node)


def depart_downloads_html(self: HTML5Translator, node: qt_downloads) -> None:
    self.depart_paragraph(node)


def visit_file_html(self: HTML5Translator, node: qt_citation_file) -> None:
    assert isinstance(self.builder, StandaloneHTMLBuilder)
    base = self.builder.get_target_uri(self.builder.current_docname)
    uri = relative_uri(base, f"{FOLDER}/{node['stem']}{node['suffix']}")
    download = f"{node['name']}{node['suffix']}"
    self.body.append(self.starttag(node, "a", "", href=uri, download=download, CLASS="qt-download"))


def depart_file_html(self: HTML5Translator, node: qt_citation_file) -> None:
    self.body.append("</a>")


def skip(self: object, node: nodes.Element) -> None:
    raise nodes.SkipNode


def write_files(app: Sphinx, exception: Exception | None) -> None:
    """Write each distinct citation's files once, after the pages."""
    if exception is not None or not writes_files(app.builder):
        return
    written: set[str] = set()
    digests = OutputDigests(app, "citations")  # a file whose citation did not change is not made again
    if digests.nothing_changed():
        return
    for _page, cards in get_domain(app.env).every_card():
        for card in cards.values():
            stem = file_stem(card["citation"])
            if stem in written:
                continue
            written.add(stem)
            for suffix, render in _FORMATS.items():
                relative = f"{FOLDER}/{stem}{suffix}"
                if not digests.up_to_date(relative, card["citation"]):
                    outputs.write(app, relative, render(Citation(**card["citation"])))
    digests.save()
