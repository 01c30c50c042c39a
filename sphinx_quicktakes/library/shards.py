"""Sharded builds: which build of a split site holds each article and paper, and the links between them.

A library too large for one Sphinx build is split into *shards* (``quicktakes_shards``),
each built on its own, at the same time as the others, plus the *hub* that holds the
user's pages and the library's index pages.  Everything here depends on the library
alone, never on another build's output, so every build computes the same answers:

* an article belongs to the first shard whose rules match it, and the rules look only at
  the article's own file (its ``subject`` and ``id``), so adding articles never moves
  others; an article no rule matches is reported once and left out;
* a paper belongs to the shard of the lowest-id article that cites it (its
  ``references``), a paper no article cites to the hub;
* a link from one build to another is the target build's address (``quicktakes_shard_url``
  with ``{shard}``) joined with the page's path in that build.

Sphinx-free: the planner (``python -m sphinx_quicktakes shards``) uses it without Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .catalog import Library
from .doi import doi_key
from .model import Problem, QuickTake
from .text import fold

#: The hub's name in plans and URLs: the empty string (``quicktakes_shard = ""``).
HUB = ""
#: A shard's name is a folder and a URL segment: lower-case letters, digits, ``-`` and ``_``.
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
#: Names the generated pages of the hub use in the same folder.
RESERVED = frozenset({"hub", "index", "subjects", "keywords", "dates", "papers", "genindex", "search", "_static"})
RULE_KEYS = ("subjects", "ids")
DEFAULT_URL = "{shard}/"


class ShardsError(ValueError):
    """A ``quicktakes_shards`` (or ``quicktakes_shard_url``) value that cannot be used, and why."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One shard: the subjects it takes (folded) and the half-open id range ``[lo, hi)``; unset = any."""

    name: str
    subjects: frozenset[str] | None = None
    ids: tuple[int, int] | None = None

    def matches(self, quicktake: QuickTake) -> bool:
        if self.subjects is not None and fold(quicktake.subject) not in self.subjects:
            return False
        return self.ids is None or self.ids[0] <= quicktake.id < self.ids[1]


def parse_rules(value: Any) -> tuple[Rule, ...]:
    """``quicktakes_shards`` as rules, in order; :class:`ShardsError` says what is wrong."""
    if not isinstance(value, Mapping):
        raise ShardsError(f"it is {_a(value)}, not a dict of shard names to rules")
    rules = []
    for name, spec in value.items():
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise ShardsError(
                f"shard name {name!r} is not lower-case letters, digits, '-' and '_' (it is a folder and a URL part)"
            )
        if name in RESERVED:
            raise ShardsError(f"shard name {name!r} is the name of a generated page of the hub")
        if not isinstance(spec, Mapping):
            raise ShardsError(f"the rules of shard {name!r} are {_a(spec)}, not a dict")
        unknown = [key for key in spec if key not in RULE_KEYS]
        if unknown:
            raise ShardsError(f"shard {name!r} has the unknown rule {unknown[0]!r} (rules: subjects, ids)")
        subjects = None
        if "subjects" in spec:
            listed = spec["subjects"]
            listed = [listed] if isinstance(listed, str) else listed
            if not isinstance(listed, list | tuple) or not all(isinstance(s, str) and s.strip() for s in listed):
                raise ShardsError(f"the subjects of shard {name!r} are not a list of subject names")
            subjects = frozenset(fold(subject) for subject in listed)
        ids = None
        if "ids" in spec:
            pair = spec["ids"]
            if (
                not isinstance(pair, list | tuple)
                or len(pair) != 2
                or not all(isinstance(n, int) and not isinstance(n, bool) for n in pair)
                or not 0 <= pair[0] < pair[1]
            ):
                raise ShardsError(f"the ids of shard {name!r} are not [lo, hi] with 0 <= lo < hi")
            ids = (pair[0], pair[1])
        rules.append(Rule(name, subjects, ids))
    return tuple(rules)


def check_url(value: Any) -> str:
    """``quicktakes_shard_url``: a template with ``{shard}`` once, absolute (http/https) or relative to
    the hub's root; ``/`` is added at the end when it is missing."""
    if not isinstance(value, str):
        raise ShardsError(f"it is {_a(value)}")
    text = value.strip()
    if text.count("{shard}") != 1 or text.replace("{shard}", "").count("{") or "}" in text.replace("{shard}", ""):
        raise ShardsError("it must hold {shard} exactly once, and no other braces")
    text = text if text.endswith("/") else text + "/"
    parts = urlsplit(text.replace("{shard}", "x"))
    if parts.scheme:
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ShardsError("an absolute address must be http:// or https:// with a host name")
        return text
    if text.startswith("/") or ".." in text.split("/") or "\\" in text or parts.netloc:
        raise ShardsError("a relative address must be inside the hub's folder (no leading '/', no '..')")
    return text


def is_absolute(url: str) -> bool:
    return bool(urlsplit(url).scheme)


def hub_url(template: str, hub: str = "") -> str:
    """Where the hub is: *hub* when given, else the root a relative *template* is relative to (""),
    or an absolute *template* cut before ``{shard}``."""
    if hub:
        return hub if hub.endswith("/") else hub + "/"
    return template.partition("{shard}")[0] if is_absolute(template) else ""


@dataclass(frozen=True, slots=True)
class Site:
    """Where each build of the site is published: enough to link any page of one build from another."""

    template: str = DEFAULT_URL
    hub: str = ""

    def base(self, build: str) -> str:
        """The address of *build*'s root: absolute, or relative to the hub's root."""
        return hub_url(self.template, self.hub) if build == HUB else self.template.format(shard=build)

    def href(self, current: str, from_uri: str, build: str, target_uri: str) -> str:
        """A link from the page at *from_uri* of build *current* to *target_uri* of *build*.

        URIs are paths inside their build, as the builder writes them (``questions/x.html``,
        ``questions/x/``); a relative result climbs out of the current page and build first.
        """
        base = self.base(build)
        if is_absolute(base):
            return base + target_uri
        own = self.base(current)
        up = from_uri.count("/") + (0 if is_absolute(own) else own.count("/"))
        return "../" * up + base + target_uri


@dataclass(slots=True)
class Plan:
    """Which build holds each article and paper."""

    rules: tuple[Rule, ...]
    #: id -> shard name.
    articles: dict[int, str] = field(default_factory=dict)
    #: paper key -> shard name, or :data:`HUB`.
    papers: dict[str, str] = field(default_factory=dict)
    #: Articles no rule matches: reported once, and left out of every build.
    unmatched: list[QuickTake] = field(default_factory=list)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(rule.name for rule in self.rules)

    def counts(self) -> dict[str, tuple[int, int]]:
        """Shard name (the hub as "") -> (articles, papers), in the order of the rules, the hub last."""
        counts = {name: [0, 0] for name in (*self.names, HUB)}
        for name in self.articles.values():
            counts[name][0] += 1
        for name in self.papers.values():
            counts[name][1] += 1
        return {name: (pair[0], pair[1]) for name, pair in counts.items()}

    def problems(self) -> list[Problem]:
        return [
            Problem(
                quicktake.path,
                quicktake.line_of("subject") or quicktake.line_of("id"),
                "shards",
                f"QuickTake {quicktake.id} (subject {quicktake.subject!r}) matches no shard of quicktakes_shards; "
                "it is left out (add a catch-all shard {} to take such articles)",
            )
            for quicktake in self.unmatched
        ]


def plan(library: Library, rules: Iterable[Rule]) -> Plan:
    """Place every article and paper of *library*."""
    result = Plan(tuple(rules))
    for qt_id in sorted(library.quicktakes):
        quicktake = library.quicktakes[qt_id]
        name = next((rule.name for rule in result.rules if rule.matches(quicktake)), None)
        if name is None:
            result.unmatched.append(quicktake)
            continue
        result.articles[qt_id] = name
        for reference in quicktake.references:
            if reference.kind == "doi":
                key = doi_key(reference.value)
                if key in library.papers:
                    result.papers.setdefault(key, name)  # ids ascend: the lowest citing id wins
    for key in library.papers:
        result.papers.setdefault(key, HUB)
    return result


def leave_out(library: Library, quicktakes: Iterable[QuickTake]) -> None:
    """Remove articles no shard takes, so that no build lists or links them."""
    for quicktake in quicktakes:
        library.quicktakes.pop(quicktake.id, None)
        library.by_path.pop(quicktake.path, None)
    library.forget_derived()


def uneven(counts: Mapping[str, tuple[int, int]], factor: float = 2.0) -> list[str]:
    """Shards (not the hub) that hold more than *factor* times the mean number of articles."""
    shards = {name: pair[0] for name, pair in counts.items() if name != HUB}
    if not shards:
        return []
    mean = sum(shards.values()) / len(shards)
    return [name for name, count in shards.items() if mean and count > factor * mean]


def _a(value: Any) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"
