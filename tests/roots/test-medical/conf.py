project = "qtmed"
author = "QuickTakes editors"
copyright = "2026, QuickTakes editors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_quicktakes"]
quicktakes_sources = ["../seeds", "library"]
quicktakes_pages = "questions"
quicktakes_external_base = "https://quicktakes.io"
quicktakes_audience = "Clinician"
html_baseurl = "https://example.org/site/"
exclude_patterns = ["_build"]
