"""What a new user gets from PyPI: the licence, the metadata, the wheel and the sdist."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_license_is_the_full_mit_text() -> None:
    """PyPI and the wheel carry LICENSE as it is; the word "MIT" alone grants nothing."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 sphinx-quicktakes developers" in text
    assert "Permission is hereby granted, free of charge" in text
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in text
