"""Refresh the screenshots in docs/_static/screenshots/ (shown by the README and the theme page).

    .venv/bin/sphinx-build -b html docs/ _build/html && .venv/bin/python scripts/screenshots.py

Needs Chromium (``apt-get install chromium``); takes each page at the size named in SHOTS.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser_support import launch, serve  # noqa: E402 - after the path is set

OUT = REPO / "docs" / "_static" / "screenshots"
#: file name → (page, width, height, colour scheme)
SHOTS = {
    "article-light.png": ("questions/118100.html", 1280, 860, "light"),
    "article-dark.png": ("questions/118100.html", 1280, 860, "dark"),
    "article-phone.png": ("questions/118109.html", 375, 760, "light"),
    "paper-dark.png": ("questions/papers/10-1016-j-clinimag-2023-110022.html", 1280, 860, "dark"),
    "keyword-index-light.png": ("questions/keywords/index.html", 1280, 700, "light"),
}


def main() -> None:
    site = REPO / "_build" / "html"
    OUT.mkdir(parents=True, exist_ok=True)
    with serve(site) as url, launch() as browser:
        for name, (path, width, height, scheme) in SHOTS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            page = context.new_page()
            page.goto(url + path)
            page.screenshot(path=str(OUT / name))
            context.close()
            print(OUT / name)


if __name__ == "__main__":
    main()
