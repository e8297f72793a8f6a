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
    assert texts.body_markdown == translation.body_markdown
    assert texts.head_terms == set(
        f"{translation.search_title} {translation.search_keywords} {translation.search_summary}".split()
    )
    assert texts.body_terms == set(translation.search_body.split())
    assert "network" not in texts.head_terms and "network" in texts.body_terms


def test_a_translation_deleted_since_the_search_is_none(make_article):
    make_article("gone", title="Withdrawal pending")
    hit = article_search("withdrawal pending", language="en", snippets=False)[0]
    ArticleTranslation.objects.filter(pk=hit.translation_id).delete()
    assert indexed_texts(hit.translation_id) is None
