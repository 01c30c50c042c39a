"""``python -m sphinx_quicktakes check PATH...``: see :mod:`sphinx_quicktakes.library.checker`."""

import sys

from .library.checker import main

sys.exit(main())
