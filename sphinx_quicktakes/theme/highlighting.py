"""Syntax highlighting that follows the colour scheme the reader chose.

Sphinx's own dark style is tied to ``prefers-color-scheme`` alone, so a reader
who picks "dark" on a light system would get light code.  The theme rewrites
``_static/pygments.css`` once per build with the light style as is and the
dark style (theme option ``pygments_dark_style``) scoped to
``html[data-theme="dark"]`` and to the automatic scheme on a dark system.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pygments.formatters import HtmlFormatter
from pygments.styles import get_style_by_name
from pygments.util import ClassNotFound
from sphinx.util import logging

from .options import is_active, theme_options

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)
DEFAULT_DARK_STYLE = "a11y-dark"
MARKER = "\n/* sphinx-quicktakes dark scheme: "


def dark_rules(style_name: str) -> str:
    """The dark style's rules, for the explicit and the automatic dark scheme."""
    formatter = HtmlFormatter(style=get_style_by_name(style_name))
    explicit = formatter.get_style_defs('html[data-theme="dark"] .highlight')
    automatic = formatter.get_style_defs('html:not([data-theme="light"]) .highlight')
    return f"{explicit}\n@media (prefers-color-scheme: dark) {{\n{automatic}\n}}\n"


def write_stylesheet(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: append the scheme-scoped dark style to the light ``pygments.css``."""
    if exception is not None or not is_active(app.builder) or app.builder.format != "html":
        return
    options = theme_options(app)
    name = str(options.get("pygments_dark_style") or DEFAULT_DARK_STYLE)
    try:
        dark = dark_rules(name)
    except ClassNotFound:
        logger.warning(
            "pygments_dark_style %r is not a Pygments style; code keeps the light style in dark mode",
            name,
            type="quicktakes",
            subtype="theme",
        )
        return
    path = Path(app.builder.outdir) / "_static" / "pygments.css"
    light = path.read_text(encoding="utf-8") if path.is_file() else app.builder.highlighter.get_stylesheet()  # type: ignore[attr-defined]
    light = light.split(MARKER, 1)[0]  # a file already rewritten by an earlier build keeps one dark part
    path.write_text(f"{light}{MARKER}{name} */\n{dark}", encoding="utf-8")
