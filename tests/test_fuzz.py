"""Property-based tests: no input makes the loaders or the answer renderer misbehave.

Whatever the bytes of a file, ``load_file`` returns ``(item or None, problems)``
and never raises; every problem has a known subtype, names the file and, when
it has a line, a line the file really has.  Whatever the Markdown of an
answer, ``render_answer`` never raises and never produces raw output (but
MyST's fixed ``<br />`` for a hard line break), images, cross-references or
links other than http(s) and mailto; and ``safe_markdown``, which writes the
answer into the published Markdown copies, keeps to the same rules as read by
any CommonMark renderer.

Hypothesis runs derandomized and without an example database, so a failure
here fails the same way on every machine.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import pickle
import re
import string
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from docutils import nodes
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from sphinx import addnodes

from sphinx_quicktakes.library import load_file, repair
from sphinx_quicktakes.library.answer_text import AnswerProblem
from sphinx_quicktakes.library.frontmatter import MAX_DEPTH
from sphinx_quicktakes.library.markdown_copy import SAFE_SCHEMES, safe_markdown
from sphinx_quicktakes.library.model import Paper, Problem, QuickTake
from sphinx_quicktakes.render.answer import render_answer

from .conftest import SEED_FILES, SEEDS

#: Every subtype ``load_file`` may report (``duplicate``, ``path`` and ``sources`` come from the library).
KNOWN_SUBTYPES = frozenset(
    {
        "read",
        "binary",
        "encoding",
        "frontmatter",
        "yaml",
        "missing",
        "id",
        "field",
        "date",
        "related",
        "paper",
        "doi",
        "text",
        "rating",
    }
)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
HEAVY = settings(FUZZ, max_examples=25)
PER_SEED = settings(FUZZ, max_examples=60)
SEED_NAMES = sorted(SEED_FILES.values())
SEED_BYTES = {name: (SEEDS / name).read_bytes() for name in SEED_NAMES}
#: The only raw nodes MyST makes from Markdown with HTML off: a hard line break (backslash or
#: two spaces before a newline), as fixed text that no input can change.
MYST_HARD_BREAK = frozenset({("html", "<br />\n"), ("latex", "\\\\\n")})
CRASHERS = sorted((Path(__file__).parent / "hostile" / "crash").glob("*.txt"))


# --- helpers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file, rewritten for every example."""
    return tmp_path_factory.mktemp("fuzz") / "file.txt"


def line_count(data: bytes) -> int:
    """Lines of the file as the loader counts them: CRLF, CR and LF each end one."""
    return len(re.split(rb"\r\n|\r|\n", data))


def load_bytes(path: Path, data: bytes) -> tuple[QuickTake | Paper | None, list[Problem]]:
    """Load *data* and check every property that holds for any input."""
    path.write_bytes(data)
    result = load_file(path)
    assert isinstance(result, tuple) and len(result) == 2
    item, problems = result
    assert item is None or isinstance(item, QuickTake | Paper)
    assert isinstance(problems, list)
    lines = line_count(data)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.subtype in KNOWN_SUBTYPES, problem
        assert problem.path == path
        assert problem.message
        assert problem.line is None or 1 <= problem.line <= lines, (
            f"line {problem.line} of a {lines}-line file: {problem}"
        )
    if item is None:
        assert problems, "a skipped file must say why"
        return item, problems
    assert item.path == path
    for key, line in item.lines.items():
        assert 1 <= line <= lines, f"{key!r} on line {line} of a {lines}-line file"
    if isinstance(item, QuickTake):
        assert isinstance(item.id, int) and item.id > 0
        assert isinstance(item.question, str) and item.question
        assert isinstance(item.answer, str) and item.answer
        for related in item.related:
            assert related.id > 0
            assert related.line is None or 1 <= related.line <= lines
    pickle.dumps(item)  # the environment pickles items (and -j sends them between processes)
    return item, problems


# --- arbitrary input through load_file ----------------------------------------------


@FUZZ
@given(st.text())
def test_any_text_loads_or_is_reported(scratch: Path, text: str) -> None:
    load_bytes(scratch, text.encode("utf-8"))


@FUZZ
@given(st.binary(max_size=4096))
def test_any_bytes_load_or_are_reported(scratch: Path, data: bytes) -> None:
    load_bytes(scratch, data)


@pytest.mark.parametrize("name", SEED_NAMES)
@PER_SEED
@given(cut=st.floats(0, 1))
def test_every_truncation_of_a_seed(scratch: Path, name: str, cut: float) -> None:
    seed = SEED_BYTES[name]
    load_bytes(scratch, seed[: int(cut * len(seed))])


@pytest.mark.parametrize("name", SEED_NAMES)
@PER_SEED
@given(flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=8))
def test_random_byte_flips_in_a_seed(scratch: Path, name: str, flips: list[tuple[float, int]]) -> None:
    data = bytearray(SEED_BYTES[name])
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    load_bytes(scratch, bytes(data))


@pytest.mark.parametrize("name", SEED_NAMES)
@PER_SEED
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["insert", "delete"]), st.binary(min_size=1, max_size=6)),
        min_size=1,
        max_size=4,
    ),
)
def test_random_insertions_and_deletions_in_a_seed(
    scratch: Path, name: str, edits: list[tuple[float, str, bytes]]
) -> None:
    data = SEED_BYTES[name]
    for where, kind, chunk in edits:
        at = int(where * len(data))
        data = data[:at] + chunk + data[at:] if kind == "insert" else data[:at] + data[at + len(chunk) :]
    load_bytes(scratch, data)


# --- YAML-shaped input ------------------------------------------------------------------

#: Pieces of front matter: real keys, YAML syntax, tags, and characters YAML treats specially.
_KEYS = st.sampled_from(
    [
        "id",
        "question",
        "answer",
        "date",
        "date_format",
        "score",
        "seo",
        "subject",
        "title",
        "url",
        "page_keywords",
        "related_article1",
        "related_article2",
        "related_article10",
        "<<",
        "? id",
        "- id",
        "",
    ]
)
_SCALARS = st.sampled_from(
    [
        "1",
        "0",
        "-4",
        "1.5",
        "118100",
        '"118100"',
        "0x1f",
        "0o17",
        "1e400",
        ".nan",
        "-.inf",
        "~",
        "null",
        "true",
        "no",
        "2024-12-11",
        "2024-13-01",
        "2024-02-30 12:00:00",
        "2024-01-01T25:00:00Z",
        "'quoted ''text'''",
        '"escaped \\n \\u2028 \\x85 text"',
        "&a anchored",
        "*a",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!!str 5",
        "!!int x",
        "!!python/object/apply:os.system [true]",
        "!custom x",
        "|-",
        ">-",
        "|+2",
        "[",
        "]",
        "{",
        "}",
        "[a, [b, {c: d}]]",
        "{id: 1, question: q, answer: a}",
        "{id: abc, question: [q], answer: a, date: soon}",
        "'",
        '"',
        "#",
        "%TAG",
        "---",
        "...",
        "&nbsp;",
        "Journal",
        "DOI: 10.1016/j.clinimag.2023.110022",
        "[x](javascript:alert(1))",
        "<script>alert(1)</script>",
        "â‰¥ CafÃ©",
    ]
)
_ODD_TEXT = st.text(
    alphabet=st.sampled_from([*"ab:-[]{},&*!|>'\"#?% \t\\", "\u2028", "\u2029", "\x85", "\ufeff", "\x00", "é"]),
    max_size=12,
)
_INDENT = st.sampled_from(["", "", "", "  ", "    ", "\t", "- "])
#: Whole lines that reach the loader's less travelled paths.
_SPECIAL_LINES = st.sampled_from(
    [
        "<<: {id: abc, question: q, answer: a}",
        "<<: {id: 2, question: [q], answer: a}",
        "<<: {date: soon, score: high, seo: 3}",
        "<<: [{related_article1: 5}, {subject: [s]}]",
        "!!set",
        "!!omap",
        "!!python/object/apply:os.system",
        "? [a]",
        "? id",
        ": b",
        "id: 2",
        'question: "line\u2028separator"',
        'question: "next\x85line"',
        "related_article1:",
        "    id: 2",
        "    id: abc",
        "    url: javascript:alert(1)",
        "    title: [t]",
        "seo:",
        "  page_keywords: a, b",
        "  page_keywords: [a, 1, null]",
        "  title: {t: 1}",
        "date: 2024-13-01",
        "date: 2024-01-01 10:00:00+01:00",
        "score: high",
        "score: [1]",
        "{}",
        "[]",
        "answer: |-",
        "    1. **one**\\n\\n2. two",
    ]
)
_YAML_LINE = st.one_of(
    _SPECIAL_LINES,
    st.builds(lambda i, k, v: f"{i}{k}: {v}", _INDENT, _KEYS, st.one_of(_SCALARS, _ODD_TEXT)),
    st.builds(lambda i, v: f"{i}{v}", _INDENT, st.one_of(_SCALARS, _ODD_TEXT)),
)
_NEWLINE = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])
_BASE_LINES = ["id: 1", "question: q", "answer: a"]


@st.composite
def front_matter_text(draw: st.DrawFn) -> str:
    """A mostly valid front matter with random lines slipped in, or an invalid one."""
    lines = list(draw(st.sampled_from([_BASE_LINES, _BASE_LINES, _BASE_LINES[:2], []])))
    for line in draw(st.lists(_YAML_LINE, max_size=6)):
        lines.insert(draw(st.integers(0, len(lines))), line)
    newline = draw(_NEWLINE)
    opening = draw(st.sampled_from(["---", "---", "---", "--- ", "\n---", "\ufeff---", "--", "---x"]))
    closing = draw(st.sampled_from(["---", "---", "---", "...", "", "--- #", "----"]))
    body = draw(st.sampled_from(["", "&nbsp;", "Editor's note.", "---\nid: 2\n---"]))
    return newline.join([opening, *lines, closing, body])


@FUZZ
@given(front_matter_text())
def test_yaml_shaped_front_matter(scratch: Path, text: str) -> None:
    load_bytes(scratch, text.encode("utf-8"))


# --- random front-matter dictionaries, dumped with yaml.safe_dump ---------------------------

_ODD_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=40),
        st.binary(max_size=20),
        st.dates(),
        st.datetimes(),
        st.sampled_from(["", " ", "&nbsp;", "118100", "2024-13-01", "-1", "0", "\\n\\n1. **x**"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(_KEYS, st.text(max_size=8)), children, max_size=4),
    ),
    max_leaves=12,
)
_FIELD_KEYS = st.one_of(
    _KEYS,
    st.sampled_from(["keywords", "file_name", "post_on_text", "author", "article_title", "_schema"]),
    st.from_regex(r"related_article[0-9]{1,3}", fullmatch=True),
    st.text(max_size=10),
)


def dump(data: dict[Any, Any], flow: bool | None, unicode: bool) -> str:
    return yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False)


@FUZZ
@given(
    st.fixed_dictionaries({"id": _ODD_VALUES, "question": _ODD_VALUES, "answer": _ODD_VALUES}),
    st.dictionaries(_FIELD_KEYS, _ODD_VALUES, max_size=8),
    st.sampled_from([None, False, True]),
    st.booleans(),
)
def test_random_front_matter_dictionaries(
    scratch: Path, required: dict[str, Any], extra: dict[str, Any], flow: bool | None, unicode: bool
) -> None:
    text = "---\n" + dump({**extra, **required}, flow, unicode) + "---\n\n&nbsp;\n"
    load_bytes(scratch, text.encode("utf-8"))


@FUZZ
@given(
    st.dictionaries(st.one_of(_FIELD_KEYS, st.integers(), st.none(), st.booleans()), _ODD_VALUES, max_size=8),
    st.sampled_from([None, False, True]),
)
def test_front_matter_mappings_of_any_shape(scratch: Path, data: dict[Any, Any], flow: bool | None) -> None:
    text = "---\n" + dump(data, flow, True) + "---\n"
    load_bytes(scratch, text.encode("utf-8"))


@FUZZ
@given(st.fixed_dictionaries({"id": st.integers(1, 10**9), "question": st.text(min_size=1), "answer": st.text()}))
def test_valid_front_matter_keeps_its_values(scratch: Path, data: dict[str, Any]) -> None:
    item, problems = load_bytes(scratch, ("---\n" + dump(data, False, True) + "---\n").encode("utf-8"))
    # Control characters are removed (after mojibake repair), with one "text" problem.
    shown = {key: repair.strip_controls(repair.fix_text(data[key])) for key in ("question", "answer")}
    cleaned = [text for _, (_, removed) in shown.items() for text in removed]
    if shown["question"][0].strip() and shown["answer"][0].strip():
        assert isinstance(item, QuickTake), problems
        assert item.id == data["id"]
    else:
        assert item is None
        assert [p.subtype for p in problems] == (["text"] if cleaned else []) + ["missing"]


# --- deep nesting and long lines --------------------------------------------------------


def nested(kind: str, depth: int) -> str:
    """A value *depth* collections deep, in flow or block style."""
    if kind == "flow-list":
        return "deep: " + "[" * depth + "x" + "]" * depth
    if kind == "flow-map":
        return "deep: " + "{a: " * depth + "x" + "}" * depth
    if kind == "block-map":
        return "deep:" + "".join("\n" + "  " * level + "a:" for level in range(1, depth + 1)) + " x"
    return "deep:\n  " + "- " * depth + "x"


@HEAVY
@given(st.sampled_from(["flow-list", "flow-map", "block-map", "block-list"]), st.integers(1, 400))
def test_deep_nesting_is_bounded(scratch: Path, kind: str, depth: int) -> None:
    text = f"---\nid: 1\nquestion: q\nanswer: a\n{nested(kind, depth)}\n---\n"
    item, problems = load_bytes(scratch, text.encode("utf-8"))
    if depth + 1 > MAX_DEPTH:  # the front matter itself is the first level
        assert item is None
        assert any(p.subtype == "yaml" for p in problems)


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, 1_000, 100_000])
def test_very_deep_flow_nesting_is_refused_or_loaded(scratch: Path, depth: int) -> None:
    item, problems = load_bytes(
        scratch, f"---\nid: 1\nquestion: q\nanswer: a\nx: {'[' * depth}{']' * depth}\n---\n".encode()
    )
    if depth + 1 > MAX_DEPTH:
        assert item is None and "nested deeper" in problems[0].message
    else:
        assert isinstance(item, QuickTake)


@HEAVY
@given(
    st.sampled_from(["answer", "key", "body", "delimiter", "no-front-matter", "paper-title"]),
    st.integers(10_000, 400_000),
    st.sampled_from(["a", "é", " ", "[", "\\n", "x:"]),
)
def test_very_long_lines(scratch: Path, where: str, length: int, unit: str) -> None:
    line = (unit * length)[:length]
    text = {
        "answer": f"---\nid: 1\nquestion: q\nanswer: {line}\n---\n",
        "key": f"---\nid: 1\nquestion: q\nanswer: a\n{line}: v\n---\n",
        "body": f"---\nid: 1\nquestion: q\nanswer: a\n---\n{line}\n",
        "delimiter": f"---{line}\nid: 1\nquestion: q\nanswer: a\n---\n",
        "no-front-matter": line,
        "paper-title": f"4.3 Article\n\n{line}\n\nJournal\n\nJ\nDOI: 10.1/x\n",
    }[where]
    load_bytes(scratch, text.encode("utf-8"))


def test_multi_megabyte_answer(scratch: Path, answer_settings: Any) -> None:
    paragraph = "1. **Imaging** guides [drainage](https://example.org) of the abscess, â‰¥ 2 cm. " * 8
    answer = "\\n\\n".join([paragraph] * 5_000)
    assert len(answer) > 3_000_000
    item, problems = load_bytes(scratch, f"---\nid: 1\nquestion: q\nanswer: '{answer}'\n---\n".encode())
    assert problems == []
    assert isinstance(item, QuickTake)
    assert item.answer.count("≥ 2 cm") == 5_000 * 8  # repaired everywhere, nothing dropped
    rendered, found = render_answer(item.answer, answer_settings, str(scratch), 5)
    assert found == []
    check_answer_nodes(rendered, str(scratch), 5)
    assert sum(1 for node in rendered for _ in node.findall(nodes.reference)) == 5_000 * 8


# --- explicit reproductions of what fuzzing found ---------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_problem_lines_count_newlines_only(scratch: Path, separator: str) -> None:
    """YAML counts U+2028, U+2029 and U+0085 as line breaks; editors and the loader do not."""
    text = f'---\nid: 1\nquestion: "a{separator * 5}b"\nanswer: a\nbroken: [never closed\n---\n'
    _, problems = load_bytes(scratch, text.encode("utf-8"))
    assert [(p.subtype, p.line) for p in problems] == [("yaml", 5)]


def test_empty_mapping_is_a_located_problem(scratch: Path) -> None:
    _, problems = load_bytes(scratch, b"---\n{}\n---\n")
    assert [p.subtype for p in problems] == ["missing"]
    assert problems[0].line is not None


@pytest.mark.parametrize("path", CRASHERS, ids=[path.stem for path in CRASHERS])
def test_known_crashers_are_reported_not_raised(scratch: Path, path: Path) -> None:
    """The files of ``tests/hostile/crash``: each made ``load_file`` (or, for a huge id, the build) raise."""
    load_bytes(scratch, path.read_bytes())


# --- the Markdown answer path ----------------------------------------------------------


def check_answer_nodes(rendered: list[nodes.Node], source: str, line: int | None) -> None:
    for top in rendered:
        assert isinstance(top, nodes.Node)
        for node in top.findall(include_self=True):
            if isinstance(node, nodes.raw):  # only MyST's own markup for a hard line break, never input
                assert (node.get("format"), node.astext()) in MYST_HARD_BREAK, node
            assert not isinstance(node, nodes.image | nodes.section | nodes.system_message), node
            assert not isinstance(node, addnodes.pending_xref | addnodes.download_reference), node
            if not isinstance(node, nodes.Element):
                continue
            assert (node.source, node.line) == (source, line)  # warnings about it point at the answer
            assert node["ids"] == [] and node["names"] == []  # cannot take over the page's anchors
            if isinstance(node, nodes.reference):
                assert "refuri" in node, node  # never a refname resolved later against the page
                assert urlsplit(node["refuri"]).scheme.lower() in SAFE_SCHEMES, node["refuri"]
            if isinstance(node, nodes.target) and "refuri" in node:
                assert urlsplit(node["refuri"]).scheme.lower() in SAFE_SCHEMES, node["refuri"]


def render_checked(text: str, document_settings: Any) -> list[AnswerProblem]:
    rendered, problems = render_answer(text, document_settings, "answer.txt", 7)
    assert isinstance(rendered, list)
    assert isinstance(problems, list) and all(isinstance(p.message, str) for p in problems)
    assert {p.subtype for p in problems} <= {"html", "markdown"}
    check_answer_nodes(rendered, "answer.txt", 7)
    return problems


@FUZZ
@given(st.text())
def test_any_answer_text_renders_safely(answer_settings: Any, text: str) -> None:
    render_checked(text, answer_settings)


_SCHEMES = st.sampled_from(
    [
        "javascript:",
        "JaVaScRiPt:",
        " javascript:",
        "java\tscript:",
        "java\nscript:",
        "&#106;avascript:",
        "&#x6A;avascript&#x3A;",
        "javascript&colon;",
        "%6Aavascript:",
        "\x01javascript:",
        "vbscript:",
        "data:",
        "data:text/html;base64,",
        "file:",
        "about:",
        "blob:",
        "",
        "/",
        "//",
        "\\\\",
        "#",
        "?",
        "http:",
        "https:",
        "HTTPS:",
        "mailto:",
        "ftp:",
        "{download}",
    ]
)
_DESTINATIONS = st.builds(lambda s, rest: s + rest, _SCHEMES, st.text(alphabet=string.printable, max_size=16))
_MARKDOWN = st.one_of(
    st.builds("[{}]({})".format, st.text(max_size=8), _DESTINATIONS),
    st.builds("[{}](<{}>)".format, st.text(max_size=8), _DESTINATIONS),
    st.builds('[{}]({} "{}")'.format, st.text(max_size=8), _DESTINATIONS, st.text(max_size=8)),
    st.builds("![{}]({})".format, st.text(max_size=8), _DESTINATIONS),
    st.builds("<{}>".format, _DESTINATIONS),
    st.builds("[{0}][{0}]\n\n[{0}]: {1}\n".format, st.text(alphabet=string.ascii_letters, min_size=1), _DESTINATIONS),
    st.builds(
        "```{}\n{}\n```".format,
        st.sampled_from(["", "python", "{include}", "{raw} html", "{eval-rst}", "nope"]),
        st.text(max_size=30),
    ),
    st.builds("{{{}}}`{}`".format, st.sampled_from(["raw-html", "download", "doc", "ref", "x"]), st.text(max_size=10)),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<iframe src='javascript:alert(1)'>",
            "<a href='javascript:alert(1)'>x</a>",
            "<!-- comment -->",
            "<?php ?>",
            "&lt;script&gt;",
            "&#60;script&#62;",
            "# Heading",
            "###### Deep heading",
            "Setext\n===",
            "- item\n  - nested",
            "1. one\n2. two",
            "> quote",
            "| a | b |\n|---|---|\n| c | d |",
            "**bold** _em_ `code`",
            "---",
            "+++",
            "(label)=",
            "% comment",
            "[^1]\n\n[^1]: note",
            "$x$",
            "\\n\\n",
            "\\",
            "\x00",
            "\u2028",
            "\r\n",
        ]
    ),
    st.text(max_size=10),
)


@FUZZ
@given(st.lists(st.tuples(_MARKDOWN, st.sampled_from(["", " ", "\n", "\n\n", "\n\n    "])), max_size=10))
def test_markdown_shaped_answers_render_safely(answer_settings: Any, pieces: list[tuple[str, str]]) -> None:
    render_checked("".join(piece + separator for piece, separator in pieces), answer_settings)


@HEAVY
@given(st.sampled_from(["> ", "- ", "1. ", "[", "*", "**a", "`", "<", "![", "[](", "|"]), st.integers(100, 20_000))
def test_pathological_markdown_renders_safely(answer_settings: Any, unit: str, count: int) -> None:
    render_checked(unit * count, answer_settings)


def test_odd_but_valid_values_are_kept(scratch: Path) -> None:
    """A sanity check on the helpers: an odd but valid file loads, with its odd values kept."""
    data = {
        "id": 7,
        "question": "q",
        "answer": "a",
        "date": dt.date(1, 1, 1),
        "score": math.inf,
        "extra": b"\x00bytes",
    }
    item, problems = load_bytes(scratch, ("---\n" + dump(data, None, True) + "---\n").encode())
    assert problems == []
    assert isinstance(item, QuickTake)
    assert item.date == dt.date(1, 1, 1)
    assert item.extra == {"extra": b"\x00bytes"}


# --- the Markdown copies (llms.txt): safe_markdown ---------------------------------------------


def _permissive_markdown() -> MarkdownIt:
    """CommonMark as the most trusting renderer reads it: raw HTML on, every link target accepted."""
    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


PERMISSIVE = _permissive_markdown()


def unsafe_markdown(text: str) -> list[tuple[str, str]]:
    """Links to other than http(s)/mailto, images and HTML tags that a renderer would make of *text*."""
    found = []
    for token in PERMISSIVE.parse(text):
        for child in [token, *(token.children or [])]:
            if child.type == "link_open":
                href = str(child.attrGet("href"))
                if urlsplit(href).scheme.lower() not in SAFE_SCHEMES:
                    found.append(("link", href))
            elif child.type == "image":
                found.append(("image", str(child.attrGet("src"))))
            elif child.type in ("html_inline", "html_block") and re.search(r"<\s*/?\s*[A-Za-z]", child.content):
                found.append(("html", child.content))
    return found


@FUZZ
@given(st.one_of(st.text(), st.lists(_MARKDOWN, max_size=6).map("\n".join)))
def test_markdown_copy_of_an_answer_keeps_only_safe_links(text: str) -> None:
    """What ``llms.txt`` copies publish: the page's rules (no HTML, no images, only http(s)/mailto links)."""
    assert unsafe_markdown(safe_markdown(text)) == []


@pytest.mark.parametrize(
    "answer",
    [
        "[a][e]\n\n[e]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "[a [b] c](javascript:alert(1))",
        "[a](javascript:alert((1)))",
        "[a](<javascript:alert (1)>)",
        "[![i](https://example.org/i.png)](javascript:alert(1))",
        "[`]`](javascript:alert(1))",
    ],
)
def test_markdown_copy_refuses_links_the_page_refuses(answer: str) -> None:
    """Each is a ``javascript:`` link for any CommonMark renderer that does not filter schemes itself."""
    assert unsafe_markdown(safe_markdown(answer)) == []


@pytest.mark.parametrize(
    "answer",
    [
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "![i](https://example.org/i.png)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[ok](https://example.org) and [mail](mailto:a@example.org)",
    ],
)
def test_markdown_copy_drops_the_simple_cases(answer: str) -> None:
    assert unsafe_markdown(safe_markdown(answer)) == []


# --- whole builds of a one-article project, every output parsed back ----------------------

#: Few examples: each builds three projects (about a second each), and the whole test stays under a
#: minute; no shrinking, which at a few seconds an example can take minutes (the failing example is
#: printed as found).  QT_BUILD_EXAMPLES=200 explores further.
BUILDS = settings(
    FUZZ,
    max_examples=int(os.environ.get("QT_BUILD_EXAMPLES", "12")),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
_PUNCTUATION_RUN = st.builds(
    lambda unit, count: unit * count,
    st.sampled_from(["*", "_", "`", "-", "#", ">", "[", "]", "|", "\\", "~", "1.", "- ", "***\n", "---\n"]),
    st.integers(1, 400),
)
_CONTROL_TEXT = st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=30)
_FRONT_MATTER_VALUE = st.one_of(_ODD_VALUES, _CONTROL_TEXT, st.dates(), st.datetimes(), _PUNCTUATION_RUN)
#: Mostly text with something visible, so that most examples build the article's pages.
_QUESTION = st.one_of(
    st.builds("Q{}{}".format, st.text(max_size=40), _CONTROL_TEXT), st.text(max_size=60), _FRONT_MATTER_VALUE
)
_ANSWER = st.one_of(
    st.builds("A {}\n\n{}".format, _PUNCTUATION_RUN, _PUNCTUATION_RUN),
    st.builds("A{}".format, _CONTROL_TEXT),
    st.builds("A\n\n{}".format, st.lists(_MARKDOWN, max_size=6).map("\n\n".join)),
    _ODD_VALUES,
)
_WARNING = re.compile(r"^\S.*: WARNING: .* \[quicktakes\.[a-z_]+\]$")


def _build(source: Path, builder: str) -> tuple[Path, str]:
    """Build *source* fresh with *builder*: its output folder and the warnings given."""
    import io

    from sphinx.application import Sphinx
    from sphinx.util.console import strip_escape_sequences
    from sphinx.util.docutils import docutils_namespace

    out = source / "_build" / builder
    warnings = io.StringIO()
    with docutils_namespace():  # as SphinxTestApp: each app registers its nodes and roles afresh
        app = Sphinx(source, source, out, source / "_build" / "doctrees", builder, status=None, warning=warnings)
        app.build(force_all=True)
    return out, strip_escape_sequences(warnings.getvalue())


@BUILDS
@given(
    question=_QUESTION,
    answer=_ANSWER,
    extra=st.dictionaries(
        st.sampled_from(["subject", "date", "post_on_text", "author", "seo", "related_article1", "references"]),
        _FRONT_MATTER_VALUE,
        max_size=4,
    ),
)
def test_a_project_of_one_odd_article_builds_and_its_outputs_parse(
    tmp_path_factory: pytest.TempPathFactory, question: Any, answer: Any, extra: dict[str, Any]
) -> None:
    """Whatever one article's front matter holds, html, text and epub builds end, every warning is a
    located ``quicktakes.*`` one, and each output parses: the HTML and ePub XHTML as XML where they
    must be, ``quicktakes.json`` as JSON, the Atom feeds with feedparser."""
    import json
    import xml.etree.ElementTree as ET

    import feedparser

    root = tmp_path_factory.mktemp("odd")
    (root / "seeds").mkdir()
    data = {"id": 1, "question": question, "answer": answer, **extra}
    (root / "seeds" / "a.txt").write_text("---\n" + dump(data, None, True) + "---\n", encoding="utf-8")
    docs = root / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        'project = "odd"\ncopyright = "2026"\nversion = "1"\n'
        'extensions = ["sphinx_quicktakes"]\nquicktakes_sources = ["../seeds"]\n'
        'quicktakes_pages = "questions"\nhtml_baseurl = "https://example.org/"\nquicktakes_search = "sphinx"\n'
        'exclude_patterns = ["_build"]\n'
    )
    (docs / "index.rst").write_text("Odd\n===\n\n.. toctree::\n\n   questions/index\n")
    pages = set()
    for builder, suffix in (("html", ".html"), ("text", ".txt"), ("epub", ".xhtml")):
        out, warnings = _build(docs, builder)
        for line in warnings.splitlines():
            # Docutils' registries are global: a session fixture's app (answer_settings) has already
            # registered Sphinx's nodes and directives, which each new app then says it overrides.
            if not line.startswith("WARNING: while setting up extension "):
                assert _WARNING.match(line), (builder, warnings)
        pages.add((out / "questions" / f"1{suffix}").is_file())  # the article has a page in all or none
        if builder == "html":
            exported = json.loads((out / "quicktakes.json").read_text(encoding="utf-8"))
            assert isinstance(exported, dict)
            feeds = sorted((out / "feeds").glob("*.atom")) if (out / "feeds").is_dir() else []
            assert feeds, sorted(path.name for path in out.iterdir())
            for feed in feeds:
                parsed = feedparser.parse(feed.read_bytes())
                assert not parsed.bozo, (feed.name, parsed.bozo_exception)
        elif builder == "epub":
            documents = [*out.rglob("*.xhtml"), *out.rglob("*.opf"), *out.rglob("*.ncx")]
            assert documents
            for document in documents:
                ET.parse(document)  # well-formed XML, or raises
        else:
            assert (out / "index.txt").read_text(encoding="utf-8").startswith("Odd")
    assert len(pages) == 1
    event("the article has a page" if pages == {True} else "the file is skipped")
