"""The quicktakes theme without a browser: registration, page structure, options, scale, Read the Docs."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from .conftest import BuildProject, page, warnings_of

ROOT = "themes"
REPO = Path(__file__).resolve().parents[1]


def test_registered_through_the_sphinx_html_themes_entry_point():
    (point,) = [e for e in entry_points(group="sphinx.html_themes") if e.name == "quicktakes"]
    assert point.value == "sphinx_quicktakes.theme"
    theme_toml = REPO / "sphinx_quicktakes" / "theme" / "quicktakes" / "theme.toml"
    assert 'inherit = "basic"' in theme_toml.read_text(encoding="utf-8")


def test_scheme_is_set_before_any_stylesheet(site: SphinxTestApp):
    head = (site.outdir / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    script = head.index('localStorage.getItem("qt-color-scheme")')
    assert script < head.index('rel="stylesheet"')  # no flash of the wrong scheme
    assert 'var scheme = "auto"' in head


def test_page_has_landmarks_and_one_h1(site: SphinxTestApp):
    html = page(site, "questions/118100")
    assert html.select_one("a.qt-skip-link")["href"] == "#qt-main"
    assert html.select_one("#qt-main")["role"] == "main"
    assert len(html.select("h1")) == 1
    assert html.select_one("body > header.qt-header") and html.select_one("body > footer.qt-footer")
    assert html.select_one("nav.qt-sidebar")["aria-label"] == "Site"
    current = html.select("nav.qt-sidebar a[aria-current=page]")
    assert [a.get_text() for a in current] == [html.h1.get_text(strip=True).rstrip("¶")]


def test_dark_code_style_is_scoped_to_the_scheme(site: SphinxTestApp):
    css = (site.outdir / "_static" / "pygments.css").read_text(encoding="utf-8")
    assert 'html[data-theme="dark"] .highlight' in css
    assert "@media (prefers-color-scheme: dark)" in css and 'html:not([data-theme="light"]) .highlight' in css
    assert css.count("sphinx-quicktakes dark scheme") == 1
    assert "pygments_dark.css" not in (site.outdir / "index.html").read_text(encoding="utf-8")


def test_toctree_captions_are_headings_with_a_level(project: BuildProject):
    app = project(
        ROOT, files={"docs/index.rst": "Home\n====\n\n.. toctree::\n   :caption: Library\n\n   questions/index\n"}
    )
    app.build()
    caption = page(app, "index").select_one("p.caption")
    assert caption["role"] == "heading" and caption["aria-level"] == "2"


def test_navigation_is_bounded_and_never_renders_the_global_toctree(
    project: BuildProject, monkeypatch: pytest.MonkeyPatch
):
    """60 pages in one section: each shows a window of 5 of them, and no page pays for the others."""
    names = [f"p{i:02d}" for i in range(60)]
    files = {f"docs/sec/{name}.rst": f"Page {name}\n{'=' * 8}\n\nText.\n" for name in names}
    files["docs/sec/index.rst"] = "Section\n=======\n\n.. toctree::\n\n" + "".join(f"   {n}\n" for n in names)
    files["docs/index.rst"] = "Home\n====\n\n.. toctree::\n   :caption: Part\n\n   sec/index\n   questions/index\n"
    app = project(ROOT, files=files, confoverrides={"html_theme_options": {"section_pages_limit": "5"}})

    import sphinx.builders.html
    from sphinx.environment.adapters import toctree

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the theme rendered the global toctree")

    monkeypatch.setattr(toctree, "global_toctree_for_doc", refuse)
    monkeypatch.setattr(sphinx.builders.html, "global_toctree_for_doc", refuse)
    app.build()
    assert warnings_of(app) == ""
    for name in ("p00", "p30", "p59"):
        nav = page(app, f"sec/{name}").select_one("nav.qt-sidebar .qt-nav-section")
        links = [a.get_text() for a in nav.select("ul a")]
        assert len(links) == 5 and f"Page {name}" in links
        assert nav.select_one(".qt-nav-more a").get_text() == "All pages of this section"
    middle = [a.get_text() for a in page(app, "sec/p30").select("nav.qt-sidebar .qt-nav-section ul a")]
    assert middle == [f"Page p{i}" for i in range(28, 33)]  # centred on the page
    root_links = [
        a.get_text() for a in page(app, "sec/p30").select("nav.qt-sidebar .qt-nav-group:not(.qt-nav-section) a")
    ]
    assert "Section" in root_links and not any(link.startswith("Page p") for link in root_links)


def test_edit_links_point_at_the_page_source_or_the_quicktake_file(project: BuildProject):
    options = {"repository_url": "https://example.org/qt", "repository_branch": "dev", "source_directory": "docs/"}
    app = project(ROOT, confoverrides={"html_theme_options": options})
    app.build()
    assert page(app, "index").select_one("a.qt-edit-link")["href"] == "https://example.org/qt/edit/dev/docs/index.rst"
    article = page(app, "questions/118100").select_one("a.qt-edit-link")["href"]
    assert article == "https://example.org/qt/edit/dev/seeds/003_9d95fdfe1ac604ce.txt"
    assert page(app, "questions/index").select_one("a.qt-edit-link") is None  # generated: nothing to edit
    assert page(app, "index").select_one("a.qt-repo-link")["href"] == "https://example.org/qt"


def test_bad_options_warn_and_fall_back(project: BuildProject):
    options = {"color_scheme": "sepia", "accent_color": "red;}body{display:none", "repository_url": "javascript:x"}
    app = project(ROOT, confoverrides={"html_theme_options": options})
    app.build()
    warnings = warnings_of(app)
    for name in options:
        assert f"html_theme_options['{name}']" in warnings
    assert warnings.count("[quicktakes.theme]") == 3
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert 'var scheme = "auto"' in html and "display:none" not in html and "javascript:" not in html


def test_accent_colours_and_default_scheme_options(project: BuildProject):
    options = {"accent_color": "#7a1f5c", "accent_color_dark": "oklch(80% 0.1 340)", "color_scheme": "dark"}
    app = project(ROOT, confoverrides={"html_theme_options": options})
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert ":root { --qt-accent: light-dark(#7a1f5c, oklch(80% 0.1 340)); }" in html
    assert 'var scheme = "dark"' in html


def test_announcement_and_footer_are_text(project: BuildProject):
    options = {
        "announcement": "New <b>articles</b>",
        "announcement_url": "https://example.org/new",
        "footer_text": "Not advice",
    }
    app = project(ROOT, confoverrides={"html_theme_options": options})
    app.build()
    html = page(app, "index")
    banner = html.select_one(".qt-announcement a")
    assert banner["href"] == "https://example.org/new" and banner.get_text() == "New <b>articles</b>"
    assert html.select_one(".qt-footer-text").get_text() == "Not advice"


def test_read_the_docs_canonical_url_meta_and_flyout(project: BuildProject, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("READTHEDOCS", "True")
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://qt.example.org/en/latest/")
    app = project(ROOT, confoverrides={"html_theme_options": {"readthedocs_flyout_position": "bottom-left"}})
    app.build()
    html = page(app, "questions/118100")
    assert html.select_one("link[rel=canonical]")["href"] == "https://qt.example.org/en/latest/questions/118100.html"
    assert html.select_one("meta[name=readthedocs-addons-api-version]")["content"] == "1"
    assert html.select_one("readthedocs-flyout")["position"] == "bottom-left"


def test_no_read_the_docs_markup_elsewhere(site: SphinxTestApp):
    html = page(site, "index")
    assert html.select_one("meta[name=readthedocs-addons-api-version]") is None
    assert html.select_one("readthedocs-flyout") is None


def test_labels_follow_the_language(project: BuildProject):
    app = project(ROOT, confoverrides={"language": "fr"})
    app.build()
    html = page(app, "questions/118100")
    assert html.select_one("a.qt-skip-link").get_text() == "Aller au contenu"
    assert html.select_one("nav.qt-sidebar")["aria-label"] == "Site"
    assert "Dans cette section" in html.select_one(".qt-nav-section .qt-nav-caption").get_text()


@pytest.mark.parametrize("buildername", ["dirhtml", "singlehtml", "epub"])
def test_other_html_builders(project: BuildProject, buildername: str):
    app = project(ROOT, buildername=buildername)
    app.build()
    assert re.sub(r".*epub.unknown_project_files.*\n", "", warnings_of(app)) == ""
    if buildername == "dirhtml":
        html = page(app, "questions/118100/index")
        assert html.select_one(".qt-sidebar a[aria-current=page]")


def test_parallel_build_equals_serial(project: BuildProject, tmp_path: Path):
    from .conftest import build_serial_and_parallel

    project(ROOT)  # lays out tmp/docs and tmp/seeds
    serial, parallel = build_serial_and_parallel(tmp_path / "docs", tmp_path / "out")
    for name in ("index.html", "questions/118100.html", "questions/subjects/medicine.html"):
        assert (serial / name).read_text(encoding="utf-8") == (parallel / name).read_text(encoding="utf-8")


def test_read_the_docs_configuration_builds_html_pdf_and_epub():
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert set(config["formats"]) == {"pdf", "epub"}
    assert config["sphinx"] == {"configuration": "docs/conf.py", "fail_on_warning": True}
    install = config["python"]["install"][0]
    assert install["method"] == "pip" and install["extra_requirements"] == ["docs"]
    import tomllib

    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    docs_conf = (REPO / "docs" / "conf.py").read_text(encoding="utf-8")
    for requirement, module in (("sphinx-sitemap", "sphinx_sitemap"), ("sphinxext-opengraph", "sphinxext.opengraph")):
        assert f'"{module}"' in docs_conf and any(r.startswith(requirement) for r in extras["docs"])


@pytest.mark.parametrize("language", ["en", "fr"])
def test_library_links_are_named_by_their_pages(project: BuildProject, language: str):
    """The library's front page lists subjects, keywords and dates: its link is "Questions", not "By subject"."""
    app = project(ROOT, confoverrides={"language": language})
    app.build()
    for name in ("questions/index", "questions/keywords/index", "questions/dates", "questions/papers/index"):
        html = page(app, name)
        current = [a.get_text() for a in html.select(".qt-nav-library a[aria-current=page]")]
        assert current == [html.find("h1").get_text().rstrip("¶")], name
    titles = [a.get_text() for a in page(app, "index").select(".qt-nav-library a")]
    expected = {
        "en": "Questions Keywords By date Papers Index",
        "fr": "Questions Mots-clés Par date Articles scientifiques Index",
    }
    assert " ".join(titles) == expected[language]


def test_theme_without_the_extension(tmp_path: Path, make_app):
    """Any Sphinx project can use the theme; the extension's parts are simply absent."""
    srcdir = tmp_path / "plain"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('project = "plain"\nhtml_theme = "quicktakes"\n', encoding="utf-8")
    (srcdir / "index.rst").write_text("Plain\n=====\n\n.. toctree::\n   :caption: Pages\n\n   other\n", "utf-8")
    (srcdir / "other.rst").write_text("Other\n=====\n\nSection\n-------\n\nText.\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == ""
    html = page(app, "other")
    assert [a.get_text() for a in html.select(".qt-sidebar a[aria-current=page]")] == ["Other"]
    assert html.select_one(".qt-toc a").get_text() == "Section"
    assert html.select_one(".qt-nav-library") is None


def _section_files(names: list[str]) -> dict[str, bytes | str]:
    files: dict[str, bytes | str] = {f"docs/sec/{name}.rst": f"Page {name}\n{'=' * 9}\n\nText.\n" for name in names}
    files["docs/sec/index.rst"] = "Section\n=======\n\n.. toctree::\n\n" + "".join(f"   {n}\n" for n in names)
    files["docs/index.rst"] = "Home\n====\n\n.. toctree::\n   :caption: Part\n\n   sec/index\n   questions/index\n"
    return files


def _section_nav(app: SphinxTestApp, name: str) -> list[str]:
    return [a.get_text() for a in page(app, f"sec/{name}").select("nav.qt-sidebar .qt-nav-section ul a")]


def test_incremental_build_rewrites_the_neighbours_of_a_new_page(project: BuildProject, tmp_path: Path):
    names = [f"p{i:02d}" for i in range(20)]
    overrides = {"html_theme_options": {"section_pages_limit": "5"}}
    project(ROOT, files=_section_files(names), confoverrides=overrides).build()

    written: list[str] = []
    added = [*names[:11], "p10a", *names[11:]]  # a page inserted after p10
    changed = {name: text for name, text in _section_files(added).items() if name.endswith(("index.rst", "p10a.rst"))}
    changed.pop("docs/index.rst")
    app = project(ROOT, files=changed, confoverrides=overrides)
    app.connect("html-page-context", lambda app, name, *args: written.append(name))
    app.build()
    assert "Page p10a" in _section_nav(app, "p09") and "Page p10a" in _section_nav(app, "p12")
    assert {"sec/p08", "sec/p13"} <= set(written)  # neighbours: rewritten though unchanged
    assert "sec/p00" not in written and "sec/p19" not in written  # far away: left alone

    fresh = project(ROOT, confoverrides=overrides, freshenv=True, builddir=tmp_path / "fresh")
    fresh.build()
    assert fresh.outdir != app.outdir
    for name in ("p00", "p08", "p09", "p10", "p12", "p13", "p19"):
        assert _section_nav(app, name) == _section_nav(fresh, name), name


def test_pages_to_rewrite_is_bounded_by_the_change():
    from sphinx_quicktakes.theme.navigation import pages_to_rewrite

    children = tuple(f"a{i}" for i in range(100))
    old = {"includes": {"index": ("s",), "s": children}, "titles": {"s": "S", **{c: c for c in children}}}
    new_children = (*children[:50], "new", *children[50:])
    new = {"includes": {"index": ("s",), "s": new_children}, "titles": {**old["titles"], "new": "new"}}
    pages = pages_to_rewrite(old, new, "index", 5)
    assert pages is not None and "new" in pages and len(pages) <= 2 * 5 + 1
    retitled = {"includes": old["includes"], "titles": {**old["titles"], "a3": "A three"}}
    assert pages_to_rewrite(old, retitled, "index", 5) == {"s", *children[:9]}
    root_change = {"includes": {**old["includes"], "index": ("s", "t")}, "titles": old["titles"]}
    assert pages_to_rewrite(old, root_change, "index", 5) is None  # every page shows the root groups
    assert pages_to_rewrite(old, old, "index", 5) == set()


def test_page_contents_leave_out_toctrees(project: BuildProject):
    index = "Home\n====\n\n.. toctree::\n   :caption: Library\n\n   questions/index\n"
    app = project(ROOT, files={"docs/index.rst": index})
    app.build()
    assert page(app, "index").select_one(".qt-toc") is None  # a toctree, no sections: no box
    html = page(app, "questions/keywords/index")
    entries = [a.get_text() for a in html.select(".qt-toc a")]
    assert entries and all(a["href"].startswith("#") for a in html.select(".qt-toc a"))


def test_the_sidebar_lists_no_library_page_twice(project: BuildProject) -> None:
    """Keywords, By date and Papers are under "Library" on every page: not under "In this section" as well."""
    app = project("pages", confoverrides={"html_theme": "quicktakes", "quicktakes_search": "sphinx"})
    app.build()
    for name in ("questions/keywords/index", "questions/dates", "questions/subjects/medicine"):
        soup = BeautifulSoup((app.outdir / f"{name}.html").read_text(encoding="utf-8"), "html.parser")
        library = {a.get_text() for a in soup.select(".qt-sidebar .qt-nav-library a")}
        section = [a.get_text() for a in soup.select(".qt-sidebar .qt-nav-section li a")]
        assert {"Keywords", "By date"} <= library, name
        assert not library & set(section), name
        assert len(section) == len(set(section)), name
