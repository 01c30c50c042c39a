"""The extension's components under the themes people use today, light and dark, in Chromium.

Each theme builds the same page (``tests/roots/test-themes``: an article with its meta
line, answer, keywords, related articles and backlinks, a paper card, a list) and axe-core
checks the components alone (``.qt-*``) against WCAG 2.1 A/AA, colour contrast included, with
the system in light and in dark mode.  furo and pydata-sphinx-theme follow the system (their
default "auto" mode) and so turn dark; alabaster and sphinx_rtd_theme have no dark mode, and
the components must then stay light too rather than switch to colours meant for a dark page.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser_support import axe_violations, build, screenshot, serve
from .conftest import ROOTS, SEEDS

THEMES = ("alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme", "quicktakes")
#: Themes with a dark mode that follows the system's preference by default.
DARK_CAPABLE = {"furo", "pydata_sphinx_theme", "quicktakes"}
COMPONENTS = [".qt-article", ".qt-paper-card", ".qt-list"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    base = tmp_path_factory.mktemp("themes")
    shutil.copytree(SEEDS, base / "seeds")
    urls = {}
    for theme in THEMES:
        srcdir = base / f"src-{theme}"
        shutil.copytree(ROOTS / "test-themes", srcdir)
        build(srcdir, base / "html" / theme, "-D", f"html_theme={theme}")
    with serve(base / "html") as url:
        for theme in THEMES:
            urls[theme] = f"{url}{theme}/"
        yield urls


def component_colours(browser: Any, url: str) -> dict[str, dict[str, str]]:
    """The colours of two parts of the article's meta line, with the system light and dark."""
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        try:
            page.goto(url)
            colours[scheme] = page.evaluate(
                "(() => { const c = s => getComputedStyle(document.querySelector(s)).color;"
                " return {subject: c('.qt-meta .qt-subject'), muted: c('.qt-meta .qt-posted')}; })()"
            )
        finally:
            context.close()
    return colours


@pytest.mark.parametrize("scheme", ("light", "dark"))
@pytest.mark.parametrize("theme", THEMES)
def test_components_pass_axe_under_other_themes(browser: Any, sites: dict[str, str], theme: str, scheme: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(sites[theme] + "index.html")
        page.wait_for_load_state("load")
        assert page.locator(".qt-article").count() == 1 and page.locator(".qt-paper-card").count() == 1
        screenshot(page, f"components-{theme}-{scheme}")
        if theme != "quicktakes":  # which shows related articles as cards, without the frame
            padding = page.evaluate("getComputedStyle(document.querySelector('.qt-related')).paddingLeft")
            assert padding != "0px"  # the framed list keeps its inner space (Bootstrap resets containers)
        assert axe_violations(page, include=COMPONENTS) == []
    finally:
        context.close()


@pytest.mark.parametrize("theme", sorted(set(THEMES) - DARK_CAPABLE))
def test_components_stay_light_when_the_theme_has_no_dark_mode(browser: Any, sites: dict[str, str], theme: str):
    colours = component_colours(browser, sites[theme] + "index.html")
    assert colours["dark"] == colours["light"]


@pytest.mark.parametrize("theme", sorted(DARK_CAPABLE))
def test_components_follow_the_theme_into_dark_mode(browser: Any, sites: dict[str, str], theme: str):
    colours = component_colours(browser, sites[theme] + "index.html")
    assert colours["dark"]["subject"] != colours["light"]["subject"]


def test_component_stylesheet_has_no_important_and_only_qt_selectors():
    css = (Path(__file__).resolve().parents[1] / "sphinx_quicktakes" / "static" / "quicktakes.css").read_text()
    assert "!important" not in css
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for rule in re.findall(r"([^{}]+)\{[^{}]*\}", body):
        for selector in top_level_parts(rule):
            if not selector or selector.startswith("@"):
                continue
            # A component class, or the variables' defaults on the root at zero specificity.
            assert ".qt-" in selector or selector.startswith(":where("), selector


def top_level_parts(selector_list: str) -> list[str]:
    """*selector_list* split at commas outside parentheses (``:where(a, b)`` stays whole)."""
    parts, depth, current = [], 0, ""
    for char in selector_list:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]
