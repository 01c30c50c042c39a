"""``quicktake-list`` options that parse but cannot mean what they say: located ``quicktakes.list`` warnings."""

from __future__ import annotations

import re

import pytest

from .conftest import BuildProject, page, warnings_of


def build_list(project: BuildProject, options: str):
    text = "Latest\n======\n\nIntro.\n\n.. quicktake-list::\n" + options
    app = project("minimal", files={"docs/index.rst": text})
    app.build()
    return app


def test_until_before_since_warns_at_the_directive(project: BuildProject) -> None:
    app = build_list(project, "   :since: 2024-12-31\n   :until: 2024-01-01\n")
    warnings = warnings_of(app).splitlines()
    assert len(warnings) == 1
    assert re.fullmatch(
        r".*/docs/index\.rst:6: WARNING: :until: 2024-01-01 is before :since: 2024-12-31, so the list is empty "
        r"\[quicktakes\.list\]",
        warnings[0],
    )
    assert page(app, "index").find(class_="qt-list-empty") is not None


@pytest.mark.parametrize("limit", ["0", "-3"])
def test_a_limit_below_one_warns_and_is_ignored(project: BuildProject, limit: str) -> None:
    app = build_list(project, f"   :limit: {limit}\n")
    warnings = warnings_of(app).splitlines()
    assert len(warnings) == 1
    assert re.fullmatch(
        rf".*/docs/index\.rst:6: WARNING: :limit: {limit} would show nothing.* \[quicktakes\.list\]", warnings[0]
    )
    assert len(page(app, "index").select("ul.qt-list li")) == 4  # every seed QuickTake


def test_good_options_say_nothing(project: BuildProject) -> None:
    app = build_list(project, "   :since: 2024-01-01\n   :until: 2024-12-31\n   :limit: 2\n")
    assert warnings_of(app) == ""
    assert len(page(app, "index").select("ul.qt-list li")) == 2


def test_a_limit_that_is_no_number_is_an_option_error(project: BuildProject) -> None:
    app = build_list(project, "   :limit: many\n")
    assert "expected a whole number, not 'many'" in warnings_of(app)


def test_an_offset_skips_entries_in_the_chosen_order(project: BuildProject) -> None:
    app = build_list(project, "   :sort: id\n\n.. quicktake-list::\n   :sort: id\n   :offset: 1\n   :limit: 2\n")
    assert warnings_of(app) == ""
    every, part = (
        [item.get_text() for item in items.select("li")] for items in page(app, "index").select("ul.qt-list")
    )
    assert len(every) == 4
    assert part == every[1:3]


def test_a_negative_offset_warns_and_is_ignored(project: BuildProject) -> None:
    app = build_list(project, "   :offset: -1\n")
    warnings = warnings_of(app).splitlines()
    assert len(warnings) == 1
    assert re.fullmatch(r".*/docs/index\.rst:6: WARNING: :offset: -1 is below 0.* \[quicktakes\.list\]", warnings[0])
    assert len(page(app, "index").select("ul.qt-list li")) == 4
