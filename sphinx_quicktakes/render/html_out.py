"""HTML written straight from data, as Sphinx's HTML5 translator writes the same nodes.

Article pages from data (``publishing/article_pages.py``) skip the doctree: no nodes built,
transformed, resolved or walked.  This module gives their writers the translator's own rules,
so that both routes give a reader the same bytes (``tests/test_article_html.py`` compares them):

* escaping as docutils' ``encode``/``attval`` (``&``, ``<``, ``>``, ``"`` and ``@``), start tags
  with the node's classes first and the attributes sorted, as ``starttag`` makes them;
* typographic quotes and dashes as Sphinx's ``SphinxSmartQuotes`` makes them: docutils'
  ``educate_tokens`` over each block of text (a paragraph, a heading) at once, so that a quote
  after an inline element is educated with the same context;
* inline code split into ``<span class="pre">`` words, as ``visit_Text`` does in a literal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from docutils.utils import smartquotes

#: docutils' ``special_characters`` (``@`` too: it may thwart address harvesters).
_SPECIAL = {ord("&"): "&amp;", ord("<"): "&lt;", ord('"'): "&quot;", ord(">"): "&gt;", ord("@"): "&#64;"}
_ATTRIBUTE_SPACE = re.compile("[\n\r\t\v\f]")
_WORDS_AND_SPACES = re.compile(r"[^ \n]+| +|\n")  # HTML5Translator.words_and_spaces
#: What Sphinx's default ``smartquotes_action`` changes in a text: quotes, dashes, ellipses, and the
#: backslash escapes and character references ``processEscapes`` works with.
_DEFAULT_ACTION = "qDe"
_ACTIVE = re.compile(r"""['"\\]|--|\.\.\.|\. \. \.|&#""")
_NULL_ESCAPED = re.compile(r'(?<=\x00)([-\\\'".`])')


class UnsupportedError(Exception):
    """What is being written is something only the node route writes (the caller renders it through nodes)."""


#: Educates one block's ``(kind, text)`` tokens ("plain" or "literal"): the texts as shown.
Educator = Callable[[list[tuple[str, str]]], Iterable[str]]


def encode(text: str) -> str:
    return text.translate(_SPECIAL)


def attval(text: str) -> str:
    return encode(_ATTRIBUTE_SPACE.sub(" ", text))


def starttag(tagname: str, classes: Iterable[str] = (), suffix: str = "", /, **attributes: object) -> str:
    """``<tag class=".." a="..">`` as docutils' ``starttag`` writes it: attributes sorted by name."""
    return _tag(tagname, classes, attributes) + ">" + suffix


def emptytag(tagname: str, classes: Iterable[str] = (), suffix: str = "", /, **attributes: object) -> str:
    """``<tag ... />`` as docutils' ``emptytag`` writes it."""
    return _tag(tagname, classes, attributes) + " />" + suffix


def _tag(tagname: str, classes: Iterable[str], attributes: dict[str, object]) -> str:
    names = " ".join(dict.fromkeys(name for name in classes if name.strip()))
    pairs = dict(attributes)
    if names:
        pairs["class"] = names
    parts = [tagname]
    for name, value in sorted(pairs.items()):
        parts.append(name if value is None else f'{name}="{attval(str(value))}"')
    return "<" + " ".join(parts)


def educator(language: str | None, action: str) -> Educator | None:
    """Sphinx's smart quotes for *language* (None: off, as ``SphinxSmartQuotes.is_available`` says)."""
    if language is None:
        return None

    def educate(tokens: list[tuple[str, str]]) -> Iterable[str]:
        if action == _DEFAULT_ACTION and not any(kind == "plain" and _ACTIVE.search(text) for kind, text in tokens):
            return [text for _kind, text in tokens]  # nothing to educate (most blocks): as educate_tokens gives them
        return smartquotes.educate_tokens(tokens, attr=action, language=language)

    return educate


class HtmlOut:
    """An HTML fragment in the making: markup as given, text escaped, each block's text educated at once."""

    def __init__(self, educate: Educator | None) -> None:
        self.parts: list[str] = []
        self._educate = educate
        #: The open block's text: (index in parts or -1 when not shown, kind, text, inline code).
        self._block: list[tuple[int, str, str, bool]] | None = None

    def markup(self, html: str) -> None:
        self.parts.append(html)

    def open_block(self) -> None:
        """A text block starts (a docutils ``TextElement`` whose parent is none): quotes see its whole text."""
        self._block = []

    def close_block(self) -> None:
        block, self._block = self._block, None
        if not block:
            return
        if self._educate is None:
            texts: Iterable[str] = (text for _index, _kind, text, _code in block)
        else:
            texts = self._educate([(kind, text) for _index, kind, text, _code in block])
        for (index, _kind, _text, code), text in zip(block, texts, strict=True):
            if index >= 0:
                self.parts[index] = _code_words(encode(text)) if code else encode(text)

    def text(self, text: str, *, literal: bool = False, code: bool = False, shown: bool = True) -> None:
        """Text of the open block (escaped now if none is open); *literal* text is never educated."""
        if self._block is None:
            if shown:
                self.parts.append(_code_words(encode(text)) if code else encode(text))
            return
        index = -1
        if shown:
            index = len(self.parts)
            self.parts.append("")
        if literal or code:
            self._block.append((index, "literal", text, code))
        else:
            self._block.append((index, "plain", _NULL_ESCAPED.sub(r"\\\1", text) if "\x00" in text else text, code))

    def educated(self, text: str) -> str:
        """*text* as smart quotes make it at the start of a block (not escaped)."""
        return "".join(self._educate([("plain", text)])) if self._educate is not None else text

    def html(self) -> str:
        return "".join(self.parts)


def _code_words(encoded: str) -> str:
    """Inline code as ``visit_Text`` writes it in a literal: words kept whole, runs of spaces kept."""
    out = []
    for token in _WORDS_AND_SPACES.findall(encoded):
        if token.strip():
            out.append(f'<span class="pre">{token}</span>')
        elif token in {" ", "\n"}:
            out.append(token)
        else:
            out.append("&#160;" * (len(token) - 1) + " ")
    return "".join(out)
