"""Pagefind's bundle made the same for the same pages, so that an incremental build equals a clean one.

Pagefind 1.5 writes each filter's index (``filter/*.pf_filter``: one filter, each of its values with
the pages that have it) from a Rust ``HashMap``, whose hasher is seeded at random in every process.
Two builds of the same pages therefore list the values in another order, the files get other names
(a hash of their bytes), and so do the metadata file that names them (``pagefind.<hash>.pf_meta``)
and ``pagefind-entry.json``, which names that.  Everything else (the word index chunks, the
fragments, the scripts) is already the same, given the same pages in the same order.

:func:`canonicalize` rewrites those few files with the values, filters and sorts in name order, and
names them by a hash of the new bytes; the search reads the same data.  It decodes only the parts of
Pagefind's format it needs (gzip, the ``pagefind_dcd`` signature, then CBOR of arrays, strings and
integers), and checks that its encoder gives back Pagefind's bytes exactly before it changes a file:
a bundle of another format is left as written (:class:`UnknownFormatError`).

Sphinx-free: bytes in, bytes out.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class UnknownFormatError(ValueError):
    """The bundle is not in the format this module knows (another Pagefind version)."""


# -- CBOR, the subset Pagefind's minicbor writes ---------------------------------------------


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    head = data[at]
    major, extra = head >> 5, head & 31
    at += 1
    if extra < 24:
        value = extra
    elif extra <= 27:
        width = 1 << (extra - 24)
        value = int.from_bytes(data[at : at + width], "big")
        at += width
    else:
        raise UnknownFormatError(f"CBOR item {head:#x}")
    if major == 0:
        return value, at
    if major == 3:
        return data[at : at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise UnknownFormatError(f"CBOR major type {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * width):
            return bytes([major << 5 | extra]) + value.to_bytes(width, "big")
    raise UnknownFormatError(f"integer {value}")


def _encode(value: Any) -> bytes:
    if isinstance(value, bool) or not isinstance(value, (int, str, list)):
        raise UnknownFormatError(f"value {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise UnknownFormatError(f"integer {value}")
        return _head(0, value)
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _head(3, len(text)) + text
    return _head(4, len(value)) + b"".join(_encode(item) for item in value)


def read(path: Path) -> Any:
    """A Pagefind data file's content, checked to encode back to the same bytes."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as error:
        raise UnknownFormatError(f"{path.name}: {error}") from error
    if not data.startswith(SIGNATURE):
        raise UnknownFormatError(f"{path.name}: no {SIGNATURE.decode()} signature")
    try:
        value, end = _decode(data, len(SIGNATURE))
    except (IndexError, UnicodeDecodeError) as error:
        raise UnknownFormatError(f"{path.name}: {error}") from error
    if end != len(data) or _encode(value) != data[len(SIGNATURE) :]:
        raise UnknownFormatError(f"{path.name}: not read exactly")
    return value


def _pack(value: Any) -> bytes:
    """Gzip as Pagefind does (best compression), with no time or file name in the header."""
    return gzip.compress(SIGNATURE + _encode(value), compresslevel=9, mtime=0)


def _name(language: str, data: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


# -- the bundle ------------------------------------------------------------------------------------


def canonicalize(bundle: Path) -> None:
    """Rewrite the filter indexes, the metadata and the entry of the Pagefind bundle in *bundle*.

    Raises :class:`UnknownFormatError` (having changed nothing) when a file is not as expected.
    """
    entry_path = bundle / ENTRY
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
        metas = {code: bundle / f"pagefind.{language['hash']}.pf_meta" for code, language in languages.items()}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UnknownFormatError(f"{ENTRY}: {error}") from error
    plans: list[tuple[Path, Any, dict[str, tuple[Path, Any]]]] = []  # (meta file, meta, hash -> filter file)
    for meta_path in metas.values():
        meta = read(meta_path)
        if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[3], list) and isinstance(meta[4], list)):
            raise UnknownFormatError(f"{meta_path.name}: unexpected layout")
        filters: dict[str, tuple[Path, Any]] = {}
        for item in meta[3]:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)):
                raise UnknownFormatError(f"{meta_path.name}: unexpected filter entry")
            path = bundle / "filter" / f"{item[1]}.pf_filter"
            index = read(path)
            if not (isinstance(index, list) and len(index) == 2 and isinstance(index[1], list)):
                raise UnknownFormatError(f"{path.name}: unexpected layout")
            filters[item[1]] = (path, index)
        plans.append((meta_path, meta, filters))
    for (meta_path, meta, filters), code in zip(plans, metas, strict=True):
        language = str(languages[code]["hash"]).rsplit("_", 1)[0]  # "en" of "en_6b2976c1af"
        renamed: dict[str, str] = {}
        for old, (path, index) in filters.items():
            index[1].sort(key=lambda value: value[0])
            data = _pack(index)
            new = _name(language, data, 7)
            path.unlink()
            (path.parent / f"{new}.pf_filter").write_bytes(data)
            renamed[old] = new
        meta[3] = sorted(([name, renamed[old]] for name, old in meta[3]), key=lambda item: item[0])
        meta[4].sort(key=lambda item: item[0])
        data = _pack(meta)
        new_meta = _name(language, data, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{new_meta}.pf_meta").write_bytes(data)
        languages[code]["hash"] = new_meta
    entry["languages"] = dict(sorted(languages.items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
