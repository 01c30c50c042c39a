"""Dates follow the site's language: the file's own pattern under English, the locale's medium format otherwise."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_quicktakes.directives.quicktake_list import _date_option
from sphinx_quicktakes.library.dates import format_quicktake_date
from sphinx_quicktakes.library.markdown_copy import escape

from .conftest import BuildProject, page, warnings_of

DECEMBER_11 = dt.date(2024, 12, 11)


@pytest.mark.parametrize(
    ("language", "pattern", "expected"),
    [
        ("en", "MMM DD, YYYY", "Dec 11, 2024"),
        (None, "MMM DD, YYYY", "Dec 11, 2024"),
        ("en_GB", "MMM DD, YYYY", "Dec 11, 2024"),  # English: the file's pattern, whatever the region
        ("en", "dddd [the] Do [of] MMMM", "Wednesday the 11 of December"),
        ("en", "", "Dec 11, 2024"),  # no pattern: the default one
        ("fr", "MMM DD, YYYY", "11 déc. 2024"),
        ("fr", "dddd [the] Do [of] MMMM", "11 déc. 2024"),  # an English pattern never reaches French
        ("de", "MMM DD, YYYY", "11.12.2024"),
        ("de-AT", "MMM DD, YYYY", "11.12.2024"),
        ("xx-not-a-language", "MMM DD, YYYY", "Dec 11, 2024"),  # unknown: English
    ],
)
def test_format_by_language(language: str | None, pattern: str, expected: str) -> None:
    assert format_quicktake_date(DECEMBER_11, pattern, language) == expected


@pytest.mark.parametrize(
    ("language", "posted", "dec_11", "dec_7"),
    [
        ("fr", "Publié le", "11 déc. 2024", "7 déc. 2024"),
        ("de", "Veröffentlicht am", "11.12.2024", "07.12.2024"),
    ],
)
def test_every_place_a_date_shows(project: BuildProject, language: str, posted: str, dec_11: str, dec_7: str) -> None:
    """The article's meta line, lists (a hand-written one and the subject and date indexes) and the Markdown copy."""
    app = project("pages", confoverrides={"language": language})
    app.build()
    meta = page(app, "questions/118100").select_one("article .qt-meta")
    assert f"{posted} {dec_11}" in meta.get_text()
    assert meta.find("time")["datetime"] == "2024-12-11"
    assert meta.find("time").get_text() == dec_11

    def list_dates(docname: str) -> dict[str, str]:
        items = page(app, docname).select("ul.qt-list li")
        return {li.find("a")["href"].rsplit("#", 1)[1]: li.select_one(".qt-list-meta").get_text() for li in items}

    latest = list_dates("latest")
    assert latest["qt-118136"].startswith(f"{dec_11} · ")
    for index in ("questions/subjects/medicine", "questions/dates"):
        dates = list_dates(index)
        assert dates["qt-118100"].startswith(f"{dec_11} · "), index
        assert dates["qt-97068"].startswith(f"{dec_7} · "), index
    copy = (app.outdir / "questions" / "118100.md").read_text(encoding="utf-8")
    assert f" · {escape(dec_11)} · " in copy  # each part is escaped as if it began a line ("11\.12.2024")
    assert "Dec 11" not in copy and "déc. 11" not in copy


def test_the_first_and_last_representable_dates_build(project: BuildProject) -> None:
    """``9999-12-31`` raised "year 10000 is out of range" in the dates page; ``0001-01-01`` gave an ERROR there."""
    files = {
        f"seeds/{name}.txt": f"---\nid: {qt_id}\nquestion: The {name} date?\nanswer: Yes.\ndate: {date}\n---\n"
        for name, qt_id, date in (("last", 880101, "9999-12-31"), ("first", 880102, "0001-01-01"))
    }
    app = project("pages", files=files)
    app.build()
    assert "ERROR" not in warnings_of(app) and "WARNING" not in warnings_of(app), warnings_of(app)
    dates = page(app, "questions/dates")
    links = {a.get_text() for a in dates.select("a")}
    assert {"The last date?", "The first date?"} <= links
    assert page(app, "questions/880101").find("time")["datetime"] == "9999-12-31"
    assert page(app, "questions/880102").find("time")["datetime"] == "0001-01-01"


def test_a_list_accepts_a_year_written_with_fewer_digits() -> None:
    assert _date_option("1-01-01") == dt.date(1, 1, 1)
    assert _date_option("9999-12-31") == dt.date(9999, 12, 31)
    for wrong in ("2024-1-01", "12345-01-01", "2024-13-01", "٢٠٢٤-01-01", ""):
        with pytest.raises(ValueError, match="expected a YYYY-MM-DD date"):
            _date_option(wrong)
