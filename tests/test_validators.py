"""The output passes the formats' own validators, as stores and browsers judge it.

- The W3C Nu HTML checker (``vnu.jar``, from npm's ``vnu-jar`` at the version
  ``tests/browser/package-lock.json`` pins: a current release, which knows today's HTML such as
  ``<details name>``) on every page of the docs site: no error, no warning.
- epubcheck (Debian's ``epubcheck``) on the docs site's ePub and on a test project's: no error,
  no warning.  Apple Books and Kindle Direct Publishing refuse a book that fails it.

Both are Java programs (``.ci/run`` installs a JRE and epubcheck).  The books are built once and
the three checks run at once, once for the module.  Without the tools the tests are skipped,
saying what to install; with ``QUICKTAKES_VALIDATOR_TESTS=required`` (``.ci/run`` sets it) they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

import sphinx_quicktakes

from .conftest import DOCS, ROOTS, SEEDS

PACKAGE = Path(sphinx_quicktakes.__file__).parent
HTML_CSS = PACKAGE / "static" / "quicktakes.css"
EPUB_CSS = PACKAGE / "static" / "quicktakes-epub.css"
#: Where Debian's epubcheck package puts the program (``/usr/bin/epubcheck`` links to it).
DEBIAN_EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
#: The Nu checker that ``npm ci --prefix tests/browser`` installs.
NPM_VNU = Path(__file__).parent / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Short runs: the quick JIT compiler alone and one GC thread halve the validators' CPU time.
#: The Nu checker needs a deep thread stack for its HTML schema (it asks for 512k; with the quick
#: compiler alone even 1m overflows).
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m"]


@dataclass(frozen=True)
class Tools:
    java: str
    vnu: Path
    epubcheck: Path


def require_tools() -> Tools:
    """The validators; skip (or, with QUICKTAKES_VALIDATOR_TESTS=required, fail) when one is missing."""
    missing = []
    java = shutil.which("java")
    if java is None:
        missing.append("a Java runtime (apt-get install default-jre-headless)")
    vnu: Path | None = NPM_VNU
    if not NPM_VNU.is_file():
        vnu = None
        missing.append("vnu.jar (npm ci --prefix tests/browser)")
    found = shutil.which("epubcheck")
    epubcheck = Path(found).resolve() if found else DEBIAN_EPUBCHECK
    if not epubcheck.is_file():
        missing.append("epubcheck (apt-get install epubcheck)")
    if missing:
        message = "the validator tests need " + ", ".join(missing) + "; .ci/run installs them"
        if os.environ.get("QUICKTAKES_VALIDATOR_TESTS") == "required":
            pytest.fail(message)
        pytest.skip(message)
    assert java is not None and vnu is not None
    return Tools(java, vnu, epubcheck)


def build_epub(srcdir: Path, outdir: Path) -> Path:
    """``sphinx-build -W -b epub`` in a fresh process; the book's path."""
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "epub", "-d", str(outdir.parent / "doctrees")]
    result = subprocess.run([*command, str(srcdir), str(outdir)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    (book,) = outdir.glob("*.epub")
    return book


@dataclass(frozen=True)
class Reports:
    html_pages: int
    #: vnu's messages: "file:line: type/subtype: message".
    html: list[str]
    #: epubcheck's messages by book: "SEVERITY(ID) path:line: message".
    epub: dict[str, list[str]]
    books: dict[str, Path]


def _epubcheck_command(tools: Tools, book: Path, report: Path) -> list[str]:
    jar = tools.epubcheck.suffix == ".jar"
    program = [tools.java, *JAVA_OPTIONS, "-jar", str(tools.epubcheck)] if jar else [str(tools.epubcheck)]
    return [*program, str(book), "--json", str(report)]


def _epub_messages(report: Path) -> list[str]:
    lines = []
    for message in json.loads(report.read_text(encoding="utf-8"))["messages"]:
        if message["severity"] in ("INFO", "USAGE", "SUPPRESSED"):
            continue
        where = message["locations"][0] if message["locations"] else {}
        lines.append(
            f"{message['severity']}({message['ID']}) {where.get('path')}:{where.get('line')}: {message['message']}"
        )
    return lines


def _html_messages(output: str, root: Path) -> list[str]:
    lines = []
    for message in json.loads(output)["messages"]:
        kind = message["type"] if message["type"] != "info" else message.get("subType", "info")
        if kind == "info":
            continue
        page = Path(urlsplit(message.get("url", "")).path)
        where = page.relative_to(root).as_posix() if page.is_relative_to(root) else str(page)
        lines.append(f"{where}:{message.get('lastLine')}: {kind}: {message['message']}")
    return lines


@pytest.fixture(scope="module")
def reports(docs_html: Path, tmp_path_factory: pytest.TempPathFactory) -> Reports:
    tools = require_tools()
    work = tmp_path_factory.mktemp("validators")
    project = work / "project"  # the layout of the ``project`` fixture: docs/ beside seeds/
    shutil.copytree(ROOTS / "test-pages", project / "docs")
    shutil.copytree(SEEDS, project / "seeds")
    books = {
        "docs": build_epub(DOCS, work / "docs" / "epub"),
        "test-pages": build_epub(project / "docs", work / "pages" / "epub"),
    }
    pages = sorted(docs_html.rglob("*.html"))
    vnu = subprocess.Popen(
        [tools.java, *JAVA_OPTIONS, "-jar", str(tools.vnu), "--format", "json", *map(str, pages)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    checks = {
        name: (
            work / f"{name}.json",
            subprocess.Popen(
                _epubcheck_command(tools, book, work / f"{name}.json"),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            ),
        )
        for name, book in books.items()
    }
    _, vnu_output = vnu.communicate(timeout=600)
    epub: dict[str, list[str]] = {}
    for name, (report, process) in checks.items():
        output, _ = process.communicate(timeout=600)
        assert report.is_file(), output
        epub[name] = _epub_messages(report)
    return Reports(len(pages), _html_messages(vnu_output, docs_html), epub, books)


def test_docs_html_is_valid(reports: Reports) -> None:
    assert reports.html_pages > 30
    assert reports.html == []


@pytest.mark.parametrize("book", ["docs", "test-pages"])
def test_epub_passes_epubcheck(reports: Reports, book: str) -> None:
    assert reports.epub[book] == []


def test_books_link_the_plain_stylesheet_only(reports: Reports, docs_html: Path) -> None:
    for book in reports.books.values():
        with zipfile.ZipFile(book) as archive:
            names = set(archive.namelist())
            article = archive.read("questions/118100.xhtml").decode("utf-8")
        assert "_static/quicktakes-epub.css" in names and "_static/quicktakes.css" not in names
        assert 'href="../_static/quicktakes-epub.css"' in article and "quicktakes.css" not in article
    html = (docs_html / "questions" / "118100.html").read_text(encoding="utf-8")
    assert 'href="../_static/quicktakes.css' in html and "quicktakes-epub.css" not in html


def test_epub_stylesheet_is_plain_and_styles_every_component() -> None:
    """What e-readers' engines do not parse stays out, and no component of the HTML stylesheet is forgotten."""
    html, epub = HTML_CSS.read_text(encoding="utf-8"), EPUB_CSS.read_text(encoding="utf-8")
    rules = re.sub(r"/\*.*?\*/", "", epub, flags=re.DOTALL)
    for modern in ("var(", "--", ":where(", ":is(", ":has(", "light-dark(", "prefers-color-scheme", "&", "@layer"):
        assert modern not in rules, modern
    assert re.search(r"\{[^}]*\{", rules) is None  # no nesting
    assert set(re.findall(r"\.qt-[a-z-]+", html)) <= set(re.findall(r"\.qt-[a-z-]+", rules))


def test_search_forms_use_only_standard_attributes(docs_html: Path) -> None:
    """What the Nu checker reported before: ``autocorrect`` (Safari's) and an empty ``action``."""
    for name in ("search.html", "index.html", "questions/118100.html"):
        soup = BeautifulSoup((docs_html / name).read_text(encoding="utf-8"), "html.parser")
        forms = soup.find_all("form")
        assert forms, name
        assert all(form.get("action", "x") != "" for form in forms), name
        assert not soup.select("[autocorrect]"), name
