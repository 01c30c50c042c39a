"""What a new user gets from PyPI: the licence, the metadata, the wheel and the sdist."""

from __future__ import annotations

import email
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = "https://raw.githubusercontent.com/sphinx-quicktakes/sphinx-quicktakes/main/"


def test_license_is_the_full_mit_text() -> None:
    """PyPI and the wheel carry LICENSE as it is; the word "MIT" alone grants nothing."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 sphinx-quicktakes developers" in text
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in text


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and sdist, built once as a release would build them (``python -m build``)."""
    outdir = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(outdir), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return outdir


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("*.whl")
    return wheel


def sdist_of(dist: Path) -> Path:
    (sdist,) = dist.glob("*.tar.gz")
    return sdist


def test_twine_check_strict(dist: Path) -> None:
    """PyPI refuses a long description it cannot render; twine checks it the same way."""
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel_of(dist)), str(sdist_of(dist))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_check_wheel_contents(dist: Path) -> None:
    """No stray files, no duplicates, no empty or missing package in the wheel."""
    tool = Path(sys.executable).with_name("check-wheel-contents")
    result = subprocess.run([str(tool), str(wheel_of(dist))], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith(": OK"), result.stdout


def test_wheel_ships_py_typed_and_license(dist: Path) -> None:
    """py.typed lets type checkers use our annotations (PEP 561); the licence must travel with the code;
    the front matter schema is for editors."""
    with zipfile.ZipFile(wheel_of(dist)) as wheel:
        names = wheel.namelist()
        assert "sphinx_quicktakes/py.typed" in names
        assert "sphinx_quicktakes/schemas/quicktake.schema.json" in names  # for editors (file-format.rst)
        (license_name,) = [name for name in names if name.endswith(".dist-info/licenses/LICENSE")]
        assert wheel.read(license_name).decode() == (ROOT / "LICENSE").read_text(encoding="utf-8")


def test_wheel_metadata(dist: Path) -> None:
    """What PyPI's sidebar shows: classifiers, project links, and a description whose links work there."""
    with zipfile.ZipFile(wheel_of(dist)) as wheel:
        (metadata_name,) = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(wheel.read(metadata_name))
    classifiers = metadata.get_all("Classifier")
    for classifier in (
        "Development Status :: 4 - Beta",
        "Framework :: Sphinx :: Extension",
        "Framework :: Sphinx :: Theme",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
    ):
        assert classifier in classifiers
    # PEP 639: with License-Expression, the License :: classifiers are deprecated and PyPI refuses them.
    assert metadata["License-Expression"] == "MIT"
    assert not [classifier for classifier in classifiers if classifier.startswith("License ::")]
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL"))
    assert urls["Documentation"] == "https://sphinx-quicktakes.readthedocs.io/"
    assert set(urls) == {"Documentation", "Source", "Changelog", "Issues"}
    assert all(url.startswith("https://") for url in urls.values())
    # A relative link or image in the README is broken on PyPI, which has no repository beside it.
    description = metadata.get_payload()
    assert isinstance(description, str)
    targets = re.findall(r"\]\(([^)\s]+)\)", description)
    assert targets, "the README has no links at all?"
    relative = [target for target in targets if not target.startswith(("https://", "#"))]
    assert not relative
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", description)
    assert images
    assert all(image.startswith(RAW) for image in images)
    for image in images:
        assert (ROOT / image.removeprefix(RAW)).is_file(), image


# A path the tests open from the repository root: ``ROOT / "docs" / "conf.py"`` and the like ...
JOINED = re.compile(r'(?:\bROOT|\bREPO|parents\[1\])((?:\s*/\s*"[^"]+")+)')
# ... and the repository's files that the tests name in their text.
NAMED = re.compile(r"(?<![\w/.-])(benchmarks/[\w/.-]*\w|\.ci/run|\.readthedocs\.yaml|scripts/[\w.-]*\w)")


def paths_the_tests_read() -> set[str]:
    """Every repository path that the test sources open or name, relative to the root."""
    found: set[str] = set()
    for source in (ROOT / "tests").glob("*.py"):
        text = source.read_text(encoding="utf-8")
        for match in JOINED.finditer(text):
            found.add("/".join(re.findall(r'"([^"]+)"', match.group(1))))
        found.update(NAMED.findall(text))
    return found


def test_the_tests_name_the_paths_we_look_for() -> None:
    """The search below finds something: the scripts and files issue 25 found missing from the sdist."""
    paths = paths_the_tests_read()
    for path in ("benchmarks/corpus.py", "benchmarks/differential.py", ".ci/run", ".readthedocs.yaml", "docs/conf.py"):
        assert path in paths


def test_sdist_holds_what_its_tests_read(dist: Path, tmp_path: Path) -> None:
    """A packager (Debian, conda-forge) runs the tests from the sdist; every file they open must be in it."""
    with tarfile.open(sdist_of(dist)) as sdist:
        sdist.extractall(tmp_path, filter="data")
    (unpacked,) = tmp_path.iterdir()
    missing = sorted(path for path in paths_the_tests_read() if not (unpacked / path).exists())
    assert not missing
    for path in ("LICENSE", "pyproject.toml", "scripts/catalogs.py", "tests/conftest.py"):
        assert (unpacked / path).is_file(), path
