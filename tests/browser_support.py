"""A real browser for the tests: Debian's Chromium driven by Playwright, pages served on 127.0.0.1.

``.ci/run`` installs Chromium (apt) and axe-core (npm, into ``tests/browser``) and sets
``QUICKTAKES_BROWSER_TESTS=required``, so that in CI a missing tool fails the suite.  On
a developer's machine without them the browser tests are skipped, saying what to install.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).parent
AXE = TESTS / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("QUICKTAKES_SCREENSHOTS", TESTS.parent / "_build" / "screenshots"))
#: Flags for headless Chromium as root on a machine without network (no background connections).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("QUICKTAKES_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def require_tools() -> str:
    """Chromium's path; skip (or, with QUICKTAKES_BROWSER_TESTS=required, fail) when a tool is missing."""
    missing = []
    chromium = chromium_path()
    if chromium is None:
        missing.append("Chromium (apt-get install chromium)")
    if not AXE.is_file():
        missing.append("axe-core (npm ci --prefix tests/browser)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install -e '.[test]')")
    if missing:
        message = "browser tests need " + ", ".join(missing) + "; .ci/run installs them"
        if os.environ.get("QUICKTAKES_BROWSER_TESTS") == "required":
            pytest.fail(message)
        pytest.skip(message)
    assert chromium is not None
    return chromium


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


#: What static hosts (GitHub Pages, Read the Docs behind its CDN, Netlify) send gzip-compressed.
COMPRESSED = frozenset({".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".xml"})


class _GzipHandler(_QuietHandler):
    """Text files gzip-compressed (level 6) to a client that accepts it, as static hosts serve them;
    other files (Pagefind's chunks are gzip files already) as they are."""

    cache: dict[str, bytes]

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.partition("?")[0].endswith("/"):  # else the base class redirects
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or path.suffix not in COMPRESSED or not path.is_file():
            return super().send_head()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a page mid-response (a preload not yet used) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path, compress: bool = False) -> Iterator[str]:
    """Serve *folder* on 127.0.0.1 (a free port) for the duration; yields the base URL.

    *compress*: text files gzip-compressed, as a static host sends them (:class:`_GzipHandler`)."""
    handler = type("Handler", (_GzipHandler,), {"cache": {}}) if compress else _QuietHandler
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=folder))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def launch() -> Iterator[Any]:
    """A headless Chromium browser (Playwright's sync API)."""
    chromium = require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def build(srcdir: Path, outdir: Path, *options: str, env: dict[str, str] | None = None) -> Path:
    """``sphinx-build -W -b html`` in a fresh process (as a reader's build would run)."""
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", *options, str(srcdir), str(outdir)]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False)
    assert result.returncode == 0, result.stderr
    return outdir


def axe_violations(page: Any, include: list[str] | None = None, rules: list[str] | None = None) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on *page*, one line each (rule, impact, where)."""
    page.add_script_tag(path=str(AXE))
    context = {"include": [[selector] for selector in include]} if include else None
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    result = page.evaluate(
        "async ([context, runOnly]) => await axe.run(context || document, {runOnly, resultTypes: ['violations']})",
        [context, run_only],
    )
    lines = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} - {node['failureSummary']}")
    return lines


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
