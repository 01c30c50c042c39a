"""The answer renderer: MyST's rendering, minus the work a throwaway document would cost."""

from __future__ import annotations

import random
import re
import time
from typing import Any

import myst_parser.mdit_to_docutils.base as myst_base
import pytest
from docutils import nodes
from docutils.utils import new_document
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.base import DocutilsRenderer

from sphinx_quicktakes.library import load_file
from sphinx_quicktakes.library.answer_text import plain_text
from sphinx_quicktakes.library.markdown_copy import safe_markdown
from sphinx_quicktakes.library.model import QuickTake
from sphinx_quicktakes.render.answer import AnswerRenderer, answer_parser, render_answer

from .conftest import SEEDS


def test_answer_renderer_sets_up_what_myst_sets_up(answer_settings: Any) -> None:
    """The renderer's own set-up (no throwaway document) leaves the attributes MyST's would."""
    document = new_document("answer", answer_settings)
    options = {"myst_config": MdParserConfig(), "document": document, "problems": []}
    renderer = AnswerRenderer(answer_parser())
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


# --- plain text (JSON-LD, feeds) ---------------------------------------------------------

#: The patterns ``plain_text`` applied with ``re.sub`` before it was made linear: the reference for its output.
OLD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
OLD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
MARKUP = ["*", "**", "_", "__", "[", "]", "(", ")", "!", " ", "\n", "a", "<", ">", '"', "'", "\t", "](", "http://a"]


def old_plain_text(markdown: str) -> str:
    text = OLD_LINK.sub(lambda match: match.group(2), markdown)
    return OLD_EMPHASIS.sub(lambda match: match.group(2), text)


def test_plain_text_gives_what_the_old_patterns_gave() -> None:
    items = [load_file(path)[0] for path in sorted(SEEDS.glob("*.txt"))]
    answers = [item.answer for item in items if isinstance(item, QuickTake)]
    assert len(answers) >= 4
    for answer in answers:
        assert plain_text(answer) == old_plain_text(answer)
    assert plain_text("**Bold** and ![alt](https://x.org/i.png) [a](<https://x.org> 'T')") == "Bold and alt a"
    rnd = random.Random(24)
    for _ in range(20000):
        text = "".join(rnd.choice(MARKUP) for _ in range(rnd.randint(0, 16)))
        assert plain_text(text) == old_plain_text(text), repr(text)


def _seconds(text: str) -> float:
    """The best of five runs of ``plain_text`` on *text* (the machine may be shared)."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        plain_text(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("unit", ["*a ", "[", "__a ", '[a](b "', '[a](b "x)', "**a "])
def test_plain_text_is_linear_on_unclosed_markup(unit: str) -> None:
    """120 KB of unclosed ``*a `` took 133 s and 100 KB of ``[`` 95 s: every opening searched to the end."""
    normal = ("Some **bold**, *emphasis* and [a link](https://example.org/x) in a sentence.\n" * 2000)[:120_000]
    hostile = (unit * (120_000 // len(unit) + 1))[:120_000]
    assert _seconds(hostile) <= 5 * _seconds(normal) + 0.01
