"""``quicktakes_max_review_age``: the build warns about every article due for review.

Warned at ``builder-inited``, right after the library is loaded, on every build
while an article stays stale, so ``-W`` fails consistently (as for the
library's own problems).  The same report as ``check --max-review-age``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import reporting
from ..library.review import stale_reviews
from .loading import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def warn_stale_reviews(app: Sphinx) -> None:
    max_age = app.config.quicktakes_max_review_age
    if max_age is None:
        return
    for problem in stale_reviews(get_domain(app.env).library.quicktakes.values(), max_age):
        reporting.warn(problem)
