"""``llms.txt`` and a plain-Markdown copy of every article, for assistants.

``llms.txt`` follows llmstxt.org: an H1 with the project's name, a summary
in a block quote, then one H2 section per subject listing every article
shown in the site as ``- [question](markdown copy): description``.  Each
copy (``questions/118100.md`` beside ``questions/118100.html``) holds the
real question and answer, not directive source, so that assistants and Read
the Docs' Markdown serving get the content.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..i18n import _
from ..library import markdown_copy
from ..library.dates import format_quicktake_date
from ..library.model import QuickTake
from ..xref.links import Link, article_link, related_display
from ..xref.loading import get_domain
from . import outputs
from .citation_files import writes_files

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

FILENAME = "llms.txt"


def markdown_path(builder: Builder, docname: str) -> str:
    """The copy's path relative to the site root: ``page.html`` → ``page.md``, ``page/`` → ``page/index.md``."""
    uri = builder.get_target_uri(docname).split("#", 1)[0]
    if not uri or uri.endswith("/"):
        return f"{uri}index.md"
    return uri.rsplit(".", 1)[0] + ".md"


def _text(text: str) -> str:
    """One line of Markdown text, shown as written (no markup, no raw HTML)."""
    return markdown_copy.escape(" ".join(text.split()))


def article_markdown(app: Sphinx, quicktake: QuickTake) -> str:
    meta = [part for part in (quicktake.subject, quicktake.author) if part]
    if quicktake.date:
        meta.insert(1, format_quicktake_date(quicktake.date, quicktake.date_format, app.config.language))
    lines = [f"# {_text(quicktake.question)}", ""]
    if meta:
        lines += [" · ".join(_text(part) for part in meta), ""]
    lines += [markdown_copy.safe_markdown(quicktake.answer, first_heading=2), ""]
    if quicktake.keywords:
        lines += [f"{_('Keywords:')} {', '.join(_text(k) for k in quicktake.keywords)}", ""]
    if quicktake.related:
        lines += [f"## {_('Related articles')}", ""]
        for related in quicktake.related:
            link = article_link(app.env, related.id, related.url)
            shown = related_display(get_domain(app.env).library, related.id, related.title, related.subject)[0]
            title = " ".join(shown.split())
            if link.kind == "internal":
                href = _site_url(app, markdown_path(app.builder, link.docname))
            elif link.kind == "shard":
                href = _shard_markdown(app, link)
            else:
                href = link.uri
            lines.append(f"- {markdown_copy.link(title, href) if href else _text(title)}")
        lines.append("")
    return "\n".join(lines)


def _shard_markdown(app: Sphinx, link: Link) -> str:
    """The Markdown copy of a page of another build: absolute when its address is, else relative to
    this build's root, as the site's own links in ``llms.txt`` are when ``html_baseurl`` is unset."""
    state = get_domain(app.env).shards
    if state is None:
        return ""
    path = state.site.href(state.build, "", link.build, markdown_path(app.builder, link.docname))
    return path if "://" in path or app.config.html_baseurl else _site_url(app, path)


def _site_url(app: Sphinx, path: str) -> str:
    base = app.config.html_baseurl
    return base.rstrip("/") + "/" + path if base else path


def write(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``llms.txt`` and the Markdown copies."""
    if exception is not None or not writes_files(app.builder) or app.builder.name == "singlehtml":
        return
    domain = get_domain(app.env)
    by_subject: dict[str, list[tuple[QuickTake, str]]] = defaultdict(list)
    for qt_id in sorted(domain.library.quicktakes):
        target = domain.article_target(qt_id)
        if target is None:
            continue  # not shown in this site
        quicktake = domain.library.quicktakes[qt_id]
        path = markdown_path(app.builder, target[0])
        outputs.write(app, path, article_markdown(app, quicktake))
        by_subject[quicktake.subject or _("No subject")].append((quicktake, path))
    count = sum(len(items) for items in by_subject.values())
    lines = [f"# {_text(app.config.project)}", ""]
    lines += [f"> {_('{count} medical questions and their answers (QuickTakes), by subject.').format(count=count)}", ""]
    for subject in sorted(by_subject, key=str.casefold):
        lines += [f"## {_text(subject)}", ""]
        for quicktake, path in sorted(by_subject[subject], key=lambda item: item[0].question.casefold()):
            entry = f"- {markdown_copy.link(' '.join(quicktake.question.split()), _site_url(app, path))}"
            if quicktake.seo.description:
                entry += f": {_text(quicktake.seo.description)}"
            lines.append(entry)
        lines.append("")
    outputs.write(app, FILENAME, "\n".join(lines))
