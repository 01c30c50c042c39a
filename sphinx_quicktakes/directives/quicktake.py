"""The ``quicktake`` directive: one QuickTake article, by id or by file path.

.. code-block:: rst

   .. quicktake:: 118100
      :hide: related
      :class: featured

A path is relative to the current document (or to the source directory when it
starts with ``/``) and must stay inside the source directory or a folder of
``quicktakes_sources``; anything else is refused without being read.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from .. import reporting
from ..library.catalog import Item
from ..library.model import QuickTake
from ..publishing.pages import keyword_labeller
from ..render.article import PARTS, build_article
from ..xref.loading import get_domain
from ..xref.shards import index_entries
from .base import LibraryDirective


def parts_option(argument: str | None) -> list[str]:
    """A comma- or space-separated list of article parts."""
    names = [name for name in (argument or "").replace(",", " ").split() if name]
    unknown = [name for name in names if name not in PARTS]
    if unknown:
        raise ValueError(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    return names


class QuickTakeDirective(LibraryDirective):
    """Render one QuickTake as an article whose title is its question."""

    noun = "QuickTake"

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = {
        "parts": parts_option,
        "hide": parts_option,
        "class": directives.class_option,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0].strip()
        quicktake = self._find(target)
        if quicktake is None:
            return []
        parts = [part for part in self.options.get("parts", PARTS) if part not in self.options.get("hide", ())]
        article, problems = build_article(
            quicktake,
            parts=parts,
            classes=self.options.get("class"),
            settings=self.state.document.settings,
            language=self.config.language,
            keyword_labels=keyword_labeller(get_domain(self.env).data) if self.config.quicktakes_pages else None,
        )
        for problem in problems:
            reporting.warn_at(quicktake.path, quicktake.answer_line(), problem.subtype, problem.message)
        article["ids"] = [self.unique_id(article["ids"][0])]
        self.state.document.set_id(article)
        self.set_source_info(article)
        self.add_name(article)
        get_domain(self.env).note_article(self.env.docname, quicktake.id, article["ids"][0], quicktake.question)
        if not index_entries(self.config):
            return [article]
        index = addnodes.index(entries=[("single", quicktake.question, article["ids"][0], "", None)])
        if quicktake.subject:  # under its subject; a "pair" would list the question a second time at the top
            index["entries"].append(
                ("single", f"{quicktake.subject}; {quicktake.question}", article["ids"][0], "", None)
            )
        return [index, article]

    def _find(self, target: str) -> QuickTake | None:
        item: Item | None
        if target.isascii() and target.isdigit():  # "²" is a digit that int() refuses
            item = self.find(("quicktake", str(int(target))))
            if item is None:
                self.warn("unknown", f"no QuickTake with id {target} in quicktakes_sources")
        else:
            item = self.find_by_path(target)
        if item is not None and not isinstance(item, QuickTake):
            self.warn("kind", f"{target!r} is a journal paper, not a QuickTake")
            return None
        return item
