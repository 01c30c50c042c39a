project = "qtpages"
copyright = "2026, QuickTakes editors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_quicktakes"]
quicktakes_sources = ["../seeds"]
quicktakes_pages = "questions"
quicktakes_external_base = "https://quicktakes.io"
exclude_patterns = ["_build"]
