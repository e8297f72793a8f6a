"""``indexed_texts``: what the assistant's answer reads of the best article, by the hit's translation id."""

import pytest

from knowledgebase.models import ArticleTranslation
from knowledgebase.search import article_search, indexed_texts

pytestmark = pytest.mark.django_db


def test_the_hits_translation_gives_its_body_and_indexed_terms(make_article):
    make_article(
        "deposit-not-credited",
        title="Deposit not credited",
        keywords="deposit missing",
        summary="When a deposit has not arrived.",
        body="## Check the network\n\nA deposit on the wrong network cannot be credited.",
    )
    hit = article_search("deposit not credited", language="en", snippets=False)[0]
    texts = indexed_texts(hit.translation_id)
    translation = ArticleTranslation.objects.get(pk=hit.translation_id)
    head = set(f"{translation.search_title} {translation.search_keywords} {translation.search_summary}".split())
    body = set(translation.search_body.split())
    assert texts.body_markdown == translation.body_markdown
    assert all(texts.document.in_head(term) and texts.document.has(term) for term in head)
    assert all(texts.document.has(term) for term in body)
    assert not any(texts.document.in_head(term) for term in body - head)
    assert set(texts.document.terms) == head | body
    assert "network" in body - head and not texts.document.has("withdrawal")


def test_the_terms_are_read_when_the_ranking_has_not_cached_them(make_article, monkeypatch):
    from collections import OrderedDict

    from knowledgebase.search import stats

    make_article("deposit-not-credited", title="Deposit not credited", body="Check the network.")
    hit = article_search("deposit not credited", language="en", snippets=False)[0]
    monkeypatch.setattr(stats, "_documents", OrderedDict())  # evicted since the ranking
    texts = indexed_texts(hit.translation_id)
    assert texts.document.in_head("deposit") and texts.document.has("network") and not texts.document.in_head("network")


def test_a_translation_deleted_since_the_search_is_none(make_article):
    make_article("gone", title="Withdrawal pending")
    hit = article_search("withdrawal pending", language="en", snippets=False)[0]
    ArticleTranslation.objects.filter(pk=hit.translation_id).delete()
    assert indexed_texts(hit.translation_id) is None
