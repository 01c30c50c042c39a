"""The answer renderer: MyST's rendering, minus the work a throwaway document would cost."""

from __future__ import annotations

from typing import Any

import myst_parser.mdit_to_docutils.base as myst_base
import pytest
from docutils import nodes
from docutils.utils import new_document
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import DocutilsRenderer

from sphinx_quicktakes.library.markdown_copy import safe_markdown
from sphinx_quicktakes.render.answer import AnswerRenderer, _parser, render_answer


def test_answer_renderer_sets_up_what_myst_sets_up(answer_settings: Any) -> None:
    """The renderer's own set-up (no throwaway document) leaves the attributes MyST's would."""
    document = new_document("answer", answer_settings)
    options = {"myst_config": MdParserConfig(), "document": document, "problems": []}
    renderer = AnswerRenderer(_parser())
    before = dict(vars(renderer))
    renderer.setup_render(options, {"env": 1})
    ours = {key: value for key, value in vars(renderer).items() if key not in before and key != "problems"}
    vars(renderer).clear()
    vars(renderer).update(before)
    DocutilsRenderer.setup_render(renderer, options, {"env": 1})
    theirs = {key: value for key, value in vars(renderer).items() if key not in before}
    assert ours.keys() == theirs.keys()
    assert "document" in ours
    for key, value in theirs.items():
        assert ours[key] == value, key


def test_an_answer_builds_no_document_of_its_own(monkeypatch: pytest.MonkeyPatch, answer_settings: Any) -> None:
    """MyST's default document (fresh docutils settings, ~3 ms an answer) is never made."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("make_document called")

    monkeypatch.setattr(myst_base, "make_document", refuse)
    rendered, problems = render_answer("# Title\\n\\nSome **bold** text.", answer_settings, "answer", 1)
    assert problems == []
    assert "bold" in "".join(node.astext() for node in rendered)


def test_an_answer_nested_too_deep_is_shown_as_plain_text(answer_settings: Any) -> None:
    """``*a *a ... a* a*`` 300 deep exhausted the stack in markdown-it's syntax tree: now text and a warning."""
    deep = "*a " * 300 + "a" + " a*" * 300 + "\n\nsecond block"
    children, problems = render_answer(deep, answer_settings, "answer.txt", 4)
    assert [child.astext() for child in children] == [deep.split("\n\n")[0], "second block"]
    assert [problem.subtype for problem in problems] == ["markdown"]
    assert "301 levels deep" in problems[0].message
    shallow = "*a " * 40 + "a" + " a*" * 40
    children, problems = render_answer(shallow, answer_settings, "answer.txt", 4)
    assert problems == [] and children[0].next_node(nodes.emphasis) is not None


def test_markdown_copy_of_a_too_deep_answer_is_escaped_text() -> None:
    deep = "*a " * 300 + "a" + " a*" * 300
    assert safe_markdown(deep) == deep.replace("*", "\\*") + "\n"
