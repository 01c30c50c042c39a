"""The loader's shortcuts give exactly what the plain path gives.

Three shortcuts make loading about twice as fast (``benchmarks/load.py``):
ftfy's mojibake search runs only near non-ASCII characters
(``repair._unchanged``), the YAML safety scan looks at each event's type
once, and plain text and mappings are built without PyYAML's constructor
(``frontmatter._construct``).  Here both are compared against the plain path on the seeds, the hostile
corpus and a generated library, record by record and problem by problem.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import ftfy
import pytest
import yaml

from sphinx_quicktakes.library import frontmatter, load_file, repair

from .conftest import SEEDS, corpus_module

HOSTILE = Path(__file__).parent / "hostile"


def plain_compose(block: str, to_file: Callable[[int], int]) -> yaml.Node | None:
    """The safety scan as it was before the shortcut: every check on every event."""
    depth = 0
    try:
        for event in yaml.parse(block, Loader=frontmatter._Loader):
            line = to_file(event.start_mark.line if event.start_mark else 0)
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise frontmatter.FrontMatterError("yaml", frontmatter._NO_ANCHORS, line)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > frontmatter.MAX_DEPTH:
                    message = f"front matter is nested deeper than {frontmatter.MAX_DEPTH} levels"
                    raise frontmatter.FrontMatterError("yaml", message, line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.compose(block, Loader=frontmatter._Loader)
    except yaml.YAMLError as exc:
        raise frontmatter._yaml_error(exc, to_file, block) from None


#: Front matter the quick constructor leaves to PyYAML's, or must build as it does.
YAML_CASES = {
    "merge": "<<: {subject: Merged}\nextra: 1",
    "value_key": "'=': x\n=: y",
    "list_key": "? [a, b]\n: c",
    "map_key": "? {a: 1}\n: c",
    "set": "tags: !!set {a, b}",
    "binary": "blob: !!binary aGVsbG8=",
    "explicit": "n: !!str 3\nm: !!map {a: 1}\nf: !!float 1",
    "nested": "seo:\n  title: T\n  more: {deep: [1, {x: 2024-01-02}]}",
    "keys": "~: null key\ntrue: bool key\n3: int key\n2024-01-01: date key",
    "bad_date": "date: 2024-13-01\nupdated: 2024-02-30",
    "omap": "o: !!omap [a: 1, b: 2]",
    "tagged_root": "--- !!map\nsubject: S",
}


@pytest.fixture(scope="module")
def library_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Seeds, hostile files, YAML_CASES and 800 generated articles (about 16 with mojibake) with their papers."""
    generated = tmp_path_factory.mktemp("corpus")
    corpus_module().generate(generated, 800, 7)
    cases = tmp_path_factory.mktemp("cases")
    for name, yaml_text in YAML_CASES.items():
        body = yaml_text.removeprefix("--- !!map\n")
        head = "--- !!map" if yaml_text.startswith("--- !!map") else "---"
        text = f"{head}\nid: 7\nquestion: Why?\nanswer: Because ’.\n{body}\n---\n\n&nbsp;\n"
        (cases / f"{name}.txt").write_text(text, encoding="utf-8")
    files = sorted(SEEDS.glob("*.txt")) + sorted(path for path in HOSTILE.rglob("*") if path.is_file())
    return files + sorted(cases.glob("*.txt")) + sorted(generated.glob("*.txt"))


def plain_construct(node: yaml.Node, loader: frontmatter._Loader) -> object:
    return loader.construct_document(node)


@pytest.fixture
def plain_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(repair, "_WINDOW", 0)
    monkeypatch.setattr(frontmatter, "_compose", plain_compose)
    monkeypatch.setattr(frontmatter, "_construct", plain_construct)
    yield


def test_the_shortcut_is_on_with_the_installed_ftfy() -> None:
    assert repair._WINDOW >= 2  # ftfy's pattern passed the checks, so the tests below compare something


def test_records_and_problems_equal_the_plain_path(library_files: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [load_file(path) for path in library_files]
    monkeypatch.setattr(repair, "_WINDOW", 0)
    monkeypatch.setattr(frontmatter, "_compose", plain_compose)
    monkeypatch.setattr(frontmatter, "_construct", plain_construct)
    plain = [load_file(path) for path in library_files]
    assert sum(item is not None for item, _ in fast) > 800
    cases = {path.stem: result for path, result in zip(library_files, fast, strict=True) if path.stem in YAML_CASES}
    assert cases["merge"][0].subject == "Merged" and cases["set"][0].extra["tags"] == {"a", "b"}
    assert any("unhashable" in problem.message for problem in cases["list_key"][1])
    mojibake = [path for path in library_files if "â€" in path.read_text(encoding="utf-8", errors="replace")]
    assert len(mojibake) >= 5  # the repair path is taken, not only the shortcut
    for path, got, expected in zip(library_files, fast, plain, strict=True):
        assert got == expected, path


def test_the_hostile_files_still_have_their_problems(library_files: list[Path], plain_path: None) -> None:
    """The comparison above is no tautology: the plain path finds anchors and deep nesting."""
    messages = [problem.message for path in library_files for problem in load_file(path)[1]]
    assert any("anchors and aliases" in message for message in messages)
    assert any("nested deeper" in message for message in messages)


ALPHABET = "".join(
    [
        "ab Z.,?!\n\t-'’“”–—≥≤°×²³ÃÂâ€œžŠšéèàáÎÐØÙ√≈‚Äвђ\x85\x9c\x1b[",
        "\u00a0\u00ad¬¤ƒˆ˜ŒœΒΓΞΟāВГРСўЂ±∂†≠®™´¥µøπ¡¹¼½¾\ufffd\u2028\ufeff",
    ]
)


def random_texts(count: int, seed: int) -> Iterator[str]:
    """Short runs of mojibake-prone characters among ASCII words, as in a repaired answer."""
    rng = random.Random(seed)
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            parts.append("".join(rng.choice("abcdefgh ij.,\n") for _ in range(rng.randint(0, 20))))
            parts.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 3))))
        yield "".join(parts)


def test_fix_text_equals_ftfy_on_random_text() -> None:
    shortcut = 0
    for text in random_texts(30_000, 11):
        # ASCII text never went to ftfy (nothing in it is mojibake); that shortcut is older than this one
        expected = text if text.isascii() else ftfy.fix_text(text, repair.FTFY_CONFIG)
        assert repair.fix_text(text) == expected, repr(text)
        shortcut += repair._unchanged(text)
    assert 5_000 < shortcut < 25_000  # both branches are exercised


@pytest.mark.parametrize(
    "text",
    ["Ã© at the start", "â‰¥ 5 cm", "it\x1b[31ms red ’", "a\x85b ’", "caf\u00c3\u00a9 ’", "’ ok\ufeff", "x\ud800 ’"],
)
def test_text_ftfy_changes_never_takes_the_shortcut(text: str) -> None:
    assert ftfy.fix_text(text, repair.FTFY_CONFIG) != text
    assert not repair._unchanged(text)
    assert repair.fix_text(text) == ftfy.fix_text(text, repair.FTFY_CONFIG)


def test_typography_takes_the_shortcut() -> None:
    text = "When a lesion is ≥ 2 cm, the clinician’s plan changes – as “most” guidelines say. " * 30
    assert repair._unchanged(text)
    assert repair.fix_text(text) is text
