"""Synthetic QuickTakes corpus for benchmarks, deterministic from a seed number.

Writes files in exactly the format of ``seeds/``: QuickTakes with YAML front
matter like ``seeds/000_*.txt`` (the answer a folded ``>-`` scalar on one line,
with literal ``\\n`` paragraph breaks, bold text and numbered lists; 3-5
``related_articleN`` entries, mostly pointing inside the corpus and some
outside; the body ``&nbsp;``) and scraped journal papers like
``seeds/004_*.txt`` (one paper per 20 articles).

The shape aims at a real library:

* answers of about 2,500 characters (an introduction, 4-6 numbered points with a
  bold lead, a summary), like the seeds;
* subjects from a small, unevenly used set;
* keywords drawn from a vocabulary with a Zipf-like distribution: a few
  keywords (``imaging``, ``diagnosis`` ...) on a large share of the articles,
  most of them on one or two;
* mojibake (``â‰¥`` for ``≥``, ``â€™`` for ``’``) in about 2% of the files.

The same ``(count, seed)`` always gives byte-identical files.

Usage::

    python benchmarks/corpus.py OUT_DIR --count 2000 --seed 1

or from Python: ``generate(Path("out"), 2000, 1)``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Article", "Corpus", "generate", "plan"]

#: Subjects and their relative frequency.
SUBJECTS: dict[str, int] = {
    "Medicine": 50,
    "Health Studies": 20,
    "Nursing": 10,
    "Pharmacology": 8,
    "Public Health": 7,
    "Biology": 5,
}

#: The most common keywords, in rank order (rank 1 is the most frequent).
_HEAD_KEYWORDS = [
    "imaging",
    "diagnosis",
    "treatment",
    "patient outcomes",
    "MRI",
    "CT",
    "ultrasound",
    "HCC",
    "hepatocellular carcinoma",
    "surveillance",
    "staging",
    "follow-up care",
    "treatment response",
    "complications",
    "liver disease",
    "cirrhosis",
    "biopsy",
    "contrast agents",
    "PET/CT",
    "artificial intelligence",
]

_ORGANS = [
    "liver", "pancreas", "kidney", "lung", "heart", "brain", "colon", "stomach", "spleen", "bile duct",
    "thyroid", "prostate", "breast", "bone", "skin", "esophagus", "bladder", "ovary", "uterus", "adrenal gland",
]  # fmt: skip
_CONDITIONS = [
    "cancer", "abscess", "cyst", "fibrosis", "inflammation", "infection", "metastasis", "carcinoma", "adenoma",
    "ischemia", "hemorrhage", "stenosis", "obstruction", "failure", "injury", "lesion", "nodule", "tumor",
    "transplantation", "insufficiency",
]  # fmt: skip
_METHODS = [
    "imaging", "biopsy", "resection", "ablation", "embolization", "drainage", "screening", "staging", "therapy",
    "chemotherapy", "radiotherapy", "immunotherapy", "surveillance", "angiography", "elastography",
    "scintigraphy", "endoscopy", "management", "monitoring", "rehabilitation",
]  # fmt: skip
_QUALIFIERS = [
    "advanced", "early", "chronic", "acute", "pediatric", "geriatric", "minimally invasive", "contrast-enhanced",
    "percutaneous", "targeted", "molecular", "functional", "quantitative", "multiphasic", "dynamic",
]  # fmt: skip
_QUESTIONS = [
    "How does {a} influence the management of {b}?",
    "What role does {a} play in the diagnosis of {b}?",
    "What are the key considerations for {a} in patients with {b}?",
    "How is {a} used to guide intervention and follow-up in {b}?",
    "What are the latest advancements in {a} for {b}?",
    "How do clinicians evaluate the effectiveness of {a} in {b}?",
    "What are the potential complications of {a} in {b}?",
    "What are the cost considerations associated with {a} for {b}?",
    "How does {a} differ between adults and children with {b}?",
    "What is the evidence for {a} in the follow-up care of {b}?",
]
_POINTS = [
    "Diagnosis and Characterization", "Assessment of Resectability", "Guiding Interventions",
    "Monitoring Treatment Response", "Assessing Complications", "Technological Advances", "Patient Selection",
    "Risk Stratification", "Multidisciplinary Care", "Cost and Access", "Emerging Techniques", "Prognosis",
    "Surveillance Protocols", "Quality of Life", "Guideline Recommendations",
]  # fmt: skip
_SENTENCES = [
    "{A} is essential for the initial assessment of {b}, helping clinicians determine its size, number and location.",
    "Studies indicate that {a} can achieve an accuracy of up to {pct}% in selected patients with {b}.",
    "When a lesion is ≥ {cm} cm in diameter, {a} changes the clinician’s plan in most cases of {b}.",
    "This approach reduces morbidity and mortality associated with {b}, while minimizing the need for surgery.",
    "Follow-up with {a} is performed every {months} months to confirm the resolution of {b}.",
    "Clinical practice guidelines recommend {a} for patients at high risk of {b}, such as those with {c}.",
    "The integration of {a} with {c} improves diagnostic confidence and supports shared decision-making.",
    "Limitations include cost, availability and operator dependence, which vary considerably between centers.",
    "For instance, {a} can reveal interval changes that indicate whether further intervention is needed.",
    "Recent trials comparing {a} with standard care in {b} reported fewer complications and shorter stays.",
]
_JOURNALS = [
    ("CLINICAL IMAGING", "ELSEVIER SCIENCE INC", "j.clinimag"),
    ("RADIOLOGY", "RADIOLOGICAL SOC NORTH AMERICA (RSNA)", "radiol"),
    ("HEPATOLOGY", "WILEY", "hep"),
    ("JOURNAL OF HEPATOLOGY", "ELSEVIER", "j.jhep"),
    ("ABDOMINAL RADIOLOGY", "SPRINGER", "s00261"),
]
_MOJIBAKE = {"≥": "â‰¥", "’": "â€™", "–": "â€“"}
_EXTERNAL_ID_BASE = 900_000
_FIRST_ID = 100_000
_START = dt.date(2023, 1, 1)
_DAYS = 730


@dataclass(slots=True)
class Article:
    """One synthetic QuickTake, before it is written."""

    id: int
    file: str
    date: dt.date
    question: str
    description: str
    keywords: list[str]
    answer: str
    subject: str
    related: list[int] = field(default_factory=list)
    mojibake: bool = False

    @property
    def slug(self) -> str:
        return slugify(self.question)

    @property
    def url(self) -> str:
        return f"/learn/{slugify(self.subject)}/questions/{self.slug}"


@dataclass(slots=True)
class Corpus:
    """What :func:`generate` wrote: the articles by id and the paper file names."""

    articles: dict[int, Article]
    papers: list[str]


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens, punctuation dropped (as the seeds' ``url`` fields)."""
    text = re.sub(r"[^a-z0-9\s-]", "", text.lower())
    return re.sub(r"[\s-]+", "-", text).strip("-")


def vocabulary(count: int) -> list[str]:
    """Keywords in rank order: the head keywords, then organ × condition/method phrases.

    The vocabulary grows with the corpus (as a real library's does), about one
    keyword per article.
    """
    tail = [f"{organ} {term}" for organ, term in itertools.product(_ORGANS, _CONDITIONS + _METHODS)]
    tail += [f"{q} {m}" for q, m in itertools.product(_QUALIFIERS, _METHODS)]
    tail = sorted(set(tail) - set(_HEAD_KEYWORDS))
    random.Random(0).shuffle(tail)  # stable rank order, independent of the corpus seed
    size = max(200, min(count, len(tail) + len(_HEAD_KEYWORDS)))
    words = _HEAD_KEYWORDS + tail
    while len(words) < size:  # very large corpora: numbered variants keep the tail long
        words += [f"{word} {len(words) // len(tail)}" for word in tail]
    return words[:size]


def _zipf_sample(rng: random.Random, words: list[str], cumulative: list[float], k: int) -> list[str]:
    chosen: dict[str, None] = {}
    while len(chosen) < k:
        chosen.setdefault(rng.choices(words, cum_weights=cumulative, k=1)[0], None)
    return list(chosen)


def _sentence(rng: random.Random, a: str, b: str, c: str) -> str:
    template = rng.choice(_SENTENCES)
    return template.format(
        A=a[:1].upper() + a[1:], a=a, b=b, c=c, pct=rng.randint(70, 99), cm=rng.randint(1, 5), months=rng.randint(3, 12)
    )


def _answer(rng: random.Random, a: str, b: str, keywords: list[str]) -> str:
    intro = (
        f"{a[:1].upper() + a[1:]} plays a crucial role in the care of patients with {b}. "
        f"It informs diagnosis, staging and the choice of therapy, and it guides follow-up. "
        f"Here are the key aspects of how {a} contributes to the management of {b}:"
    )
    points = []
    for number, heading in enumerate(rng.sample(_POINTS, rng.randint(4, 6)), start=1):
        c = rng.choice(keywords)
        body = " ".join(_sentence(rng, a, b, c) for _ in range(rng.randint(2, 4)))
        points.append(f"{number}. **{heading}**: {body}")
    summary = (
        f"In summary, {a} is integral to the comprehensive management of {b}, from initial diagnosis "
        f"to treatment planning and long-term follow-up, and continued advances are improving patient outcomes."
    )
    return "\\n\\n".join([intro, *points, summary])


def plan(count: int, seed: int) -> list[Article]:
    """The articles of a corpus, without writing anything."""
    rng = random.Random(seed)
    words = vocabulary(count)
    cumulative = list(itertools.accumulate(1 / (rank**1.1) for rank in range(1, len(words) + 1)))
    subjects = list(SUBJECTS)
    weights = list(SUBJECTS.values())
    ids = [_FIRST_ID + index * 3 + rng.randint(0, 2) for index in range(count)]
    articles = []
    for index, qt_id in enumerate(ids):
        a = rng.choice(_QUALIFIERS + _METHODS) + " " + rng.choice(["", "", "imaging", "assessment"])
        a = a.strip()
        b = f"{rng.choice(_ORGANS)} {rng.choice(_CONDITIONS)}"
        question = rng.choice(_QUESTIONS).format(a=a, b=b)
        keywords = _zipf_sample(rng, words, cumulative, rng.randint(8, 16))
        answer = _answer(rng, a, b, keywords)
        mojibake = rng.random() < 0.02
        if mojibake:
            for good, bad in _MOJIBAKE.items():
                answer = answer.replace(good, bad)
        articles.append(
            Article(
                id=qt_id,
                file=f"{index:05d}_{rng.getrandbits(64):016x}.txt",
                date=_START + dt.timedelta(days=rng.randrange(_DAYS)),
                question=question,
                description=f"This content discusses the role of {a} in {b}, highlighting diagnosis, "
                f"treatment planning and follow-up.",
                keywords=keywords,
                answer=answer,
                subject=rng.choices(subjects, weights=weights, k=1)[0],
                mojibake=mojibake,
            )
        )
    for index, article in enumerate(articles):
        related: list[int] = []
        for _ in range(rng.randint(3, 5)):
            if rng.random() < 0.85 and count > 1:
                other = articles[(index + rng.randint(1, min(count - 1, 50))) % count].id
            else:
                other = _EXTERNAL_ID_BASE + rng.randrange(100_000)
            if other not in related and other != article.id:
                related.append(other)
        article.related = related
    return articles


def _folded(value: str, indent: int) -> str:
    return f">-\n{' ' * indent}{value}"


def render_article(article: Article, by_id: dict[int, Article], rng: random.Random) -> str:
    """The file text of *article*, in the format of ``seeds/000_*.txt``."""
    lines = [
        "---",
        "_schema: default",
        f"id: {article.id}",
        f"date: {article.date.isoformat()}",
        f"title: {_folded(article.question, 4)}",
        f"article_title: {_folded(article.question, 4)}",
        "date_format: MMM DD, YYYY",
        "post_on_text: Posted on",
        "seo:",
        f"  title: QuickTakes | {article.subject}",
        f"  page_description: {_folded(article.description, 4)}",
        f"  page_keywords: {_folded(', '.join(article.keywords), 4)}",
        "author: QuickTakes",
        f"question: {_folded(article.question, 4)}",
        f"answer: {_folded(article.answer, 4)}",
        f"subject: {article.subject}",
        f"file_name: {article.slug}.md",
        f"url: {article.url}",
        "score: -1.0",
    ]
    for position, other_id in enumerate(article.related, start=1):
        other = by_id.get(other_id)
        if other is not None:
            title, subject, url = other.question, other.subject, other.url
        else:  # an article of the public site that is not in this corpus
            b = f"{rng.choice(_ORGANS)} {rng.choice(_CONDITIONS)}"
            title = rng.choice(_QUESTIONS).format(a=rng.choice(_METHODS), b=b)
            subject = rng.choice(list(SUBJECTS))
            url = f"/learn/{slugify(subject)}/questions/{slugify(title)}"
        lines += [
            f"related_article{position}:",
            f"    id: {other_id}",
            f"    title: {_folded(title, 8)}",
            f"    subject: {subject}",
            f"    url: {url}",
        ]
    lines += ["---", "", "&nbsp;"]
    return "\n".join(lines) + "\n"


def render_paper(number: int, rng: random.Random, words: list[str]) -> tuple[str, str]:
    """(DOI, file text) of one paper, in the format of ``seeds/004_*.txt``."""
    journal, publisher, prefix = rng.choice(_JOURNALS)
    year = rng.randint(2019, 2024)
    doi = f"10.{rng.randint(1000, 1099)}/{prefix}.{year}.{number:06d}"
    rating = f"{rng.randint(30, 49) / 10:.1f}"
    organ, condition = rng.choice(_ORGANS), rng.choice(_CONDITIONS)
    title = f"Imaging of {organ} {condition}: {rng.choice(['Primer for radiologists', 'A review', 'Pitfalls'])}"
    keywords = "; ".join(rng.sample(words[: min(len(words), 200)], 5))
    abstract = [
        " ".join(_sentence(rng, rng.choice(_METHODS), f"{organ} {condition}", "cirrhosis") for _ in range(3)),
        " ".join(_sentence(rng, rng.choice(_METHODS), f"{organ} {condition}", "cirrhosis") for _ in range(6)),
    ]
    text = "\n".join(
        [
            f"{rating} Article",
            "",
            title,
            "",
            "Journal",
            "",
            journal,
            f"Volume {rng.randint(10, 300)}, Issue -, Pages -",
            "",
            "Publisher",
            "",
            publisher,
            f"DOI: {doi}",
            "",
            "Keywords",
            "",
            keywords,
            "",
            "Ask authors/readers for more resources",
            "",
            *abstract,
            "",
            "Authors",
            "",
            "I am an author on this paper",
            "Click your name to claim this paper and add it to your profile.",
            "",
            "Reviews",
            "",
            "Primary Rating",
            "",
            rating,
            "Not enough ratings",
            "",
            "Secondary Ratings",
            "",
            "Novelty",
            "-",
            "Significance",
            "-",
            "Scientific rigor",
            "-",
            "Rate this paper",
            "",
            "Recommended",
            "",
            "No Data Available",
            "No Data Available",
        ]
    )
    return doi, text


def generate(out: Path, count: int, seed: int) -> Corpus:
    """Write *count* QuickTakes and ``count // 20`` papers into *out* (created if needed)."""
    out.mkdir(parents=True, exist_ok=True)
    articles = plan(count, seed)
    by_id = {article.id: article for article in articles}
    rng = random.Random(seed + 1)
    for article in articles:
        (out / article.file).write_text(render_article(article, by_id, rng), encoding="utf-8")
    words = vocabulary(count)
    papers = []
    for number in range(count // 20):
        _doi, text = render_paper(number, rng, words)
        name = f"p{number:05d}_{rng.getrandbits(64):016x}.txt"
        (out / name).write_text(text + "\n", encoding="utf-8")
        papers.append(name)
    return Corpus(by_id, papers)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the files into")
    parser.add_argument("--count", type=int, default=1000, help="number of QuickTakes (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    corpus = generate(args.out, args.count, args.seed)
    print(f"wrote {len(corpus.articles)} QuickTakes and {len(corpus.papers)} papers to {args.out}")


if __name__ == "__main__":
    main()
