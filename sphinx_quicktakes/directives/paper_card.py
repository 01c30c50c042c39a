"""The ``paper-card`` directive: a journal paper's citation card.

.. code-block:: rst

   .. paper-card:: 10.1016/j.clinimag.2023.110022
   .. paper-card:: ../seeds/004_bbd3cc5c83d1ebee.txt
      :abstract: collapsed
   .. paper-card::
      :title: Solid-organ transplantation in HIV-infected patients
      :authors: Halpern SD; Ubel PA; Caplan AL
      :journal: N Engl J Med
      :year: 2002
      :doi: 10.5555/12345678
      :style: american-medical-association

The argument is a DOI (looked up in the library) or a path (same rules as
``quicktake``).  Options fill in or override the file's fields, so papers
without a file still get a complete card.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ..library.catalog import Item
from ..library.citation import Citation
from ..library.csl import DEFAULT_STYLE, Run, Style, StyleError, find_style, format_reference
from ..library.doi import doi_key, is_valid_doi, normalize_doi
from ..library.model import Paper
from ..render.paper_card import ABSTRACT_MODES, build_paper_card, paper_anchor
from ..xref.loading import get_domain
from .base import LibraryDirective

_TEXT_OPTIONS = ("title", "journal", "journal-abbrev", "year", "volume", "issue", "pages", "publisher", "doi", "url")


def _list_option(argument: str | None) -> tuple[str, ...]:
    """Items separated by semicolons or new lines ("Roe, Jane; Doe, John")."""
    return tuple(item.strip() for item in (argument or "").replace("\n", ";").split(";") if item.strip())


def _abstract_option(argument: str | None) -> str:
    return directives.choice(argument, ABSTRACT_MODES)


class PaperCardDirective(LibraryDirective):
    """Render a paper as a citation card with a "Cite this" box."""

    noun = "paper"

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar = {
        **dict.fromkeys(_TEXT_OPTIONS, directives.unchanged),
        "authors": _list_option,
        "keywords": _list_option,
        "abstract": _abstract_option,
        "no-cite": directives.flag,
        "style": directives.unchanged_required,
        "cite-open": directives.flag,
        "class": directives.class_option,
        "name": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        paper = self._find(self.arguments[0].strip()) if self.arguments else None
        if self.arguments and paper is None and "title" not in self.options:
            return []
        overrides = {
            key.replace("-", "_"): value
            for key, value in self.options.items()
            if key in (*_TEXT_OPTIONS, "authors", "keywords") and value
        }
        if "doi" in overrides:
            overrides["doi"] = normalize_doi(str(overrides["doi"]))
        if paper is None and self.arguments and "doi" not in overrides and not self._is_path(self.arguments[0]):
            overrides["doi"] = normalize_doi(self.arguments[0])
        if paper is not None:
            citation = Citation.from_paper(paper, **overrides)
        elif "title" in overrides:
            citation = Citation(**overrides)
        else:
            self.warn("paper", "a paper card needs a DOI, a file, or at least a :title: option")
            return []

        link_doi = bool(citation.doi) and is_valid_doi(citation.doi)
        if citation.doi and not link_doi:
            self.warn("doi", f"{citation.doi!r} is not a valid DOI; the card is shown without a DOI link")
        anchor = self.unique_id(paper_anchor(citation))
        card = build_paper_card(
            citation,
            anchor=anchor,
            link_doi=link_doi,
            rating=(paper.primary_rating if paper.primary_rating is not None else paper.rating) if paper else None,
            rating_note=paper.rating_note if paper else "",
            language=self.config.language,
            abstract=self.options.get("abstract", "shown"),
            references=self._references(citation),
            cite="no-cite" not in self.options,
            cite_open="cite-open" in self.options,
            classes=self.options.get("class", ()),
            heading=not self._under_its_title(citation.title),
        )
        self.set_source_info(card)
        self.state.document.set_id(card)
        self.add_name(card)
        key = doi_key(citation.doi) if link_doi else ""
        get_domain(self.env).note_card(self.env.docname, anchor, key, asdict(citation))
        return [card]

    def _under_its_title(self, title: str) -> bool:
        """Is the card the first thing in a section titled by the paper's title?

        Then the card's own heading would repeat the title just above it (a paper's
        generated page is that section and the card), so it is left out.
        """
        section = self.state_machine.node  # the node being filled (MyST's mock state machine has it too)
        if not isinstance(section, nodes.section) or len(section.children) != 1:
            return False
        heading = section.children[0]
        return isinstance(heading, nodes.title) and " ".join(heading.astext().split()) == " ".join(title.split())

    def _references(self, citation: Citation) -> list[tuple[Style, tuple[Run, ...]]]:
        """The reference in each style; a style citeproc-py fails on for this paper is reported and left out."""
        if "no-cite" in self.options:
            return []
        references = []
        for style in self._styles():
            try:
                references.append((style, format_reference(citation, style)))
            except StyleError as error:
                self.warn("citation", f"the reference in {style.name!r} is left out: {error}")
        return references

    def _styles(self) -> tuple[Style, ...]:
        """The ``:style:`` option's styles (comma-separated), else the project's (see ``config.py``).

        A path in the option is relative to the page and must stay in the
        source directory.  A style file is a dependency of the page.
        """
        project: tuple[Style, ...] = getattr(self.config, "_quicktakes_styles", ())
        styles: list[Style] = []
        srcdir = Path(self.env.srcdir)
        for name in filter(None, (part.strip() for part in re.split(r"[,;]", self.options.get("style", "")))):
            if name.lower().endswith(".csl") or "/" in name:
                name = self.env.relfn2path(name, self.env.docname)[1]  # as other paths: "/" is the source directory
            try:
                styles.append(find_style(name, srcdir, (srcdir,)))
            except StyleError as error:
                self.warn("citation", f":style: {error}; the card uses the project's citation style")
        styles = styles or list(project) or [find_style(DEFAULT_STYLE, srcdir)]
        for style in styles:
            if style.in_project:
                self.env.note_dependency(style.path)
        return tuple(dict.fromkeys(styles))

    def _find(self, target: str) -> Paper | None:
        item: Item | None
        if self._is_path(target):
            item = self.find_by_path(target)
        else:
            item = self.find(("paper", doi_key(normalize_doi(target))))
            if item is None and "title" not in self.options:
                self.warn("unknown", f"no paper with DOI {target} in quicktakes_sources")
        if item is not None and not isinstance(item, Paper):
            self.warn("kind", f"{target!r} is a QuickTake, not a journal paper")
            return None
        return item

    @staticmethod
    def _is_path(target: str) -> bool:
        """DOIs start with "10." (after any doi: or doi.org prefix); anything else is a path."""
        return not normalize_doi(target).startswith("10.")
