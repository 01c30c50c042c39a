"""DOIs: validate, normalise, compare and link them (Sphinx-free).

A DOI arrives in many dresses ("doi:10.1/x", "https://doi.org/10.1/x",
"http://dx.doi.org/10.1%2Fx"); :func:`normalize_doi` strips them all so that
one paper has one DOI, :func:`doi_key` gives the form DOIs are compared in,
and :func:`doi_url` builds a link that resolves whatever characters the DOI
holds.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

__all__ = ["DOI_PATTERN", "doi_key", "doi_url", "is_valid_doi", "normalize_doi"]

#: Crossref's recommended pattern for modern DOIs
#: (https://www.crossref.org/blog/dois-and-matching-regular-expressions/).
#: Two deliberate tightenings of the published ``/^10.\d{4,9}/[-._;()/:A-Z0-9]+$/i``:
#: the dot after ``10`` is escaped (unescaped it matches any character), and
#: ``re.ASCII`` keeps ``\d`` and the case-insensitive ``A-Z`` to ASCII (in
#: Unicode mode ``[A-Z]`` with IGNORECASE also matches "ſ" and the Kelvin sign).
#: Use ``fullmatch``: ``$`` would accept a trailing newline.
DOI_PATTERN = re.compile(r"10\.\d{4,9}/[-._;()/:A-Z0-9]+", re.IGNORECASE | re.ASCII)

# Crossref says its pattern matches 74.4M of the 74.9M DOIs it had registered;
# most of the rest are old SICI-style DOIs such as
# 10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0, which need
# "<" and ">".  Those are real, resolvable DOIs, so they are accepted too.
# "#", "?", "%" and whitespace stay invalid: they would break every link.
_VALID = re.compile(r"10\.\d{4,9}/[-._;()/:<>A-Z0-9]+", re.IGNORECASE | re.ASCII)

_URL_PREFIX = re.compile(r"(?:https?://)?(?:www\.|dx\.)?doi\.org/", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"doi:\s*", re.IGNORECASE)

# DOI Handbook, "DOI Name Encoding Rules for URL Presentation": "%", '"', "#",
# space and "?" must be encoded; "<>{}^[]`|\" and "+" should be.  Everything
# else that RFC 3986 allows in a path segment stays as it is, so ";()" and
# ":@/" (and the other sub-delims) are left alone.  ``quote`` always keeps
# the unreserved characters and UTF-8-encodes the rest (non-ASCII included).
_URL_SAFE = "/:@!$&'()*,;="
# Browsers resolve "/./" and "/../" segments (and treat "%2E" as a dot too),
# so, as the Handbook says, one slash of such a segment is encoded instead.
_DOT_SEGMENT = re.compile(r"(?<=/)(\.\.?)/")
_LAST_DOT_SEGMENT = re.compile(r"/(\.\.?)$")

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def is_valid_doi(doi: str) -> bool:
    """True when *doi* has the syntax of a registrable DOI (Crossref's pattern, plus SICI ``<>``)."""
    return _VALID.fullmatch(doi) is not None


def normalize_doi(text: str) -> str:
    """The bare DOI in *text*: without whitespace, a ``doi:`` label or a doi.org address.

    A DOI given as a URL is percent-decoded, since the URL form encodes it;
    a bare DOI is not, since "%" sequences in it are its own characters.
    """
    doi = text.strip()
    while True:
        if match := _URL_PREFIX.match(doi):
            doi = unquote(doi[match.end() :]).strip()
        elif match := _DOI_PREFIX.match(doi):
            doi = doi[match.end() :].strip()
        else:
            return doi


def doi_key(doi: str) -> str:
    """The form two DOIs are compared in.

    The DOI Handbook makes DOIs case-insensitive for ASCII letters only
    ("DOI names which differ in the case of non-ASCII characters may be
    different identifiers"), so only A-Z are folded.
    """
    return doi.translate(_ASCII_LOWER)


def doi_url(doi: str) -> str:
    """The https://doi.org/ link of *doi*, encoded by the DOI Handbook's rules."""
    path = quote(doi, safe=_URL_SAFE)
    path = _LAST_DOT_SEGMENT.sub(r"%2F\1", _DOT_SEGMENT.sub(r"\1%2F", path))
    return "https://doi.org/" + path


def doi_slug(doi: str) -> str:
    """``10.1016/j.clinimag.2023.110022`` → ``10-1016-j-clinimag-2023-110022``: for anchors and page names."""
    return re.sub(r"[^a-z0-9]+", "-", doi_key(doi).lower()).strip("-")[:80]
