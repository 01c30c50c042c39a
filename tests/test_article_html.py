"""Answers written straight to HTML (``render/answer_html.py``) are what the node route writes.

An article page from data writes its answer without docutils nodes.  These tests build the same
article both ways in one Sphinx application, the answer through MyST's nodes, Sphinx's smart
quotes and HTML translator, and the answer from markdown-it's tokens, and compare the bytes: for
every construct written from data, for the seeds, for generated answers (Hypothesis), and in a
language whose quotes differ.  What only the node route writes must be left to it (``None``).
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sphinx_quicktakes.publishing.article_pages import ArticleWriter, answer_markup, article_body
from sphinx_quicktakes.xref.loading import get_domain

from .conftest import corpus_module

#: Answers written from data, one construct (or a mix) each.
WRITTEN = [
    "",
    "One paragraph.",
    "First.\n\nSecond, with *emphasis*, **strong** and ***both***.",
    "A soft\nbreak and a hard  \nbreak and another\\\nhere.",
    "Quotes: \"double\", 'single', it's, the 90's, \"nested 'ones'\", dashes -- and --- and dots...",
    '*"Quoted emphasis"* and "quote around *emphasis*" and **"strong"**.',
    'Code `x = "y"` and `  spaced   out  ` and "`quoted code`" and `a@b & c < d`.',
    'Escapes: \\*not emphasis\\*, \\`not code\\`, \\"straight\\", &amp; &lt;b&gt; &copy; &#64;.',
    "Angle brackets 1 < 2 > 0 & an address me@example.org.",
    'A [link](https://example.org/a?b=c&d=e "its title") and [another](http://x.org/ü) and <https://auto.link/>.',
    "A [link with *emphasis* and `code`](https://example.org) in it.",
    "1. One\n2. Two\n3. Three",
    "1. **Lead**: loose\n\n2. **Second**: items\n\n3. Third",
    "3. Starts\n4. at three",
    "- a\n- b\n  - nested\n  - tight\n- c",
    "- a\n\n  more text\n- b",
    "1. a\n   - inner\n   - list\n2. b\n\n   1. deeper\n   2. still",
    "- one\n-\n- empty item above",
    "# Heading\n\nText.\n\n## Sub\n\nMore.\n\n# Back up\n\n### Skipped a level\n\nEnd.",
    "### Starts deep\n\nText\n\n## Then higher",
    "Before\n\n---\n\nAfter a rule\n\n***\n\n- list\n\n___",
    "Mojibake from the source: â‰¥ 2 cm, Ã©, â€™ and â€œquotedâ€\u009d.",
    "Text with\ttabs and  double  spaces.",
    "A line ending in a backslash\\",
    "* star list\n* items\n\n+ plus list",
    "1) paren\n2) list",
]

#: Answers that only the node route writes.
LEFT_TO_NODES = [
    "```python\nprint(1)\n```",
    "    indented code",
    "> a quote",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "![an image](https://example.org/a.png)",
    "[mail](mailto:me@example.org)",
    "[bad](javascript:alert(1))",
    "[relative](page.html)",
    "- item\n\n  > quote in a list",
    "- item\n  # heading in a list",
    "*a " * 60 + "a* " * 60,  # nested too deep: plain text, with a warning
    "Raw HTML (shown as text, with a warning): <b>bold</b>",
]


@pytest.fixture
def built(project):
    """The pages project, built: its articles are placed, so links and keyword chips resolve."""
    app = project("pages")
    app.build()
    return app


def _same(app, answer: str) -> bool:
    """Whether the answer is written from data; if it is, the article is the same both ways."""
    domain = get_domain(app.env)
    qt_id, pagename = next(iter(domain.data_pages.articles.items()))
    quicktake = dataclasses.replace(domain.library.quicktakes[qt_id], answer=answer)
    data_route = ArticleWriter(app).from_data(quicktake, pagename)
    if data_route is None:
        return False
    assert data_route == article_body(app, quicktake, pagename, from_data=False), answer
    return True


def test_every_construct_written_from_data_is_written_as_the_nodes_write_it(built) -> None:
    for answer in WRITTEN:
        assert _same(built, answer), f"left to the node route: {answer!r}"


def test_what_only_nodes_write_is_left_to_them(built) -> None:
    for answer in LEFT_TO_NODES:
        assert not _same(built, answer), answer


def test_the_seeds_and_their_pages_are_written_from_data(built) -> None:
    domain = get_domain(built.env)
    for qt_id, pagename in domain.data_pages.articles.items():
        quicktake = domain.library.quicktakes[qt_id]
        data_route = ArticleWriter(built).from_data(quicktake, pagename)
        assert data_route is not None, qt_id
        assert data_route == article_body(built, quicktake, pagename, from_data=False)


def test_quotes_of_another_language(project) -> None:
    app = project("pages", confoverrides={"language": "fr"})
    app.build()
    for answer in WRITTEN[3:6]:
        assert _same(app, answer)
    assert "«" in answer_markup(
        app, dataclasses.replace(next(iter(get_domain(app.env).library.quicktakes.values())), answer='"oui"')
    )


def test_smart_quotes_off(project) -> None:
    app = project("pages", confoverrides={"smartquotes": False})
    app.build()
    assert _same(app, WRITTEN[4])
    quicktake = next(iter(get_domain(app.env).library.quicktakes.values()))
    assert answer_markup(app, dataclasses.replace(quicktake, answer='"no" -- change')) == (
        "<p>&quot;no&quot; -- change</p>\n"
    )


_PIECES = st.sampled_from(
    [
        "word",
        "two words",
        "*",
        "**",
        "_",
        "`",
        "``",
        '"',
        "'",
        "--",
        "---",
        "...",
        "\\",
        "&",
        "&amp;",
        "<",
        ">",
        "@",
        "[",
        "]",
        "(",
        ")",
        "[a](https://e.org/x)",
        "<https://e.org>",
        "\n",
        "\n\n",
        "  \n",
        "\n- ",
        "\n1. ",
        "\n  - ",
        "\n# ",
        "\n## ",
        "\n---\n",
        " ",
        "  ",
        "\t",
        "é",
        "â€™",
        "5.",
        "2)",
    ]
)


@settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pieces=st.lists(_PIECES, max_size=30))
def test_generated_answers_are_written_alike(built, pieces: list[str]) -> None:
    _same(built, "".join(pieces))


def _every_article_alike(app) -> int:
    """Every article page of *app* is written the same both ways; returns how many were written from data."""
    domain = get_domain(app.env)
    written = 0
    for qt_id, pagename in domain.data_pages.articles.items():
        quicktake = domain.library.quicktakes[qt_id]
        data_route = ArticleWriter(app).from_data(quicktake, pagename)
        if data_route is not None:
            written += 1
            assert data_route == article_body(app, quicktake, pagename, from_data=False), qt_id
    return written


def test_review_fields_references_and_roles_are_written_alike(project) -> None:
    """Reviewers, update dates, DOI references with and without a card, PMIDs, addresses, and
    "Referenced by" entries of pages whose roles name the article."""
    app = project("medical")
    app.build()
    assert _every_article_alike(app) == len(get_domain(app.env).data_pages.articles)


def test_a_generated_library_is_written_alike(project, tmp_path) -> None:
    corpus_module().generate(tmp_path / "corpus", 150, 7)
    app = project("pages", confoverrides={"quicktakes_sources": [str(tmp_path / "corpus")]})
    app.build()
    articles = len(get_domain(app.env).data_pages.articles)
    assert articles >= 150
    assert _every_article_alike(app) == articles


RELATED = """\
---
id: {id}
date: 2025-01-10
question: >-
    {question}
answer: >-
    Text.
subject: {subject}
url: /learn/x/{id}
{related}
---
"""


NEW = 'What\'s "new" -- now?'
IT = 'Isn\'t "it" so?'


def _related_entry(number: int, target: int, title: str, subject: str) -> str:
    fields = f"    id: {target}\n    title: >-\n        {title}\n    subject: >-\n        {subject}"
    return f"related_article{number}:\n{fields}"


def test_related_titles_with_quotes_as_the_node_route_shows_them(project) -> None:
    """The node route educates a related entry's stored title while reading, then shows the target's
    current question, as it is, whenever that differs from the educated title."""
    articles = {
        1: (NEW, "Medicine", [(2, IT, "Surgery"), (3, "Absent's title", "X")]),
        2: (IT, "Surgery", [(1, "What's new", "Medicine"), (3, '"Quoted" absent...', "Other")]),
        4: ("Plain question", "Medicine", [(2, "Plain title", "Surgery"), (1, NEW, "Medicine")]),
    }
    files = {}
    for qt_id, (question, subject, related) in articles.items():
        entries = "\n".join(_related_entry(number, *entry) for number, entry in enumerate(related, 1))
        files[f"seeds/q{qt_id}.txt"] = RELATED.format(id=qt_id, question=question, subject=subject, related=entries)
    app = project("pages", files=files)
    app.build()
    assert {1, 2, 4} <= set(get_domain(app.env).data_pages.articles)
    assert _every_article_alike(app) == len(get_domain(app.env).data_pages.articles)
