"""Whether a builder renders with this theme, and the options a project gave it.

Every hook of the theme asks both; they sit apart from the hooks so that each
module of the theme can import them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


def is_active(builder: Builder) -> bool:
    """Whether *builder* renders with this theme (or a theme that inherits it).

    A theme's options are the union along its inheritance chain, so an option
    only this theme declares identifies it, whatever a child theme is called.
    """
    theme = getattr(builder, "theme", None)
    if theme is None:
        return False
    return "pygments_dark_style" in theme.get_options({})


def theme_options(app: Sphinx) -> dict[str, Any]:
    """The theme's options as the project sets them (``html_theme_options`` over the defaults)."""
    return app.builder.theme.get_options(app.config.html_theme_options)  # type: ignore[attr-defined]
