"""``.. quicktakes-search::``: the Pagefind search box on any page, under any theme.

The box is a form to the search page, so it works with Sphinx's search too; with Pagefind in use
(``quicktakes_search``) results appear below it as one types.  Builders other than HTML leave it out.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..render.nodes import qt_search_box


class QuickTakesSearchDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, object]] = {}

    def run(self) -> list[nodes.Node]:
        node = qt_search_box()
        self.set_source_info(node)
        return [node]
