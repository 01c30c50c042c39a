"""The ``quicktake`` directive in rST and MyST: doctree, HTML and options."""

from __future__ import annotations

from docutils import nodes

from sphinx_quicktakes.render.nodes import qt_date, qt_heading, quicktake_article

from .conftest import BuildProject, page, warnings_of


def test_article_by_id_in_rst(site) -> None:
    soup = page(site, "rst_page")
    article = soup.find("article", id="qt-97068")
    assert article is not None
    assert "qt-article" in article["class"]
    heading = article.find("h2")
    question = "What role do imaging techniques play in the diagnosis of liver cancer?"
    assert heading.get_text(strip=True).rstrip("¶") == question
    assert heading.find("a", class_="headerlink")["href"] == "#qt-97068"
    meta = article.find("p", class_="qt-meta")
    assert meta.find(class_="qt-subject").get_text() == "Medicine"
    time = meta.find("time")
    assert (time["datetime"], time.get_text()) == ("2024-12-07", "Dec 07, 2024")
    assert "Posted on" in meta.get_text()
    assert meta.find(class_="qt-author-name").get_text() == "QuickTakes"


def test_answer_is_real_markdown_with_repaired_text(site) -> None:
    answer = page(site, "rst_page").find("article", id="qt-97068").find("div", class_="qt-answer")
    items = answer.find("ol").find_all("li", recursive=False)
    assert len(items) == 6
    assert [li.find("strong").get_text() for li in items][:3] == [
        "Ultrasound",
        "Computed Tomography (CT)",
        "Magnetic Resonance Imaging (MRI)",
    ]
    text = answer.get_text()
    assert "≥ 2 cm" in text
    assert "â" not in text
    assert "**" not in text and "\\n" not in text
    paragraphs = answer.find_all("p", recursive=False)
    assert paragraphs[0].get_text().startswith("Imaging techniques play a crucial role")
    assert paragraphs[-1].get_text().startswith("In summary")


def test_keywords_and_related_list(site) -> None:
    article = page(site, "rst_page").find("article", id="qt-97068")
    keywords = [k.get_text() for k in article.select(".qt-keywords .qt-keyword")]
    assert keywords[0] == "imaging techniques" and keywords[-1] == "lesion characterization"
    assert len(keywords) == 13
    related = article.select(".qt-related li")
    assert [r.find(class_="qt-related-title").get_text() for r in related] == [
        "What is the prevalence of liver cancer in Hong Kong?",
        "How is hepatomegaly clinically approached?",
        "What are the common genetic factors associated with liver cancer?",
        "How does liver cancer management differ in Hong Kong compared to other regions?",
    ]
    assert article.select_one(".qt-related h3.qt-heading").get_text() == "Related articles"


def test_myst_fence_renders_the_same_article(site) -> None:
    article = page(site, "md_page").find("article", id="qt-118136")
    assert article is not None
    assert "featured" in article["class"]
    assert article.find("h2").get_text().startswith("How does imaging influence the treatment planning")
    assert len(article.select(".qt-answer > ol > li")) == 5


def test_article_by_path(site) -> None:
    article = page(site, "paths").find("article", id="qt-118109")
    assert article.find("h2").get_text().startswith("What is the role of imaging in the follow-up care")


def test_parts_and_hide_options(site) -> None:
    soup = page(site, "options")
    only_answer = soup.find("article", id="qt-118109")
    assert only_answer.find(class_="qt-answer") is not None
    for part in ("qt-meta", "qt-keywords", "qt-related"):
        assert only_answer.find(class_=part) is None
    hidden = soup.find("article", id="qt-97068")
    assert hidden.find(class_="qt-keywords") is None and hidden.find(class_="qt-related") is None
    assert hidden.find(class_="qt-author") is None
    assert hidden.find("time") is not None and hidden.find(class_="qt-subject") is not None
    link = soup.find("a", class_="reference internal", href="#qt-97068")
    assert link is not None and "What role do imaging" in link.get_text()  # :ref: via :name:


def test_article_inside_a_note_is_not_a_section(site) -> None:
    note = page(site, "nested").find("div", class_="note")
    article = note.find("div", class_="qt-article")
    assert article is not None and article["id"] == "qt-118100"
    assert note.find("article") is None
    assert article.find("h2", class_="qt-question").get_text().startswith("How is imaging used")
    assert article.select_one(".qt-related h3") is not None


def test_doctree_structure(site) -> None:
    doctree = site.env.get_doctree("rst_page")
    [article] = doctree.findall(quicktake_article)
    assert article["ids"] == ["qt-97068"]
    assert isinstance(article[0], nodes.title)
    assert isinstance(article.parent, nodes.section)
    [date] = article.findall(qt_date)
    assert date["datetime"] == "2024-12-07"
    answer = next(article.findall(lambda n: isinstance(n, nodes.container) and "qt-answer" in n["classes"]))
    assert isinstance(answer[1], nodes.enumerated_list)
    assert len(list(answer.findall(nodes.strong))) == 6
    assert not list(answer.findall(nodes.section))


def test_question_is_in_the_page_toc(site) -> None:
    toc = site.env.tocs["rst_page"]
    refs = [ref["anchorname"] for ref in toc.findall(nodes.reference)]
    assert "#qt-97068" in refs


def test_dependency_on_the_file(site) -> None:
    deps = {p.name for p in site.env.dependencies["rst_page"]}
    assert "001_83843c65fcd3a326.txt" in deps


def test_same_article_twice_on_a_page_gets_unique_anchors(project: BuildProject) -> None:
    app = project("basic", files={"docs/index.rst": "Twice\n=====\n\n.. quicktake:: 118100\n\n.. quicktake:: 118100\n"})
    app.build()
    soup = page(app, "index")
    assert len(soup.find_all("article")) == 2
    assert [a["id"] for a in soup.find_all("article")] == ["qt-118100", "qt-118100-2"]


def test_answer_headings_stay_below_the_question(project: BuildProject) -> None:
    answer = "Intro.\\n\\n# Top heading\\n\\nText.\\n\\n## Sub heading\\n\\nMore."
    qt = f"---\nid: 5\nquestion: Headings?\nanswer: '{answer}'\n---\n"
    app = project(
        "basic", files={"seeds/h.txt": qt, "docs/index.rst": "Page\n====\n\nSection\n-------\n\n.. quicktake:: 5\n"}
    )
    app.build()
    article = page(app, "index").find("article", id="qt-5")
    assert article.find("h3").get_text().startswith("Headings?")
    assert article.find("h4", class_="qt-heading").get_text() == "Top heading"
    assert article.find("h5", class_="qt-heading").get_text() == "Sub heading"
    assert [h for h in app.env.get_doctree("index").findall(qt_heading)]
    toc_titles = [n.astext() for n in app.env.tocs["index"].findall(nodes.reference)]
    assert "Top heading" not in toc_titles


def test_labels_and_dates_follow_the_site_language(project: BuildProject) -> None:
    app = project("basic", confoverrides={"language": "fr"})
    app.build()
    article = page(app, "rst_page").find("article", id="qt-97068")
    meta = article.find("p", class_="qt-meta").get_text()
    assert "Publié le 7 déc. 2024" in meta  # French order, not the file's English pattern
    assert "Par QuickTakes" in meta
    assert article.select_one(".qt-keywords .qt-label").get_text().strip() == "Mots-clés :"
    assert article.select_one(".qt-related .qt-heading").get_text() == "Articles connexes"


def test_message_catalogs_are_compiled_from_their_sources() -> None:
    from pathlib import Path

    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    import sphinx_quicktakes

    locale = Path(sphinx_quicktakes.__file__).parent / "locale"
    catalogs = sorted(locale.glob("*/LC_MESSAGES/sphinx_quicktakes.po"))
    assert len(catalogs) >= 2
    for po in catalogs:
        with po.open("rb") as p, po.with_suffix(".mo").open("rb") as m:
            source = {msg.id: msg.string for msg in read_po(p) if msg.id}
            compiled = {msg.id: msg.string for msg in read_mo(m) if msg.id}
        assert source == compiled, f"run scripts/catalogs.py: {po} is newer than its .mo"
        assert all(source.values()), f"untranslated labels in {po}"


def test_nested_lists_links_and_emphasis_in_answers(project: BuildProject) -> None:
    answer = (
        "Steps:\\n\\n1. **First** step\\n   - nested *point*\\n   - another [guideline](https://example.org/g)\\n"
        "2. Second step\\n\\n| Test | Value |\\n|---|---|\\n| AFP | ≥ 400 |"
    )
    qt = f'---\nid: 8\nquestion: Lists?\nanswer: "{answer}"\n---\n'
    app = project("minimal", files={"seeds/lists.txt": qt, "docs/index.rst": "Page\n====\n\n.. quicktake:: 8\n"})
    app.build()
    assert warnings_of(app) == ""
    answer_div = page(app, "index").find(class_="qt-answer")
    outer = answer_div.find("ol")
    assert [li.find("p").get_text() for li in outer.find_all("li", recursive=False)] == ["First step", "Second step"]
    nested = outer.find("li").find("ul")
    assert [li.get_text(" ", strip=True) for li in nested.find_all("li")] == ["nested point", "another guideline"]
    assert nested.find("em").get_text() == "point"
    assert nested.find("a")["href"] == "https://example.org/g"
    assert [td.get_text() for td in answer_div.find("table").find_all("td")] == ["AFP", "≥ 400"]


def test_doctrees_do_not_carry_the_build_environment(site) -> None:
    data = (site.doctreedir / "rst_page.doctree").read_bytes()
    assert b"BuildEnvironment" not in data
    assert len(data) < 100_000  # one article page; it was megabytes when answers kept their scratch document


def test_a_superscript_digit_is_no_id(project: BuildProject) -> None:
    """``"²".isdigit()`` is true, and ``int("²")`` raised: the directive took it for an id."""
    app = project("minimal", files={"docs/index.rst": "Page\n====\n\n.. quicktake:: ²\n"})
    app.build()
    warnings = warnings_of(app)
    assert "index.rst:4: WARNING: QuickTake file '²' not found" in warnings
    assert "Traceback" not in warnings and "exception" not in warnings.lower()
