"""Search quality on the labelled evaluation sets, on whichever backend the pass uses (SQLite FTS5, or
PostgreSQL with SUPPORTDESK_TEST_DB=postgres).

* queries.json (short queries): top-3 >= 90% and top-1 >= 75% per language.
* questions.json (customers' questions: paraphrases, typos, mixed language, long stories): the goals of
  issue 14 per language, top-3 >= 97%, top-1 >= 85%, and top-1 at least 10 points above a plain BM25
  over the same articles. The held-out part (never used for tuning the lexicon or the weights) is
  reported separately and must stay 10 points above BM25 too.

Figures and misses are printed (``-s``).
"""

import pytest
from django.db import connection

from knowledgebase.evaluation import (
    evaluate,
    evaluate_bm25_baseline,
    held_out_part,
    load_queries,
    load_questions,
)
from knowledgebase.search import article_search

pytestmark = pytest.mark.django_db

MIN_TOP1 = 0.75
MIN_TOP3 = 0.90
# issue 14's goals on the question set
GOAL_TOP1 = 0.85
GOAL_TOP3 = 0.97
GOAL_ABOVE_BM25 = 0.10


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


def _print(title, results, baseline):
    print(f"\n{title} on {connection.vendor}:")
    for language, score in sorted(results.items()):
        print(f"  {language:8} search: {score}   bm25 baseline: {baseline[language]}")
        for query, expected, got in score.misses:
            print(f"    miss: {' '.join(query.split())[:100]!r} -> {got} (expected {expected})")


def test_customer_questions_meet_the_goals_per_language(kb_content):
    questions = load_questions()
    results, baseline = evaluate(questions), evaluate_bm25_baseline(questions)
    held_out = held_out_part(questions)
    held_results, held_baseline = evaluate(held_out), evaluate_bm25_baseline(held_out)
    _print("customer questions", results, baseline)
    _print("held-out part", held_results, held_baseline)
    assert set(results) == set(held_results) == {"en", "zh-hans"}
    for language, score in results.items():
        assert score.top3_rate >= GOAL_TOP3, f"{language}: {score}"
        assert score.top1_rate >= GOAL_TOP1, f"{language}: {score}"
        assert score.top1_rate >= baseline[language].top1_rate + GOAL_ABOVE_BM25, f"{language}: {score}"
    for language, score in held_results.items():
        assert score.top1_rate >= held_baseline[language].top1_rate + GOAL_ABOVE_BM25, f"held-out {language}: {score}"


def test_a_long_story_is_ranked_by_its_question_not_its_alarming_words(kb_content):
    story = (
        "Last month my friend's account was hacked and someone stole all his BTC, so I am careful now. "
        "Nothing like that happened to me, my 2FA is on. Yesterday I sent 500 USDT from your platform to my "
        "Ledger, hash 0x" + "ab" * 32 + ", and it still has not arrived. " * 3 + "Why is my withdrawal taking so long?"
    )
    assert len(story) > 400
    assert article_search(story, language="en")[0].slug == "withdrawal-delayed"
