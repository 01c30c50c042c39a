"""Crash consistency: a build killed midway never leaves a stale page for the builds after it.

Sphinx pickles the environment when reading ends and writes the pages after that; the
extension's records (the digests of ``output_digests.py``, the outputs record of ``outputs.py``,
the views of ``xref/rewrites.py``, Sphinx's own search index) assume that a build which starts
also finishes.  A build killed in between (Ctrl-C, a CI job's time-out, a restart) leaves an
environment that calls pages read whose HTML is old, the views of what to write again already
used up, and half-written files.  Sphinx writes a page again only when its source is newer than
its HTML, so such pages stayed stale for ever.

So every build marks itself unfinished, per builder and output folder, in the doctree folder
when reading ends (``env-updated``, first), before Sphinx saves the environment and before any
output or record is written, and takes the mark away only when all it
writes and records is on disk (``build-finished``, last, and only without an exception).  A build
that finds the mark of another build cannot trust any record about that output folder, and
recovers:

* every document is written again (``env-get-updated``), as with ``-E`` but without reading;
* no digests record vouches for a file (:attr:`QuickTakesDomain.recovering` makes
  ``OutputDigests`` ignore them), so every file of ours and every page from data is made again and
  fed to Sphinx's search index again;
* when the marking build is gone (its process no longer runs), its temporary files go.

The files a build makes that no record lists yet are noted in the outputs journal before they
are written (``outputs.py``), so that a file a killed build made is removed by the first build
that no longer makes it.  A normal build costs one small file written and removed.  Two builds
of one output folder at once each see the other's mark and write everything: slower, never
stale.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..library import files
from ..xref.loading import get_domain
from .outputs import output_key

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger("sphinx_quicktakes")

#: The marks' names in the doctree folder: ``quicktakes-unfinished-<output key>.<token>.json``.
PREFIX = "quicktakes-unfinished"
#: Folders the search index is made in (``search.py``), left behind by a killed build.
SCRATCH_PREFIX = ".quicktakes-scratch-"


def begin(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``, first: mark this build unfinished; recover if another is.

    Reading ends here, and Sphinx saves the environment next; no output or record is written before.
    (A build that stops earlier leaves the environment of the build before it, and the page sources
    it wrote, atomically, are newer than their pages: Sphinx reads them again.  An app made but never
    built, as tools and tests make, leaves no mark.)
    """
    domain = get_domain(env)
    doctreedir = Path(app.doctreedir)
    stem = f"{PREFIX}-{output_key(app.builder)}"
    others = sorted(doctreedir.glob(f"{stem}.*.json"))
    token = uuid.uuid4().hex
    mark = doctreedir / f"{stem}.{token}.json"
    about = {"pid": os.getpid(), "start": _start_time(os.getpid()), "host": socket.gethostname()}
    about |= {"builder": app.builder.name, "outdir": str(Path(app.builder.outdir).resolve())}
    files.write_text(mark, json.dumps(about, sort_keys=True) + "\n")
    domain.unfinished_mark = mark
    domain.recovering = bool(others)
    if not others:
        return
    gone = [other for other in others if not _running(other)]
    domain.recovered_marks = gone
    logger.info("the last build into this output folder did not finish: every page and file is written again")
    if len(gone) == len(others):  # no build writes here now: what the gone ones left half-done goes
        outdir = Path(app.builder.outdir)
        files.remove_temporaries(outdir)
        if app.config.quicktakes_pages:
            files.remove_temporaries(Path(app.srcdir) / app.config.quicktakes_pages)
        files.remove_temporaries(doctreedir, recursive=False)
        for scratch in doctreedir.glob(f"{SCRATCH_PREFIX}*"):
            _remove_tree(scratch)


def write_everything(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: while recovering, every document is written again."""
    return sorted(env.found_docs) if get_domain(env).recovering else []


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, after every writer and record: the build is done; its mark (and the
    marks of the builds it recovered from) go.  After an exception the mark stays."""
    domain = get_domain(app.env)
    mark = domain.unfinished_mark
    if mark is None:
        return
    domain.unfinished_mark = None
    if exception is not None:
        return
    for other in domain.recovered_marks:
        other.unlink(missing_ok=True)
    mark.unlink(missing_ok=True)


def _running(mark: Path) -> bool:
    """Whether the build that made *mark* still runs: the same process (id and start time) on this host."""
    try:
        about = json.loads(mark.read_text(encoding="utf-8"))
        pid = int(about["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return False  # unreadable: no build can finish it
    if about.get("host") != socket.gethostname():
        return False  # a process id of another machine says nothing here
    if pid == os.getpid():
        return False  # an earlier build in this process (Sphinx runs one build at a time): it is over
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    return about.get("start") == _start_time(pid)  # not a later process given the same id


def _start_time(pid: int) -> str | None:
    """When process *pid* started, in clock ticks since boot (Linux); ``None`` where that is not known."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # after the command name, which may hold spaces
    return fields[19] if len(fields) > 19 else None


def _remove_tree(folder: Path) -> None:
    with contextlib.suppress(OSError):
        shutil.rmtree(folder)
