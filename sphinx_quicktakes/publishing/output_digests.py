"""Which of our output files are already up to date, so that a rebuild does not make them again.

The Markdown copies and ``quicktakes.json`` are written at ``build-finished``
from the whole library; making all of them again on every rebuild costs more
than the rest of a one-article rebuild.  So each file is made from a tuple of
plain values that holds *everything* it shows (its "inputs"), and the digest of
those inputs is kept, per builder, in the doctree folder
(``quicktakes-outputs-<builder>.json``).  A file is made again when its digest
differs, when it is missing from the output folder, or when the package's code
changed.

The record lives beside Sphinx's environment rather than in it, because Sphinx
saves the environment before it writes, and these files are written last.  It
vouches only for what is on disk: it is deleted before the first file it
describes changes and saved after the last is written, and a build after one
that did not finish ignores it (``unfinished.py``).

The generated page sources (``quicktakes_pages``) are written when the build
starts, so their record is kept in the environment: the digest of all their
texts and each file's size and mtime as written.  When both still hold, the
folder is left as it is, without reading thousands of files to compare them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import types
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..xref.loading import generation, get_domain, mark_unsaved

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

FORMAT_VERSION = 1
_PACKAGE = Path(__file__).resolve().parents[1]


@cache
def code_digest() -> str:
    """The package's own source and the versions of the libraries its output depends on."""
    import importlib.metadata

    hasher = hashlib.sha256(str(FORMAT_VERSION).encode())
    for source in sorted(_PACKAGE.rglob("*.py")):
        hasher.update(source.relative_to(_PACKAGE).as_posix().encode())
        hasher.update(source.read_bytes())
    for distribution in ("sphinx", "markdown-it-py", "babel"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            hasher.update(importlib.metadata.version(distribution).encode())
    return hasher.hexdigest()[:16]


def digest(inputs: Any) -> str:
    """Digest of plain values (strings, numbers, dates, tuples): their ``repr`` is exact and stable."""
    return hashlib.sha256(repr(inputs).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _settings(app: Sphinx) -> dict[str, Any]:
    """What every file is made with besides its own inputs: the code, the output folder, the
    configuration and the intersphinx inventories (when they were fetched).  When any of these
    differs, no digest of the record holds."""
    inventories = getattr(app.env, "intersphinx_cache", None) or {}
    return {
        "code": code_digest(),
        "outdir": str(Path(app.builder.outdir).resolve()),
        # Both kinds: the language, for one, is an "env" value (labels, dates), the base URL an "html" one.
        "config": _stable_hash({item.name: item.value for item in app.config.filter({"env", "html"})}),
        "tags": _stable_hash(sorted(app.builder.tags)),
        "inventories": sorted([str(uri), repr(entry[1])] for uri, entry in inventories.items()),
    }


def _stable_hash(value: Any) -> str:
    """A digest that does not depend on the order of dicts and sets, nor on where functions live in memory
    (as Sphinx hashes the configuration for ``.buildinfo``)."""
    if isinstance(value, dict):
        value = sorted(_stable_hash(item) for item in value.items())
    elif isinstance(value, set | frozenset):
        value = sorted(_stable_hash(item) for item in value)
    elif isinstance(value, list | tuple):  # in order: the order of quicktakes_sources, say, matters
        value = [_stable_hash(item) for item in value]
    elif isinstance(value, type | types.FunctionType):
        value = f"{value.__module__}.{value.__qualname__}"
    return hashlib.sha256(str(value).encode("utf-8", "surrogatepass")).hexdigest()[:24]


class OutputDigests:
    """The digests of the files one output kind (*name*) wrote into this builder's output folder."""

    def __init__(self, app: Sphinx, name: str) -> None:
        self.outdir = Path(app.builder.outdir)
        self.record = Path(app.doctreedir) / f"quicktakes-{name}-{app.builder.name}.json"
        self.stamp = _settings(app)
        #: What this build made or kept (see publishing/outputs.py): a kept file is as much this
        #: build's output as a written one, so the end of the build must not remove it as stale.
        self.made = get_domain(app.env).written_outputs
        #: The library and the pages read, as one token: unchanged, nothing these files show changed.
        self.state = generation(app.env)
        self.old: dict[str, str] = {}
        self.old_state: str | None = None
        self.new: dict[str, str] = {}
        #: A digest of what every file shares beyond the settings (the page template's inputs, say), as of
        #: the last build and now: :meth:`nothing_changed` holds only while it is the same.
        self.old_shared: str | None = None
        self.shared: str | None = None
        self._withdrawn = False
        if get_domain(app.env).recovering:  # the last build did not finish: its record vouches for nothing
            return
        try:
            data = json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("stamp") == self.stamp and isinstance(data.get("files"), dict):
            self.old = data["files"]
            self.old_state = data.get("state")
            self.old_shared = data.get("shared")

    def nothing_changed(self) -> bool:
        """Whether nothing these files are made from changed since they were made, and all are still there.

        Then the caller makes none of them; the record stays as it is.
        """
        if self.old_state != self.state or self.old_shared != self.shared:
            return False
        if not all((self.outdir / relative).is_file() for relative in self.old):
            return False
        self.made.update(self.old)
        return True

    def up_to_date(self, relative: str, inputs: Any) -> bool:
        """Whether the file *relative* (to the output folder) was last made from *inputs* and is still there.

        Either way, *inputs* is what the caller now writes (or keeps) there.
        """
        value = digest(inputs)
        self.new[relative] = value
        if self.old.get(relative) == value and (self.outdir / relative).is_file():
            self.made.add(relative)
            return True
        if not self._withdrawn:  # a file is about to change: until save(), no record may vouch for it
            self.record.unlink(missing_ok=True)
            self._withdrawn = True
        return False

    def save(self) -> None:
        """Keep the digests of the files made or kept in this build (the others are no longer ours)."""
        record = {"stamp": self.stamp, "state": self.state, "shared": self.shared, "files": self.new}
        text = json.dumps(record, sort_keys=True)
        temporary = self.record.with_name(f".{self.record.name}.{os.getpid()}.tmp")
        try:
            self.record.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(self.record)  # never half-written, even with two builds at once
        except OSError:
            temporary.unlink(missing_ok=True)
            self.record.unlink(missing_ok=True)  # an old record must not vouch for files made since


#: The environment attribute with the record of the generated page sources (pickled with it).
PAGES_ATTRIBUTE = "quicktakes_generated_pages"


def pages_unchanged(env: BuildEnvironment, folder: Path, wanted: dict[str, str]) -> bool:
    """Whether the pages *wanted* now are the ones written last, and every file is still as written then."""
    record = getattr(env, PAGES_ATTRIBUTE, None)
    if not isinstance(record, dict) or record.get("folder") != str(folder) or record.get("digest") != digest(wanted):
        return False
    for relative, (size, mtime_ns) in record["files"].items():
        try:
            stat = (folder / relative).stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
            return False
    return True


def remember_pages(env: BuildEnvironment, folder: Path, wanted: dict[str, str]) -> None:
    """After writing: what :func:`pages_unchanged` compares with next time."""
    files = {}
    for relative in wanted:
        try:
            stat = (folder / relative).stat()
        except OSError:
            setattr(env, PAGES_ATTRIBUTE, None)
            mark_unsaved(env)
            return
        files[str(relative)] = (stat.st_size, stat.st_mtime_ns)
    record = {"folder": str(folder), "digest": digest(wanted), "files": files}
    if getattr(env, PAGES_ATTRIBUTE, None) != record:
        setattr(env, PAGES_ATTRIBUTE, record)
        mark_unsaved(env)
