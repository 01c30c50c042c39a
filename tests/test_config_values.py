"""Every ``quicktakes_*`` value: a wrong type or value is one located warning, never a traceback.

The build goes on with the default, and values that are right but loosely
written ("txt", "APA", a tuple) are taken as meant without a word.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_quicktakes.config import SETTINGS

from .conftest import ROOTS, BuildProject, page, warnings_of

BASE_CONF = (ROOTS / "test-minimal" / "conf.py").read_text(encoding="utf-8")

#: (setting, its value as written in conf.py, what the build then uses). ``{outside}`` is a
#: folder beside the source folder.
WRONG = [
    ("quicktakes_sources", "42", []),
    ("quicktakes_sources", "True", []),
    ("quicktakes_sources", "{'folder': '../seeds'}", []),
    ("quicktakes_sources", "['../seeds', 42, '']", ["../seeds"]),
    ("quicktakes_source_suffixes", "5", [".txt", ".md"]),
    ("quicktakes_source_suffixes", "None", [".txt", ".md"]),
    ("quicktakes_source_suffixes", "['.txt', '*/x', 3]", [".txt"]),
    ("quicktakes_citation_style", "3", "vancouver"),
    ("quicktakes_citation_style", "'  '", "vancouver"),
    ("quicktakes_citation_style", "['apa']", "vancouver"),
    ("quicktakes_citation_styles", "5", []),
    ("quicktakes_citation_styles", "['apa', 3]", ["apa"]),
    ("quicktakes_external_base", "5", None),
    ("quicktakes_external_base", "'ftp://quicktakes.io'", None),
    ("quicktakes_external_base", "'javascript:alert(1)//'", None),
    ("quicktakes_external_base", "'quicktakes.io'", None),
    ("quicktakes_external_base", "'https://'", None),
    ("quicktakes_pages", "True", None),
    ("quicktakes_pages", "['questions']", None),
    ("quicktakes_pages", "{outside!r}", None),
    ("quicktakes_pages", "'../outside'", None),
    ("quicktakes_pages", "'.'", None),
    ("quicktakes_pages", "'_build/questions'", None),  # named by exclude_patterns
    ("quicktakes_page_size", "0", 500),
    ("quicktakes_page_size", "'100'", 500),
    ("quicktakes_index_entries", "'always'", "auto"),
    ("quicktakes_index_entries", "None", "auto"),
    ("quicktakes_seo_title", "'yes'", False),
    ("quicktakes_seo_title", "None", False),
    ("quicktakes_opengraph", "'false'", True),
    ("quicktakes_sitemap_lastmod", "2", True),
    ("quicktakes_data_pages", "'no'", True),
    ("quicktakes_search", "'lunr'", "auto"),
    ("quicktakes_search", "True", "auto"),
    ("quicktakes_audience", "'Doctors'", None),
    ("quicktakes_audience", "['Clinician']", None),
    ("quicktakes_max_review_age", "'365'", None),
    ("quicktakes_max_review_age", "-1", None),
    ("quicktakes_max_review_age", "True", None),
    ("quicktakes_feed_length", "0", 50),
    ("quicktakes_feed_length", "2.5", 50),
    ("quicktakes_shards", "['medicine']", {}),
    ("quicktakes_shards", "{'Medicine!': {}}", {}),
    ("quicktakes_shards", "{'index': {}}", {}),
    ("quicktakes_shards", "{'a': {'subject': ['Medicine']}}", {}),
    ("quicktakes_shards", "{'a': {'ids': [5, 1]}}", {}),
    ("quicktakes_shards", "{'a': {'subjects': [3]}}", {}),
    ("quicktakes_shard", "3", ""),
    ("quicktakes_shard_url", "'https://example.org/'", "{shard}/"),
    ("quicktakes_shard_url", "'/{shard}/'", "{shard}/"),
    ("quicktakes_shard_url", "'../{shard}/'", "{shard}/"),
    ("quicktakes_shard_url", "'ftp://example.org/{shard}/'", "{shard}/"),
    ("quicktakes_shard_url", "None", "{shard}/"),
    ("quicktakes_hub_url", "'example.org'", ""),
    ("quicktakes_hub_url", "5", ""),
]
WARNING = re.compile(r"^(?P<location>\S+): WARNING: (?P<message>.*) \[quicktakes\.config\]$")


def conf_with(line: str) -> str:
    return f"{BASE_CONF.rstrip()}\n{line}\n"


def test_every_setting_has_wrong_values_tried(project: BuildProject) -> None:
    """A new setting must join WRONG; and SETTINGS is every quicktakes_ value of the extension."""
    app = project("minimal")
    registered = {name for name in app.config._options if name.startswith("quicktakes_")}
    assert registered == {setting.name for setting in SETTINGS}
    assert {name for name, _, _ in WRONG} == registered


@pytest.mark.parametrize(("name", "written", "used"), WRONG, ids=[f"{n}={w}" for n, w, _ in WRONG])
def test_a_wrong_value_is_one_warning(
    project: BuildProject, tmp_path: Path, name: str, written: str, used: object
) -> None:
    outside = tmp_path / "outside"
    value = written.replace("{outside!r}", repr(str(outside)))
    app = project("minimal", files={"docs/conf.py": conf_with(f"{name} = {value}")})
    app.build()
    warnings = warnings_of(app).splitlines()
    assert len(warnings) == 1, warnings  # not Sphinx's own type warning as well
    found = WARNING.match(warnings[0])
    assert found, warnings[0]
    line = len(BASE_CONF.rstrip().splitlines()) + 1
    assert found["location"] == f"{app.confdir / 'conf.py'}:{line}"
    assert found["message"].startswith(f"{name}")
    assert "expected" in found["message"] or "takes" in found["message"]
    assert getattr(app.config, name) == used
    assert (app.outdir / "index.html").is_file()
    assert not outside.exists()  # quicktakes_pages outside the source folder: nothing written
    assert not (app.srcdir / "_build" / "questions").exists()


def test_the_messages_say_what_is_expected(project: BuildProject) -> None:
    app = project("minimal", files={"docs/conf.py": conf_with("quicktakes_pages = True")})
    app.build()
    assert (
        warnings_of(app)
        .splitlines()[0]
        .endswith(
            "WARNING: quicktakes_pages = True cannot be used (it is a bool); it takes a folder inside the source "
            "folder, such as 'questions', or None. The default, None, is used instead [quicktakes.config]"
        )
    )


@pytest.mark.parametrize(
    ("written", "crashed_with"),
    [
        ("quicktakes_pages = True", "unsupported operand"),
        ("quicktakes_sources = 42", "not iterable"),
        ("quicktakes_external_base = 5", "Traceback"),
    ],
)
def test_the_reported_crashes_do_not_happen_with_dash_w_either(
    project: BuildProject, written: str, crashed_with: str
) -> None:
    """The three settings of the report, through the command line: one warning, then -W fails (exit 1, no traceback)."""
    app = project("basic", files={"docs/conf.py": conf_with(written)})
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(app.srcdir), str(app.outdir)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and crashed_with not in result.stderr
    assert "[quicktakes.config]" in result.stderr
    name = written.split()[0]
    assert "The config value" not in result.stderr  # Sphinx's own type warning is not given too
    assert name in result.stderr
    assert (app.outdir / "index.html").is_file()  # the build went on with the default (-W fails it at the end)


#: Values that are right though not written the documented way: no warning, taken as meant.
LOOSE = [
    ("quicktakes_sources", "'../seeds'", ["../seeds"]),
    ("quicktakes_sources", "('../seeds',)", ["../seeds"]),
    ("quicktakes_sources", "[__import__('pathlib').Path('../seeds')]", ["../seeds"]),
    ("quicktakes_source_suffixes", "['txt', 'MD']", [".txt", ".md"]),
    ("quicktakes_source_suffixes", "('*.txt',)", [".txt"]),
    ("quicktakes_source_suffixes", "'txt'", [".txt"]),
    ("quicktakes_citation_style", "'APA'", "apa"),
    ("quicktakes_citation_style", "' Vancouver '", "vancouver"),
    ("quicktakes_citation_styles", "'American-Medical-Association'", ["american-medical-association"]),
    ("quicktakes_external_base", "''", None),
    ("quicktakes_external_base", "'HTTPS://quicktakes.io/'", "HTTPS://quicktakes.io/"),
    ("quicktakes_pages", "''", None),
    ("quicktakes_pages", "'./questions/'", "questions"),
    ("quicktakes_seo_title", "1", True),
    ("quicktakes_opengraph", "0", False),
    ("quicktakes_index_entries", "' Auto'", "auto"),
    ("quicktakes_index_entries", "0", False),
]


@pytest.mark.parametrize(("name", "written", "used"), LOOSE, ids=[f"{n}={w}" for n, w, _ in LOOSE])
def test_loosely_written_values_are_taken_as_meant(
    project: BuildProject, name: str, written: str, used: object
) -> None:
    files = {"docs/conf.py": conf_with(f"{name} = {written}")}
    if name == "quicktakes_pages" and used:
        files["docs/index.rst"] = f"P\n=\n\n.. toctree::\n\n   {used}/index\n"
    app = project("minimal", files=files)
    app.build()
    assert warnings_of(app) == ""
    assert getattr(app.config, name) == used
    if name == "quicktakes_pages" and used:
        assert (app.outdir / str(used) / "118100.html").is_file()


def test_a_suffix_without_its_dot_finds_the_files(project: BuildProject) -> None:
    conf = conf_with("quicktakes_source_suffixes = ['txt']")
    app = project("minimal", files={"docs/conf.py": conf, "docs/index.rst": "P\n=\n\n.. quicktake:: 118100\n"})
    app.build()
    assert warnings_of(app) == ""
    assert page(app, "index").find("article", id="qt-118100") is not None


def test_a_source_folder_with_no_files_of_the_suffixes_warns(project: BuildProject) -> None:
    app = project("minimal", files={"docs/conf.py": conf_with("quicktakes_source_suffixes = ['.yaml']")})
    app.build()
    assert re.search(r"source '\.\./seeds' has no file ending in \.yaml \[quicktakes\.sources\]", warnings_of(app))


def test_citation_style_in_any_case(project: BuildProject) -> None:
    app = project("papers", files={"docs/conf.py": conf_with("quicktakes_citation_style = 'APA'")})
    app.build()
    assert warnings_of(app) == ""
    reference = page(app, "options_only").find("article", class_="qt-paper-card").find(class_="qt-reference")
    assert reference.get_text().startswith("Halpern, S. D., Ubel, P. A., & Caplan, A. L. (2002).")


def test_pages_inside_the_source_folder_by_absolute_path_are_built(project: BuildProject, tmp_path: Path) -> None:
    absolute = tmp_path / "docs" / "library"  # where the project fixture puts the source folder
    files = {
        "docs/conf.py": conf_with(f"quicktakes_pages = {str(absolute)!r}"),
        "docs/index.rst": "P\n=\n\n.. toctree::\n\n   library/index\n",
    }
    app = project("minimal", files=files)
    app.build()
    assert warnings_of(app) == ""
    assert app.config.quicktakes_pages == "library"
    assert (app.outdir / "library" / "118100.html").is_file()


def test_a_wrong_command_line_value_is_named_as_such(project: BuildProject) -> None:
    conf = conf_with("quicktakes_pages = 'questions'")
    app = project("minimal", files={"docs/conf.py": conf}, confoverrides={"quicktakes_pages": "../elsewhere"})
    app.build()
    warnings = warnings_of(app).splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith("WARNING: -D quicktakes_pages = '../elsewhere' cannot be used")
    assert app.config.quicktakes_pages is None
