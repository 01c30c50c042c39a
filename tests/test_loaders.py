"""The Sphinx-free loaders on the real seed bytes and on every class of bad input."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from sphinx_quicktakes.library import build_library, discover, load_file
from sphinx_quicktakes.library.model import Paper, QuickTake
from sphinx_quicktakes.library.paper_file import load_paper
from sphinx_quicktakes.library.quicktake_file import load_quicktake

from .conftest import SEED_FILES, SEEDS


def load(tmp_path: Path, content: bytes | str, name: str = "file.txt") -> tuple[object, list]:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return load_file(path)


def quicktake(tmp_path: Path, content: bytes | str) -> QuickTake:
    item, problems = load(tmp_path, content)
    assert problems == []
    assert isinstance(item, QuickTake)
    return item


def front_matter(**fields: str) -> str:
    """A minimal valid QuickTake, with *fields* replacing or adding lines."""
    base = {"id": "1", "question": "Why?", "answer": "Because."}
    base.update(fields)
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in base.items()) + "---\n\n&nbsp;"


# --- the shipped seeds -------------------------------------------------------


def test_seed_000_every_field() -> None:
    item, problems = load_file(SEEDS / SEED_FILES[118136])
    assert problems == []
    assert isinstance(item, QuickTake)
    question = "How does imaging influence the treatment planning for hepatobiliary diseases?"
    assert item.id == 118136
    assert item.date == dt.date(2024, 12, 11)
    assert item.title == item.article_title == item.question == question
    assert item.date_format == "MMM DD, YYYY"
    assert item.post_on_text == "Posted on"
    assert item.schema == "default"
    assert item.author == "QuickTakes"
    assert item.subject == "Medicine"
    assert item.file_name == "how-does-imaging-influence-the-treatment-planning-for-hepatobiliary-diseases.md"
    assert item.url == "/learn/medicine/questions/" + item.file_name.removesuffix(".md")
    assert item.score == -1.0
    assert item.seo.title == "QuickTakes | Medicine"
    assert item.seo.description.startswith("This content discusses the critical role of imaging")
    assert item.seo.description.endswith("and monitoring treatment response.")
    assert item.keywords[:3] == ("imaging", "hepatobiliary diseases", "treatment planning")
    assert item.keywords[-1] == "patient outcomes"
    assert len(item.keywords) == 15
    assert [r.id for r in item.related] == [118127, 118133, 118131, 118137]
    assert [r.position for r in item.related] == [1, 2, 3, 4]
    last = item.related[-1]
    assert last.subject == "Health Studies"
    assert last.title == (
        "What are the cost considerations associated with different imaging modalities in hepatobiliary diagnosis?"
    )
    assert last.url.startswith("/learn/health-studies/questions/what-are-the-cost-considerations")
    assert item.extra == {}
    assert item.body == ""
    assert item.line_of("id") == 3
    assert item.line_of("answer") == 20
    assert item.value_lines["answer"] == 21  # the folded text starts below "answer: >-"


def test_seed_answers_have_paragraphs_not_literal_backslash_n() -> None:
    for key in (118136, 97068, 118109, 118100):
        item, _ = load_file(SEEDS / SEED_FILES[key])
        assert isinstance(item, QuickTake)
        assert "\\n" not in item.answer
        assert "\n\n1. **" in item.answer
        assert item.answer.count("\n\n") >= 6


def test_seed_related_and_keywords_of_each() -> None:
    expected = {
        97068: ([97057, 97055, 97074, 97070], 13, "imaging techniques", "lesion characterization"),
        118109: ([118085, 118100, 118086, 118091], 17, "HCC", "diffusion-weighted imaging"),
        118100: ([118105, 118104, 118091, 118108, 118093], 15, "imaging", "patient outcomes"),
    }
    for key, (related, count, first, last) in expected.items():
        item, problems = load_file(SEEDS / SEED_FILES[key])
        assert problems == []
        assert isinstance(item, QuickTake)
        assert item.id == key
        assert [r.id for r in item.related] == related
        assert (len(item.keywords), item.keywords[0], item.keywords[-1]) == (count, first, last)


def test_seed_001_mojibake_is_repaired_from_real_bytes() -> None:
    raw = (SEEDS / SEED_FILES[97068]).read_bytes()
    assert "â‰¥ 2 cm".encode() in raw  # the file really carries the mojibake
    item, _ = load_file(SEEDS / SEED_FILES[97068])
    assert isinstance(item, QuickTake)
    assert "mass detected on ultrasound is ≥ 2 cm in diameter" in item.answer
    assert "â" not in item.answer
    assert item.date == dt.date(2024, 12, 7)


def test_seed_004_paper_every_field() -> None:
    item, problems = load_file(SEEDS / SEED_FILES["paper"])
    assert problems == []
    assert isinstance(item, Paper)
    assert item.rating == 4.3
    assert item.article_type == "Article"
    assert item.title == "Imaging of the hepatic arterial infusion pump: Primer for radiologists"
    assert item.journal == "CLINICAL IMAGING"
    assert (item.volume, item.issue, item.pages) == ("105", "", "")
    assert item.publisher == "ELSEVIER SCIENCE INC"
    assert item.doi == "10.1016/j.clinimag.2023.110022"
    assert item.key == "10.1016/j.clinimag.2023.110022"
    assert item.keywords == (
        "Hepatic arterial infusion pump",
        "Gastroduodenal artery",
        "Liver-directed therapy",
        "Computed tomography angiography",
        "Perfusion scintigraphy",
    )
    assert len(item.abstract) == 2
    assert item.abstract[0].startswith("Hepatic arterial infusion pumps allow selective administration")
    assert item.abstract[1].endswith("familiarize themselves with various aspects of HAI pumps.")
    assert item.authors == ()
    assert item.primary_rating == 4.3
    assert item.rating_note == "Not enough ratings"
    assert item.secondary_ratings == {"Novelty": None, "Significance": None, "Scientific rigor": None}
    assert item.recommended == ()
    assert item.rest == ()
    assert item.line_of("doi") == 13


def test_library_over_the_seeds() -> None:
    paths, roots, problems = discover(["seeds"], SEEDS.parent)
    library = build_library(paths, roots, problems)
    assert library.problems == []
    assert sorted(library.quicktakes) == [97068, 118100, 118109, 118136]
    assert list(library.papers) == ["10.1016/j.clinimag.2023.110022"]
    assert len(library.by_path) == 5
    assert library.roots == (SEEDS.resolve(),)


# --- repairs -------------------------------------------------------------------


def test_legitimate_typography_is_left_exactly_as_written(tmp_path: Path) -> None:
    legit = "“Curly” ‘quotes’ — em – en … café naïve ﬁbrosis ＡＢＣ e\u0301 ½ ≥ µ"
    item = quicktake(tmp_path, front_matter(answer=legit, title=legit))
    assert item.answer == legit
    assert item.title == legit


def test_mojibake_in_any_field_is_repaired(tmp_path: Path) -> None:
    item = quicktake(tmp_path, front_matter(question="Whatâ€™s â‰¥ 5 mm?", subject="CafÃ©"))
    assert item.question == "What’s ≥ 5 mm?"
    assert item.subject == "Café"


def test_html_entities_stay_text(tmp_path: Path) -> None:
    item = quicktake(tmp_path, front_matter(answer="'&lt;script&gt; &amp; Ã©'"))
    assert item.answer == "&lt;script&gt; &amp; é"


def test_bom_and_crlf_load_like_the_original(tmp_path: Path, seed_bytes) -> None:
    original = seed_bytes(118100)
    damaged = b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n")
    item = quicktake(tmp_path, damaged)
    reference, _ = load_file(SEEDS / SEED_FILES[118100])
    assert isinstance(reference, QuickTake)
    assert item.answer == reference.answer
    assert item.related == reference.related
    assert item.lines == reference.lines
    assert item.seo == reference.seo


def test_nbsp_body_is_ignored_but_real_body_is_kept(tmp_path: Path) -> None:
    assert quicktake(tmp_path, front_matter()).body == ""
    text = front_matter().replace("&nbsp;", "Editor's note.")
    assert quicktake(tmp_path, text).body == "Editor's note."


def test_related_articles_follow_numeric_order(tmp_path: Path) -> None:
    related = {f"related_article{n}": f"\n    id: {1000 + n}\n    title: T{n}" for n in (10, 2, 1, 9, 11)}
    item = quicktake(tmp_path, front_matter(**related))
    assert [r.position for r in item.related] == [1, 2, 9, 10, 11]
    assert [r.id for r in item.related] == [1001, 1002, 1009, 1010, 1011]


def test_unknown_keys_are_kept(tmp_path: Path) -> None:
    text = front_matter(
        reviewer="Dr. Who",
        tags="[a, b]",
        seo="\n  title: T\n  robots: noindex",
        related_article1="\n    id: 5\n    rank: 3",
    )
    item = quicktake(tmp_path, text)
    assert item.extra == {"reviewer": "Dr. Who", "tags": ["a", "b"]}
    assert item.seo.extra == {"robots": "noindex"}
    assert item.related[0].extra == {"rank": 3}


def test_digit_string_id_is_accepted(tmp_path: Path) -> None:
    assert quicktake(tmp_path, front_matter(id='"118100"')).id == 118100


# --- paper variants ------------------------------------------------------------


PAPER = (SEEDS / SEED_FILES["paper"]).read_text(encoding="utf-8")


def paper(text: str) -> Paper:
    item, problems = load_paper(Path("p.txt"), text)
    assert problems == []
    assert isinstance(item, Paper)
    return item


def test_paper_with_issue_and_pages() -> None:
    item = paper(PAPER.replace("Volume 105, Issue -, Pages -", "Volume 105, Issue 3, Pages 110022-110030"))
    assert (item.volume, item.issue, item.pages) == ("105", "3", "110022-110030")


def test_paper_without_volume_line() -> None:
    item = paper(PAPER.replace("Volume 105, Issue -, Pages -\n", ""))
    assert (item.volume, item.issue, item.pages) == ("", "", "")
    assert item.journal == "CLINICAL IMAGING"


def test_paper_without_rating_header() -> None:
    item = paper(PAPER.replace("4.3 Article\n\n", "", 1))
    assert item.rating is None
    assert item.article_type == ""
    assert item.title.startswith("Imaging of the hepatic arterial infusion pump")


def test_paper_with_doi_on_another_line_and_authors() -> None:
    text = PAPER.replace("DOI: 10.1016/j.clinimag.2023.110022\n", "")
    text = text.replace("Click your name", "Jane Roe\nJohn Doe\nClick your name")
    text = text.replace("Recommended\n", "Recommended\nDOI: https://doi.org/10.1016/J.CLINIMAG.2023.110022\n")
    item = paper(text)
    assert item.doi == "10.1016/J.CLINIMAG.2023.110022"
    assert item.key == "10.1016/j.clinimag.2023.110022"
    assert item.authors == ("Jane Roe", "John Doe")


def test_paper_secondary_ratings_with_numbers() -> None:
    item = paper(PAPER.replace("Novelty\n-", "Novelty\n3.5"))
    assert item.secondary_ratings["Novelty"] == 3.5


def test_not_a_paper_at_all_is_reported(tmp_path: Path) -> None:
    item, problems = load(tmp_path, "Just some notes\nabout imaging.\n")
    assert item is None
    assert [(p.subtype, p.line) for p in problems] == [("frontmatter", 1)]
    item, problems = load_paper(Path("x.txt"), "Journal\n\nDOI: 10.1/x\n")
    assert item is None
    assert problems[0].subtype == "paper"


# --- bad input: each class gives a located problem and skips the item -----------


@pytest.mark.parametrize(
    ("content", "subtype", "line"),
    [
        pytest.param("id: 1\nquestion: q\n", "frontmatter", 1, id="missing-front-matter"),
        pytest.param("---\nid: 1\nquestion: q\nanswer: a\n", "frontmatter", 1, id="unterminated"),
        pytest.param("---\n---\n", "frontmatter", 1, id="empty"),
        pytest.param("---\nid: 1\nquestion: q\nanswer: [unclosed\n---\n", "yaml", 4, id="yaml-error-file-line"),
        pytest.param("\n\n---\nid: 1\nquestion: 'q\n---\n", "yaml", 5, id="yaml-error-after-blank-lines"),
        pytest.param("---\n- a\n- b\n---\n", "yaml", 2, id="not-a-mapping"),
        pytest.param("---\nid: 1\nquestion: q\n---\n", "missing", 1, id="missing-answer"),
        pytest.param("---\nid: 1\nquestion: ''\nanswer: a\n---\n", "missing", 1, id="empty-question"),
        pytest.param("---\nid: abc\nquestion: q\nanswer: a\n---\n", "id", 2, id="non-integer-id"),
        pytest.param("---\nid: 1.5\nquestion: q\nanswer: a\n---\n", "id", 2, id="float-id"),
        pytest.param("---\nid: -4\nquestion: q\nanswer: a\n---\n", "id", 2, id="negative-id"),
        pytest.param("---\nid: 1\nquestion: [q]\nanswer: a\n---\n", "field", 3, id="question-not-text"),
        pytest.param(b"---\nid: 1\nquestion: q\x00\n---\n", "binary", 3, id="binary"),
        pytest.param(b"---\nid: 1\nquestion: caf\xe9\nanswer: a\n---\n", "encoding", 3, id="undecodable"),
        pytest.param(
            "---\nid: 1\nquestion: q\nanswer: !!python/object/apply:os.system ['echo hacked']\n---\n",
            "yaml",
            4,
            id="python-tag",
        ),
        pytest.param("---\nid: 1\nquestion: q\nanswer: &a x\nsubject: *a\n---\n", "yaml", 4, id="alias"),
    ],
)
def test_bad_input_is_located_and_skipped(tmp_path: Path, content: str | bytes, subtype: str, line: int) -> None:
    item, problems = load(tmp_path, content)
    assert item is None
    assert [(p.subtype, p.line) for p in problems] == [(subtype, line)]
    assert str(problems[0]).startswith(f"{tmp_path / 'file.txt'}:{line}: ")


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 12)]
    bomb = "---\nid: 1\nquestion: q\nanswer: a\n" + "\n".join(lines) + "\n---\n"
    start = time.perf_counter()
    item, problems = load(tmp_path, bomb)
    assert time.perf_counter() - start < 2  # 9**12 strings if expanded; refused instead
    assert item is None
    assert [(p.subtype, p.line) for p in problems] == [("yaml", 5)]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    item, problems = load(tmp_path, "---\nid: 1\nquestion: q\nanswer: a\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    assert item is None
    assert problems[0].subtype == "yaml"
    assert "nested deeper" in problems[0].message


def test_non_fatal_problems_keep_the_item(tmp_path: Path) -> None:
    text = front_matter(
        date="sometime in 2024",
        score="high",
        related_article1="not-a-mapping",
        related_article2="\n    title: no id",
        related_article3="\n    id: 7",
        seo="just text",
    )
    text = text.replace("---\n\n", "subject: Medicine\nsubject: Surgery\n---\n\n")
    item, problems = load(tmp_path, text)
    assert isinstance(item, QuickTake)
    found = sorted((p.subtype, p.line) for p in problems)
    assert found == [("date", 5), ("field", 6), ("field", 12), ("related", 7), ("related", 8), ("yaml", 14)]
    assert item.date is None and item.date_text == "sometime in 2024"
    assert item.extra["score"] == "high"
    assert [r.id for r in item.related] == [7]
    assert item.subject == "Surgery"


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(front_matter(id="5", question="First"))
    (tmp_path / "b.txt").write_text(front_matter(id="5", question="Second"))
    (tmp_path / "c.txt").write_text(front_matter(id="6"))
    library = build_library(*discover([str(tmp_path)], tmp_path)[:2])
    assert library.quicktakes[5].question == "First"
    assert 6 in library.quicktakes
    [problem] = library.problems
    assert (problem.path.name, problem.line, problem.subtype) == ("b.txt", 2, "duplicate")
    assert f"{tmp_path / 'a.txt'}:2" in problem.message


def test_duplicate_doi_across_files_is_case_insensitive(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PAPER)
    (tmp_path / "b.txt").write_text(PAPER.replace("10.1016/j.clinimag", "10.1016/J.CLINIMAG"))
    library = build_library(*discover([str(tmp_path)], tmp_path)[:2])
    assert len(library.papers) == 1
    assert [p.subtype for p in library.problems] == ["duplicate"]


def test_discover_skips_hidden_and_other_suffixes_and_refuses_escaping_symlinks(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(front_matter(id="1"))
    (root / "sub" / "b.md").write_text(front_matter(id="2"))
    (root / ".hidden.txt").write_text("x")
    (root / "image.png").write_bytes(b"\x89PNG")
    outside = tmp_path / "secret.txt"
    outside.write_text(front_matter(id="3"))
    (root / "link.txt").symlink_to(outside)
    paths, _roots, problems = discover(["lib", "missing"], tmp_path)
    assert [p.name for p in paths] == ["a.txt", "b.md"]
    assert sorted(p.subtype for p in problems) == ["path", "sources"]


def test_duplicate_id_goes_to_the_earlier_source_then_path_order(tmp_path: Path) -> None:
    for name, question in [("z/first.txt", "Z first?"), ("a/second.txt", "A?"), ("z/sub/third.txt", "Z third?")]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(front_matter(id="7", question=question))
    paths, roots, problems = discover(["z", "a"], tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == ["z/first.txt", "z/sub/third.txt", "a/second.txt"]
    library = build_library(paths, roots, problems)
    assert library.quicktakes[7].question == "Z first?"  # although "a/second.txt" sorts first as a full path
    assert [(p.path.name, p.subtype) for p in library.problems] == [
        ("third.txt", "duplicate"),
        ("second.txt", "duplicate"),
    ]
    # a file two sources find keeps the place of the first
    paths, _, _ = discover(["a", "z", "a/second.txt"], tmp_path)
    assert [p.name for p in paths] == ["second.txt", "first.txt", "third.txt"]


def test_glob_sources(tmp_path: Path) -> None:
    (tmp_path / "lib" / "x").mkdir(parents=True)
    (tmp_path / "lib" / "x" / "a.txt").write_text(front_matter(id="1"))
    (tmp_path / "lib" / "b.txt").write_text(front_matter(id="2"))
    paths, roots, _ = discover(["lib/**/a.*"], tmp_path)
    assert [p.name for p in paths] == ["a.txt"]
    assert roots == [(tmp_path / "lib").resolve()]


def test_loader_works_on_text_without_sphinx() -> None:
    item, problems = load_quicktake(Path("mem.txt"), front_matter())
    assert problems == [] and isinstance(item, QuickTake)


def test_impossible_date_is_reported_and_the_file_kept(tmp_path: Path) -> None:
    item, problems = load(tmp_path, front_matter(date="2024-13-01"))
    assert isinstance(item, QuickTake)
    assert (item.date, item.date_text) == (None, "2024-13-01")
    assert [(p.subtype, p.line) for p in problems] == [("date", 5)]


def test_paper_with_malformed_doi_is_kept_and_reported() -> None:
    text = PAPER.replace("10.1016/j.clinimag.2023.110022", "10.10/too-short-registrant")
    item, problems = load_paper(Path("p.txt"), text)
    assert isinstance(item, Paper)
    assert [(p.subtype, p.line) for p in problems] == [("doi", 13)]


# --- control characters --------------------------------------------------------


def test_control_characters_are_removed_from_every_text_value_with_one_warning(tmp_path: Path) -> None:
    """YAML escapes let C0/C1 controls into values; XML outputs (Atom, ePub) cannot hold them."""
    text = front_matter(
        question='"Why\\e[1m?"',
        answer='"Because\\a\\0 so."',
        author='"Dr\\x7f A"',
        keywords='"one\\x0b, two"',
        subject="Medicine",
    )
    item, problems = load(tmp_path, text.replace("&nbsp;", "body\x1b text"))
    assert isinstance(item, QuickTake)
    assert (item.question, item.answer, item.author, item.body) == ("Why[1m?", "Because so.", "Dr A", "body text")
    assert item.extra["keywords"] == "one, two"
    assert [(p.line, p.subtype) for p in problems] == [(3, "text")]
    assert "'question', 'answer', 'author', 'keywords', 'body'" in problems[0].message
    assert "U+0000, U+0007, U+000B, U+001B, U+007F" in problems[0].message


def test_tab_and_newline_are_no_control_characters(tmp_path: Path) -> None:
    item = quicktake(tmp_path, front_matter(answer='"a\\tb\\nc"'))
    assert item.answer == "a\tb\nc"


def test_a_paper_page_loses_its_control_characters_with_a_warning(tmp_path: Path) -> None:
    item, problems = load(tmp_path, "4.0 Article\n\nTitle\x1b here\n\nJournal\n\nJ\x07\n\nDOI: 10.5555/x\n")
    assert isinstance(item, Paper)
    assert (item.title, item.journal) == ("Title here", "J")
    assert [(p.line, p.subtype) for p in problems] == [(3, "text")]


# --- values that are not text where text belongs ----------------------------------


def test_lists_and_mappings_where_text_belongs_are_refused_with_warnings(tmp_path: Path) -> None:
    """``page_description: [a, b]`` was published as the Python repr "['a', 'b']", without a warning."""
    text = (
        "---\nid: 1\nquestion: q\nanswer: a\nseo:\n  title: {a: b}\n  page_description: [a, b]\n"
        "  page_keywords: [one, {two: 2}, null, three]\nrelated_article1:\n  id: 2\n  title: [x]\n  url: {y: z}\n---\n"
    )
    item, problems = load(tmp_path, text)
    assert isinstance(item, QuickTake)
    assert (item.seo.title, item.seo.description, item.keywords) == ("", "", ("one", "three"))
    assert (item.related[0].title, item.related[0].url) == ("", "")
    assert [(p.line, p.subtype, p.message) for p in problems] == [
        (5, "field", "seo title should be text, not a mapping; it is left out"),
        (5, "field", "seo page_description should be text, not a list; it is left out"),
        (5, "field", "seo page_keywords has entries that are not text (a mapping, null); they are left out"),
        (9, "related", "related_article1 title should be text, not a list; it is left out"),
        (9, "related", "related_article1 url should be text, not a mapping; it is left out"),
    ]


def test_keywords_as_a_mapping_are_refused_and_null_is_absent(tmp_path: Path) -> None:
    item, problems = load(tmp_path, "---\nid: 1\nquestion: q\nanswer: a\nseo:\n  page_keywords: {a: b}\n---\n")
    assert isinstance(item, QuickTake) and item.keywords == ()
    assert [(p.line, p.subtype) for p in problems] == [(5, "field")]
    item = quicktake(tmp_path, "---\nid: 1\nquestion: q\nanswer: a\nseo:\n  page_keywords: null\n  title: 12\n---\n")
    assert item.keywords == () and item.seo.title == "12"


# --- numbers: ratings, ids, related_article positions ------------------------------------


def test_an_infinite_or_out_of_range_rating_is_refused(tmp_path: Path) -> None:
    """400 nines made ``float()`` infinite: ``"rating": Infinity`` in quicktakes.json and "∞ / 5" on the card."""
    nines = "9" * 400
    page = (
        f"{nines} Article\n\nT\n\nJournal\n\nJ\n\nDOI: 10.5555/x\n\n"
        f"Primary Rating\n\n7.5\n\nSecondary Ratings\n\nNovelty\n{nines}\n"
    )
    item, problems = load(tmp_path, page)
    assert isinstance(item, Paper)
    assert (item.rating, item.primary_rating, item.secondary_ratings) == (None, None, {"Novelty": None})
    assert [(p.line, p.subtype) for p in problems] == [(1, "rating"), (13, "rating"), (18, "rating")]
    assert "the primary rating 7.5 is not between 0 and 5" in problems[1].message
    kept, problems = load(tmp_path, "4.3 Article\n\nT\n\nJournal\n\nJ\n\nPrimary Rating\n\n5\n", "kept.txt")
    assert isinstance(kept, Paper) and (kept.rating, kept.primary_rating, problems) == (4.3, 5.0, [])


@pytest.mark.parametrize("value", ['"²"', '"١٢"', '"12³"'])
def test_an_id_of_non_ascii_digits_is_an_id_problem_with_its_line(tmp_path: Path, value: str) -> None:
    """``str.isdigit`` accepts "²", which ``int()`` refuses: an unlocated quicktakes.internal before."""
    item, problems = load(tmp_path, front_matter(id=value))
    assert item is None
    assert [(p.line, p.subtype) for p in problems] == [(2, "id")]


def test_a_related_article_number_of_thousands_of_digits_is_skipped_not_the_file(tmp_path: Path) -> None:
    text = (
        "---\nid: 1\nquestion: q\nanswer: a\n? related_article"
        + "1" * 5000
        + "\n: id: 2\nrelated_article2:\n  id: 3\n---\n"
    )
    item, problems = load(tmp_path, text)
    assert isinstance(item, QuickTake)
    assert [(related.position, related.id) for related in item.related] == [(2, 3)]
    assert [(p.line, p.subtype) for p in problems] == [(5, "related")]
    assert "5000 digits" in problems[0].message


@pytest.mark.parametrize("line", ["DOI: https://doi.org/", "DOI: doi:", "doi: https://dx.doi.org/"])
def test_a_doi_line_without_a_doi_is_reported_at_its_line(tmp_path: Path, line: str) -> None:
    """The paper had no DOI, so no page, and no warning: it vanished, and the checker counted nothing."""
    item, problems = load(tmp_path, f"Article\n\nT\n\nJournal\n\nJ\n\n{line}\n")
    assert isinstance(item, Paper) and item.doi == ""
    assert [(p.line, p.subtype) for p in problems] == [(9, "doi")]
    assert "holds no DOI" in problems[0].message
