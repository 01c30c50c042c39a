"""The extension's configuration values, all prefixed ``quicktakes_``, and their checks.

Sphinx's own type check warns about a wrong type and then hands the value on
anyway, so ``quicktakes_pages = True`` used to warn and then crash with a
traceback.  So every value is declared with ``types=Any`` (Sphinx checks
nothing) and checked here, at ``config-inited``, before anything reads it: a
wrong type or value gets exactly one ``quicktakes.config`` warning, at its line
of ``conf.py``, naming the setting and what it expects, and the build goes on
with the default.  A bad entry of a list is left out and the rest is kept.
Values that are right but loosely written are taken as meant, silently:
``"txt"`` as ``".txt"``, ``"APA"`` as ``"apa"``, a tuple as a list.

The same hook keeps the build from reading its own output back as input
(:func:`exclude_outputs`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from sphinx.util import logging
from sphinx.util.matching import Matcher

from .library.catalog import DEFAULT_SUFFIXES, normalise_suffix
from .library.csl import DEFAULT_STYLE, Style, StyleError, find_style
from .library.shards import DEFAULT_URL, HUB, ShardsError, check_url, is_absolute, parse_rules

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger("sphinx_quicktakes")


class BadValueError(ValueError):
    """A value that cannot be used; the message says what is wrong with it."""


@dataclass(frozen=True)
class Context:
    """What checking a value may need besides the value."""

    srcdir: Path
    exclude_patterns: tuple[str, ...]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Callable[[], Any]
    #: What Sphinx rebuilds when the value changes ("env": every page is re-read).
    rebuild: Literal["env", "html"]
    #: What the warning says the setting takes.
    expects: str
    #: The value as the extension uses it, or :class:`BadValueError`; a list may come back with
    #: entries left out, and a reason to warn with.
    check: Callable[[Any, Context], tuple[Any, str | None]]


def _text(value: Any) -> str | None:
    """*value* as text when it is a ``str`` or a path object, else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, os.PathLike):
        text = os.fspath(value)
        return text if isinstance(text, str) else None
    return None


def _entries(value: Any, kind: str, entry: Callable[[Any], str | None]) -> tuple[list[str], str | None]:
    """A list (or tuple, or one string) of entries; entries *entry* refuses are left out and named."""
    if _text(value) is not None:
        value = [value]
    if not isinstance(value, list | tuple):
        raise BadValueError(f"it is {_a(value)}, not a list")
    kept, bad = [], []
    for item in value:
        good = entry(item)
        if good is None:
            bad.append(item)
        else:
            kept.append(good)
    if not bad:
        return kept, None
    return kept, f"{', '.join(_shown(item) for item in bad)} {'is' if len(bad) == 1 else 'are'} not {kind}"


def _source(item: Any) -> str | None:
    text = _text(item)
    return text if text and text.strip() else None


def check_sources(value: Any, context: Context) -> tuple[list[str], str | None]:
    return _entries(value, "a folder, file or glob pattern", _source)


def check_suffixes(value: Any, context: Context) -> tuple[list[str], str | None]:
    kept, reason = _entries(value, "a file suffix", lambda item: normalise_suffix(item) if _text(item) else None)
    return list(dict.fromkeys(kept)), reason


def check_style(value: Any, context: Context) -> tuple[str, None]:
    """A style name or ``.csl`` path as text; whether it names a style is :func:`check_citation_styles`' to say."""
    text = _text(value)
    if text is None or not text.strip():
        raise BadValueError(f"it is {_a(value)}" if text is None else "it is empty")
    return _style_text(text), None


def _style_text(text: str) -> str:
    """A style name in lower case (names are case-insensitive); a ``.csl`` path as written."""
    text = text.strip()
    return text if text.lower().endswith(".csl") or "/" in text or "\\" in text else text.casefold()


def check_styles(value: Any, context: Context) -> tuple[list[str], str | None]:
    kept, reason = _entries(value, "a style name or path", _source)
    return [_style_text(entry) for entry in kept], reason


def check_external_base(value: Any, context: Context) -> tuple[str | None, None]:
    if value is None:
        return None, None
    text = _text(value)
    if text is None:
        raise BadValueError(f"it is {_a(value)}")
    text = text.strip()
    if not text:
        return None, None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise BadValueError(f"the scheme is {parts.scheme!r}" if parts.scheme else "it has no scheme")
    if not parts.netloc:
        raise BadValueError("it has no host name")
    return text, None


def check_pages(value: Any, context: Context) -> tuple[str | None, None]:
    if value is None:
        return None, None
    text = _text(value)
    if text is None:
        raise BadValueError(f"it is {_a(value)}")
    if not text.strip():
        return None, None
    srcdir = context.srcdir.resolve()
    path = Path(text)
    if path.is_absolute() and path.resolve().is_relative_to(srcdir):
        path = path.resolve().relative_to(srcdir)  # os.path.join(os.path.dirname(__file__), "questions")
    relative = os.path.normpath(path)
    if Path(relative).is_absolute() or relative == os.curdir or Path(relative).parts[0] == os.pardir:
        raise BadValueError(f"it is not inside the source folder {srcdir}, so its pages would never be built")
    if not (srcdir / relative).resolve().is_relative_to(srcdir):
        raise BadValueError(
            f"it leads outside the source folder {srcdir} (a symbolic link), so its pages would never be built"
        )
    folder = PurePosixPath(Path(relative).as_posix())
    excluded = Matcher(list(context.exclude_patterns))
    if any(excluded(str(part)) for part in (*reversed(folder.parents[:-1]), folder, folder / "index.rst")):
        raise BadValueError("exclude_patterns names it, so its pages would never be built")
    return str(folder), None


def check_flag(value: Any, context: Context) -> tuple[bool, None]:
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int) and value in (0, 1):  # what ``-D name=0`` and ``-D name=1`` give too
        return bool(value), None
    raise BadValueError(f"it is {_a(value)}")


def check_index_entries(value: Any, context: Context) -> tuple[bool | str, None]:
    """``quicktakes_index_entries``: ``"auto"`` or a flag (``-D`` gives ``0`` and ``1``)."""
    text = _text(value)
    if text is not None and text.strip().casefold() == "auto":
        return "auto", None
    try:
        return check_flag(value, context)
    except BadValueError:
        raise BadValueError(f"it is {_a(value)}") from None


def check_search(value: Any, context: Context) -> tuple[str, None]:
    text = _text(value)
    if text is None:
        raise BadValueError(f"it is {_a(value)}")
    if text.strip().casefold() not in SEARCH_MODES:
        raise BadValueError(f"{text!r} is not one of them")
    return text.strip().casefold(), None


AUDIENCES = ("Clinician", "Patient")


def check_audience(value: Any, context: Context) -> tuple[str | None, None]:
    """schema.org's medical audience of every article: "Clinician", "Patient" (in any case) or None."""
    if value is None:
        return None, None
    text = _text(value)
    if text is None:
        raise BadValueError(f"it is {_a(value)}")
    for audience in AUDIENCES:
        if text.strip().casefold() == audience.casefold():
            return audience, None
    raise BadValueError(f"{text!r} is not one of {', '.join(AUDIENCES)}")


def _count_of(value: Any, least: int) -> int:
    """A whole number of at least *least* (not a bool, not a float)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValueError(f"it is {_a(value)}")
    if value < least:
        raise BadValueError(f"it is less than {least}")
    return value


def check_review_age(value: Any, context: Context) -> tuple[int | None, None]:
    return (None if value is None else _count_of(value, 0)), None


def check_page_size(value: Any, context: Context) -> tuple[int, None]:
    return _count_of(value, 1), None


def check_feed_length(value: Any, context: Context) -> tuple[int, None]:
    return _count_of(value, 1), None


def check_shards(value: Any, context: Context) -> tuple[dict[str, Any], None]:
    """``quicktakes_shards``: shard name -> rules; every name and rule is checked (a wrong one refuses all:
    leaving one shard out would move its articles into another)."""
    if value is None:
        return {}, None
    try:
        parse_rules(value)
    except ShardsError as error:
        raise BadValueError(str(error)) from None
    return dict(value), None


def check_shard(value: Any, context: Context) -> tuple[str, None]:
    """``quicktakes_shard``: the build's shard, "" for the hub; whether the name exists is checked later."""
    if value is None:
        return HUB, None
    text = _text(value)
    if text is None:
        raise BadValueError(f"it is {_a(value)}")
    return text.strip(), None


def check_shard_url(value: Any, context: Context) -> tuple[str, None]:
    try:
        return check_url(value), None
    except ShardsError as error:
        raise BadValueError(str(error)) from None


def check_hub_url(value: Any, context: Context) -> tuple[str, None]:
    if value is None:
        return "", None
    text = _text(value)
    if text is None:
        raise BadValueError(f"it is {_a(value)}")
    text = text.strip()
    if not text:
        return "", None
    check_external_base(text, context)  # an http(s) address with a host, or BadValueError
    return text if text.endswith("/") else text + "/", None


def _a(value: Any) -> str:
    """What the value is, for the message: "a bool", "an int", "None"."""
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_FLAG = "True or False"
SEARCH_MODES = ("auto", "pagefind", "sphinx")
SETTINGS = (
    Setting(
        "quicktakes_sources",
        list,
        "env",
        "a list of folders, files or glob patterns (str), or one of them",
        check_sources,
    ),
    Setting(
        "quicktakes_source_suffixes",
        lambda: list(DEFAULT_SUFFIXES),
        "env",
        "a list of file suffixes such as '.txt'",
        check_suffixes,
    ),
    Setting(
        "quicktakes_citation_style",
        lambda: DEFAULT_STYLE,
        "env",
        "a CSL style name such as 'american-medical-association' (in any case) or a .csl file of the project",
        check_style,
    ),
    Setting(
        "quicktakes_citation_styles",
        list,
        "env",
        "a list of CSL style names or .csl files of the project",
        check_styles,
    ),
    Setting(
        "quicktakes_external_base",
        lambda: None,
        "html",
        "an http:// or https:// address such as 'https://quicktakes.io', or None",
        check_external_base,
    ),
    Setting(
        "quicktakes_pages",
        lambda: None,
        "env",
        "a folder inside the source folder, such as 'questions', or None",
        check_pages,
    ),
    Setting(
        "quicktakes_page_size",
        lambda: 500,
        "env",
        "a number of entries per generated index page (int, 1 or more)",
        check_page_size,
    ),
    # Whether an HTML build renders the article pages straight from data (xref/data_pages.py); False
    # keeps them as generated Sphinx documents, as every other builder does.
    Setting("quicktakes_data_pages", lambda: True, "env", _FLAG, check_flag),
    Setting(
        "quicktakes_index_entries",
        lambda: "auto",
        "env",
        "True, False or 'auto' (True unless quicktakes_shards is set)",
        check_index_entries,
    ),
    Setting("quicktakes_seo_title", lambda: False, "html", _FLAG, check_flag),
    Setting("quicktakes_opengraph", lambda: True, "html", _FLAG, check_flag),
    Setting("quicktakes_sitemap_lastmod", lambda: True, "html", _FLAG, check_flag),
    Setting("quicktakes_search", lambda: "auto", "html", "'auto', 'pagefind' or 'sphinx'", check_search),
    Setting("quicktakes_audience", lambda: None, "html", "'Clinician', 'Patient' or None", check_audience),
    Setting(
        "quicktakes_max_review_age",
        lambda: None,
        "html",
        "a number of days (int, 0 or more) or None",
        check_review_age,
    ),
    Setting("quicktakes_feed_length", lambda: 50, "html", "a number of entries (int, 1 or more)", check_feed_length),
    Setting(
        "quicktakes_shards",
        dict,
        "env",
        "a dict of shard names (lower-case letters, digits, '-', '_') to rules such as {'subjects': ['Medicine']}, "
        "{'ids': [0, 100000]} or {}",
        check_shards,
    ),
    Setting("quicktakes_shard", lambda: HUB, "env", "a name of quicktakes_shards, or '' for the hub", check_shard),
    Setting(
        "quicktakes_shard_url",
        lambda: DEFAULT_URL,
        "html",
        "an address with {shard}, such as 'https://example.org/{shard}/' or '{shard}/' (relative to the hub)",
        check_shard_url,
    ),
    Setting(
        "quicktakes_hub_url",
        lambda: "",
        "html",
        "an http:// or https:// address of the hub, or '' (derived from quicktakes_shard_url)",
        check_hub_url,
    ),
)


def register(app: Sphinx) -> None:
    for setting in SETTINGS:
        # types=Any: Sphinx's own check would warn and pass the value on; check_values warns once and repairs.
        app.add_config_value(setting.name, setting.default(), setting.rebuild, types=Any)
    # Early, so that the extension's other config-inited hooks see good values.
    app.connect("config-inited", exclude_outputs, priority=300)
    app.connect("config-inited", check_values, priority=310)
    app.connect("config-inited", check_citation_styles, priority=320)
    app.connect("config-inited", choose_shard, priority=330)


def check_values(app: Sphinx, config: Config) -> None:
    """``config-inited``: one warning per unusable value, which is replaced by its default."""
    context = Context(Path(app.srcdir), tuple(config.exclude_patterns))
    for setting in SETTINGS:
        value = getattr(config, setting.name)
        try:
            good, reason = setting.check(value, context)
        except BadValueError as invalid:
            good = setting.default()
            message = (
                f"{setting.name} = {_shown(value)} cannot be used ({invalid}); it takes {setting.expects}. "
                f"The default, {good!r}, is used instead"
            )
        else:
            if reason is None:
                setattr(config, setting.name, good)
                continue
            message = f"{setting.name}: {reason}, so it is left out; the setting takes {setting.expects}"
        setattr(config, setting.name, good)
        if setting.name in config.overrides:
            message = f"-D {message}"  # conf.py's line, if it has one, is not the value in use
        logger.warning(message, type="quicktakes", subtype="config", location=_location(app, config, setting.name))


def _location(app: Sphinx, config: Config, name: str) -> str | None:
    """``conf.py:line`` of the last line that sets *name* (the one that counts), if any."""
    if app.confdir is None or name in config.overrides:
        return None
    path = Path(app.confdir) / "conf.py"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*{name}\s*(:[^=]*)?=")
    numbers = [number for number, line in enumerate(lines, start=1) if pattern.match(line)]
    return f"{path}:{numbers[-1]}" if numbers else None


def exclude_outputs(app: Sphinx, config: Config) -> None:
    """``config-inited``: never read a build's output back as sources.

    With the output inside the source folder (``sphinx-build docs docs/_out``)
    and no ``exclude_patterns`` entry for it, the next build would read the
    Markdown copies the extension writes there (``questions/*.md``) as new
    MyST documents, and any other source-like file that was copied there.
    Nothing in an output folder is ever meant as a source, so it is excluded
    here rather than only warned about: the build stays right whatever
    ``conf.py`` says, and there is nothing for the user to fix.  Excluded are
    this build's output and doctree folders, and every HTML output of an
    earlier build (a folder with Sphinx's ``.buildinfo``), which is where the
    copies are: ``-b latex docs docs/_out/latex`` after ``-b html docs
    docs/_out/html`` must not read the HTML build's copies either.
    """
    srcdir = Path(app.srcdir).resolve()
    patterns = list(config.exclude_patterns)
    for output in (app.outdir, app.doctreedir):
        path = Path(output).resolve()
        if path != srcdir and path.is_relative_to(srcdir):
            _exclude(patterns, PurePosixPath(path.relative_to(srcdir).as_posix()))
    for earlier in _html_outputs(srcdir, Matcher(patterns)):
        _exclude(patterns, earlier)
    if len(patterns) > len(config.exclude_patterns):
        config.exclude_patterns = patterns


def _exclude(patterns: list[str], folder: PurePosixPath) -> None:
    """Add a pattern for *folder* unless a pattern already covers it (or a folder above it)."""
    excluded = Matcher(patterns)
    if not any(excluded(str(part)) for part in (*folder.parents[:-1], folder)):
        patterns.append(_escape_pattern(str(folder)))


def _html_outputs(srcdir: Path, excluded: Matcher) -> list[PurePosixPath]:
    """Folders under *srcdir* that hold an HTML build (``.buildinfo``); excluded folders are not searched."""
    found = []
    for root, folders, files in os.walk(srcdir):
        relative = PurePosixPath(Path(root).relative_to(srcdir).as_posix())
        if root != str(srcdir) and ".buildinfo" in files:
            found.append(relative)
            folders.clear()
            continue
        folders[:] = [name for name in folders if not excluded(str(relative / name))]
    return found


def _escape_pattern(path: str) -> str:
    """*path* as an ``exclude_patterns`` entry that matches just that folder."""
    return re.sub(r"([*?\[])", r"[\1]", path)


def check_citation_styles(app: Sphinx, config: Config) -> None:
    """Find the cards' citation styles once, as ``config._quicktakes_styles``; a bad one is warned about and skipped.

    Paths are relative to the configuration directory and stay inside it or
    the source directory.  Without any usable style the cards use the default.
    """
    base, roots = Path(app.confdir), (Path(app.srcdir),)
    settings = [("quicktakes_citation_style", config.quicktakes_citation_style)]
    listed = config.quicktakes_citation_styles  # a list of strings: check_values made sure
    settings += [(f"quicktakes_citation_styles[{i}]", value) for i, value in enumerate(listed)]
    found: dict[str, list[Style]] = {"quicktakes_citation_style": [], "quicktakes_citation_styles": []}
    for setting, value in settings:
        try:
            found[setting.partition("[")[0]].append(find_style(value, base, roots))
        except StyleError as error:
            # The list replaces the single setting; without it, a bad single setting means the default.
            fallback = "it is ignored" if "[" in setting or listed else f"the cards use {DEFAULT_STYLE!r}"
            logger.warning(f"{setting}: {error}; {fallback}", type="quicktakes", subtype="citation")
    styles = found["quicktakes_citation_styles"] or found["quicktakes_citation_style"]
    config._quicktakes_styles = tuple(dict.fromkeys(styles)) or (find_style(DEFAULT_STYLE, base),)


def choose_shard(app: Sphinx, config: Config) -> None:
    """``config-inited``: what this build of a sharded site reads, as ``config._quicktakes_build``.

    None: the site is not sharded (nothing changes).  "": the hub, which reads every
    document but the shards' folders.  A shard name: the build reads only its folder of
    generated pages (``<quicktakes_pages>/<shard>/``), whose ``index`` is its root document.
    """
    config._quicktakes_build = None
    shards, shard = config.quicktakes_shards, config.quicktakes_shard
    if not shards:
        if shard:
            _warn_shard(
                app,
                config,
                f"quicktakes_shard = {shard!r} is set, but quicktakes_shards is empty; the whole site is built as one",
            )
        return
    pages = config.quicktakes_pages
    if not pages:
        _warn_shard(
            app,
            config,
            "quicktakes_shards needs quicktakes_pages (the shards hold generated pages); "
            "the whole site is built as one",
            "quicktakes_shards",
        )
        return
    if shard and shard not in shards:
        _warn_shard(
            app,
            config,
            f"quicktakes_shard = {shard!r} is not a shard of quicktakes_shards "
            f"({', '.join(shards)}); the hub is built instead",
        )
        shard = config.quicktakes_shard = HUB
    if is_absolute(config.quicktakes_hub_url or "") != is_absolute(config.quicktakes_shard_url) and (
        config.quicktakes_hub_url
    ):
        _warn_shard(
            app,
            config,
            "quicktakes_hub_url is absolute but quicktakes_shard_url is relative to the hub; "
            "quicktakes_hub_url is ignored",
            "quicktakes_hub_url",
        )
        config.quicktakes_hub_url = ""
    config._quicktakes_build = shard
    folders = [f"{pages}/{name}" for name in shards]
    if shard == HUB:
        config.exclude_patterns = [*config.exclude_patterns, *(_escape_pattern(f) for f in folders)]
    else:
        config.include_patterns = [f"{_escape_pattern(folders[list(shards).index(shard)])}/**"]
        config.root_doc = f"{pages}/{shard}/index"


def _warn_shard(app: Sphinx, config: Config, message: str, name: str = "quicktakes_shard") -> None:
    logger.warning(message, type="quicktakes", subtype="config", location=_location(app, config, name))
