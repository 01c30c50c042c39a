"""A ``quicktake-list`` kept as data: one node for the whole list, not seven for each entry.

The library's index pages are lists, and at 120,000 articles they hold 840,000 entries (each
article under its subject, its date and each of its keywords).  As ordinary docutils nodes
(a list item, a paragraph, a link placeholder, a title, the date and subject) every entry is
built, walked by every transform, pickled, unpickled and translated: that was most of the hub's
31 minutes.  :class:`qt_list` holds the entries as plain data instead.

* The directive makes it, with the texts already given smart quotes as docutils' ``SmartQuotes``
  would have given the Text nodes (:func:`educator`).
* At ``doctree-resolved`` (:func:`resolve`, called by ``xref/links.py``) an HTML builder gets each
  entry's address by the same rule as any article link; every other builder (LaTeX, text, man,
  texinfo, third-party ones) gets the list as the ordinary nodes (:func:`expand`), which it
  renders as before.
* :func:`visit_html` writes the markup Sphinx's HTML translator writes for those nodes, byte for
  byte (``tests/test_compact_list.py`` builds a site both ways and compares every page).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes, utils
from docutils.utils import smartquotes
from sphinx.transforms import SphinxSmartQuotes

from .nodes import qt_article_link

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

#: An entry: the article's id, its question as shown and as the link's title, and the line below
#: (date and subject, "" for none).
Entry = tuple[int, str, str, str]


class qt_list(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """A list's ``entries`` (:data:`Entry` lists); after :func:`resolve`, ``links`` holds each
    entry's (link kind, address)."""


def educator(document: nodes.document) -> Callable[[Sequence[str]], list[str]]:
    """What gives texts (one block: a title, a space, the line below) the quotes docutils' and
    Sphinx's ``SmartQuotes`` would give them in *document*, or leaves them as they are where it
    would not run; decided once for a list, not for each of its entries."""
    transform = SphinxSmartQuotes(document, None)
    if not transform.is_available():
        return list
    settings = document.settings
    lang = settings.language_code
    smart = settings.smart_quotes
    if isinstance(smart, str) and smart.startswith("alt"):
        lang = lang.replace("-x-altquot", "") if "-x-altquot" in lang else lang + "-x-altquot"
    for tag in utils.normalize_language_tag(lang):
        if tag in smartquotes.smartchars.quotes:
            lang = tag
            break
    else:
        return list
    action = transform.config.smartquotes_action

    def educated(texts: Sequence[str]) -> list[str]:
        return list(_educate(tuple(texts), action, lang))

    return educated


@functools.lru_cache(maxsize=1 << 18)
def _educate(texts: tuple[str, ...], action: str, lang: str) -> tuple[str, ...]:
    """Smart quotes for one entry's texts; kept, as an article's entry is on about seven index pages
    (its subject, its date, each keyword)."""
    return tuple(smartquotes.educate_tokens([("plain", text) for text in texts], attr=action, language=lang))


def expand(node: qt_list) -> nodes.bullet_list:
    """The list as ordinary nodes: link placeholders, resolved like any other afterwards."""
    items = nodes.bullet_list(classes=node["classes"])
    for qt_id, shown, title, meta in node["entries"]:
        paragraph = nodes.paragraph()
        paragraph += qt_article_link("", "", nodes.Text(shown), classes=["qt-list-title"], qt_id=qt_id, reftitle=title)
        if meta:
            paragraph += nodes.Text(" ")
            paragraph += nodes.inline(meta, meta, classes=["qt-list-meta"])
        items += nodes.list_item("", paragraph)
    items.source, items.line = node.source, node.line
    return items


def visit_html(self: HTML5Translator, node: qt_list) -> None:
    body = [f'<ul class="{self.attval(" ".join([*node["classes"], "simple"]))}">\n']
    for (_, shown, title, meta), (kind, href) in zip(node["entries"], node["links"], strict=True):
        text = f'<span class="qt-list-title">{self.encode(shown)}</span>'
        if kind == "plain" or href is None:
            link = f'<span class="qt-unlinked qt-link-{kind}">{text}</span>'
        else:
            where = "internal" if kind == "internal" else "external"
            link = (
                f'<a class="qt-link-{kind} reference {where}" href="{self.attval(href)}" '
                f'title="{self.attval(title)}">{text}</a>'
            )
        after = f' <span class="qt-list-meta">{self.encode(meta)}</span>' if meta else ""
        body.append(f"<li><p>{link}{after}</p></li>\n")
    body.append("</ul>\n")
    self.body.append("".join(body))
    raise nodes.SkipNode


def entry_links(node: qt_list) -> list[list[Any]]:
    """The entries' targets as ``record_placeholders`` notes a page's links."""
    return [[entry[0], ""] for entry in node["entries"]]
