"""Turn :class:`~sphinx_quicktakes.library.model.Problem` records into Sphinx warnings.

Every warning has type ``quicktakes`` and a subtype, so ``suppress_warnings =
["quicktakes.related"]`` silences one class, and carries the file and line so
that editors can jump to it.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging

from .library.model import Problem

logger = logging.getLogger("sphinx_quicktakes")


def warn(problem: Problem) -> None:
    if problem.line:
        logger.warning(problem.message, type="quicktakes", subtype=problem.subtype, location=problem.location)
    else:
        # Sphinx reads a location without ":" as a docname; name the file in the text.
        logger.warning(f"{problem.path}: {problem.message}", type="quicktakes", subtype=problem.subtype)


def warn_at(path: Path, line: int | None, subtype: str, message: str) -> None:
    warn(Problem(path, line, subtype, message))
