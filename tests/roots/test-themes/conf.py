# The components (an article with keywords, related articles and backlinks, a paper card,
# a list) on one page, built under each theme of tests/test_browser_themes.py with -D html_theme.
project = "qttest"
copyright = "2026, QuickTakes editors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_quicktakes"]
quicktakes_sources = ["../seeds"]
quicktakes_pages = "questions"
quicktakes_external_base = "https://quicktakes.io"
exclude_patterns = ["_build"]
html_theme = "quicktakes"
