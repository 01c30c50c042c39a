"""The JSON Schema of QuickTake front matter that editors validate with (``sphinx_quicktakes/schemas``).

It must accept the files the loader reads, name every field the loader reads, and refuse
what the loader refuses, or an editor would show a green file that the build skips.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sphinx_quicktakes.library import frontmatter, quicktake_file
from sphinx_quicktakes.library.quicktake_file import load_quicktake

from .conftest import SEED_FILES, SEEDS

SCHEMA = json.loads(files("sphinx_quicktakes").joinpath("schemas/quicktake.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
FRONT = SCHEMA["$defs"]["frontMatter"]


def as_editors_see_it(data: Any) -> Any:
    """YAML dates become strings, as the YAML language server reads them (JSON has no dates)."""
    return json.loads(
        json.dumps(data, default=lambda value: value.isoformat() if isinstance(value, dt.date) else value)
    )


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("qt_id", [key for key in SEED_FILES if key != "paper"])
def test_the_seeds_front_matter_is_valid(qt_id: int) -> None:
    data = frontmatter.parse((SEEDS / SEED_FILES[qt_id]).read_text(encoding="utf-8")).data
    assert data["id"] == qt_id
    errors = [error.message for error in VALIDATOR.iter_errors(as_editors_see_it(data))]
    assert errors == []


def fields_the_loader_reads() -> dict[str, set[str]]:
    """Every key ``quicktake_file.py`` looks up, by where it looks: the top level, ``seo``, a related article."""
    source = Path(quicktake_file.__file__).read_text(encoding="utf-8")
    found: dict[str, set[str]] = {"top": set(REQUIRED_AND_TEXT), "seo": set(), "related": set()}
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef):
            continue
        where = {"_parse_seo": "seo", "_parse_related": "related", "load_quicktake": "top"}.get(function.name)
        if where is None:
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "pop":
                key = node.args[0] if node.args else None
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    found[where].add(key.value)
            elif (
                isinstance(node, ast.Compare)
                and isinstance(node.left, ast.Constant)
                and isinstance(node.ops[0], ast.In)
            ):
                found[where].add(node.left.value)
            elif isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple):
                found[where].update(e.value for e in node.iter.elts if isinstance(e, ast.Constant))
    return found


REQUIRED_AND_TEXT = {*quicktake_file.REQUIRED, *quicktake_file._TEXT_FIELDS}


def test_the_schema_names_every_field_the_loader_reads() -> None:
    fields = fields_the_loader_reads()
    # The walk finds what it must, so this test cannot pass by finding nothing.
    assert {"date", "last_reviewed", "reviewed_by", "references", "score", "seo"} <= fields["top"]
    assert fields["seo"] == {"title", "page_description", "page_keywords"}
    assert fields["related"] == {"id", "title", "subject", "url"}
    assert fields["top"] <= set(FRONT["properties"])
    assert fields["seo"] <= set(FRONT["properties"]["seo"]["properties"])
    (related,) = FRONT["patternProperties"].values()
    assert fields["related"] <= set(related["properties"])
    assert set(FRONT["required"]) == set(quicktake_file.REQUIRED)


VALID = {"id": 7, "question": "Q?", "answer": "A."}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"id": 0}, id="id-zero"),
        pytest.param({"id": -3}, id="id-negative"),
        pytest.param({"id": "abc"}, id="id-not-a-number"),
        pytest.param({"id": 10**15}, id="id-too-large"),
        pytest.param({"id": "1234567890123456"}, id="id-string-too-long"),
        pytest.param({"id": 1.5}, id="id-fraction"),
        pytest.param({"question": "   "}, id="blank-question"),
        pytest.param({"answer": ["a", "list"]}, id="answer-not-text"),
        pytest.param({"answer": None}, id="answer-missing"),
    ],
)
def test_what_the_loader_skips_the_schema_refuses(change: dict[str, Any]) -> None:
    data = {**VALID, **change}
    data = {key: value for key, value in data.items() if value is not None}
    text = "---\n" + json.dumps(data) + "\n---\n"  # JSON is YAML
    quicktake, problems = load_quicktake(Path("x.txt"), text)
    assert quicktake is None and problems
    assert not VALIDATOR.is_valid(data)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"date": "11/12/2024"}, id="date-not-iso"),
        pytest.param({"last_reviewed": "last year"}, id="review-date-not-iso"),
        pytest.param({"related_article1": {"title": "no id"}}, id="related-without-id"),
        pytest.param({"references": ["ftp://example.org/x"]}, id="reference-not-http"),
        pytest.param({"reviewed_by": [""]}, id="empty-reviewer"),
        pytest.param({"score": "high"}, id="score-not-a-number"),
    ],
)
def test_what_the_loader_warns_about_the_schema_refuses(change: dict[str, Any]) -> None:
    data = {**VALID, **change}
    quicktake, problems = load_quicktake(Path("x.txt"), "---\n" + json.dumps(data) + "\n---\n")
    assert quicktake is not None
    assert problems, "the loader accepts this without a word; the schema need not refuse it"
    assert not VALIDATOR.is_valid(data)


def test_a_digit_string_id_and_extra_fields_are_accepted_as_the_loader_accepts_them() -> None:
    data = {**VALID, "id": "118100", "custom": {"any": "thing"}}
    quicktake, problems = load_quicktake(Path("x.txt"), "---\n" + json.dumps(data) + "\n---\n")
    assert quicktake is not None and quicktake.id == 118100 and problems == []
    assert VALIDATOR.is_valid(data)
