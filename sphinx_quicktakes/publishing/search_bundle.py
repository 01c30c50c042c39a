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


def read(name: str, data: bytes) -> Any:
    """The content of the Pagefind data file *name* (its bytes *data*), checked to encode back to the same bytes."""
    try:
        data = gzip.decompress(data)
    except (OSError, EOFError) as error:
        raise UnknownFormatError(f"{name}: {error}") from error
    if not data.startswith(SIGNATURE):
        raise UnknownFormatError(f"{name}: no {SIGNATURE.decode()} signature")
    try:
        value, end = _decode(data, len(SIGNATURE))
    except (IndexError, UnicodeDecodeError) as error:
        raise UnknownFormatError(f"{name}: {error}") from error
    if end != len(data) or _encode(value) != data[len(SIGNATURE) :]:
        raise UnknownFormatError(f"{name}: not read exactly")
    return value


def _pack(value: Any) -> bytes:
    """Gzip as Pagefind does (best compression), with no time or file name in the header."""
    return gzip.compress(SIGNATURE + _encode(value), compresslevel=9, mtime=0)


def _name(language: str, data: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:length]}"


# -- the bundle ------------------------------------------------------------------------------------


def canonicalize(bundle: dict[str, bytes]) -> dict[str, bytes]:
    """The Pagefind bundle *bundle* (its files' bytes by path) with its filter indexes, metadata and
    entry in name order and named from their bytes; the other files as they are.

    Raises :class:`UnknownFormatError` when a file is not as expected.
    """
    try:
        entry = json.loads(bundle[ENTRY].decode("utf-8"))
        languages = entry["languages"]
        hashes = {code: str(language["hash"]) for code, language in languages.items()}
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise UnknownFormatError(f"{ENTRY}: {error!r}") from error
    result = dict(bundle)
    for code, old_meta in hashes.items():
        meta_name = f"pagefind.{old_meta}.pf_meta"
        meta = read(meta_name, _file(bundle, meta_name))
        if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[3], list) and isinstance(meta[4], list)):
            raise UnknownFormatError(f"{meta_name}: unexpected layout")
        language = old_meta.rsplit("_", 1)[0]  # "en" of "en_6b2976c1af"
        filters = []
        for item in meta[3]:
            if not (isinstance(item, list) and len(item) == 2 and all(isinstance(part, str) for part in item)):
                raise UnknownFormatError(f"{meta_name}: unexpected filter entry")
            name = f"filter/{item[1]}.pf_filter"
            index = read(name, _file(bundle, name))
            if not (isinstance(index, list) and len(index) == 2 and isinstance(index[1], list)):
                raise UnknownFormatError(f"{name}: unexpected layout")
            index[1].sort(key=lambda value: value[0])
            data = _pack(index)
            new = _name(language, data, 7)
            del result[name]
            result[f"filter/{new}.pf_filter"] = data
            filters.append([item[0], new])
        meta[3] = sorted(filters, key=lambda item: item[0])
        meta[4].sort(key=lambda item: item[0])
        data = _pack(meta)
        new_meta = _name(language, data, 10)
        del result[meta_name]
        result[f"pagefind.{new_meta}.pf_meta"] = data
        languages[code]["hash"] = new_meta
    entry["languages"] = dict(sorted(languages.items()))
    result[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return result


def _file(bundle: dict[str, bytes], name: str) -> bytes:
    try:
        return bundle[name]
    except KeyError:
        raise UnknownFormatError(f"{name} is missing") from None
