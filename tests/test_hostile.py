"""A whole site built from hostile files: nothing runs, nothing leaks, every bad file is located.

The files of ``tests/hostile/`` (exact bytes: see its ``.gitattributes``) are
copied into the seeds folder of the ``minimal`` project, with
``quicktakes_pages = "questions"`` so that every QuickTake and paper gets its
own page, index entries, a Markdown copy and JSON-LD.  Next to the project, an
``outside/`` folder holds secret files, each with its own token, that hostile
input tries to reach: by symlinks, by directive paths with ``../``, by MyST
directives in answers, and by reStructuredText smuggled into generated pages.

``tests/hostile/crash/`` holds files that once made the loader or the build
raise; each is built on its own so that one crash does not hide the others.

The site is built once per module (a build takes seconds and every test
reads the same output); the crash files use the ``project`` fixture.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from sphinx_quicktakes.library.checker import check

from .conftest import ROOTS, SEEDS, BuildProject, warnings_of

HOSTILE = Path(__file__).parent / "hostile"
CORPUS = sorted(path for path in HOSTILE.glob("*.txt"))
CRASHERS = sorted((HOSTILE / "crash").glob("*.txt"))
PAGES = {"quicktakes_pages": "questions"}
DANGEROUS_SCHEMES = ("javascript", "vbscript", "data")
#: Attributes that hold a URL a browser may follow or load.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset", "xlink:href")
ACTIVE_ELEMENTS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math", "img", "style")

#: What each hostile file must produce: ``(subtype, line)`` of every ``quicktakes.*``
#: warning located in it; ``line=None`` accepts any line the file has.  An empty
#: set means the file loads cleanly and its hostile text is shown as text.
EXPECTED: dict[str, set[tuple[str, int | None]]] = {
    # Markdown answers: raw HTML, event handlers, dangerous links, MyST syntax.
    "answer_raw_html.txt": {("html", 5)},
    "answer_links.txt": {("markdown", 5), ("html", 5)},
    "answer_myst_syntax.txt": {("markdown", 5), ("html", 5)},
    # Emphasis nested 300 deep: shown as plain text, not a RecursionError.
    "answer_deep_emphasis.txt": {("markdown", 4)},
    # Related-article URLs with dangerous schemes; ids not in the project.
    "related_urls.txt": {("related", 6), ("related", 10), ("related", 14), ("related", 18), ("related", 34)},
    # Markup in every text field, and JSON-LD breakers in the seo block.
    "question_markup.txt": set(),
    # reStructuredText in a subject and a keyword, which generated pages write into directives.
    "subject_injection.txt": set(),
    "keyword_injection.txt": set(),
    # A subject of backslashes, keywords that read as a rule, a comment or a list, and thematic breaks.
    "rst_shaped_names.txt": set(),
    # Papers: markup everywhere, a javascript: DOI, and a DOI that is valid yet carries <script>.
    "paper_hostile.txt": {("doi", 13)},
    "paper_script_in_doi.txt": set(),
    # YAML that constructs objects, expands aliases, or nests without end.
    "yaml_python_object_apply.txt": {("yaml", 4)},
    "yaml_python_object_new.txt": {("yaml", 4)},
    "yaml_python_name.txt": {("yaml", 4)},
    "yaml_python_module.txt": {("yaml", 3)},
    "yaml_python_tag_on_key.txt": {("yaml", 5)},
    "yaml_python_tag_on_document.txt": {("yaml", 2)},
    "yaml_binary.txt": {("field", 4)},
    "yaml_alias_bomb.txt": {("yaml", 5)},
    "yaml_deep_flow_nesting.txt": {("yaml", 5)},
    "yaml_deep_block_nesting.txt": {("yaml", 25)},
    "yaml_empty_mapping.txt": {("missing", None)},
    "yaml_unicode_line_separators.txt": {("yaml", 5)},
    # Bytes that are not UTF-8 text, and damaged but readable text.
    "nul_bytes.txt": {("binary", 4)},
    "invalid_utf8.txt": {("encoding", 3)},
    "utf16le_bom.txt": {("binary", 1)},
    "utf16be_bom.txt": {("binary", 1)},
    "crlf_cr_bom.txt": {("yaml", 4)},
    "mojibake.txt": set(),
    "mojibake_c1_control.txt": {("yaml", 4)},
    "huge_line.txt": set(),
    # C0/C1 control characters from YAML escapes, and raw in a paper page: removed, one warning a file.
    "control_characters.txt": {("text", 3)},
    "paper_control_characters.txt": {("text", 3)},
    # Lists, mappings and nulls where text belongs (seo, related articles): left out, not shown as Python reprs.
    "non_text_values.txt": {("field", 5), ("related", 9)},
    # A rating of 400 nines (Infinity in quicktakes.json), an id "²", a related_article number of 5,000 digits.
    "paper_infinite_rating.txt": {("rating", 1), ("rating", 13), ("rating", 19)},
    "id_superscript.txt": {("id", 2)},
    "related_key_long_digits.txt": {("related", 5), ("related", 7)},
    # A DOI line with no DOI in it: the paper got no page and no warning.
    "paper_empty_doi.txt": {("doi", 9)},
}
#: Sphinx's smart quotes curl the quotes of text shown as text.
STRAIGHT_QUOTES = str.maketrans("‘’“”", "''\"\"")
#: YAML tags that would create these files (in the working directory) if they ever ran.
MARKERS = ("qt-hostile-marker-apply", "qt-hostile-marker-popen", "qt-hostile-marker-key", "qt-hostile-marker-document")

INDEX = """\
Hostile
=======

.. toctree::

   questions/index

.. quicktake:: ../outside/secret-directive.txt

.. quicktake:: ../seeds/../outside/secret-through-seeds.txt

.. quicktake:: /../outside/secret-root.txt

.. paper-card:: ../outside/secret-paper.txt

.. quicktake:: linked-secret.txt
"""
#: ``.. quicktake::`` and ``.. paper-card::`` arguments of INDEX that leave the project, by line.
OUTSIDE_ARGUMENTS = {
    8: "../outside/secret-directive.txt",
    10: "../seeds/../outside/secret-through-seeds.txt",
    12: "/../outside/secret-root.txt",
    14: "../outside/secret-paper.txt",
    16: "linked-secret.txt",
}
#: Each way of reaching outside the project, and the secret file it aims at (in ``outside/``).
VECTORS = {
    "symlink-in-sources": "secret-symlink.txt",
    "symlinked-folder-in-sources": "folder/secret-folder.txt",
    "directive-relative-path": "secret-directive.txt",
    "directive-path-through-sources": "secret-through-seeds.txt",
    "directive-root-relative-path": "secret-root.txt",
    "paper-card-path": "secret-paper.txt",
    "symlink-in-source-directory": "secret-srcdir-link.txt",
    "myst-directive-in-answer": "secret-myst.txt",
    "subject-into-generated-page": "secret-subject.txt",
    "keyword-into-generated-page": "secret-keyword.txt",
}


@dataclass
class Site:
    root: Path
    app: SphinxTestApp
    warnings: str
    tokens: dict[str, str]

    @property
    def outdir(self) -> Path:
        return Path(self.app.outdir)

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"


def secret(vector: str, token: str) -> str:
    """A file that would show *token* if it were ever read: a QuickTake, or a paper page."""
    if vector == "paper-card-path":
        return f"Article\n\n{token} paper title\n\nJournal\n\n{token} JOURNAL\n\nDOI: 10.5555/{token}\n"
    number = 880000 + list(VECTORS).index(vector)
    return f"---\nid: {number}\nquestion: {token}?\nanswer: {token}\n---\n\n{token}\n"


def make_site(
    root: Path, files: dict[str, bytes], links: dict[str, str] | None = None, tokens: dict[str, str] | None = None
) -> Site:
    """The ``project`` fixture's layout (docs/ beside seeds/), built once and kept for the module.

    *links* are symlinks to make (path -> target, both relative to *root*).
    """
    shutil.copytree(ROOTS / "test-minimal", root / "docs")
    shutil.copytree(SEEDS, root / "seeds")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    for name, target in (links or {}).items():
        (root / name).symlink_to(root / target, target_is_directory=(root / target).is_dir())
    app = SphinxTestApp("html", srcdir=root / "docs", confoverrides=PAGES, status=StringIO(), warning=StringIO())
    try:
        with contextlib.chdir(root):  # a YAML tag that ran would drop its marker file here
            app.build()
    except BaseException:
        app.cleanup()
        raise
    return Site(root, app, strip_escape_sequences(app.warning.getvalue()), tokens or {})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tokens = {vector: f"QTSECRET{uuid.uuid4().hex}" for vector in VECTORS}
    files = {f"seeds/{path.name}": path.read_bytes() for path in CORPUS}
    files |= {f"outside/{name}": secret(vector, tokens[vector]).encode() for vector, name in VECTORS.items()}
    files["docs/index.rst"] = INDEX.encode()
    links = {
        "seeds/symlink_escape.txt": f"outside/{VECTORS['symlink-in-sources']}",
        "seeds/linked_folder": "outside/folder",
        "docs/linked-secret.txt": f"outside/{VECTORS['symlink-in-source-directory']}",
        "seeds/symlink_loop.txt": "seeds/symlink_loop.txt",
    }
    built = make_site(tmp_path_factory.mktemp("hostile"), files, links, tokens)
    yield built
    built.app.cleanup()


# --- helpers -----------------------------------------------------------------------------

_RECORD = re.compile(r"\n(?=[^\n]*\b(?:WARNING|ERROR|CRITICAL|SEVERE): )")
_WARNING = re.compile(r"(?:(?P<location>[^\n]+?): )?WARNING: (?P<message>.*) \[quicktakes\.(?P<subtype>[\w-]+)\]", re.S)


def located_warnings(warnings: str) -> list[tuple[str, int | None, str, str]]:
    """``(path, line or None, subtype, message)`` of every ``quicktakes.*`` warning.

    A message may span lines; a record ends where the next one starts.
    """
    found = []
    for record in _RECORD.split(warnings):
        match = _WARNING.fullmatch(record.strip())
        if match is None:
            continue
        path, _, line = (match["location"] or "").rpartition(":")
        if path and line.isdigit():
            found.append((path, int(line), match["subtype"], match["message"]))
        else:  # unlocated: Sphinx prints "WARNING: <path>: <message>"
            found.append(("", None, match["subtype"], match["message"]))
    return found


def html_pages(site: Site) -> list[tuple[Path, BeautifulSoup]]:
    return [
        (path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")) for path in site.outdir.rglob("*.html")
    ]


def scheme_of(url: str) -> str:
    """The scheme a browser would see: control characters and whitespace are ignored inside it."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(unquote(url)))
    return urlsplit(cleaned).scheme.lower() if ":" in cleaned else ""


def lines_of(path: Path) -> int:
    return len(re.split(rb"\r\n|\r|\n", path.read_bytes()))


def test_the_detectors_detect() -> None:
    """The checks below would see what they look for (so that passing means something)."""
    for url in ("javascript:x", " JaVaScRiPt:x", "java\tscript:x", "&#106;avascript:x", "%6Aavascript:x", "\x01data:x"):
        assert scheme_of(url) in DANGEROUS_SCHEMES, url
    for url in ("https://example.org", "/_static/x.js", "#top", "page.html", "mailto:a@example.org"):
        assert scheme_of(url) not in DANGEROUS_SCHEMES, url
    found = list(markdown_links("[a](javascript:x) <vbscript:y> ![i](data:z) <b onclick=x>b</b>"))
    assert found == [
        ("link", "javascript:x"),
        ("link", "vbscript:y"),
        ("image", "data:z"),
        ("html", "<b onclick=x>"),
        ("html", "</b>"),
    ]
    warnings = "/p/f.txt:3: WARNING: two\nlines [quicktakes.yaml]\nWARNING: /p/g.txt: no line [quicktakes.path]\n"
    assert located_warnings(warnings) == [
        ("/p/f.txt", 3, "yaml", "two\nlines"),
        ("", None, "path", "/p/g.txt: no line"),
    ]


# --- the build -----------------------------------------------------------------------------


def test_the_build_finishes_and_every_loadable_file_has_a_page(site: Site) -> None:
    assert (site.outdir / "index.html").is_file()
    for qt_id in (990020, 990021, 990022, 990023, 990024, 990025, 990026, 990033, 990034, 990110):
        assert (site.outdir / "questions" / f"{qt_id}.html").is_file(), qt_id
    assert (site.outdir / "questions" / "papers" / "index.html").is_file()


def test_no_yaml_tag_ever_runs(site: Site) -> None:
    made = [path for path in site.root.rglob("qt-hostile-marker*")]
    made += [Path.cwd() / name for name in MARKERS if (Path.cwd() / name).exists()]
    assert made == [], "\n".join(map(repr, made))
    for name in ("yaml_python_object_apply.txt", "yaml_python_object_new.txt", "yaml_python_tag_on_document.txt"):
        assert f"{site.seeds / name}:" in site.warnings  # refused with a warning, not silently


# --- HTML: no script, no active content, no dangerous URL ---------------------------------------


@dataclass
class Allowed:
    """What Sphinx and the extension put in pages of a clean site, so that only the rest is foreign."""

    script_sources: set[str]
    inline_scripts: set[str]
    #: ``(element, attribute names)`` of active elements, and ``(element, attribute, value)`` of handlers.
    elements: set[tuple[str, frozenset[str]]]
    handlers: set[tuple[str, str, str]]


def _site_path(site: Site, page: Path, src: str) -> str:
    base = page.relative_to(site.outdir).as_posix()
    return urlsplit(urljoin(base, src)).path


def _handlers(tag: Any) -> list[tuple[str, str, str]]:
    return [(tag.name, name, str(tag[name])) for name in tag.attrs if name.lower().startswith("on")]


@pytest.fixture(scope="module")
def allowed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Allowed]:
    """The same project with only the shipped seeds."""
    index = b"Clean\n=====\n\n.. toctree::\n\n   questions/index\n"
    clean = make_site(tmp_path_factory.mktemp("clean"), {"docs/index.rst": index})
    result = Allowed(set(), set(), set(), set())
    for path, soup in html_pages(clean):
        for script in soup.find_all("script"):
            if script.get("src"):
                result.script_sources.add(_site_path(clean, path, script["src"]))
            elif script.get("type") != "application/ld+json":
                result.inline_scripts.add(script.get_text().strip())
        for tag in soup.find_all(ACTIVE_ELEMENTS):
            result.elements.add((tag.name, frozenset(tag.attrs)))
        for tag in soup.find_all(True):
            result.handlers.update(_handlers(tag))
    yield result
    clean.app.cleanup()


def test_no_script_but_sphinx_own_and_json_ld(site: Site, allowed: Allowed) -> None:
    foreign = []
    for path, soup in html_pages(site):
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json" and not script.get("src"):
                continue
            if script.get("src"):
                if _site_path(site, path, script["src"]) not in allowed.script_sources:
                    foreign.append((path.relative_to(site.outdir).as_posix(), str(script)[:120]))
            elif script.get_text().strip() not in allowed.inline_scripts:
                foreign.append((path.relative_to(site.outdir).as_posix(), str(script)[:120]))
    assert foreign == [], "\n".join(map(repr, foreign))


def test_no_active_content_or_event_handlers(site: Site, allowed: Allowed) -> None:
    found = []
    for path, soup in html_pages(site):
        page = path.relative_to(site.outdir).as_posix()
        for tag in soup.find_all(ACTIVE_ELEMENTS):
            if (tag.name, frozenset(tag.attrs)) not in allowed.elements:
                found.append((page, str(tag)[:80]))
        for tag in soup.find_all("meta", attrs={"http-equiv": True}):
            found.append((page, str(tag)[:80]))
        for tag in soup.find_all(True):
            found += [(page, *handler) for handler in _handlers(tag) if handler not in allowed.handlers]
    assert found == [], "\n".join(map(repr, found))


def test_no_dangerous_url_in_any_attribute(site: Site) -> None:
    found = []
    for path, soup in html_pages(site):
        page = path.relative_to(site.outdir).as_posix()
        for tag in soup.find_all(True):
            for name in URL_ATTRIBUTES:
                value = tag.get(name)
                if not isinstance(value, str):
                    continue
                if scheme_of(value) in DANGEROUS_SCHEMES or value.strip().startswith(("//", "\\\\", "/\\")):
                    found.append((page, tag.name, name, value[:80]))
                if "evil.example" in urlsplit(value.strip()).netloc:
                    found.append((page, tag.name, name, value[:80]))
    assert found == [], "\n".join(map(repr, found))


def test_hostile_text_is_shown_as_text(site: Site) -> None:
    raw_html = BeautifulSoup((site.outdir / "questions" / "990020.html").read_text(encoding="utf-8"), "html.parser")
    answer = raw_html.find(class_="qt-answer").get_text().translate(STRAIGHT_QUOTES)
    assert "<script>alert('answer-script')</script>" in answer
    assert '<iframe src="https://evil.example/frame"></iframe>' in answer
    assert '<a href="javascript:alert(1)">raw anchor</a>' in answer
    mojibake = (site.outdir / "questions" / "990033.html").read_text(encoding="utf-8")
    assert "What’s the dose when the mass is ≥ 5 mm?" in mojibake
    assert "â" not in BeautifulSoup(mojibake, "html.parser").find("article").get_text()
    huge = BeautifulSoup((site.outdir / "questions" / "990034.html").read_text(encoding="utf-8"), "html.parser")
    text = huge.find(class_="qt-answer").get_text().strip()
    assert text.startswith("huge-line-start") and text.endswith("huge-line-end")


# --- JSON-LD, quicktakes.json and the Markdown copies -----------------------------------------

_URL_KEYS = ("url", "sameAs", "@id", "image", "logo", "contentUrl", "thumbnailUrl", "mainEntityOfPage", "href", "page")


def _urls(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _urls(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item, key)
    elif isinstance(value, str) and key in _URL_KEYS:
        yield value


def test_json_ld_cannot_break_out_and_links_nowhere_dangerous(site: Site) -> None:
    blocks = 0
    for path, soup in html_pages(site):
        raw = path.read_text(encoding="utf-8")
        for script in soup.find_all("script", type="application/ld+json"):
            blocks += 1
            text = script.get_text()
            assert "<" not in text and "\u2028" not in text and "\u2029" not in text, path
            data = json.loads(text)
            bad = [url for url in _urls(data) if scheme_of(url) not in ("http", "https", "")]
            assert bad == [], path
        assert raw.count("<script") == len(soup.find_all("script")), path  # no script hidden from the parser
    assert blocks >= 9  # one per QuickTake page, and the papers


def test_export_is_strict_json_without_infinite_ratings(site: Site) -> None:
    """A paper rating of 400 nines was written as ``"rating": Infinity``, which no JSON parser but Python's reads."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in quicktakes.json")

    export = json.loads((site.outdir / "quicktakes.json").read_text(encoding="utf-8"), parse_constant=refuse)
    papers = {paper["doi"]: paper for paper in export["papers"]}
    assert papers["10.5555/infinite-rating"]["rating"] is None
    assert "∞" not in (site.outdir / "questions" / "papers" / "10-5555-infinite-rating.html").read_text(
        encoding="utf-8"
    )
    assert (site.outdir / "questions" / "990113.html").is_file()  # its related_article of 5,000 digits is dropped


def test_export_links_nowhere_dangerous(site: Site) -> None:
    export = json.loads((site.outdir / "quicktakes.json").read_text(encoding="utf-8"))
    links = [related["link"]["href"] for article in export["articles"] for related in article["related"]]
    links += [article["page"] for article in export["articles"]] + [paper["page"] for paper in export["papers"]]
    bad = [href for href in links if href and (scheme_of(href) not in ("http", "https", "") or href.startswith("//"))]
    assert bad == [], "\n".join(map(repr, bad))


def _permissive_markdown() -> MarkdownIt:
    """CommonMark as the most trusting renderer reads it: raw HTML on, every link target accepted."""
    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def markdown_links(text: str) -> Iterator[tuple[str, str]]:
    """``(kind, target)`` of every link, image and HTML tag a Markdown renderer would produce from *text*."""
    for token in _permissive_markdown().parse(text):
        for child in [token, *(token.children or [])]:
            if child.type == "link_open":
                yield "link", str(child.attrGet("href"))
            elif child.type == "image":
                yield "image", str(child.attrGet("src"))
            elif child.type in ("html_inline", "html_block") and re.search(r"<\s*/?\s*[A-Za-z]", child.content):
                yield "html", child.content.strip()


def markdown_copies(site: Site) -> list[Path]:
    copies = [site.outdir / "llms.txt", *sorted((site.outdir / "questions").glob("*.md"))]
    assert len(copies) >= 10
    return copies


def test_markdown_copies_have_no_live_dangerous_links(site: Site) -> None:
    found = []
    for path in markdown_copies(site):
        text = path.read_text(encoding="utf-8")
        for kind, target in markdown_links(text):
            if kind in ("link", "image") and scheme_of(target) in DANGEROUS_SCHEMES:
                found.append((path.name, kind, target))
        for match in re.finditer(r"(?<!\\)\]\(\s*<?\s*(?:javascript|vbscript|data):[^\n]*", text, re.IGNORECASE):
            found.append((path.name, "text", match.group(0)[:80]))
    assert found == [], "\n".join(map(repr, found))


def test_markdown_copies_have_no_raw_html_tags(site: Site) -> None:
    found = [
        (path.name, target[:80])
        for path in markdown_copies(site)
        for kind, target in markdown_links(path.read_text(encoding="utf-8"))
        if kind == "html"
    ]
    assert found == [], "\n".join(map(repr, found))


def test_a_related_url_cannot_break_out_of_its_markdown_link(site: Site) -> None:
    copy = (site.outdir / "questions" / "990023.md").read_text(encoding="utf-8")
    assert "[click](javascript:" not in copy
    related = [target for kind, target in markdown_links(copy) if kind == "link"]
    assert all(scheme_of(target) in ("http", "https", "") for target in related), related


# --- nothing outside the project is read --------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS)
def test_no_secret_outside_the_project_is_read(site: Site, vector: str) -> None:
    token = site.tokens[vector]
    build = site.root / "docs" / "_build"
    leaked = [
        path.relative_to(build).as_posix()
        for path in build.rglob("*")
        if path.is_file() and token.encode() in path.read_bytes()
    ]
    leaked += [
        path.relative_to(site.outdir).as_posix()
        for path, soup in html_pages(site)
        if token in soup.get_text()  # highlighted code splits text into spans
    ]
    generated = site.root / "docs" / "questions"
    leaked += [path.name for path in generated.rglob("*.rst") if token in path.read_text(encoding="utf-8")]
    assert leaked == [], "\n".join(map(repr, leaked))


def test_paths_outside_the_project_are_refused_with_located_warnings(site: Site) -> None:
    index = str(site.root / "docs" / "index.rst")
    for line, argument in OUTSIDE_ARGUMENTS.items():
        assert f"{index}:{line}: WARNING: {argument!r} is outside the project" in site.warnings, argument
    symlink = site.seeds / "symlink_escape.txt"
    refused = [w for w in located_warnings(site.warnings) if w[2] == "path" and w[3].startswith(f"{symlink}:")]
    assert refused and "not read" in refused[0][3]


def test_a_symlink_loop_is_refused_with_a_warning(site: Site) -> None:
    """It raised OSError (too many levels of symbolic links) while the sources were listed."""
    loop = site.seeds / "symlink_loop.txt"
    refused = [w[3] for w in located_warnings(site.warnings) if w[2] == "path" and w[3].startswith(f"{loop}:")]
    assert refused == [f"{loop}: cannot be opened (too many levels of symbolic links); not read"]


# --- every hostile file is a located warning ------------------------------------------------------


def test_the_corpus_is_the_expected_one() -> None:
    assert sorted(path.name for path in CORPUS) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_gives_located_warnings(site: Site, name: str) -> None:
    path = site.seeds / name
    resolved = str(path.resolve())
    located = {(subtype, line) for where, line, subtype, _ in located_warnings(site.warnings) if where == resolved}
    unlocated = [
        message for where, _, _, message in located_warnings(site.warnings) if not where and resolved in message
    ]
    assert unlocated == [], "warnings about this file must name its line"
    lines = lines_of(path)
    assert all(line is not None and 1 <= line <= lines for _, line in located), (located, lines)
    exact = {item for item in EXPECTED[name] if item[1] is not None}
    loose = {subtype for subtype, line in EXPECTED[name] if line is None}
    assert {item for item in located if item[0] not in loose} == exact
    for subtype in loose:
        assert any(found == subtype for found, _ in located), (subtype, located)


# --- files that crashed the loader or the build ----------------------------------------------------


@pytest.mark.parametrize("path", CRASHERS, ids=[path.stem for path in CRASHERS])
def test_a_crashing_file_does_not_stop_the_build(project: BuildProject, path: Path) -> None:
    app = project(
        "minimal",
        files={
            f"seeds/{path.name}": path.read_bytes(),
            "docs/index.rst": "Page\n====\n\n.. toctree::\n\n   questions/index\n",
        },
        seeds=False,
        confoverrides=PAGES,
    )
    app.build()
    assert (Path(app.outdir) / "index.html").is_file()
    seed = str((Path(app.srcdir).parent / "seeds" / path.name).resolve())
    located = [w for w in located_warnings(warnings_of(app)) if w[0] == seed]
    assert located, "the file must be reported, with its line"


# --- control characters ---------------------------------------------------------------------------

CONTROL_FILES = ("control_characters.txt", "paper_control_characters.txt")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_control_characters_reach_no_output(project: BuildProject) -> None:
    """The Atom feeds raised on them ("All strings must be XML compatible") and the ePub was not XML."""
    files: dict[str, bytes | str] = {f"seeds/{name}": (HOSTILE / name).read_bytes() for name in CONTROL_FILES}
    html = project("medical", files=files)
    html.build()
    outdir = Path(html.outdir)
    feed = feedparser.parse((outdir / "feeds" / "all.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [entry.title for entry in feed.entries]
    assert "Are control[31m characters removed from every field?" in titles
    assert (outdir / "questions" / "990111.html").is_file()
    dirty = [
        path.relative_to(outdir).as_posix()
        for path in outdir.rglob("*")
        if path.suffix in (".html", ".json", ".md", ".txt", ".atom", ".xml", ".bib", ".ris")
        and _CONTROL.search(path.read_text(encoding="utf-8"))
    ]
    assert dirty == []
    epub = project("medical", "epub")
    epub.build()
    pages = sorted(Path(epub.outdir).glob("**/*.xhtml"))
    assert any("990111" in path.read_text(encoding="utf-8") for path in pages)
    for path in pages:
        ElementTree.parse(path)  # raises on a character XML cannot hold


# --- the checker reports what the build reports ---------------------------------------------------

#: Files of issue 24: each gave a crash, a wrong output or nothing at all before.
CHECKED = (
    "answer_deep_emphasis.txt",
    "control_characters.txt",
    "paper_control_characters.txt",
    "non_text_values.txt",
    "paper_infinite_rating.txt",
    "id_superscript.txt",
    "related_key_long_digits.txt",
    "paper_empty_doi.txt",
    "symlink_loop.txt",
)


def test_the_checker_reports_what_the_build_reports(site: Site) -> None:
    """``python -m sphinx_quicktakes check`` gives each of these files the build's subtypes and lines."""
    built = set()
    for where, line, subtype, message in located_warnings(site.warnings):
        name = Path(where or message.split(": ", 1)[0]).name  # an unlocated warning names its file first
        if name in CHECKED:
            built.add((name, line, subtype))
    checked = {(p.path.name, p.line, p.subtype) for p in check([str(site.seeds)]).problems if p.path.name in CHECKED}
    assert checked == built
    assert {name for name, _, _ in checked} == set(CHECKED)


def test_generated_pages_give_no_warning(site: Site) -> None:
    """Names shaped like rST (a subject of backslashes, a keyword ``..`` or ``1.``) are escaped in the
    generated pages: no docutils warning points into them (it would name no QuickTake file)."""
    in_generated = [
        line
        for line in site.warnings.splitlines()
        if "/questions/" in line.partition(": ")[0] and not re.search(r"\[quicktakes\.\w+\]$", line)
    ]
    assert in_generated == []
