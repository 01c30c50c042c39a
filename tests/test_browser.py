"""The docs site under the quicktakes theme in Chromium: WCAG 2.1 A/AA (axe-core), layout, schemes.

The site is the project's own documentation (``docs/`` over the shipped seeds), built
once for the session (``docs_html`` in conftest.py).  Every page of :data:`PAGES` is
checked in the light and the dark scheme at a phone's width and a desktop's; screenshots
go to ``_build/screenshots``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from .browser_support import axe_violations, screenshot, serve

PAGES = {
    "home": "index.html",
    "article": "questions/118100.html",
    "paper": "questions/papers/10-1016-j-clinimag-2023-110022.html",
    "subject-index": "questions/subjects/medicine.html",
    "keyword-index": "questions/keywords/index.html",
    "search": "search.html?q=liver+abscess",
}
WIDTHS = (375, 1280)
#: --qt-bg in each scheme: the page really is in the scheme under test.
BACKGROUND = {"light": "rgb(255, 255, 255)", "dark": "rgb(20, 23, 28)"}
SCHEMES = ("light", "dark")


@pytest.fixture(scope="module")
def site(docs_html: Path) -> Iterator[str]:
    with serve(docs_html) as url:
        yield url


def open_page(browser: Any, url: str, *, width: int = 1280, scheme: str = "light") -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    if "search.html" in url:  # results arrive after the index loads
        page.wait_for_selector(".qt-search-result", timeout=15000)
    return page


def overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than the window (0: no horizontal scrolling)."""
    return int(page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_wcag_violations_and_no_horizontal_scrolling(browser: Any, site: str, name: str, width: int, scheme: str):
    page = open_page(browser, site + PAGES[name], width=width, scheme=scheme)
    try:
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == BACKGROUND[scheme]
        screenshot(page, f"{name}-{width}-{scheme}")
        assert axe_violations(page) == []
        assert overflow(page) == 0
    finally:
        page.context.close()


@pytest.mark.parametrize("name", PAGES)
def test_structure_one_h1_headings_in_order_landmarks(browser: Any, site: str, name: str):
    page = open_page(browser, site + PAGES[name])
    try:
        levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
        assert levels.count(1) == 1 and levels[0] == 1
        assert all(b <= a + 1 for a, b in pairwise(levels)), levels
        landmarks = page.evaluate(
            "({banner: document.querySelectorAll('body > header').length,"
            " main: document.querySelectorAll('[role=main], main').length,"
            " contentinfo: document.querySelectorAll('body > footer').length,"
            " navigation: document.querySelectorAll('nav[aria-label], nav[aria-labelledby]').length})"
        )
        assert landmarks["banner"] == landmarks["main"] == landmarks["contentinfo"] == 1
        assert landmarks["navigation"] >= 1
        skip = page.locator("a.qt-skip-link")
        assert skip.get_attribute("href") == "#qt-main"
        page.keyboard.press("Tab")  # the first stop is the skip link, visible when focused
        assert page.evaluate("document.activeElement.className") == "qt-skip-link"
        assert skip.is_visible() and skip.bounding_box()["y"] >= 0
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "qt-main"
    finally:
        page.context.close()


def test_focus_is_visible(browser: Any, site: str):
    page = open_page(browser, site + PAGES["article"])
    try:
        for _ in range(4):
            page.keyboard.press("Tab")
            style = page.evaluate(
                "(() => { const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, s.outlineWidth]; })()"
            )
            assert style[0] != "none" and style[1] != "0px", style
    finally:
        page.context.close()


def test_article_layout(browser: Any, site: str):
    page = open_page(browser, site + PAGES["article"])
    try:
        heading = page.locator("h1").first
        assert heading.inner_text().startswith("How is imaging used to guide intervention")
        assert page.locator(".qt-meta .qt-subject").inner_text() == "Medicine"
        assert page.locator(".qt-meta time").get_attribute("datetime") == "2024-12-11"
        keyword = page.locator(".qt-keyword a").first
        assert re.search(r"keywords/index\.html#qt-keyword-", keyword.get_attribute("href"))
        cards = page.locator(".qt-related-list > li")
        assert cards.count() > 1
        first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
        assert first["y"] == second["y"] and second["x"] > first["x"]  # side by side: a grid of cards
        assert page.locator(".qt-sidebar a[aria-current=page]").count() >= 1  # the page in its section
        assert page.locator(".qt-breadcrumbs a").count() >= 2
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["article", "paper"])
def test_breadcrumb_is_one_line(browser: Any, site: str, name: str, width: int):
    """A long title ends in an ellipsis instead of wrapping onto a line that starts with "›"."""
    page = open_page(browser, site + PAGES[name], width=width)
    try:
        crumbs = page.evaluate(
            """(() => {
              const items = [...document.querySelectorAll('.qt-breadcrumbs li')];
              const last = items[items.length - 1];
              return {tops: items.map(li => Math.round(li.getBoundingClientRect().top)),
                      height: document.querySelector('.qt-breadcrumbs ol').getBoundingClientRect().height,
                      lineHeight: parseFloat(getComputedStyle(last).lineHeight),
                      clipped: last.scrollWidth > last.clientWidth,
                      separators: items.map(li => getComputedStyle(li, '::after').content)};
            })()"""
        )
        assert len(crumbs["tops"]) >= 3 and len(set(crumbs["tops"])) == 1, crumbs
        assert crumbs["height"] < 1.5 * crumbs["lineHeight"], crumbs
        assert crumbs["separators"][-1] == "none" and all("›" in c for c in crumbs["separators"][:-1]), crumbs
        if name == "article":  # the question is longer than the line: it is cut, not wrapped
            assert crumbs["clipped"], crumbs
    finally:
        page.context.close()


@pytest.mark.parametrize(
    "path", ["questions/index.html", "questions/keywords/index.html", "questions/dates.html", PAGES["paper"]]
)
def test_sidebar_marks_the_page_being_read(browser: Any, site: str, path: str):
    """The highlighted sidebar items are the page itself, named as its heading (never "By subject")."""
    page = open_page(browser, site + path)
    try:
        marked = page.evaluate(
            """[...document.querySelectorAll('.qt-sidebar a')]
                 .filter(a => getComputedStyle(a).boxShadow !== 'none')
                 .map(a => [a.textContent.trim(), a.getAttribute('aria-current')])"""
        )
        heading = page.locator("h1").first.inner_text().rstrip("¶").strip()
        assert marked and all(entry == [heading, "page"] for entry in marked), (heading, marked)
    finally:
        page.context.close()


def test_paper_rating_is_text(browser: Any, site: str):
    page = open_page(browser, site + PAGES["paper"])
    try:
        assert "4.3 / 5" in page.locator(".qt-paper-rating").inner_text()
    finally:
        page.context.close()


def test_scheme_toggle_changes_and_is_remembered(browser: Any, site: str):
    page = open_page(browser, site + PAGES["article"], scheme="light")
    try:
        background = "getComputedStyle(document.body).backgroundColor"
        button = page.locator("[data-qt-scheme-toggle]")
        assert page.evaluate("document.documentElement.dataset.theme") == "auto"
        light = page.evaluate(background)
        button.click()
        assert page.evaluate("document.documentElement.dataset.theme") == "light"
        button.click()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert "Dark" in button.get_attribute("aria-label")
        dark = page.evaluate(background)
        assert dark != light
        assert page.evaluate("localStorage.getItem('qt-color-scheme')") == "dark"
        code_light_vs_dark = page.evaluate(
            "getComputedStyle(document.querySelector('.highlight') || document.body).backgroundColor"
        )
        page.reload()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        assert page.evaluate(background) == dark
        assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == "dark"
        assert axe_violations(page) == []
        page.goto(site + PAGES["home"])  # remembered across pages; code follows the scheme
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        code = page.evaluate("getComputedStyle(document.querySelector('div.highlight')).backgroundColor")
        assert code == "rgb(43, 43, 43)"  # a11y-dark's background, not the light style's
        assert code_light_vs_dark is not None
        button = page.locator("[data-qt-scheme-toggle]")
        button.click()
        assert page.evaluate("document.documentElement.dataset.theme") == "auto"
    finally:
        page.context.close()


def test_narrow_menu_opens_navigation(browser: Any, site: str):
    page = open_page(browser, site + PAGES["article"], width=375)
    try:
        sidebar = page.locator("#qt-sidebar")
        menu = page.locator(".qt-menu-button")
        assert not sidebar.is_visible()
        menu.click()
        assert sidebar.is_visible() and menu.get_attribute("aria-expanded") == "true"
        assert overflow(page) == 0
        page.keyboard.press("Escape")
        assert not sidebar.is_visible() and menu.get_attribute("aria-expanded") == "false"
    finally:
        page.context.close()


def test_200_percent_zoom_has_no_horizontal_scrolling(browser: Any, site: str):
    """1280 px at 200% zoom is a 640 CSS-pixel window with twice the pixel density."""
    for name in PAGES:
        context = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2)
        page = context.new_page()
        try:
            page.goto(site + PAGES[name])
            assert overflow(page) == 0, name
        finally:
            context.close()


def test_print_shows_the_article_without_navigation(browser: Any, site: str):
    page = open_page(browser, site + PAGES["article"], scheme="dark")
    try:
        page.emulate_media(media="print")
        hidden = page.evaluate(
            "['.qt-header', '.qt-sidebar', '.qt-breadcrumbs', '.qt-pager']"
            ".map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)"
        )
        assert hidden and set(hidden) == {"none"}
        assert page.locator(".qt-article").is_visible()
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
        pdf = page.pdf()
        assert pdf.startswith(b"%PDF")
    finally:
        page.context.close()


def test_read_the_docs_addons_events(browser: Any, site: str):
    """The documented addons events: versions shown from the data event, the search opens the addons' search."""
    page = open_page(browser, site + PAGES["article"])
    try:
        page.evaluate(
            """() => {
              window.searchShown = 0;
              document.addEventListener('readthedocs-search-show', () => { window.searchShown += 1; });
              const data = {
                addons: {search: {enabled: true}},
                versions: {current: {slug: 'latest'}, active: [
                  {slug: 'latest', urls: {documentation: 'https://example.org/en/latest/'}},
                  {slug: 'stable', urls: {documentation: 'https://example.org/en/stable/'}},
                  {slug: 'evil', urls: {documentation: 'javascript:alert(1)'}},
                ]},
              };
              document.dispatchEvent(new CustomEvent('readthedocs-addons-data-ready', {detail: {data: () => data}}));
            }"""
        )
        assert page.locator("[data-qt-version]").inner_text() == "latest"
        links = page.locator("[data-qt-versions] a")
        assert [links.nth(i).inner_text() for i in range(links.count())] == ["latest", "stable"]
        page.evaluate("document.getElementById('qt-search-input').focus()")
        assert page.evaluate("window.searchShown") == 1
        assert page.evaluate("document.activeElement.id") != "qt-search-input"  # the addons' search has it
    finally:
        page.context.close()


def test_citation_style_choice_is_accessible_and_exclusive(browser: Any, site: str):
    """reference/paper-card.rst: a card with two styles, labelled disclosures, one open at a time, by keyboard."""
    page = open_page(browser, site + "reference/paper-card.html")
    try:
        choice = page.locator(".qt-cite-styles").first
        styles = choice.locator("details.qt-cite-style")
        assert styles.count() == 2
        assert [styles.nth(i).evaluate("d => d.open") for i in range(2)] == [True, False]
        assert axe_violations(page, include=[".qt-cite-styles"]) == []
        second = styles.nth(1).locator("summary")
        second.focus()
        page.keyboard.press("Enter")
        # <details name=...>: opening one closes the other, without JavaScript of ours.
        assert [styles.nth(i).evaluate("d => d.open") for i in range(2)] == [False, True]
        assert "AMA" in second.inner_text()
        assert styles.nth(1).locator("em").first.inner_text() == "Clinical Imaging"
    finally:
        page.context.close()
