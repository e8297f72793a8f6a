"""article_search on the current backend (FTS5 on SQLite, tsvector + pg_trgm on PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledgebase.models import Article
from knowledgebase.search import article_search
from knowledgebase.services import article_feedback_record
from knowledgebase.text import query_terms, tokenize

pytestmark = pytest.mark.django_db


def slugs(query, language="en", **kwargs):
    return [hit.slug for hit in article_search(query, language=language, **kwargs)]


def test_tokenize_stems_english_and_segments_chinese():
    assert tokenize("Withdrawals are delayed") == ["withdraw", "delay"]
    assert tokenize("提现一直没到账") == ["提现", "一直", "没到", "到账", "没到账"]
    assert query_terms("USDT 提现 pending pending") == ["usdt", "提现", "pend"]


def test_hit_has_id_slug_title_highlighted_snippet_and_score(make_article):
    article = make_article(
        "withdrawals",
        title="Withdrawal delayed",
        body="Intro.\n\nIf your withdrawal is pending, check the `<status>` page.",
    )
    make_article("other", title="Deposits", body="Deposit help.")
    [hit] = article_search("pending withdrawals", language="en")
    assert (hit.article_id, hit.slug, hit.title) == (article.pk, "withdrawals", "Withdrawal delayed")
    assert hit.score > 0
    assert hit.snippet_html == (
        "If your <mark>withdrawal</mark> is <mark>pending</mark>, check the &lt;status&gt; page."
    )


def test_without_snippets_the_hits_are_the_same_and_no_body_is_read(make_article):
    make_article("withdrawals", title="Withdrawal delayed", body="If your withdrawal is pending, wait.")
    make_article("deposits", title="Deposit pending", body="A pending deposit needs confirmations.")
    full = article_search("pending withdrawals", language="en")
    bare = article_search("pending withdrawals", language="en", snippets=False)
    assert [(h.slug, h.title, h.score) for h in bare] == [(h.slug, h.title, h.score) for h in full]
    assert all(h.snippet_html == "" for h in bare) and all(h.snippet_html for h in full)
    with CaptureQueriesContext(connection) as queries:
        article_search("pending withdrawals", language="en", snippets=False)
    assert not any("body_text" in query["sql"] for query in queries.captured_queries)


def test_snippet_escapes_html_in_the_article_text(make_article):
    make_article("x", title="Escapes", body="Type `<script>alert(1)</script>` to test the escape")
    make_article("y", title="Other", body="Other text")
    [hit] = article_search("escape", language="en")
    assert "<script" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html


def test_chinese_snippet_marks_chinese_words(make_article):
    make_article("w", title="提现", language="zh-hans", body="简介。\n\n大多数提现会在 30 分钟内到账。")
    make_article("d", title="充值", language="zh-hans", body="充值说明。")
    [hit] = article_search("提现到账", language="zh-hans")
    assert "<mark>提现</mark>" in hit.snippet_html and "<mark>到账</mark>" in hit.snippet_html


def test_title_outranks_body(make_article):
    make_article("body", title="General questions", body="Something about the whitelist here.")
    make_article("title", title="Address whitelist", body="Turn it on in settings.")
    assert slugs("whitelist") == ["title", "body"]


def test_only_published_articles_in_the_requested_language(make_article):
    make_article("pub", title="Fees explained")
    make_article("draft", title="Fees draft", status=Article.Status.DRAFT)
    make_article("old", title="Fees archived", status=Article.Status.ARCHIVED)
    make_article("zh", title="手续费 fees", language="zh-hans")
    assert slugs("fees") == ["pub"]
    assert slugs("fees", language="zh-hans") == ["zh"]


def test_internal_articles_only_when_asked(make_article):
    make_article("public", title="Refund procedure for customers")
    make_article("internal", title="Refund procedure for agents", visibility=Article.Visibility.INTERNAL)
    assert slugs("refund procedure") == ["public"]
    assert set(slugs("refund procedure", include_internal=True)) == {"public", "internal"}


def test_helpful_votes_break_a_tie(make_article):
    first = make_article("a-article", title="Unlock account")
    second = make_article("b-article", title="Unlock account")
    assert slugs("unlock") == ["a-article", "b-article"]
    for visitor in ("1", "2", "3"):
        article_feedback_record(article=second, language="en", helpful=True, visitor_hash=visitor)
    article_feedback_record(article=first, language="en", helpful=False, visitor_hash="1")
    assert slugs("unlock") == ["b-article", "a-article"]


def test_typo_matches_the_nearest_title_word(make_article):
    make_article("reset", title="Reset your password", body="Use the link.")
    make_article("other", title="Trading fees", body="Maker and taker.")
    assert slugs("forgot pasword") == ["reset"]


def test_limit_is_respected(make_article):
    for n in range(5):
        make_article(f"a{n}", title=f"Deposit guide {n}")
    assert len(slugs("deposit", limit=3)) == 3


@pytest.mark.parametrize(
    "query", ["", "   ", "the and of", "？！", '"', "*", "NEAR(a b)", "a OR", "'; DROP TABLE x; --", "\\"]
)
def test_empty_or_odd_queries_do_not_fail(make_article, query):
    make_article("x", title="Something")
    assert isinstance(article_search(query, language="en"), list)


def test_mixed_language_query_finds_the_chinese_article(kb_content):
    assert slugs("USDT 提现 pending", language="zh-hans")[0] == "withdrawal-delayed"


def test_very_long_queries_are_bounded(kb_content):
    assert isinstance(article_search("withdrawal " * 500, language="en"), list)


def test_helpful_factor_moves_the_score_by_at_most_ten_percent():
    from knowledgebase.search.query import _helpful_factor

    assert _helpful_factor(0, 0) == 1
    assert 1 < _helpful_factor(3, 1) < _helpful_factor(1000, 0) <= 1.1
    assert 0.9 <= _helpful_factor(0, 1000) < _helpful_factor(1, 3) < 1


def test_search_runs_a_bounded_number_of_queries(kb_content, django_assert_max_num_queries):
    article_search("warm up the vocabulary", language="en")
    # The candidates, the document frequencies of terms not seen before (then cached), the term counts
    # of candidates not seen before (then cached), the planner setting put back inside the test's
    # transaction (PostgreSQL), and the translations shown.
    with django_assert_max_num_queries(5):
        hits = article_search("withdrawl stuck pending USDT", language="en", limit=10)
    assert len(hits) == 10


def test_search_again_reads_only_candidates_and_hits(kb_content, django_assert_max_num_queries):
    article_search("withdrawl stuck pending USDT", language="en")
    with django_assert_max_num_queries(3):  # candidates, (PostgreSQL: the planner setting), the translations
        article_search("withdrawl stuck pending USDT", language="en")


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("withdrawl stuck pending USDT", "en"),
        ("I sent USDT on the wrong network", "en"),
        ("lost my phone and cannot get 2fa codes", "en"),
        ("提现一直没到账", "zh-hans"),
        ("充值选错网络了", "zh-hans"),
        ("有陌生设备登录我的账户", "zh-hans"),
    ],
)
def test_a_help_centre_bigger_than_the_shortlist_keeps_the_best_article_first(
    kb_content, monkeypatch, django_assert_max_num_queries, question, language
):
    """At 10,000 articles the candidates come in tiers (heads with two telling terms, heads with one,
    then bodies); a shortlist smaller than the 20 articles makes these take the same path."""
    from knowledgebase.search import query

    best = slugs(question, language)[0]
    monkeypatch.setattr(query, "SHORTLIST", 5)
    ranked = []
    rank = query.rerank.rank
    monkeypatch.setattr(
        query.rerank,
        "rank",
        lambda question, candidates, **kw: ranked.append(candidates) or rank(question, candidates, **kw),
    )
    # The tiers (pairs, one query per telling term, bodies), the planner setting put back, the
    # document frequencies, the term counts, the translations shown.
    with django_assert_max_num_queries(query.SHORTLIST_TERMS + 6):
        assert slugs(question, language)[0] == best
    assert 0 < len(ranked[0]) <= 5  # the tiers stop at the shortlist


def test_the_tiers_go_from_pairs_of_telling_terms_in_heads_to_any_term_anywhere():
    from knowledgebase.search.query import PAIR_TERMS, _tiers

    terms = ["usdt", "withdraw", "pend", "delay", "network", "trc20", "fee", "hour", "account"]
    telling = ["trc20", "pend", "usdt", "withdraw", "delay", "fee"]
    pairs, *singles, anywhere = _tiers(terms, telling)
    assert pairs.heads and pairs.groups[0] == ("trc20", "pend")
    assert {term for group in pairs.groups for term in group} == set(telling[:PAIR_TERMS])
    assert len(pairs.groups) == PAIR_TERMS * (PAIR_TERMS - 1) // 2
    assert [(tier.heads, tier.groups) for tier in singles] == [(True, ((term,),)) for term in telling]
    assert not anywhere.heads and anywhere.groups == tuple((term,) for term in terms)
    # A help centre no bigger than the shortlist has no telling terms: one query, every article sharing a word.
    assert [(tier.heads, tier.groups) for tier in _tiers(terms, [])] == [(False, anywhere.groups)]
