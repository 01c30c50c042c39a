"""References of a QuickTake: DOIs, PubMed ids and web addresses (Sphinx-free).

A reference is written as a bare DOI (``10.1016/j.clinimag.2023.110022``, also
``doi:...`` or a doi.org address), a PubMed id (``pmid:31801716``) or an
``http(s)://`` address.  Anything else, ``javascript:`` included, is refused
here, so no unsafe link can reach a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .doi import doi_url, is_valid_doi, normalize_doi

__all__ = ["Reference", "parse_reference"]

_PMID = re.compile(r"pmid:\s*(\d{1,9})", re.IGNORECASE | re.ASCII)
_DOI_HOSTS = {"doi.org", "dx.doi.org", "www.doi.org"}


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference: ``kind`` is "doi", "pmid" or "url"; ``value`` the DOI, the id or the address."""

    kind: str
    value: str

    @property
    def url(self) -> str:
        """Where the reference leads: doi.org, PubMed or the address itself."""
        if self.kind == "doi":
            return doi_url(self.value)
        if self.kind == "pmid":
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.value}/"
        return self.value

    @property
    def label(self) -> str:
        """How the reference reads in a list: ``doi:10.1/x``, ``PMID 31801716`` or the address."""
        if self.kind == "doi":
            return f"doi:{self.value}"
        if self.kind == "pmid":
            return f"PMID {self.value}"
        return self.value


def parse_reference(text: str) -> Reference | str:
    """The reference written as *text*, or why it is not one."""
    text = text.strip()
    if not text:
        return "it is empty"
    pmid = _PMID.fullmatch(text)
    if pmid:
        return Reference("pmid", str(int(pmid.group(1))))
    if text.lower().startswith("pmid:"):
        return "a PMID is 'pmid:' followed by digits"
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https"):
        if (parts.hostname or "").lower() in _DOI_HOSTS:
            doi = normalize_doi(text)
            return Reference("doi", doi) if is_valid_doi(doi) else f"{doi!r} is not a valid DOI"
        if not parts.hostname or any(char.isspace() for char in text):
            return "it is not a complete web address"
        return Reference("url", text)
    if text.lower().startswith(("10.", "doi:")):
        doi = normalize_doi(text)
        return Reference("doi", doi) if is_valid_doi(doi) else f"{doi!r} is not a valid DOI"
    if parts.scheme:
        return f"only http:// and https:// addresses are linked, not {parts.scheme}:"
    return "it is not a DOI, a 'pmid:' id or an http(s) address"
