"""Related-article links, backlinks and the ``:qt:article:`` role: every resolution path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from .conftest import BuildProject, page, warnings_of

EXTERNAL = "https://quicktakes.io/learn/medicine/questions/"


def related_links(soup: BeautifulSoup, qt_id: int) -> dict[str, tuple[str, str]]:
    """Related-article title -> (resolution kind, href or "")."""
    out = {}
    for title in soup.find("article", id=f"qt-{qt_id}").select(".qt-related span.qt-related-title"):
        holder = title.find_parent(class_=lambda c: bool(c) and c.startswith("qt-link-"))
        kind = next(c for c in holder["class"] if c.startswith("qt-link-"))
        out[title.get_text()] = (kind.removeprefix("qt-link-"), holder.get("href", ""))
    return out


def test_internal_and_external_related_links(site) -> None:
    links = related_links(page(site, "paths"), 118109)
    title = "How is imaging used to guide intervention and follow-up in liver abscess cases?"
    assert links[title] == ("internal", "index.html#qt-118100")
    petct = links["How is PET-CT used in the diagnosis and management of HCC?"]
    assert petct == ("external", EXTERNAL + "how-is-petct-used-in-the-diagnosis-and-management-of-hcc")


def test_backlinks_show_the_articles_that_list_this_one(site) -> None:
    article = page(site, "index").find("article", id="qt-118100")
    backlinks = article.find(class_="qt-backlinks")
    assert backlinks.find(class_="qt-heading").get_text() == "Referenced by"
    [item] = backlinks.select("li a")
    assert item.get_text() == "What is the role of imaging in the follow-up care of HCC patients?"
    assert item["href"] == "options.html#qt-118109"  # 118109's first page by name
    # an article nobody lists has no "Referenced by" at all
    assert page(site, "md_page").find(class_="qt-backlinks") is None


def test_plain_text_and_one_summary_warning_without_external_base(project: BuildProject) -> None:
    app = project("basic", confoverrides={"quicktakes_external_base": None})
    app.build()
    warnings = warnings_of(app)
    # every absent related article of every shown article, in one located warning (not one per link)
    assert warnings.count("WARNING") == 1, warnings
    assert warnings.count("[quicktakes.related]") == 1
    [line] = warnings.splitlines()
    assert "WARNING: " in line and ".txt:" in line.split("WARNING")[0]  # at a related_articleN line
    assert "not in this project or any inventory" in line
    assert "quicktakes_external_base is not set. Set it" in line and "suppress_warnings" in line
    assert "sphinx-quicktakes check --absent-related" in line
    links = related_links(page(app, "index"), 118100)
    assert set(kind for kind, _ in links.values()) == {"plain"}


def test_the_summary_counts_the_links_and_names_a_few_ids(project: BuildProject) -> None:
    def qt(qt_id: int, related: list[int]) -> str:
        entries = "".join(f"related_article{n}:\n    id: {r}\n    title: T{r}\n" for n, r in enumerate(related, 1))
        return f"---\nid: {qt_id}\nquestion: Q{qt_id}?\nanswer: A.\n{entries}---\n"

    page_text = "P\n=\n\n.. quicktake:: 1\n\n.. quicktake:: 2\n"
    files = {"seeds/a.txt": qt(1, [2, 11, 12, 13]), "seeds/b.txt": qt(2, [11, 14]), "docs/index.rst": page_text}
    # -j 2: the summary is made once, in the main process, whatever the writers do
    app = project("minimal", files=files, parallel=2, confoverrides={"quicktakes_external_base": None})
    app.build()
    warnings = warnings_of(app)
    assert warnings.count("WARNING") == 1, warnings
    # 5 links shown as text (2 is on the page, linked), to 4 distinct articles; the first at a.txt's second entry
    assert "a.txt:8: WARNING: 5 related links to 4 articles not in this project or any inventory" in warnings
    assert "(11, 12, 13, ...)" in warnings
    assert "14" not in warnings.split("are shown as text")[0].split("(")[1]


def test_a_related_list_left_out_is_not_counted(project: BuildProject) -> None:
    qt = "---\nid: 1\nquestion: Q?\nanswer: A.\nrelated_article1:\n    id: 9\n    title: T\n---\n"
    page_text = "P\n=\n\n.. quicktake:: 1\n   :parts: answer\n"
    app = project("minimal", files={"seeds/a.txt": qt, "docs/index.rst": page_text})
    app.build()
    assert warnings_of(app) == ""


def test_intersphinx_link_when_an_inventory_has_the_article(project: BuildProject, tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "docs").mkdir(parents=True)
    (other / "seeds").mkdir()
    (other / "seeds" / "a.txt").write_text("---\nid: 118105\nquestion: Complications?\nanswer: Few.\n---\n")
    (other / "docs" / "conf.py").write_text('extensions = ["sphinx_quicktakes"]\nquicktakes_sources = ["../seeds"]\n')
    (other / "docs" / "index.rst").write_text("Other\n=====\n\n.. quicktake:: 118105\n")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", str(other / "docs"), str(other / "out")], check=True)
    inventory = str(other / "out" / "objects.inv")
    app = project(
        "basic",
        confoverrides={
            "extensions": ["myst_parser", "sphinx_quicktakes", "sphinx.ext.intersphinx"],
            "intersphinx_mapping": {"other": ("https://other.example/", inventory)},
        },
    )
    app.build()
    links = related_links(page(app, "index"), 118100)
    title = "What are the potential complications of imaging-guided interventions for liver abscesses?"
    assert links[title] == ("intersphinx", "https://other.example/index.html#qt-118105")


def test_article_role(project: BuildProject) -> None:
    text = (
        "Roles\n=====\n\n"
        "See :qt:article:`118100`, :qt:article:`the abscess answer <118100>`, "
        ":qt:article:`118085` and :qt:article:`424242`.\n"
    )
    app = project("basic", files={"docs/roles.rst": text, "docs/index.rst": INDEX_WITH_ROLES})
    app.build()
    soup = page(app, "roles")
    internal = soup.find_all("a", href="index.html#qt-118100")
    assert [a.get_text() for a in internal] == [
        "How is imaging used to guide intervention and follow-up in liver abscess cases?",
        "the abscess answer",
    ]
    assert not soup.select("a code")
    # 118085 is no file of this project: neither here nor in an inventory; the base alone needs a path
    warnings = warnings_of(app)
    assert "roles.rst:4: WARNING: QuickTake 118085 is not in this project or any inventory" in warnings
    assert "[quicktakes.article]" in warnings
    # the page with the roles is a backlink of 118100
    backlinks = page(app, "index").find("article", id="qt-118100").select(".qt-backlinks li a")
    assert ("Roles", "roles.html") in [(a.get_text(), a["href"]) for a in backlinks]


INDEX_WITH_ROLES = (
    "QuickTakes test site\n====================\n\n.. toctree::\n\n   rst_page\n   md_page\n   paths\n"
    "   options\n   nested\n   roles\n\n.. quicktake:: 118100\n"
)


def test_objects_inventory_lists_every_placed_article(site) -> None:
    with (site.outdir / "objects.inv").open("rb") as handle:
        inventory = InventoryFile.load(handle, "https://example.org", lambda base, uri: f"{base}/{uri}")
    articles = inventory["qt:article"]
    assert sorted(articles) == ["118100", "118109", "118136", "97068"]
    assert articles["118100"].uri.endswith("/index.html#qt-118100")
    assert articles["118100"].display_name.startswith("How is imaging used")


def test_index_entries(site) -> None:
    """Each article is in the general index once at the top (its question) and once under its subject."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site.outdir / "genindex.html").read_text(encoding="utf-8"), "html.parser")
    question = "How is imaging used to guide intervention and follow-up in liver abscess cases?"
    top = [li for li in soup.select("table.indextable > tr > td > ul > li") if li.find(string=question)]
    tops = [li for li in top if li.find("a", recursive=False) and li.find("a", recursive=False).get_text() == question]
    assert len(tops) == 1 and tops[0].find("ul") is None  # no subject sub-entry under the question
    entries = soup.select("table.indextable > tr > td > ul > li")
    (medicine,) = [li for li in entries if str(li.find(string=True, recursive=False) or "").strip() == "Medicine"]
    assert question in [a.get_text() for a in medicine.select("ul a")]


def test_self_reference_and_cycle_are_harmless(project: BuildProject) -> None:
    def qt(qt_id: int, related: list[int]) -> str:
        entries = "".join(f"related_article{n}:\n    id: {r}\n    title: T{r}\n" for n, r in enumerate(related, 1))
        return f"---\nid: {qt_id}\nquestion: Q{qt_id}?\nanswer: A.\n{entries}---\n"

    page_text = "Cycle\n=====\n\n.. quicktake:: 1\n\n.. quicktake:: 2\n"
    app = project(
        "minimal",
        files={"seeds/one.txt": qt(1, [1, 2]), "seeds/two.txt": qt(2, [1]), "docs/index.rst": page_text},
    )
    app.build()
    assert warnings_of(app) == ""
    soup = page(app, "index")
    one_backlinks = [a.get_text() for a in soup.find("article", id="qt-1").select(".qt-backlinks a")]
    assert one_backlinks == ["Q2?"]  # not itself
    # The stored titles (T1, T2) give way to the targets' questions, which the library has.
    assert related_links(soup, 1) == {"Q1?": ("internal", "#qt-1"), "Q2?": ("internal", "#qt-2")}


def test_message_names_the_missing_site_path_when_a_base_is_set(project: BuildProject) -> None:
    qt = "---\nid: 5\nquestion: Q?\nanswer: A.\nrelated_article1:\n    id: 6\n    title: No url\n---\n"
    app = project("minimal", files={"seeds/q.txt": qt, "docs/index.rst": "P\n=\n\n.. quicktake:: 5\n"})
    app.build()
    assert "q.txt:5: WARNING: related article 6 is not in this project or any inventory, and it has no site path" in (
        warnings_of(app)
    )


def test_a_page_is_not_its_own_backlink(project: BuildProject) -> None:
    text = "P\n=\n\nSee :qt:article:`118100`.\n\n.. quicktake:: 118100\n"
    app = project("minimal", files={"docs/index.rst": text})
    app.build()
    backlinks = page(app, "index").find("article", id="qt-118100").select(".qt-backlinks a")
    # 118109 (a file of the library, shown nowhere: an external link), and not this page itself
    assert [a.get_text() for a in backlinks] == ["What is the role of imaging in the follow-up care of HCC patients?"]
    assert backlinks[0]["href"].startswith("https://quicktakes.io/")


def test_paper_role_through_intersphinx_without_a_warning(project: BuildProject, tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "docs").mkdir(parents=True)
    (other / "docs" / "conf.py").write_text('extensions = ["sphinx_quicktakes"]\n')
    card = ".. paper-card::\n   :title: A paper\n   :doi: 10.5555/12345678\n"
    (other / "docs" / "index.rst").write_text(f"Other\n=====\n\n{card}")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", str(other / "docs"), str(other / "out")], check=True)
    app = project(
        "minimal",
        files={"docs/index.rst": "P\n=\n\nCited :qt:paper:`10.5555/12345678`.\n"},
        confoverrides={
            "extensions": ["myst_parser", "sphinx_quicktakes", "sphinx.ext.intersphinx"],
            "intersphinx_mapping": {"other": ("https://other.example/", str(other / "out" / "objects.inv"))},
        },
    )
    app.build()
    assert warnings_of(app) == ""
    link = page(app, "index").find("a", href="https://other.example/index.html#qt-paper-10-5555-12345678")
    assert link is not None


def test_article_role_with_a_superscript_digit_warns_and_builds(project: BuildProject) -> None:
    """A "³" is a Unicode digit that int() refuses: the role warns at its line, the page is built."""
    text = "Roles\n=====\n\nSee :qt:article:`³` and :qt:article:`118100`.\n"
    app = project("basic", files={"docs/roles.rst": text, "docs/index.rst": INDEX_WITH_ROLES})
    app.build()
    warnings = warnings_of(app)
    assert "roles.rst:4: WARNING: '³' is not a QuickTake id [quicktakes.article]" in warnings, warnings
    assert warnings.count("WARNING") == 1, warnings
    soup = page(app, "roles")
    assert soup.find("a", href="index.html#qt-118100") is not None
    assert "See ³ and" in soup.get_text(" ", strip=True)
