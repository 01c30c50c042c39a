"""Sphinx configuration of the sphinx-quicktakes documentation.

The site documents the extension with the extension itself: the example pages
show the QuickTakes shipped in ``../seeds`` with the ``quicktake`` directive.
"""

from __future__ import annotations

import contextlib
import io
import os

from sphinx_quicktakes import __version__

project = "sphinx-quicktakes"
author = "sphinx-quicktakes developers"
copyright = "2026, sphinx-quicktakes developers"
version = release = __version__

# sphinx_sitemap and sphinxext.opengraph are in the package's test extras, which the
# set-up command in README.md installs; see docs/reference/publishing.rst.
extensions = ["myst_parser", "sphinx_quicktakes", "sphinx_sitemap", "sphinxext.opengraph"]

# The QuickTakes and papers the example pages show: the seeds, and one reviewed article
# with references (reference/medical.md).
quicktakes_sources = ["../seeds", "examples/library"]
# The articles are written for health professionals (JSON-LD medicalAudience).
quicktakes_audience = "Clinician"
# One generated page per QuickTake and per paper, with subject, keyword and date
# indexes, under docs/questions/ (written by the build, kept out of git).
quicktakes_pages = "questions"
# The "Cite this" boxes cite in AMA style (any CSL style name works; see reference/paper-card.rst).
quicktakes_citation_style = "american-medical-association"
# Related articles that are not in this project link to the public QuickTakes site.
quicktakes_external_base = "https://quicktakes.io"

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

nitpicky = True
language = "en"

# -- HTML ---------------------------------------------------------------------
# The package's own theme (sphinx_quicktakes/theme/), documented in reference/theme.rst.
html_theme = "quicktakes"
html_theme_options = {
    "repository_url": "https://github.com/sphinx-quicktakes/sphinx-quicktakes",
    "repository_branch": "main",
    "source_directory": "docs/",
    "footer_text": "QuickTakes are educational summaries, not medical advice.",
    # Read the Docs' version menu at the bottom left, over the navigation column.
    "readthedocs_flyout_position": "bottom-left",
}
html_static_path = ["_static"]
html_css_files = ["docs.css"]
html_title = f"{project} {release}"
# Read the Docs sets this to the canonical URL of the version being built. Elsewhere
# (a local build, CI) the latest version's address stands in, so that the canonical
# link, sitemap.xml, og:url, the JSON-LD url and llms.txt are complete absolute URLs
# and sphinx-sitemap has the base it needs. It must end with "/".
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or "https://sphinx-quicktakes.readthedocs.io/en/latest/"

# -- Publishing -----------------------------------------------------------------
# sitemap.xml: html_baseurl already holds the language and version, so each URL is
# the base joined with the page's link (the default scheme would add "en/0.1.0/").
sitemap_url_scheme = "{link}"
# The search page and the general index are no content to crawl (html and dirhtml links).
sitemap_excludes = ["search.html", "genindex.html", "search/", "genindex/"]
# OpenGraph tags by sphinxext-opengraph, with absolute og:url values; sphinx-quicktakes
# gives it og:type "article" and the description of each article page.
ogp_site_url = html_baseurl
# No generated social-card images (they would need matplotlib, and differ by machine).
ogp_social_cards = {"enable": False}
# sphinxext-opengraph prints "matplotlib is not installed, social cards will not be
# generated" when it is imported without matplotlib, whatever ogp_social_cards says
# (0.13). It is imported here with that line dropped, so the build prints only what matters;
# Sphinx then finds the module already imported.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

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
