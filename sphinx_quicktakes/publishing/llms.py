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
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..library import markdown_copy
from ..library.dates import format_quicktake_date
from ..library.model import QuickTake
from ..xref.links import Link, article_link, related_display
from ..xref.loading import get_domain, record_stamp
from . import outputs
from .citation_files import writes_files
from .output_digests import OutputDigests

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


class _Hrefs:
    """Where a copy links to, looked up once per build: thousands of copies share their related articles."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.paths: dict[str, str] = {}
        self.links: dict[tuple[int, str], str] = {}

    def path(self, docname: str) -> str:
        if docname not in self.paths:
            self.paths[docname] = markdown_path(self.app.builder, docname)
        return self.paths[docname]

    def article(self, qt_id: int, url: str) -> str:
        key = (qt_id, url)
        if key not in self.links:
            link = article_link(self.app.env, qt_id, url)
            if link.kind == "internal":
                self.links[key] = _site_url(self.app, self.path(link.docname))
            elif link.kind == "shard":
                self.links[key] = _shard_markdown(self.app, link)
            else:
                self.links[key] = link.uri
        return self.links[key]


def copy_inputs(quicktake: QuickTake, language: str | None, labels: tuple[str, str], hrefs: _Hrefs) -> tuple[Any, ...]:
    """Everything an article's copy shows, as plain values: the copy is made from these alone
    (:func:`article_markdown`), so their digest tells when it must be made again."""
    library = get_domain(hrefs.app.env).library
    related = tuple(
        (
            # the target's current question when it is in the library, as the pages show it
            " ".join(related_display(library, entry.id, entry.title, entry.subject)[0].split()),
            hrefs.article(entry.id, entry.url),
        )
        for entry in quicktake.related
    )
    return (
        quicktake.question,
        quicktake.subject,
        quicktake.author,
        quicktake.date,
        quicktake.date_format,
        language,
        quicktake.answer,
        quicktake.keywords,
        related,
        labels,
    )


def article_markdown(inputs: tuple[Any, ...]) -> str:
    """The copy of one article, from :func:`copy_inputs`."""
    question, subject, author, date, date_format, language, answer, keywords, related, labels = inputs
    keywords_label, related_label = labels
    meta = [part for part in (subject, author) if part]
    if date:
        meta.insert(1, format_quicktake_date(date, date_format, language))
    lines = [f"# {_text(question)}", ""]
    if meta:
        lines += [" · ".join(_text(part) for part in meta), ""]
    lines += [markdown_copy.safe_markdown(answer, first_heading=2), ""]
    if keywords:
        lines += [f"{keywords_label} {', '.join(_text(k) for k in keywords)}", ""]
    if related:
        lines += [f"## {related_label}", ""]
        for title, href in related:
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


def _related_key(app: Sphinx, targets: dict[int, Any], qt_id: int) -> Any:
    """What decides a copy's link to *qt_id*: where it goes (its page if it is placed; else an inventory
    or the external site, from its own record's URL and the settings) and the title it shows (the
    target's current question when the library has it)."""
    target = targets.get(qt_id)
    item = get_domain(app.env).library.quicktakes.get(qt_id)
    stamp = record_stamp(app.env, item) if item is not None else None
    if target is not None:
        return (qt_id, target[0], target[1], stamp)
    return (qt_id, stamp)


def _index(app: Sphinx, entries: list[tuple[str, str, str, str]]) -> str:
    """``llms.txt`` from (subject, question, description, copy path) of every article shown."""
    by_subject: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for subject, question, description, path in entries:
        by_subject[subject].append((question, description, path))
    lines = [f"# {_text(app.config.project)}", ""]
    count = len(entries)
    lines += [f"> {_('{count} medical questions and their answers (QuickTakes), by subject.').format(count=count)}", ""]
    for subject in sorted(by_subject, key=str.casefold):
        lines += [f"## {_text(subject)}", ""]
        for question, description, path in sorted(by_subject[subject], key=lambda item: item[0].casefold()):
            entry = f"- {markdown_copy.link(' '.join(question.split()), _site_url(app, path))}"
            if description:
                entry += f": {_text(description)}"
            lines.append(entry)
        lines.append("")
    return "\n".join(lines)


def write(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: ``llms.txt`` and the Markdown copies."""
    if exception is not None or not writes_files(app.builder) or app.builder.name == "singlehtml":
        return
    domain = get_domain(app.env)
    digests = OutputDigests(app, "copies")  # a copy whose inputs did not change is not made again
    if digests.nothing_changed():
        return
    labels = (_("Keywords:"), _("Related articles"))
    hrefs = _Hrefs(app)
    language = app.config.language
    no_subject = _("No subject")
    targets = {qt_id: domain.article_target(qt_id) for qt_id in domain.placed_ids()}
    entries = []
    for qt_id in sorted(domain.library.quicktakes):
        target = targets.get(qt_id)
        if target is None:
            continue  # not shown in this site
        quicktake = domain.library.quicktakes[qt_id]
        path = hrefs.path(target[0])
        stamp = record_stamp(app.env, quicktake)
        # The copy follows from its record (its stamp stands for it), its page and where its related
        # articles are; the settings are the record's own (language, base URL, inventories).
        key: Any = (stamp, tuple(target[:2]), [_related_key(app, targets, r.id) for r in quicktake.related])
        if stamp is None or not digests.up_to_date(path, key):
            outputs.write(app, path, article_markdown(copy_inputs(quicktake, language, labels, hrefs)))
        entries.append((quicktake.subject or no_subject, quicktake.question, quicktake.seo.description, path))
    if not digests.up_to_date(FILENAME, entries):
        outputs.write(app, FILENAME, _index(app, entries))
    digests.save()
