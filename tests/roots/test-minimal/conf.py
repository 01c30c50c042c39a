extensions = ["myst_parser", "sphinx_quicktakes"]
quicktakes_sources = ["../seeds"]
exclude_patterns = ["_build"]
