"""The labelled search evaluation: ``queries.json`` and the measures over it.

``evaluate`` runs the real search (whatever database is connected); ``evaluate_bm25_baseline`` runs
a plain BM25 (rank_bm25's BM25Okapi) over the same articles with the same tokenisation, all fields
concatenated, so the figure for the real search has something to be compared with.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

QUERIES_FILE = Path(__file__).resolve().parent / "queries.json"


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


def load_queries() -> list[dict]:
    return json.loads(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]


def _score(ranker: Callable[[str, str], list[str]]) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for item in load_queries():
        ranked = ranker(item["q"], item["lang"])[:3]
        score = scores.setdefault(item["lang"], Score())
        score.total += 1
        score.top1 += bool(ranked) and ranked[0] == item["slug"]
        score.top3 += item["slug"] in ranked
        if not ranked or ranked[0] != item["slug"]:
            score.misses.append((item["q"], item["slug"], ranked))
    return scores


def evaluate() -> dict[str, Score]:
    from knowledgebase.search import article_search

    return _score(lambda query, language: [hit.slug for hit in article_search(query, language=language, limit=3)])


def evaluate_bm25_baseline() -> dict[str, Score]:
    from rank_bm25 import BM25Okapi

    from knowledgebase.models import Article, ArticleTranslation
    from knowledgebase.text import tokenize

    rankers: dict[str, tuple[BM25Okapi, list[str]]] = {}
    translations = ArticleTranslation.objects.filter(article__status=Article.Status.PUBLISHED).select_related("article")
    by_language: dict[str, list[ArticleTranslation]] = {}
    for translation in translations.order_by("article__slug"):
        by_language.setdefault(translation.language, []).append(translation)
    for language, rows in by_language.items():
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

    return _score(rank)
