"""YAML front matter between ``---`` lines, read safely and with file line numbers.

Scraped files are untrusted: YAML goes through the safe loader only, anchors and
aliases are refused before anything is composed (the front-matter format never
uses them, and alias bombs use nothing else), and nesting depth is bounded so
that no input can exhaust memory or the stack.  Errors carry the line in the
*file*, not the line inside the YAML block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is an order of magnitude faster; both are the *safe* loader
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """The safe loader, except that an impossible date (``2024-13-01``) stays text.

    PyYAML raises ``ValueError`` for those, which would lose the whole file;
    as text, the QuickTake loader reports the date and keeps the rest.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # date, or str if impossible
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

#: Deepest nesting a front matter may have; QuickTakes use 2.
MAX_DEPTH = 20
_DELIMITER = "---"
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029", "\r")
_END_DELIMITERS = ("---", "...")


class FrontMatterError(Exception):
    """The front matter cannot be read at all; the file is skipped."""

    def __init__(self, subtype: str, message: str, line: int | None) -> None:
        super().__init__(message)
        self.subtype = subtype
        self.message = message
        self.line = line


@dataclass(slots=True)
class FrontMatter:
    data: dict[str, Any]
    #: 1-based file line of each top-level key.
    lines: dict[str, int]
    #: 1-based file line where each top-level value's text starts (below ``key: >-`` for block scalars).
    value_lines: dict[str, int]
    body: str
    #: Non-fatal findings as ``(subtype, message, line)``.
    notes: list[tuple[str, str, int]] = field(default_factory=list)


def has_front_matter(text: str) -> bool:
    return text.lstrip("\n").split("\n", 1)[0].rstrip() == _DELIMITER


def parse(text: str) -> FrontMatter:
    """Split *text* (newlines already normalised) and load its YAML block."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines):
        raise FrontMatterError("frontmatter", "the file is empty", 1)
    if lines[start].rstrip() != _DELIMITER:
        raise FrontMatterError("frontmatter", "no front matter: the file must start with a '---' line", start + 1)
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in _END_DELIMITERS:
            break
    else:
        raise FrontMatterError(
            "frontmatter",
            f"front matter opened on line {start + 1} is never closed by a '---' line",
            start + 1,
        )
    offset = start + 2  # file line of the first YAML line
    block = "\n".join(lines[start + 1 : end])
    to_file = _line_mapper(block, offset)
    node = _compose(block, to_file)
    if node is None:
        raise FrontMatterError("frontmatter", "front matter is empty", start + 1)
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            "yaml", "front matter must be a mapping of 'key: value' lines", to_file(node.start_mark.line)
        )
    key_lines: dict[str, int] = {}
    notes: list[tuple[str, str, int]] = []
    value_lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = to_file(key_node.start_mark.line)
        if key in key_lines:
            notes.append(
                ("yaml", f"key {key!r} appears twice (lines {key_lines[key]} and {line}); the last one is used", line)
            )
        key_lines[key] = line
        is_block_scalar = isinstance(value_node, yaml.ScalarNode) and value_node.style in (">", "|")
        value_lines[key] = line + 1 if is_block_scalar else to_file(value_node.start_mark.line)
    try:
        loader = _Loader(block)
        try:
            data = _construct(node, loader)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, to_file, block) from None
    except Exception as exc:
        raise FrontMatterError("yaml", f"front matter cannot be read: {type(exc).__name__}", offset - 1) from None
    if not isinstance(data, dict):  # a tag on the whole document (!!set) can make it something else
        raise FrontMatterError("yaml", "front matter must be a mapping of 'key: value' lines", offset)
    data = {_key(key): value for key, value in data.items()}
    return FrontMatter(data, key_lines, value_lines, "\n".join(lines[end + 1 :]), notes)


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
#: Keys the safe constructor treats specially (``<<`` merges, ``=`` becomes text): left to it.
_SPECIAL_KEYS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


def _construct(node: yaml.Node, loader: _Loader) -> Any:
    """What ``loader.construct_document(node)`` gives, three times quicker for what front matter is made of.

    Plain text and mappings of them are built here; anything else (numbers,
    dates, lists, tags, merge keys, a key that cannot be a dict key) is left
    to the safe constructor, which gives the same value, or the same error.
    The nodes are at most ``MAX_DEPTH`` deep and hold no alias (see :func:`_compose`).
    """
    kind = type(node)
    if kind is yaml.ScalarNode and node.tag == _STR:
        return node.value
    if kind is yaml.MappingNode and node.tag == _MAP:
        data: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag in _SPECIAL_KEYS:
                return loader.construct_object(node, deep=True)
            key = _construct(key_node, loader)
            try:
                hash(key)
            except TypeError:  # the constructor says so, with the line
                return loader.construct_object(node, deep=True)
            data[key] = _construct(value_node, loader)
        return data
    return loader.construct_object(node, deep=True)


def _key(key: object) -> str:
    try:
        return str(key)
    except ValueError:  # an integer too long to print
        return "<unprintable key>"


def _line_mapper(block: str, offset: int) -> Callable[[int], int]:
    """YAML line number → file line.  YAML also breaks lines at U+0085, U+2028 and U+2029
    (and a lone CR); the file's lines are "\\n" only, so those must not count."""
    if not any(char in block for char in _YAML_ONLY_BREAKS):
        return lambda yaml_line: yaml_line + offset
    file_lines, line = [0], 0
    for index, char in enumerate(block):
        if char == "\n":
            line += 1
            file_lines.append(line)
        elif char in _YAML_ONLY_BREAKS and not (char == "\r" and block[index + 1 : index + 2] == "\n"):
            file_lines.append(line)
    return lambda yaml_line: file_lines[min(yaml_line, len(file_lines) - 1)] + offset


_NO_ANCHORS = "YAML anchors and aliases are not allowed in front matter"
_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _event_line(event: yaml.Event, to_file: Callable[[int], int]) -> int:
    return to_file(event.start_mark.line if event.start_mark else 0)


def _compose(block: str, to_file: Callable[[int], int]) -> yaml.Node | None:
    """Compose the YAML node tree after checking the event stream is harmless."""
    depth = 0
    try:
        for event in yaml.parse(block, Loader=_Loader):
            kind = type(event)  # one look-up per event: a file has about 80 of them
            if kind is yaml.ScalarEvent:
                if event.anchor:  # type: ignore[attr-defined]  # a ScalarEvent has one
                    raise FrontMatterError("yaml", _NO_ANCHORS, _event_line(event, to_file))
            elif kind in _STARTS:
                depth += 1
                if event.anchor:  # type: ignore[attr-defined]  # so has a collection's start
                    raise FrontMatterError("yaml", _NO_ANCHORS, _event_line(event, to_file))
                if depth > MAX_DEPTH:
                    message = f"front matter is nested deeper than {MAX_DEPTH} levels"
                    raise FrontMatterError("yaml", message, _event_line(event, to_file))
            elif kind in _ENDS:
                depth -= 1
            elif kind is yaml.AliasEvent or getattr(event, "anchor", None):
                raise FrontMatterError("yaml", _NO_ANCHORS, _event_line(event, to_file))
            elif isinstance(event, yaml.CollectionStartEvent):  # a subclass no YAML parser makes today
                depth += 1
                if depth > MAX_DEPTH:
                    message = f"front matter is nested deeper than {MAX_DEPTH} levels"
                    raise FrontMatterError("yaml", message, _event_line(event, to_file))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.compose(block, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, to_file, block) from None


def _yaml_error(exc: yaml.YAMLError, to_file: Callable[[int], int], block: str) -> FrontMatterError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    if mark is not None and context_mark is not None and mark.line >= block.count("\n") + 1:
        mark = context_mark  # "[ never closed": where it opened, not the end of the block
    if mark is not None:
        line = to_file(mark.line)
    elif isinstance(getattr(exc, "position", None), int):  # a reader error: a character YAML refuses
        line = to_file(0) + block.count("\n", 0, exc.position)  # type: ignore[attr-defined]
    else:
        line = to_file(0) - 1
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
    if "maximum nesting depth" in str(problem):  # PyYAML >= 6.0.4 has a limit of its own, met while scanning
        return FrontMatterError("yaml", f"front matter is nested deeper than {MAX_DEPTH} levels", line)
    context = getattr(exc, "context", None)
    message = f"invalid YAML in front matter: {problem}" + (f" ({context})" if context else "")
    return FrontMatterError("yaml", message, line)
