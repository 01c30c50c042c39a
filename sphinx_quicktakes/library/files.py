"""Writing the files the package produces: atomically, and only when their content changes.

Every generated source and output file goes through :func:`write_text` (or
:func:`write_bytes`):

* **atomic**: the content goes to a temporary file in the same folder, which
  then replaces the target (:func:`os.replace`), so a second build running
  at the same time (``sphinx-autobuild`` while ``make latexpdf`` runs), a web
  server or an editor sees the old file or the new one, never half of one;
* **only when changed**: a file whose bytes are already the wanted ones is not
  touched, so it keeps its modification time.  Sphinx then does not read an
  unchanged generated page again, and tools that watch the output folder see
  only what changed.

A build killed while writing leaves its temporary file (``.<name>.<hex>.tmp``)
behind; :func:`remove_temporaries` takes such files away once their writer is
known to be gone (``publishing/unfinished.py``).

Sphinx-free, like the rest of ``library/``.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

#: The name of a temporary file of :func:`write_bytes` (a random hex token) or of a record written
#: through one named by the writer's process id (the digests records, the environment).
TEMPORARY = re.compile(r"\..+\.[0-9a-f]+\.tmp")


def write_text(path: Path, text: str) -> bool:
    """Write *text* (UTF-8, newlines as given) to *path* unless it already holds it; True if written."""
    return write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> bool:
    """Write *data* to *path* atomically unless the file already holds exactly it; True if written.

    Missing parent folders are created.  The new file gets the permissions a
    plain ``open(path, "w")`` would give it (``0o666`` less the umask), not the
    private ``0o600`` of a temporary file.
    """
    path = Path(path)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing (or unreadable): write it
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        # Atomic on POSIX.  Not Path.replace: Sphinx's own paths (_StrPath) make that str.replace.
        os.replace(temporary, path)  # noqa: PTH105
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return True


def remove(path: Path, stop: Path | None = None) -> bool:
    """Delete the file *path* if it exists; True if deleted.

    With *stop* (a folder above *path*), the folders between the two that the
    deletion leaves empty are removed too; *stop* itself never is.
    """
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    if stop is not None:
        folder = path.parent
        while folder != stop and folder.is_relative_to(stop):
            try:
                folder.rmdir()
            except OSError:  # not empty
                break
            folder = folder.parent
    return True


def remove_temporaries(folder: Path, *, recursive: bool = True) -> list[Path]:
    """Delete the temporary files (:data:`TEMPORARY`) under *folder*; the ones deleted.

    Only for a folder no live writer uses: a writer's temporary file vanishing under it fails its write.
    """
    removed = []
    for parent, _folders, names in os.walk(folder) if recursive else [(str(folder), [], _names(folder))]:
        for name in names:
            if TEMPORARY.fullmatch(name):
                path = Path(parent) / name
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    return removed


def _names(folder: Path) -> list[str]:
    try:
        return [entry.name for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return []
