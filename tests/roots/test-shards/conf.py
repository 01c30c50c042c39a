project = "qtshards"
copyright = "2026, QuickTakes editors"
version = release = "1.0"
extensions = ["sphinx_quicktakes"]
html_theme = "quicktakes"
# The library is generated beside this folder by tests/test_shards.py.
quicktakes_sources = ["../library"]
quicktakes_pages = "questions"
quicktakes_external_base = "https://quicktakes.io"
quicktakes_shards = {
    "medicine": {"subjects": ["Medicine"]},
    "early": {"ids": [0, 100300]},
    "rest": {},
}
quicktakes_shard = ""
quicktakes_shard_url = "{shard}/"
exclude_patterns = ["_build"]
