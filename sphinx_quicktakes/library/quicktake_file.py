"""Load one QuickTake file (front matter + ``&nbsp;`` body) into a :class:`QuickTake`.

Faithful first: every key is kept (unknown ones in ``extra``), damaged text is
repaired, and each problem is returned as a located :class:`Problem` instead of
raised.  A QuickTake is skipped only when it cannot be shown at all (no id, no
question, no answer).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from . import frontmatter, repair
from .model import Problem, QuickTake, RelatedArticle, Seo
from .reference import Reference, parse_reference

REQUIRED = ("id", "question", "answer")
_RELATED_KEY = re.compile(r"related_article(\d+)", re.ASCII)
#: Digits a ``related_articleN`` number may have: thousands made ``int()`` raise and lose the whole file.
MAX_POSITION_DIGITS = 9
_EMPTY_BODIES = ("", "&nbsp;")
#: Keys the model names; everything else goes to ``QuickTake.extra``.
_TEXT_FIELDS = {
    "title": "title",
    "article_title": "article_title",
    "date_format": "date_format",
    "post_on_text": "post_on_text",
    "subject": "subject",
    "author": "author",
    "url": "url",
    "file_name": "file_name",
    "_schema": "schema",
}


def split_keywords(value: str) -> tuple[str, ...]:
    """``"a, b,c"`` → ``("a", "b", "c")``: commas with or without spaces, no empties."""
    return tuple(part.strip() for part in value.split(",") if part.strip())


#: Ids are positive and below this (they run past 118,000 today).
MAX_ID = 10**15
#: Text up to this length is shared between records (see :func:`_shared`).
_SHARED_MAX = 400


def _shared(text: str) -> str:
    """One string object for text that many records repeat: field names, subjects, keywords, a question
    repeated as the title, the titles of related articles (other records' questions).  A library of
    10,000 files keeps tens of megabytes less, and pickles smaller with the environment."""
    return sys.intern(text) if len(text) <= _SHARED_MAX else text


def parse_id(value: Any) -> int | None:
    """A positive integer id; digit strings are accepted, anything else is not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and _is_ascii_number(value.strip()) and len(value.strip()) <= 15:
        value = int(value.strip())
    if isinstance(value, int):
        return value if 0 < value < MAX_ID else None
    return None


def _is_ascii_number(text: str) -> bool:
    """``str.isdigit`` accepts "²" and other digits ``int()`` refuses; only 0-9 make an id."""
    return text.isascii() and text.isdigit()


def _as_text(value: Any) -> str | None:
    """A scalar as text, or None where it has none (an integer too long to print)."""
    try:
        return str(value).strip()
    except ValueError:
        return None


def load_quicktake(path: Path, text: str) -> tuple[QuickTake | None, list[Problem]]:
    """Parse decoded *text* of the file at *path*."""
    problems: list[Problem] = []

    def problem(subtype: str, message: str, line: int | None) -> None:
        problems.append(Problem(path, line, subtype, message))

    try:
        fm = frontmatter.parse(text)
    except frontmatter.FrontMatterError as exc:
        problem(exc.subtype, exc.message, exc.line)
        return None, problems
    for subtype, message, line in fm.notes:
        problem(subtype, message, line)

    data = repair.fix_value(fm.data)
    first_line = max(min(fm.lines.values(), default=2) - 1, 1)
    # Keys merged in with YAML's "<<" have no line of their own: the front matter's first line stands in.
    lines = defaultdict(lambda: first_line, fm.lines)

    body = _strip_controls(text, fm, data, lines, problem)

    missing = [key for key in REQUIRED if _is_blank(data.get(key))]
    if missing:
        names = ", ".join(repr(key) for key in missing)
        problem("missing", f"missing required field(s) {names}; the file is skipped", first_line)
        return None, problems

    qt_id = parse_id(data.pop("id"))
    if qt_id is None:
        shown = (_as_text(fm.data["id"]) or "a huge number")[:40]
        problem("id", f"id must be a positive integer below {MAX_ID}, not {shown!r}; the file is skipped", lines["id"])
        return None, problems

    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key in ("question", "answer"):
        value = data.pop(key)
        value_text = _as_text(value) if isinstance(value, str | int | float) else None
        if not value_text:
            problem("field", f"{key!r} must be text; the file is skipped", lines[key])
            return None, problems
        fields[key] = value_text
    fields["answer"] = repair.expand_literal_newlines(fields["answer"])

    for key, attr in _TEXT_FIELDS.items():
        if key not in data:
            continue
        value = data.pop(key)
        if value is None:
            continue
        value_text = _as_text(value) if isinstance(value, str | int | float | dt.date) else None
        if value_text is not None:
            fields[attr] = value_text
        else:
            problem("field", f"{key!r} should be text; kept as an extra field", lines[key])
            extra[key] = value

    if "date" in data:
        date, date_text = _parse_date(data.pop("date"))
        fields["date"] = date
        fields["date_text"] = date_text
        if date is None and date_text:
            problem("date", f"date {date_text!r} is not a YYYY-MM-DD date; shown as written", lines["date"])

    for key in ("last_reviewed", "updated"):
        if key in data:
            date, date_text = _parse_date(data.pop(key))
            if date is not None:
                fields[key] = date
            elif date_text:
                problem("date", f"{key} {date_text!r} is not a YYYY-MM-DD date; ignored", lines[key])

    if "reviewed_by" in data:
        fields["reviewed_by"] = _parse_names(data.pop("reviewed_by"), lines["reviewed_by"], problem)

    if "references" in data:
        fields["references"] = _parse_references(data.pop("references"), lines["references"], problem)

    if "score" in data:
        raw = data.pop("score")
        try:
            fields["score"] = None if raw is None else float(raw)
        except (TypeError, ValueError, OverflowError):
            problem("field", f"score {raw!r} is not a number; kept as an extra field", lines["score"])
            extra["score"] = raw

    if "seo" in data:
        fields["seo"] = _parse_seo(data.pop("seo"), lines["seo"], problem)

    related: list[RelatedArticle] = []
    for key in [key for key in data if _RELATED_KEY.fullmatch(key)]:
        digits = len(key) - len("related_article")
        if digits > MAX_POSITION_DIGITS:
            message = f"{key[:30]}... has a number of {digits} digits (at most {MAX_POSITION_DIGITS}); skipped"
            problem("related", message, lines[key])
            del data[key]
    for key in sorted(
        (key for key in data if _RELATED_KEY.fullmatch(key)),
        key=lambda key: int(key.removeprefix("related_article")),
    ):
        entry = _parse_related(key, data.pop(key), lines[key], problem)
        if entry is not None:
            related.append(entry)

    extra.update(data)
    body = body.strip()
    for name, value in fields.items():
        if isinstance(value, str) and name != "answer":
            fields[name] = _shared(value)
    return (
        QuickTake(
            id=qt_id,
            path=path,
            related=tuple(related),
            body="" if body in _EMPTY_BODIES else repair.fix_text(body),
            extra=extra,
            lines={_shared(key): line for key, line in fm.lines.items()},
            value_lines={_shared(key): line for key, line in fm.value_lines.items()},
            **fields,
        ),
        problems,
    )


def _strip_controls(
    text: str, fm: frontmatter.FrontMatter, data: dict[str, Any], lines: dict[str, int], problem: Any
) -> str:
    """Remove control characters from *data*'s values (in place) and return the body without them.

    One ``text`` problem names every field that had some, at the first one's line.
    """
    fields: dict[str, int] = {}
    removed: set[str] = set()
    for key, value in data.items():
        clean, found = repair.strip_controls(value)
        if found:
            data[key] = clean
            fields[key] = lines[key]
            removed |= found
    body = fm.body
    match = repair.CONTROLS.search(body)
    if match is not None:
        fields["body"] = text.count("\n", 0, len(text) - len(body) + match.start()) + 1
        body, found = repair.strip_controls(body)
        removed |= found
    if fields:
        names = ", ".join(repr(key) for key in fields)
        message = f"control characters ({repair.control_names(removed)}) are removed from {names}"
        problem("text", message, min(fields.values()))
    return body


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_date(value: Any) -> tuple[dt.date | None, str]:
    if isinstance(value, dt.datetime):
        return value.date(), value.isoformat()
    if isinstance(value, dt.date):
        return value, value.isoformat()
    text = "" if value is None else str(value).strip()
    try:
        return dt.date.fromisoformat(text), text
    except ValueError:
        return None, text


def _parse_names(value: Any, line: int | None, problem: Any) -> tuple[str, ...]:
    """``reviewed_by``: one name or a list of names; an empty or non-text name is left out."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        text = _as_text(item) if isinstance(item, str | int | float) else None
        if text:
            names.append(" ".join(text.split()))
        else:
            problem("reviewer", f"reviewed_by has an empty or non-text name ({str(item)[:40]!r}); it is left out", line)
    return tuple(names)


def _parse_references(value: Any, line: int | None, problem: Any) -> tuple[Reference, ...]:
    """``references``: a list (or one) of DOIs, ``pmid:`` ids and http(s) addresses; a bad one is left out."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    found: list[Reference] = []
    for item in items:
        text = _as_text(item) if isinstance(item, str | int | float) else None
        parsed = parse_reference(text) if text is not None else "it is not text"
        if isinstance(parsed, Reference):
            if parsed not in found:
                found.append(parsed)
        else:
            problem("reference", f"reference {str(item)[:80]!r} is left out: {parsed}", line)
    return tuple(found)


def _parse_seo(value: Any, line: int | None, problem: Any) -> Seo:
    if not isinstance(value, dict):
        problem("field", "'seo' should be a mapping (title, page_description, page_keywords); ignored", line)
        return Seo(extra={"seo": value})
    value = dict(value)
    title = _field_text(value.pop("title", None), "seo title", "field", line, problem)
    description = _field_text(value.pop("page_description", None), "seo page_description", "field", line, problem)
    keywords = value.pop("page_keywords", None)
    if isinstance(keywords, list):
        texts = [None if item is None else _scalar_text(item) for item in keywords]  # "- " alone: refused
        refused = [item for item, text in zip(keywords, texts, strict=True) if text is None]
        if refused:
            shown = ", ".join(_kind(item) for item in refused)
            problem("field", f"seo page_keywords has entries that are not text ({shown}); they are left out", line)
        keywords = ",".join(text for text in texts if text)
    else:
        keywords = _field_text(keywords, "seo page_keywords", "field", line, problem)
    return Seo(
        title=_shared(title),
        description=description,
        keywords=tuple(_shared(keyword) for keyword in split_keywords(keywords)),
        extra=value,
    )


def _scalar_text(value: Any) -> str | None:
    """Text of a YAML scalar ('' for null), or None for what has none (a list, a mapping, binary)."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float | dt.date):
        return None
    return _as_text(value)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else type(value).__name__


def _field_text(value: Any, name: str, subtype: str, line: int | None, problem: Any) -> str:
    """*value* as text; a list, a mapping (printed as a Python repr before) is refused with a problem."""
    text = _scalar_text(value)
    if text is None:
        problem(subtype, f"{name} should be text, not {_kind(value)}; it is left out", line)
        return ""
    return text


def _parse_related(key: str, value: Any, line: int | None, problem: Any) -> RelatedArticle | None:
    position = int(key.removeprefix("related_article"))
    if not isinstance(value, dict):
        problem("related", f"{key} should be a mapping with an id; skipped", line)
        return None
    value = dict(value)
    related_id = parse_id(value.pop("id", None))
    if related_id is None:
        problem("related", f"{key} has no positive integer id; skipped", line)
        return None
    return RelatedArticle(
        id=related_id,
        title=_shared(_field_text(value.pop("title", None), f"{key} title", "related", line, problem)),
        subject=_shared(_field_text(value.pop("subject", None), f"{key} subject", "related", line, problem)),
        url=_shared(_field_text(value.pop("url", None), f"{key} url", "related", line, problem)),
        position=position,
        line=line,
        extra=value,
    )
