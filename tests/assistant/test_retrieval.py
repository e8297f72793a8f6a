"""The question as the help centre's search reads it (``retrieval.search_query``)."""

import pytest

from assistant.answers.retrieval import search_query

HASH = "0x" + "4c" * 32
ADDRESS = "0x" + "a1" * 20


@pytest.mark.parametrize(
    ("message", "query"),
    [
        (
            f"My USDT deposit on TRC20 has not arrived after two hours, txid {HASH}",
            "My USDT deposit on TRC20 has not arrived after two hours,",
        ),
        (f"USDT 走 TRC20 充了 300 U 两个小时还没到账，交易哈希 {HASH}", "USDT 走 TRC20 充了 300 U 两个小时还没到账,"),
        (f"tx hash: {HASH} still pending", "still pending"),
        (f"提现地址是 {ADDRESS} 一直没到", "提现 一直没到"),
        (f"deposit address {ADDRESS} not credited", "deposit not credited"),
    ],
)
def test_an_identifier_and_the_word_labelling_it_are_no_search_terms(message, query):
    # "txid 0x…" gives the value; left in, "txid" was the rarest word and found the find-your-TXID articles.
    assert search_query(message) == query


def test_the_same_words_asking_a_question_stay():
    assert search_query("where do I find the txid of my withdrawal?") == "where do I find the txid of my withdrawal?"
    assert search_query("交易哈希在哪里看") == "交易哈希在哪里看"


@pytest.mark.django_db
def test_an_article_deleted_between_the_search_and_the_read_is_not_answered_with_confidence(kb_content, monkeypatch):
    from assistant.answers import retrieval
    from knowledgebase.models import ArticleTranslation

    real_search = retrieval.article_search

    def search_then_delete(*args, **kwargs):
        hits = real_search(*args, **kwargs)
        ArticleTranslation.objects.filter(pk=hits[0].translation_id).delete()
        return hits

    monkeypatch.setattr(retrieval, "article_search", search_then_delete)
    found = retrieval.retrieve("my deposit has not arrived", language="en")
    assert found.articles and found.articles[0].passage is None
    assert not found.confident and found.coverage == 0.0
