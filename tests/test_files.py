"""``library/files.py``: every file the package writes is written atomically, and only when it changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sphinx_quicktakes.library import files


def test_unchanged_content_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "page.rst"
    assert files.write_text(path, "one\n") is True  # the folders are made
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = path.stat()
    assert files.write_text(path, "one\n") is False
    after = path.stat()
    assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)


def test_a_change_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "quicktakes.json"
    files.write_text(path, "old")
    reader = path.open(encoding="utf-8")  # a reader that opened the old file keeps reading all of it
    inode = path.stat().st_ino
    assert files.write_text(path, "new, and longer") is True
    assert path.stat().st_ino != inode  # renamed into place, not written in place
    assert reader.read() == "old"
    reader.close()
    assert path.read_text(encoding="utf-8") == "new, and longer"
    assert [p.name for p in tmp_path.iterdir()] == ["quicktakes.json"]


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        files.write_bytes(tmp_path / "llms.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "llms.txt").stat().st_mode & 0o777 == 0o644  # not a temporary file's 0o600


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "page.md"
    files.write_text(path, "old")

    def broken(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        files.write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_remove_takes_empty_folders_up_to_the_stop(tmp_path: Path) -> None:
    out = tmp_path / "out"
    page = out / "questions" / "118136" / "index.html"
    files.write_text(page, "x")
    files.write_text(out / "questions" / "118100" / "index.html", "y")
    assert files.remove(page, stop=out) is True
    assert not (out / "questions" / "118136").exists()
    assert (out / "questions" / "118100" / "index.html").is_file()  # a folder that is not empty stays
    assert files.remove(page, stop=out) is False
    files.write_text(out / "only.txt", "z")
    files.remove(out / "only.txt", stop=out)
    assert out.is_dir()  # never the stop itself
