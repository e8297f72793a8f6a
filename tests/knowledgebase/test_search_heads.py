"""The heads in memory (``knowledgebase.search.heads``): ranked as PostgreSQL's ``ts_rank`` ranked
them, never a way to show what may not be shown, and rebuilt when an article is published or withdrawn."""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection

from knowledgebase.models import Article, ArticleTranslation
from knowledgebase.search import article_search, heads, index, query, stats, warm_caches
from knowledgebase.search.index import _index_version
from knowledgebase.search.stats import lexeme

pytestmark = pytest.mark.django_db
ZETA_2 = 1.64493406685


def test_a_terms_rank_is_ts_ranks_for_its_occurrences():
    assert heads.term_rank([1.0]) == pytest.approx(1.0 / ZETA_2)
    assert heads.term_rank([0.3]) == pytest.approx(0.3 / ZETA_2)
    # In the title and again in the summary: the best weight, plus the second one over 2².
    assert heads.term_rank([1.0, 0.3]) == pytest.approx((1.0 + 0.3 / 4) / ZETA_2)
    # The best weight later: the first occurrence counts in full, the best one not twice.
    assert heads.term_rank([0.3, 1.0]) == pytest.approx((1.0 + 0.3 + 1.0 / 4 - 1.0 / 4) / ZETA_2)


@pytest.fixture
def shipped_heads(kb_content):
    return heads.for_language("en", _index_version()), heads.for_language("zh-hans", _index_version())


def test_the_vocabulary_is_every_published_head_word(shipped_heads):
    english, _ = shipped_heads
    words = set()
    published = ArticleTranslation.objects.filter(language="en", article__status=Article.Status.PUBLISHED)
    for fields in published.values_list("search_title", "search_keywords", "search_summary"):
        words.update(" ".join(fields).split())
    assert english.vocabulary == words
    assert "withdraw" in english.vocabulary


@pytest.mark.parametrize(
    ("language", "terms"),
    [
        ("en", ["withdraw", "pend", "usdt", "network", "deposit"]),
        ("en", ["password", "reset", "2fa", "phone", "lost"]),
        ("zh-hans", ["提现", "到账", "充值", "网络", "密码"]),
    ],
)
def test_heads_rank_as_postgresql_ts_rank_ranked_them(shipped_heads, language, terms):
    """The postings replaced a ``ts_rank`` query over the ``head`` vectors: the same heads, in the
    same order (ties by translation id), for pairs of terms and for each term alone."""
    if connection.vendor != "postgresql":
        pytest.skip("ts_rank is PostgreSQL's")
    index = shipped_heads[0] if language == "en" else shipped_heads[1]
    sql = f"""
        SELECT d.translation_id FROM knowledgebase_searchdocument d
        JOIN knowledgebase_article a ON a.id = d.article_id
        WHERE d.language = %s AND a.status = 'published' AND a.visibility = 'public' AND d.head @@ %s::tsquery
        ORDER BY ts_rank('{query.TSRANK_WEIGHTS}', d.head, %s::tsquery) DESC, d.translation_id
    """
    tiers = [(tuple(itertools.combinations(terms, 2)), tuple(terms))] + [(((term,),), (term,)) for term in terms]
    for groups, ranked_by in tiers:
        matched = " | ".join("(" + " & ".join(lexeme(term) for term in group) + ")" for group in groups)
        with connection.cursor() as cursor:
            cursor.execute(sql, [language, matched, " | ".join(lexeme(term) for term in ranked_by)])
            expected = [pk for (pk,) in cursor.fetchall()]
        found = index.matching(groups, ranked_by, exclude=set(), include_internal=False, limit=100)
        assert found == expected, (groups, ranked_by)


def test_matching_leaves_out_what_was_found_and_internal_articles(shipped_heads, make_article):
    english, _ = shipped_heads
    everything = english.matching((("withdraw",),), ("withdraw",), exclude=set(), include_internal=True, limit=100)
    assert len(everything) > 2
    rest = english.matching(
        (("withdraw",),), ("withdraw",), exclude=set(everything[:2]), include_internal=True, limit=100
    )
    assert rest == everything[2:]
    assert english.matching((("withdraw",),), ("withdraw",), exclude=set(), include_internal=True, limit=1) == [
        everything[0]
    ]
    assert english.matching((("no-such-term",),), ("withdraw",), exclude=set(), include_internal=True, limit=5) == []

    make_article("staff-only-withdrawals", title="Withdraw withdrawals", visibility=Article.Visibility.INTERNAL)
    internal = ArticleTranslation.objects.get(article__slug="staff-only-withdrawals").pk
    fresh = heads.for_language("en", "another version")
    assert internal in fresh.matching((("withdraw",),), ("withdraw",), exclude=set(), include_internal=True, limit=100)
    assert internal not in fresh.matching(
        (("withdraw",),), ("withdraw",), exclude=set(), include_internal=False, limit=100
    )


def test_heads_a_version_behind_never_show_a_withdrawn_article(kb_content, monkeypatch):
    """A process ranks with the heads it read until it sees the new index version; what it shows is
    checked against the database at the time of the search."""
    monkeypatch.setattr(query, "SHORTLIST", 5)  # the tiered path, which reads the heads
    shown = [hit.slug for hit in article_search("withdrawal pending", language="en")]
    assert shown
    Article.objects.filter(slug=shown[0]).update(status=Article.Status.ARCHIVED)  # no signal, no new version
    assert shown[0] not in [hit.slug for hit in article_search("withdrawal pending", language="en")]
    Article.objects.filter(slug=shown[1]).update(visibility=Article.Visibility.INTERNAL)
    assert shown[1] not in [hit.slug for hit in article_search("withdrawal pending", language="en")]
    assert shown[1] in [hit.slug for hit in article_search("withdrawal pending", language="en", include_internal=True)]


@pytest.mark.parametrize(
    "change",
    [
        lambda article: setattr(article, "status", Article.Status.ARCHIVED) or article.save(),
        lambda article: setattr(article, "visibility", Article.Visibility.INTERNAL) or article.save(),
        lambda article: article.delete(),
        lambda article: article.translations.get(language="en").delete(),
    ],
    ids=["withdrawn", "hidden", "deleted", "translation-deleted"],
)
def test_publishing_or_withdrawing_an_article_makes_a_new_index_version(
    kb_content, django_capture_on_commit_callbacks, change
):
    before = _index_version()
    article = Article.objects.get(slug="withdrawal-delayed")
    with django_capture_on_commit_callbacks(execute=True):
        change(article)
    assert _index_version() != before


def test_without_the_cache_a_process_keeps_its_own_version_for_a_while(kb_content, unreachable_cache, monkeypatch):
    # A new version per search would rebuild the heads and statistics every time (a second or more
    # at 10,000 articles): Redis down must not take the help centre down with it.
    clock = [1000.0]
    monkeypatch.setattr(index.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(index, "_outage", {"version": "", "until": 0.0})
    first = _index_version()
    assert [hit.slug for hit in article_search("withdrawal pending", language="en")][:1] == ["withdrawal-delayed"]
    assert _index_version() == first
    clock[0] += index.OUTAGE_VERSION_SECONDS  # then it reads the database again
    assert _index_version() != first


def test_a_process_takes_the_first_version_another_process_stored_meanwhile(kb_content, monkeypatch):
    # Both found no version; the other stored its own first. Overwriting it would leave the two
    # processes on different versions of the same index, each rebuilding on the other's next change.
    cache.set(index._VERSION_KEY, "the other process's")
    real_get = cache.get
    missed = []

    def get(*args, **kwargs):  # the first read comes before the other process's write
        if not missed:
            missed.append(True)
            return None
        return real_get(*args, **kwargs)

    monkeypatch.setattr(index.cache, "get", get)
    assert _index_version() == "the other process's" == cache.get(index._VERSION_KEY)


def test_warmed_caches_answer_the_first_search_without_building(kb_content, django_assert_num_queries):
    warm_caches()  # what a gunicorn worker does before its first request (supportdesk.gunicorn_hooks)
    version = _index_version()
    with django_assert_num_queries(0):
        for language in ("en", "zh-hans"):
            heads.for_language(language, version)
            stats.published_count(language, [Article.Visibility.PUBLIC], version)
