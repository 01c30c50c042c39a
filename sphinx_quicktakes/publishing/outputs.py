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
"""

from __future__ import annotations

import json
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
    get_domain(app.env).written_outputs.add(relative)
    files.write_text(app.builder.outdir / relative, text)


def write_bytes(app: Sphinx, relative: str, data: bytes) -> None:
    """:func:`write` for bytes (the search index's files)."""
    get_domain(app.env).written_outputs.add(relative)
    files.write_bytes(app.builder.outdir / relative, data)


def _key(builder: Builder) -> str:
    return f"{builder.name} {Path(builder.outdir).resolve()}"


def _load(app: Sphinx) -> dict[str, Any]:
    try:
        data = json.loads((Path(app.doctreedir) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == RECORD_VERSION else {}


def _previous(app: Sphinx) -> dict[str, list[str]]:
    entry = _load(app).get("outputs", {}).get(_key(app.builder), {})
    return entry if isinstance(entry, dict) else {}


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
    for docname in sorted(set(_previous(app).get("pages", ())) - domain.generated_pages - env.found_docs):
        for path in page_outputs(app.builder, docname):
            if path.resolve().is_relative_to(outdir.resolve()):
                files.remove(path, stop=outdir)


def remove_stale_files(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (after our writers): remove files of ours this build did not make, and save the record."""
    if exception is not None:
        return
    domain = get_domain(app.env)
    outdir = Path(app.builder.outdir)
    previous = _previous(app)
    for relative in sorted(set(previous.get("files", ())) - domain.written_outputs):
        path = outdir / relative
        if path.resolve().is_relative_to(outdir.resolve()):
            files.remove(path, stop=outdir)
    outputs = _load(app).get("outputs")
    record: dict[str, Any] = outputs if isinstance(outputs, dict) else {}
    record[_key(app.builder)] = {"pages": sorted(domain.generated_pages), "files": sorted(domain.written_outputs)}
    text = json.dumps({"version": RECORD_VERSION, "outputs": record}, ensure_ascii=False, indent=1, sort_keys=True)
    files.write_text(Path(app.doctreedir) / RECORD, text + "\n")
