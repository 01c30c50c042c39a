"""The extension's output files: written atomically when they change, and removed when no longer made.

Sphinx never deletes an output file.  After an article's file is deleted, an
incremental build would leave ``questions/<id>.html`` and its Markdown copy
online, although a clean build has neither; in medicine a withdrawn answer
must vanish on the next build.  So every output folder has a record, kept in
the doctree folder (build state, never published) per builder and output
folder, of

* the generated pages (``quicktakes_pages``) the last build made, and
* the files the extension itself wrote there (``quicktakes.json``,
  ``llms.txt``, the Markdown copies, the citation files, the Pagefind
  search index under ``pagefind/``).

A generated page that no longer exists has its outputs removed before
anything is written (``env-updated``): the page (``questions/118100.html``, or
``questions/118100/index.html`` for ``dirhtml``) and its ``_sources`` copy.
A file of ours that this build did not write again is removed at the end of
the build.  Nothing else is ever removed: not the outputs of a page of yours,
not a file of ``html_extra_path``, not a generated page whose name a file of
yours has taken over.

The record is saved at the end of a build, so a build killed before then
(``unfinished.py``) would leave files no record lists, never to be removed.
So a page or file that the record does not list yet is first noted in the
build's journal (``quicktakes-outputs-<key>.journal``, one JSON line each,
appended before the file is written) and the next build takes the journal's
entries as the last build's too; the journal goes once the record is saved.
An incremental build rarely makes a new file, so it rarely writes a line.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders.html import StandaloneHTMLBuilder

from ..library import files
from ..xref.loading import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

#: The record's file name in the doctree folder.
RECORD = "quicktakes-outputs.json"
RECORD_VERSION = 1


def write(app: Sphinx, relative: str, text: str) -> None:
    """Write one output file of ours (a path relative to the output folder), and note it as made."""
    note_files(app, [relative])
    files.write_text(app.builder.outdir / relative, text)


def write_bytes(app: Sphinx, relative: str, data: bytes) -> None:
    """:func:`write` for bytes (the search index's files)."""
    note_files(app, [relative])
    files.write_bytes(app.builder.outdir / relative, data)


def note_files(app: Sphinx, relatives: Iterable[str]) -> None:
    """Before files of ours are written: they are this build's, and journaled if no record lists them yet."""
    relatives = list(relatives)
    _journal(app).add("files", relatives)
    get_domain(app.env).written_outputs.update(relatives)


def _key(builder: Builder) -> str:
    return f"{builder.name} {Path(builder.outdir).resolve()}"


def output_key(builder: Builder) -> str:
    """The builder and its output folder, as a short name for files in the doctree folder."""
    return f"{builder.name}-{hashlib.sha256(_key(builder).encode('utf-8', 'surrogatepass')).hexdigest()[:12]}"


class Journal:
    """The pages and files this builder's output folder may hold that the record does not list yet."""

    def __init__(self, app: Sphinx) -> None:
        self.path = Path(app.doctreedir) / f"quicktakes-outputs-{output_key(app.builder)}.journal"
        entry = _load(app).get("outputs", {}).get(_key(app.builder), {})
        entry = entry if isinstance(entry, dict) else {}
        #: The last build's pages and files: the record's, and those a killed build journaled.
        self.previous: dict[str, set[str]] = {kind: set(entry.get(kind, ())) for kind in ("pages", "files")}
        with contextlib.suppress(OSError):
            for line in self.path.read_text(encoding="utf-8").splitlines():
                with contextlib.suppress(ValueError, TypeError, KeyError):
                    kind, name = json.loads(line)
                    self.previous[kind].add(name)
        self.listed = {kind: set(names) for kind, names in self.previous.items()}
        self._descriptor: int | None = None

    def add(self, kind: str, names: Iterable[str]) -> None:
        """Journal the *names* no record lists yet, before they are written (one append, on disk when it returns)."""
        listed = self.listed[kind]
        new = [name for name in names if name not in listed]
        if not new:
            return
        if self._descriptor is None:
            self._descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o666)
        lines = "".join(json.dumps([kind, name], ensure_ascii=False) + "\n" for name in new)
        os.write(self._descriptor, lines.encode("utf-8", "surrogatepass"))
        listed.update(new)

    def close(self, *, saved: bool) -> None:
        """Close the journal; once the record lists all of it (*saved*), delete it."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None
        if saved:
            self.path.unlink(missing_ok=True)


def _journal(app: Sphinx) -> Journal:
    domain = get_domain(app.env)
    if domain.outputs_journal is None:
        domain.outputs_journal = Journal(app)
    journal: Journal = domain.outputs_journal
    return journal


def _load(app: Sphinx) -> dict[str, Any]:
    try:
        data = json.loads((Path(app.doctreedir) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == RECORD_VERSION else {}


def _previous(app: Sphinx) -> dict[str, set[str]]:
    """What the last build made: the record's pages and files, and those a killed build journaled."""
    return _journal(app).previous


def page_outputs(builder: Builder, docname: str) -> list[Path]:
    """The files an HTML builder writes for page *docname*: the page and its ``_sources`` copy."""
    if not isinstance(builder, StandaloneHTMLBuilder) or builder.name == "singlehtml":
        return []  # one file for the whole site, or no page files of their own
    outputs = [Path(builder.get_outfilename(docname))]
    suffix = builder.config.html_sourcelink_suffix
    source = f"{docname}.rst" if suffix == ".rst" else f"{docname}.rst{suffix}"  # generated pages are .rst
    outputs.append(Path(builder.outdir) / "_sources" / source)
    return outputs


def remove_stale_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: remove the outputs of generated pages that the last build made and this one does not."""
    domain = get_domain(env)
    outdir = Path(app.builder.outdir)
    _journal(app).add("pages", sorted(domain.generated_pages))  # before Sphinx writes them
    for docname in sorted(_previous(app)["pages"] - domain.generated_pages - env.found_docs):
        for path in page_outputs(app.builder, docname):
            if path.resolve().is_relative_to(outdir.resolve()):
                files.remove(path, stop=outdir)


def remove_stale_files(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (after our writers): remove files of ours this build did not make, and save the record."""
    if exception is not None:
        if get_domain(app.env).outputs_journal is not None:
            _journal(app).close(saved=False)
        return
    domain = get_domain(app.env)
    outdir = Path(app.builder.outdir)
    previous = _previous(app)
    for relative in sorted(previous["files"] - domain.written_outputs):
        path = outdir / relative
        if path.resolve().is_relative_to(outdir.resolve()):
            files.remove(path, stop=outdir)
    outputs = _load(app).get("outputs")
    record: dict[str, Any] = outputs if isinstance(outputs, dict) else {}
    record[_key(app.builder)] = {"pages": sorted(domain.generated_pages), "files": sorted(domain.written_outputs)}
    text = json.dumps({"version": RECORD_VERSION, "outputs": record}, ensure_ascii=False, indent=1, sort_keys=True)
    files.write_text(Path(app.doctreedir) / RECORD, text + "\n")
    _journal(app).close(saved=True)
