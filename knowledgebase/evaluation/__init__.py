"""The labelled search evaluation sets and the measures over them.

Two sets, one item shape (``{"q", "lang", "slug"}``, plus optional ``"also"`` and ``"style"``):

* ``queries.json``: short labelled queries; the bar ``tests/knowledgebase/test_search_quality.py`` asserts.
* ``questions.json``: customers' questions as they write them (paraphrases, typos, mixed language, long
  stories with hashes and addresses), for measuring the help-centre search and the assistant; reported by
  ``python -m knowledgebase.evaluation.report``, not asserted yet.

``evaluate`` runs the real search (whatever database is connected); ``evaluate_bm25_baseline`` runs
a plain BM25 (rank_bm25's BM25Okapi) over the same articles with the same tokenisation, all fields
concatenated, so the figure for the real search has something to be compared with. Both take an item
list (default: ``queries.json``) and a grouping (default: per language). An answer counts as right when
it is the item's ``slug`` or one of its ``also`` slugs.
"""

import json
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

QUERIES_FILE = Path(__file__).resolve().parent / "queries.json"
QUESTIONS_FILE = Path(__file__).resolve().parent / "questions.json"

Ranker = Callable[[str, str], list[str]]


@dataclass
class Score:
    total: int = 0
    top1: int = 0
    top3: int = 0
    misses: list[tuple[str, str, list[str]]] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"top-1 {self.top1_rate:.1%} top-3 {self.top3_rate:.1%} ({self.total} queries)"


@dataclass(frozen=True)
class Result:
    """One item and the slugs a ranker returned for it, best first (at most 3)."""

    item: dict
    ranked: list[str]

    @property
    def accepted(self) -> set[str]:
        return {self.item["slug"], *self.item.get("also", ())}

    @property
    def top1(self) -> bool:
        return bool(self.ranked) and self.ranked[0] in self.accepted

    @property
    def top3(self) -> bool:
        return bool(self.accepted.intersection(self.ranked[:3]))


def load_queries() -> list[dict]:
    return json.loads(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]


def load_questions() -> list[dict]:
    return json.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))["questions"]


# One question in HELD_OUT_EVERY is held out (chosen by a checksum of its text, so adding questions moves
# no existing one): the lexicon and the weights were tuned on the others only, and the held-out part is
# reported separately as the honest figure for questions the search has never seen.
HELD_OUT_EVERY = 5


def is_held_out(item: dict) -> bool:
    return zlib.crc32(f"{item['lang']}|{item['q']}".encode()) % HELD_OUT_EVERY == 0


def tuning_part(items: Iterable[dict]) -> list[dict]:
    return [item for item in items if not is_held_out(item)]


def held_out_part(items: Iterable[dict]) -> list[dict]:
    return [item for item in items if is_held_out(item)]


def by_language(item: dict) -> str:
    return item["lang"]


def by_language_and_style(item: dict) -> str:
    return f"{item['lang']}/{item.get('style', '-')}"


def run(ranker: Ranker, items: Iterable[dict]) -> list[Result]:
    return [Result(item, ranker(item["q"], item["lang"])[:3]) for item in items]


def score(results: Iterable[Result], key: Callable[[dict], str] = by_language) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for result in results:
        entry = scores.setdefault(key(result.item), Score())
        entry.total += 1
        entry.top1 += result.top1
        entry.top3 += result.top3
        if not result.top1:
            entry.misses.append((result.item["q"], result.item["slug"], result.ranked))
    return scores


def search_ranker() -> Ranker:
    """Today's search (``knowledgebase.search.article_search``), as the help centre calls it."""
    from knowledgebase.search import article_search

    def search(query: str, language: str) -> list[str]:
        return [hit.slug for hit in article_search(query, language=language, limit=3, snippets=False)]

    return search


def bm25_ranker() -> Ranker:
    """Plain BM25 over the published translations of the connected database (whole query, no term limit)."""
    from rank_bm25 import BM25Okapi

    from knowledgebase.models import Article, ArticleTranslation
    from knowledgebase.text import tokenize

    rankers: dict[str, tuple[BM25Okapi, list[str]]] = {}
    translations = ArticleTranslation.objects.filter(article__status=Article.Status.PUBLISHED).select_related("article")
    languages: dict[str, list[ArticleTranslation]] = {}
    for translation in translations.order_by("article__slug"):
        languages.setdefault(translation.language, []).append(translation)
    for language, rows in languages.items():
        corpus = [
            tokenize(" ".join([row.title, row.keywords.replace(",", " "), row.summary, row.body_text])) for row in rows
        ]
        rankers[language] = (BM25Okapi(corpus), [row.article.slug for row in rows])

    def rank(query: str, language: str) -> list[str]:
        bm25, slugs = rankers[language]
        terms = tokenize(query)
        if not terms:
            return []
        scores = bm25.get_scores(terms)
        order = sorted(range(len(slugs)), key=lambda i: (-scores[i], slugs[i]))
        return [slugs[i] for i in order if scores[i] > 0]

    return rank


def evaluate(items: list[dict] | None = None, key: Callable[[dict], str] = by_language) -> dict[str, Score]:
    """Today's search on ``items`` (default: queries.json), grouped by ``key`` (default: language)."""
    return score(run(search_ranker(), load_queries() if items is None else items), key)


def evaluate_bm25_baseline(
    items: list[dict] | None = None, key: Callable[[dict], str] = by_language
) -> dict[str, Score]:
    """The plain BM25 baseline on ``items`` (default: queries.json), grouped by ``key`` (default: language)."""
    return score(run(bm25_ranker(), load_queries() if items is None else items), key)
