project = "qttest"
copyright = "2026, QuickTakes editors"
version = release = "1.0"
extensions = ["myst_parser", "sphinx_quicktakes"]
quicktakes_sources = ["../seeds"]
exclude_patterns = ["_build"]
quicktakes_external_base = "https://quicktakes.io"
