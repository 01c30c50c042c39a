"""Sphinx configuration of the sphinx-quicktakes documentation.

The site documents the extension with the extension itself: the example pages
show the QuickTakes shipped in ``../seeds`` with the ``quicktake`` directive.
"""

from __future__ import annotations

import os

from sphinx_quicktakes import __version__

project = "sphinx-quicktakes"
author = "sphinx-quicktakes developers"
copyright = "2026, sphinx-quicktakes developers"
version = release = __version__

extensions = ["myst_parser", "sphinx_quicktakes"]

# The QuickTakes and papers the example pages show.
quicktakes_sources = ["../seeds"]
# One generated page per QuickTake and per paper, with subject, keyword and date
# indexes, under docs/questions/ (written by the build, kept out of git).
quicktakes_pages = "questions"
# Related articles that are not in this project link to the public QuickTakes site.
quicktakes_external_base = "https://quicktakes.io"

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

nitpicky = True
language = "en"

# -- HTML ---------------------------------------------------------------------
# alabaster for now; the project's own theme is future work.
html_theme = "alabaster"
html_theme_options = {
    "description": "Medical QuickTakes in Sphinx",
    "fixed_sidebar": True,
    "show_relbars": True,
}
html_static_path = ["_static"]
html_css_files = ["docs.css"]
html_title = f"{project} {release}"
# Read the Docs sets this to the canonical URL of the version being built.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# -- Other builders -------------------------------------------------------------
latex_documents = [("index", "sphinx-quicktakes.tex", "sphinx-quicktakes", author, "manual")]
man_pages = [("index", "sphinx-quicktakes", "Publish medical QuickTakes with Sphinx", [author], 7)]
texinfo_documents = [
    (
        "index",
        "sphinx-quicktakes",
        "sphinx-quicktakes",
        author,
        "sphinx-quicktakes",
        "Medical QuickTakes in Sphinx.",
        "",
    )
]
epub_show_urls = "no"
# Without -d, sphinx-build keeps its doctrees in <outdir>/.doctrees, and the EPUB
# builder warns that it cannot package them; they are not part of the book.
suppress_warnings = ["epub.unknown_project_files"]
