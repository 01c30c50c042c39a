"""``python -m sphinx_quicktakes check PATH...``: see :mod:`sphinx_quicktakes.checker`."""

import sys

from .checker import main

sys.exit(main())
