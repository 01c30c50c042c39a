"""``quicktakes.json``: valid against its shipped JSON Schema, and true to the build."""

from __future__ import annotations

import json

import jsonschema
import pytest

from sphinx_quicktakes.publishing.export import SCHEMA

from .conftest import BuildProject, warnings_of


def export(app) -> dict:
    data = json.loads((app.outdir / "quicktakes.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        json.loads(SCHEMA.read_text(encoding="utf-8")), format_checker=jsonschema.FormatChecker()
    )
    validator.validate(data)
    return data


@pytest.mark.parametrize(
    ("builder", "page_118100"),
    [
        ("html", "questions/118100.html#qt-118100"),
        ("dirhtml", "questions/118100/#qt-118100"),
        ("singlehtml", "index.html#qt-118100"),
    ],
)
def test_export_matches_the_site(project: BuildProject, builder: str, page_118100: str) -> None:
    app = project("pages", builder)
    app.build()
    assert warnings_of(app) == ""
    data = export(app)
    assert data["generator"].startswith("sphinx-quicktakes ")
    articles = {article["id"]: article for article in data["articles"]}
    assert sorted(articles) == [97068, 118100, 118109, 118136]
    assert articles[118100]["page"] == page_118100
    assert articles[118100]["source"] == "seeds/003_9d95fdfe1ac604ce.txt"
    assert articles[118100]["date"] == "2024-12-11"
    related = {entry["id"]: entry["link"] for entry in articles[118109]["related"]}
    assert related[118100] == {"kind": "internal", "href": page_118100}
    assert related[118085]["kind"] == "external"
    assert related[118085]["href"] == (
        "https://quicktakes.io/learn/medicine/questions/how-is-petct-used-in-the-diagnosis-and-management-of-hcc"
    )
    assert {"id": 118109} in articles[118100]["referenced_by"]
    index_page = (
        page_118100.split("questions/")[0].split("#")[0]
        if builder == "singlehtml"
        else (app.builder.get_target_uri("index"))
    )
    assert {"page": index_page} in articles[118100]["referenced_by"]
    [paper] = data["papers"]
    assert paper["doi"] == "10.1016/j.clinimag.2023.110022"
    assert paper["volume"] == "105" and paper["issue"] is None
    assert paper["page"].endswith("#qt-paper-10-1016-j-clinimag-2023-110022")
    assert builder == "singlehtml" or paper["page"].startswith("questions/papers/10-1016-j-clinimag-2023-110022")


def test_plain_links_have_no_href(project: BuildProject) -> None:
    app = project("pages", confoverrides={"quicktakes_external_base": None})
    app.build()
    data = export(app)
    links = [entry["link"] for article in data["articles"] for entry in article["related"]]
    assert {"kind": "plain", "href": None} in links


def test_schema_rejects_a_wrong_export() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bad = {"format_version": 1, "generator": "x", "project": "p", "articles": [{"id": "118100"}], "papers": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
