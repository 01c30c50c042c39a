"""How subjects and keywords are compared and turned into parts of URLs.

Loading, selection and the generated pages all group by these keys, so they
live in one place below all three.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterable


def fold(text: str) -> str:
    """How subjects and keywords compare: case-insensitively, all whitespace runs as one space.

    Generated pages write them on one line, so a value with line breaks must still match.
    """
    return " ".join(text.split()).casefold()


def slug(text: str) -> str:
    """``"PET/CT imaging"`` → ``"pet-ct-imaging"``: letters of any script, digits, hyphens."""
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-") or "x"


def distinct_slugs(
    names: Iterable[str], reserved: Collection[str] = (), slugger: Callable[[str], str] | None = None
) -> dict[str, str]:
    """Each name's slug (:func:`slug`, or *slugger*'s), no two alike, and none in *reserved*.

    Names that slug alike (``"PET/CT"``, ``"PET-CT"``) would share one page or label, and one
    would be lost.  The first of them in code-point order keeps the plain slug (a name of
    punctuation only, whose slug is a stand-in, comes last), so a name that slugs alone keeps
    its address; each other one gets the first hex digits of its own text's
    SHA-256, which do not depend on what else the library holds.
    """
    ordered = sorted(set(names), key=lambda name: (not re.sub(r"[\W_]+", "", name), name))
    plain = {name: (slugger or slug)(name) for name in ordered}
    taken = set(reserved)
    found: dict[str, str] = {}
    collided = []
    for name in ordered:
        if plain[name] in taken:
            collided.append(name)
        else:
            found[name] = plain[name]
            taken.add(plain[name])
    taken.update(plain.values())  # a suffixed slug never takes the plain slug of another name
    for name in collided:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
        length = 8
        while f"{plain[name]}-{digest[:length]}" in taken:
            length += 4
        found[name] = f"{plain[name]}-{digest[:length]}"
        taken.add(found[name])
    return found
