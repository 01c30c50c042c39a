"""The ``quicktake-pages`` directive: previous and next links between the pages of one index.

The generated subject, keyword and date indexes are split into pages of at
most :confval:`quicktakes_page_size` entries (``publishing/pages.py``); each
page of such an index carries one of these, so a reader (and a crawler) can
walk them in order:

.. code-block:: rst

   .. quicktake-pages::
      :page: 2
      :pages: 5
      :previous: ../medicine
      :next: 3

``:previous:`` and ``:next:`` are document names, relative to the page as in
``:doc:``.  In HTML the links are a ``<nav>`` with an ``aria-label``, so
assistive technology lists it among the page's landmarks.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from ..i18n import _
from ..render.nodes import qt_pager


class PageLinksDirective(SphinxDirective):
    option_spec: ClassVar = {
        "page": directives.positive_int,
        "pages": directives.positive_int,
        "previous": directives.unchanged,
        "next": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        page, pages = self.options.get("page", 1), self.options.get("pages", 1)
        paragraph = nodes.paragraph(classes=["qt-pager-links"])
        previous, following = self.options.get("previous", "").strip(), self.options.get("next", "").strip()
        if previous:
            paragraph += self._link(previous, "← " + _("Previous page"), "prev")
            paragraph += nodes.Text(" ")
        status = _("Page {page} of {pages}").format(page=page, pages=pages)
        paragraph += nodes.inline(status, status, classes=["qt-pager-status"])
        if following:
            paragraph += nodes.Text(" ")
            paragraph += self._link(following, _("Next page") + " →", "next")
        pager = qt_pager(classes=["qt-pager"], label=_("Pages"))
        pager += paragraph
        self.set_source_info(pager)
        return [pager]

    def _link(self, target: str, text: str, role: str) -> nodes.inline:
        """A ``:doc:`` link to *target*, in a span of class ``qt-pager-<role>`` (Sphinx replaces the
        link's own node when it resolves it, classes and all)."""
        reference = addnodes.pending_xref(
            "",
            nodes.inline(text, text),
            refdomain="std",
            reftype="doc",
            reftarget=target,
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )
        self.set_source_info(reference)
        return nodes.inline("", "", reference, classes=[f"qt-pager-{role}"])
