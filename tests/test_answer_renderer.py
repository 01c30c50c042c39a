"""The answer renderer: MyST's rendering, minus the work a throwaway document would cost."""

from __future__ import annotations

from typing import Any

import myst_parser.mdit_to_docutils.base as myst_base
import pytest
from docutils.utils import new_document
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import DocutilsRenderer

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
