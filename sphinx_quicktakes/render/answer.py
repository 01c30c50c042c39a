"""Render an answer's Markdown into docutils nodes, safely.

Answers are scraped text, so they never go through MyST as page source: a
standalone MyST parser renders them into a fresh document with every feature
that could act on the build switched off.  Raw HTML, directives, roles,
targets, footnotes and front matter are not parsed; fenced blocks are only
code; links keep their text but become links only for http(s)/mailto URLs;
images are replaced by their alt text.  Headings become :class:`qt_heading`
nodes so that they stay below the question's level and out of the site's
table of contents: the first heading of an answer goes just below the
question whatever its ``#`` count, so MyST's "headings start at H3" and
"non-consecutive level" warnings, about the answer as a document of its
own, are dropped.  Problems are returned, not logged, so that the caller
reports them against the QuickTake file.
"""

from __future__ import annotations

import copy
import functools
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from docutils.parsers.rst.languages import get_language as get_language_rst
from docutils.utils import new_document
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.warnings_ import MystWarnings
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from ..library.answer_text import MARKDOWN, AnswerProblem, paragraphs, scan_depth
from ..library.markdown_copy import SAFE_SCHEMES
from .nodes import qt_heading, qt_rule

#: markdown-it rules that would let scraped text reach outside the answer.
_DISABLED_RULES = (
    "html_block",
    "html_inline",
    "front_matter",
    "myst_role",
    "myst_target",
    "myst_line_comment",
    "myst_block_break",
    "footnote_def",
    "footnote_ref",
    "footnote_inline",
    "footnote_tail",
)


class AnswerRenderer(SphinxRenderer):
    """A MyST renderer that only ever produces inert content."""

    def setup_render(self, options: dict[str, Any], env: Any) -> None:
        """MyST's set-up, without the document it builds and throws away.

        ``DocutilsRenderer.setup_render`` evaluates ``options.get("document", make_document())``:
        a fresh docutils settings object (about 3 ms) for every answer, although the caller always
        gives the document; that was 9% of a large build.  The attributes set here are MyST's
        (``tests/test_answer_renderer.py`` compares them with what MyST's own set-up leaves).
        """
        self.md_env = env
        self.md_options = options
        self.md_config = options["myst_config"]
        self.document = options["document"]
        self.current_node = options.get("current_node", self.document)
        self.reporter = self.document.reporter
        self.language_module_rst = get_language_rst(self.document.settings.language_code)
        self._heading_offset = 0
        self._level_to_section = {0: self.document}
        self._heading_slugs = {}
        self.problems: list[AnswerProblem] = options["problems"]

    def create_warning(self, message: str, subtype: Any, **kwargs: Any) -> None:
        if subtype is MystWarnings.MD_HEADING_NON_CONSECUTIVE:
            return  # levels are relative to the question, not to the answer (module docstring)
        self.problems.append(AnswerProblem(MARKDOWN, message))

    def _render_finalise(self) -> None:
        """Skip MyST's page bookkeeping: this fresh document is thrown away."""

    def render_fence(self, token: SyntaxTreeNode) -> None:
        """A fence is code, never a directive (``{include}`` would read files)."""
        if (token.info or "").strip().startswith("{"):
            message = f"directive {token.info.split()[0]} is not run in an answer; shown as code"
            self.problems.append(AnswerProblem(MARKDOWN, message))
        if token.token is not None:
            token.token.info = _known_language(token.info)
        self.render_code_block(token)

    def render_link(self, token: SyntaxTreeNode) -> None:
        href = str(token.attrGet("href") or "")
        if urlsplit(href).scheme.lower() in SAFE_SCHEMES:
            self.render_link_url(token)
            return
        message = f"link target {href!r} is not an http(s) or mailto URL; kept as text"
        self.problems.append(AnswerProblem(MARKDOWN, message))
        with self.current_node_context(nodes.inline(classes=["qt-unlinked"]), append=True):
            self.render_children(token)

    def render_image(self, token: SyntaxTreeNode) -> None:
        message = f"image {token.attrGet('src')!r} is not shown; its description is kept"
        self.problems.append(AnswerProblem(MARKDOWN, message))
        alt = "".join(child.content for child in token.children or [])
        if alt:
            self.current_node.append(nodes.inline(alt, alt, classes=["qt-image-alt"]))


def _known_language(info: str | None) -> str:
    """The fence's language if Pygments knows it, else plain text (no build warning)."""
    name = (info or "").split(maxsplit=1)[0] if info and info.strip() else ""
    if not name:
        return ""
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return "text"
    return name


@functools.cache
def answer_parser() -> MarkdownIt:
    parser = create_md_parser(MdParserConfig(), AnswerRenderer)
    parser.disable(list(_DISABLED_RULES), ignoreInvalid=True)
    # MyST counts a page's words for its metadata, in ``_render_finalise``, which an answer skips.
    parser.disable("wordcount", ignoreInvalid=True)
    return parser


def render_answer(
    markdown: str, settings: Any, source: str, line: int | None
) -> tuple[list[nodes.Node], list[AnswerProblem]]:
    """Nodes for *markdown*, and the problems met on the way.

    *settings* are the current page's docutils settings (copied, never
    changed); *source* and *line* locate the nodes for later messages.
    """
    problems, depth = scan_depth(markdown)
    document = new_document(source, copy.copy(settings))
    if depth is not None:  # too deep for MyST's recursive renderer: the text as written, one paragraph a block
        document.extend(nodes.paragraph(text, text) for text in paragraphs(markdown))
    else:
        parser = answer_parser()
        parser.options["document"] = document
        parser.options["problems"] = problems
        try:
            parser.render(markdown)
        finally:
            parser.options.pop("document", None)
            parser.options.pop("problems", None)
    for message in list(document.findall(nodes.system_message)):
        # docutils' notes on the throwaway document ("Duplicate implicit target name" for two headings
        # alike): the answer's headings are no targets, and its problems are reported against the file.
        message.parent.remove(message)
    for transition in list(document.findall(nodes.transition)):
        transition.replace_self(qt_rule(classes=["qt-rule"]))  # a transition is refused inside the article
    for node in list(document.findall(nodes.Node)):
        # Detach from the throwaway document: its settings hold the whole build environment,
        # which would otherwise be pickled into every page's doctree (and sent to -j workers).
        node._document = None
        if isinstance(node, nodes.Element):
            node["ids"] = []
            node["names"] = []
            node["dupnames"] = []
            node.source, node.line = source, line
    _sections_to_headings(document)
    return list(document.children), problems


def _sections_to_headings(parent: nodes.Element, depth: int = 1) -> None:
    """Replace each section by a :class:`qt_heading` of its depth, then its body."""
    for child in list(parent.children):
        if isinstance(child, nodes.section):
            title = child.children[0]
            heading = qt_heading(title.rawsource, "", *title.children, depth=depth)
            heading.source, heading.line = child.source, child.line
            _sections_to_headings(child, depth + 1)
            index = parent.index(child)
            parent[index : index + 1] = [heading, *child.children[1:]]
        elif isinstance(child, nodes.Element):
            _sections_to_headings(child, depth)
