"""The guides of docs/guides/, followed step by step on a fresh ``sphinx-quickstart`` project.

Every command, file and output a test uses is read from the guide itself (see ``guide_support``):
change the guide and the test follows; change the package's behaviour and the guide's shown output
no longer matches.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from packaging.requirements import Requirement

from .guide_support import (
    PROGRAMS,
    SEEDS,
    Block,
    argv,
    assert_shows,
    child_environment,
    code_blocks,
    run_transcript,
    shown,
    transcript,
)

EXISTING = "existing-library"


def append(path: Path, block: Block) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + block.text, encoding="utf-8")


def set_toctree(index: Path, block: Block) -> None:
    """Put the guide's toctree in place of the one at the end of sphinx-quickstart's index.rst."""
    text = index.read_text(encoding="utf-8")
    head = block.text.split("\n\n")[0]  # the directive and its options, as sphinx-quickstart writes them
    assert head in text, f"sphinx-quickstart's index.rst has no toctree like the guide's:\n{text}"
    index.write_text(text[: text.index(head)] + block.text, encoding="utf-8")


def set_line(path: Path, number: int, block: Block) -> str:
    """Replace line ``number`` of ``path`` by the block's one line; return the line replaced."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (new,) = block.text.splitlines()
    old = lines[number - 1]
    lines[number - 1] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return old.rstrip("\n")


def new_project(tmp_path: Path, blocks: dict[str, Block]) -> Path:
    """``my-site/`` with sphinx-quickstart's ``docs/`` (run as the guide says) and the seeds as ``library/``."""
    site = tmp_path / "my-site"
    site.mkdir()
    (ran,) = run_transcript(blocks["a new project"], site)
    assert ran.returncode == 0, ran.output
    assert (site / "docs" / "conf.py").is_file()
    layout = blocks["the layout"].text
    assert "docs/" in layout and "library/" in layout
    shutil.copytree(SEEDS, site / "library")
    return site


def test_bring_an_existing_library(tmp_path: Path) -> None:
    blocks = code_blocks(EXISTING)
    site = new_project(tmp_path, blocks)
    docs = site / "docs"

    # The two problems the guide's copy was given: a hand edit, and a second copy of a file.
    found = blocks["library/001_83843c65fcd3a326.txt, line 17, as found"]
    original = set_line(site / "library" / "001_83843c65fcd3a326.txt", 17, found)
    assert original.startswith("author: ")
    (delete,) = transcript(blocks["delete the copy"])
    copy = Path(shlex.split(delete.command)[1])
    shutil.copy(site / "library" / "003_9d95fdfe1ac604ce.txt", site / copy)

    # 2. check: both problems, located, and a failing exit status
    (checked,) = run_transcript(blocks["check the library"], site)
    assert checked.returncode == 1
    # 3. fix them, check again
    set_line(
        site / "library" / "001_83843c65fcd3a326.txt", 17, blocks["library/001_83843c65fcd3a326.txt, line 17, fixed"]
    )
    (deleted,) = run_transcript(blocks["delete the copy"], site)
    assert deleted.returncode == 0 and not (site / copy).exists()
    (clean,) = run_transcript(blocks["check again"], site)
    assert clean.returncode == 0

    # 4. the project
    append(docs / "conf.py", blocks["docs/conf.py, added at the end"])
    (docs / "abscess.rst").write_text(blocks["docs/abscess.rst"].text, encoding="utf-8")
    set_toctree(docs / "index.rst", blocks["docs/index.rst, the toctree"])

    # 5. -W fails on the related articles the library lacks, then passes with the public site
    (first,) = run_transcript(blocks["the first build"], site)
    assert first.returncode == 1
    append(docs / "conf.py", blocks["docs/conf.py, the public site"])
    (second,) = run_transcript(blocks["the second build"], site)
    assert second.returncode == 0
    related = BeautifulSoup((site / "_build/html/abscess.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in related.select("article#qt-118100 .qt-related a")]
    assert len(links) == 5 and all(link.startswith("https://quicktakes.io/learn/") for link in links)

    # 6. generated pages
    append(docs / "conf.py", blocks["docs/conf.py, generated pages"])
    set_toctree(docs / "index.rst", blocks["docs/index.rst, the toctree with the library"])
    (third,) = run_transcript(blocks["the build with generated pages"], site)
    assert third.returncode == 0
    pages = sorted((docs / "questions").rglob("*.rst"))
    stated = re.search(r"here (\d+) pages", (Path(__file__).parents[1] / f"docs/guides/{EXISTING}.md").read_text())
    assert stated is not None and int(stated[1]) == len(pages)
    shown = BeautifulSoup((site / "_build/html/abscess.html").read_text(encoding="utf-8"), "html.parser")
    assert shown.select_one("article#qt-118100") is not None
    assert (site / "_build/html/questions/118100.html").is_file()


RTD = "read-the-docs"
CANONICAL = "https://liver-clinic.readthedocs.io/en/latest/"


def library_site(tmp_path: Path) -> Path:
    """The project as ``existing-library`` leaves it (its files, not its builds, which its own test runs)."""
    blocks = code_blocks(EXISTING)
    site = new_project(tmp_path, blocks)
    docs = site / "docs"
    for caption in ("docs/conf.py, added at the end", "docs/conf.py, the public site", "docs/conf.py, generated pages"):
        append(docs / "conf.py", blocks[caption])
    (docs / "abscess.rst").write_text(blocks["docs/abscess.rst"].text, encoding="utf-8")
    set_toctree(docs / "index.rst", blocks["docs/index.rst, the toctree with the library"])
    return site


def test_read_the_docs_configuration_files(tmp_path: Path) -> None:
    """The .readthedocs.yaml files parse, name a conf.py and a requirements file that exist, and
    install the package; each requirement is one pip accepts."""
    blocks = code_blocks(RTD)
    site = library_site(tmp_path)
    requirements = blocks["docs/requirements.txt"].text
    (site / "docs" / "requirements.txt").write_text(requirements, encoding="utf-8")
    parsed = [Requirement(line) for line in requirements.splitlines() if line.strip() and not line.startswith("#")]
    by_name = {requirement.name: requirement for requirement in parsed}
    assert set(by_name) == {"sphinx-quicktakes", "sphinx-sitemap", "sphinxext-opengraph"}
    assert by_name["sphinx-quicktakes"].url is not None
    assert by_name["sphinx-quicktakes"].url.startswith("git+https://github.com/sphinx-quicktakes/sphinx-quicktakes@")

    for caption in (".readthedocs.yaml", ".readthedocs.yaml, with the package in a submodule"):
        config = yaml.safe_load(blocks[caption].text)
        assert config["version"] == 2
        assert set(config["build"]) == {"os", "tools"} and re.fullmatch(r"ubuntu-\d\d\.04", config["build"]["os"])
        assert config["build"]["tools"]["python"] == "3.11"
        assert config["sphinx"] == {"configuration": "docs/conf.py", "fail_on_warning": True}
        assert (site / config["sphinx"]["configuration"]).is_file()
        installs = config["python"]["install"]
        assert {"requirements": "docs/requirements.txt"} in installs
        assert (site / "docs" / "requirements.txt").is_file()
    submodule = yaml.safe_load(blocks[".readthedocs.yaml, with the package in a submodule"].text)
    (path_install,) = [entry for entry in submodule["python"]["install"] if "path" in entry]
    assert path_install == {"method": "pip", "path": "vendor/sphinx-quicktakes"}
    assert submodule["submodules"]["include"] == [path_install["path"]]


def test_read_the_docs_build(tmp_path: Path) -> None:
    """Built as Read the Docs runs Sphinx, every page has the version's absolute address."""
    blocks = code_blocks(RTD)
    site = library_site(tmp_path)
    append(site / "docs" / "conf.py", blocks["docs/conf.py, for Read the Docs"])
    ran = run_transcript(blocks["build as Read the Docs does"], site)
    assert [result.returncode for result in ran] == [0]
    assert CANONICAL in ran[0].command
    output = site / "_readthedocs" / "html"
    article = (output / "questions" / "118100.html").read_text(encoding="utf-8")
    for line in blocks["_readthedocs/html/questions/118100.html"].text.splitlines():
        assert line in article
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    (entry,) = blocks["_readthedocs/html/sitemap.xml"].text.splitlines()
    assert entry in sitemap
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(location.startswith(CANONICAL) for location in locations)
    assert not any(location.endswith(("search.html", "genindex.html")) for location in locations)


def test_read_the_docs_fallback_and_the_sitemap_warning(tmp_path: Path) -> None:
    """Off Read the Docs the fallback base is used; without any base, sphinx-sitemap warns as the guide shows."""
    blocks = code_blocks(RTD)
    site = library_site(tmp_path)
    conf = site / "docs" / "conf.py"
    append(conf, blocks["docs/conf.py, for Read the Docs"])
    build = [*PROGRAMS["sphinx-build"], "-W", "-b", "html", "docs", "_build/html"]
    local = subprocess.run(build, cwd=site, env=child_environment(), capture_output=True, text=True, check=False)
    assert local.returncode == 0, local.stderr
    assert f'href="{CANONICAL}questions/118100.html"' in (site / "_build/html/questions/118100.html").read_text()
    append(conf, Block("python", 'html_baseurl = ""\n'))
    bare = subprocess.run(build, cwd=site, env=child_environment(), capture_output=True, text=True, check=False)
    assert bare.returncode == 1
    assert blocks["a build without html_baseurl"].text.strip() in bare.stderr


LIVE = "live-preview"


class Server:
    """sphinx-autobuild in its own process group, its output collected line by line."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            args,
            cwd=cwd,
            env=child_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for(self, pattern: str, start: int = 0, timeout: float = 180) -> int:
        """The index of the first line from ``start`` on that matches, waiting at most ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index in range(start, len(self.lines)):
                if re.search(pattern, self.lines[index]):
                    return index
            assert self.process.poll() is None, "sphinx-autobuild ended:\n" + "".join(self.lines)
            time.sleep(0.2)
        raise AssertionError(f"no line matching {pattern!r} within {timeout} s:\n" + "".join(self.lines))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.reader.join(timeout=5)


def fetch(url: str, timeout: float = 60) -> str:
    """The page at ``url``, without a proxy; the server announces itself just before it listens."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while True:
        try:
            with opener.open(url, timeout=30) as response:
                return response.read().decode("utf-8")
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_live_preview_rebuilds_on_an_edit_to_the_library(tmp_path: Path) -> None:
    """The guide's command serves the site, an edit to a QuickTake file rebuilds it once (no loop)."""
    blocks = code_blocks(LIVE)
    guide = (Path(__file__).parents[1] / f"docs/guides/{LIVE}.md").read_text(encoding="utf-8")
    site = library_site(tmp_path)
    (install,) = transcript(blocks["install sphinx-autobuild"])
    assert install.command == "python -m pip install sphinx-autobuild"  # installed here by the test extra
    (start,) = transcript(blocks["start the live preview"])
    _, args = argv(start.command)
    assert "--watch" in args
    server = Server([*args, "--port", "0"], site)
    try:
        ready = server.wait_for(r"Waiting to detect changes")
        port = re.search(r"Serving on http://127\.0\.0\.1:(\d+)", "".join(server.lines))
        assert port is not None
        base = f"http://127.0.0.1:{port[1]}"

        def served(lines: list[str]) -> str:
            return shown("".join(lines), site).replace(base, "http://127.0.0.1:8000")

        assert_shows(start.expected, served(server.lines[: ready + 1]), start.command)
        assert "Imaging plays" in fetch(f"{base}/questions/118100.html")

        edit = re.search(r'"([^"]+)"\s+in its first sentence became "([^"]+)"', guide)
        assert edit is not None
        old, new = (" ".join(phrase.split()) for phrase in edit.groups())  # the prose may wrap a phrase
        source = site / "library" / "003_9d95fdfe1ac604ce.txt"
        text = source.read_text(encoding="utf-8")
        assert text.count(old) == 1
        source.write_text(text.replace(old, new), encoding="utf-8")
        detected = server.wait_for(r"Detected changes \(library/003_9d95fdfe1ac604ce\.txt\)", ready)
        served_again = server.wait_for(r"Serving on", detected)
        time.sleep(5)  # a rebuild that starts another (a file rewritten by the build) would show by now
        after = server.lines[detected:]
        assert sum("Detected changes" in line for line in after) == 1, "".join(after)
        assert_shows(blocks["after saving the file"].text.splitlines(), served(after), "the edit")
        assert served_again < len(server.lines)
        assert new in fetch(f"{base}/questions/118100.html")
    finally:
        server.stop()


QUICKSTART = Path(__file__).resolve().parents[1] / "docs" / "quickstart.md"
_FENCE = re.compile(r"^(?P<fence>`{3,})(?P<language>\w*)\s*$")


def fenced_blocks(path: Path) -> list[Block]:
    """The top-level fenced code blocks of a Markdown page, in order (a ```` block holds its ``` ones)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        start = _FENCE.match(lines[index])
        index += 1
        if not start:
            continue
        body: list[str] = []
        while lines[index].rstrip() != start["fence"]:
            body.append(lines[index])
            index += 1
        index += 1
        blocks.append(Block(start["language"], "\n".join(body) + "\n"))
    return blocks


def quickstart_site(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    """``my-site/`` as the quickstart lays it out, with its conf.py and index.rst; and its build commands."""
    blocks = fenced_blocks(QUICKSTART)
    [layout] = [block.text for block in blocks if block.language == "text" and block.text.startswith("my-site/")]
    seed = re.search(r"seeds/\s+(\S+\.txt)", layout)
    assert seed is not None, layout
    site = tmp_path / "my-site"
    (site / "docs").mkdir(parents=True)
    (site / "seeds").mkdir()
    shutil.copy(SEEDS / seed[1], site / "seeds")
    conf = "\n".join(block.text for block in blocks if block.language == "python")
    assert "quicktakes_sources" in conf and "html_theme" in conf
    (site / "docs" / "conf.py").write_text(conf, encoding="utf-8")
    [page] = [block.text for block in blocks if block.language == "rst"]
    (site / "docs" / "index.rst").write_text(page, encoding="utf-8")
    commands = [
        line.split()
        for block in blocks
        if block.language == "sh"
        for line in block.text.splitlines()
        if line.startswith("sphinx-build ")
    ]
    return site, commands


def test_the_quickstart_builds_with_dash_w_and_no_warning(tmp_path: Path) -> None:
    site, commands = quickstart_site(tmp_path)
    assert ["sphinx-build", "-W", "docs/", "_build/html"] in commands  # the page recommends -W; it must pass
    for command in commands:
        done = subprocess.run(
            [*PROGRAMS["sphinx-build"], *command[1:]],
            cwd=site,
            env=child_environment(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stderr == "", done.stderr  # no warning, and nothing else on stderr either
        assert "build succeeded." in done.stdout and "WARNING" not in done.stdout
    html = BeautifulSoup((site / "_build/html/index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in html.select("article#qt-118100 .qt-related a")]
    assert len(links) == 5 and all(link.startswith("https://quicktakes.io/learn/") for link in links)


def test_the_quickstart_without_the_external_base_warns_once(tmp_path: Path) -> None:
    """What the quickstart says happens without quicktakes_external_base: one quicktakes.related warning."""
    site, commands = quickstart_site(tmp_path)
    conf = site / "docs" / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert "quicktakes_external_base" in text
    conf.write_text(re.sub(r"(?m)^quicktakes_external_base = .*$", "", text), encoding="utf-8")
    done = subprocess.run(
        [*PROGRAMS["sphinx-build"], *commands[0][1:]],
        cwd=site,
        env=child_environment(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0
    [warning] = done.stderr.splitlines()
    assert "003_9d95fdfe1ac604ce.txt:26: WARNING: 5 related links to 5 articles" in warning
    assert warning.endswith("[quicktakes.related]")
    assert "one `quicktakes.related` warning" in QUICKSTART.read_text(encoding="utf-8")
