"""Search quality on the labelled evaluation set (knowledgebase/evaluation/queries.json).

Runs on whichever backend the pass uses (SQLite FTS5, or PostgreSQL with SUPPORTDESK_TEST_DB=postgres)
and fails below top-3 >= 90% and top-1 >= 75% per language. A plain BM25 baseline over the same
articles with the same tokenisation is printed next to it (``-s``), reported, not asserted.
"""

import pytest
from django.db import connection

from knowledgebase.evaluation import evaluate, evaluate_bm25_baseline, load_queries
from knowledgebase.search import article_search

pytestmark = pytest.mark.django_db

MIN_TOP1 = 0.75
MIN_TOP3 = 0.90


def test_evaluation_set_is_large_and_labelled_with_real_articles():
    from knowledgebase.services import CONTENT_DIR

    queries = load_queries()
    shipped = {path.stem for path in (CONTENT_DIR / "en").glob("*.md")}
    assert sum(item["lang"] == "en" for item in queries) >= 50
    assert sum(item["lang"] == "zh-hans" for item in queries) >= 50
    assert {item["slug"] for item in queries} <= shipped
    assert len({(item["q"], item["lang"]) for item in queries}) == len(queries)


@pytest.mark.parametrize(
    ("query", "language"), [("提现一直没到账", "zh-hans"), ("withdrawl stuck", "en"), ("USDT 提现 pending", "zh-hans")]
)
def test_withdrawal_questions_find_the_withdrawal_article_first(kb_content, query, language):
    assert article_search(query, language=language)[0].slug == "withdrawal-delayed"


def test_search_quality_meets_the_bar_per_language(kb_content):
    results = evaluate()
    baseline = evaluate_bm25_baseline()
    print(f"\nsearch quality on {connection.vendor}:")
    for language, score in sorted(results.items()):
        print(f"  {language:8} search: {score}   bm25 baseline: {baseline[language]}")
        for query, expected, got in score.misses:
            print(f"    miss: {query!r} -> {got} (expected {expected})")
    assert set(results) == {"en", "zh-hans"}
    for language, score in results.items():
        assert score.top3_rate >= MIN_TOP3, f"{language}: {score}"
        assert score.top1_rate >= MIN_TOP1, f"{language}: {score}"
