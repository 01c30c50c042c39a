"""``python -m sphinx_quicktakes check PATH...`` (:mod:`sphinx_quicktakes.library.checker`) and
``python -m sphinx_quicktakes shards CONFDIR`` (:mod:`sphinx_quicktakes.library.planner`)."""

import sys

if sys.argv[1:2] == ["shards"]:
    from .library.planner import main
else:
    from .library.checker import main

sys.exit(main())
