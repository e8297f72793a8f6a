"""Knowledge-base writes: translations with revisions and the index, restore, feedback, the loader."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from knowledgebase.models import Article, ArticleFeedback, ArticleRevision, ArticleTranslation, Category
from knowledgebase.search import article_search
from knowledgebase.services import (
    CONTENT_DIR,
    article_feedback_record,
    article_revision_restore,
    article_translation_save,
    content_load,
    search_log_click,
    search_log_record,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTRACT_SLUGS = {
    "reset-password", "account-compromised", "verify-official-support", "enable-2fa", "lost-2fa-device",
    "deposit-not-credited", "withdrawal-delayed", "wrong-network-deposit", "missing-memo-tag",
    "find-transaction-id", "identity-verification", "trading-fees", "order-not-filled", "api-keys",
    "submit-a-ticket", "phishing-scams", "change-email-phone", "account-frozen-unlock",
    "withdrawal-address-whitelist", "account-registration",
}  # fmt: skip


def test_save_renders_sanitised_html_and_writes_a_revision_with_author(make_article):
    editor = UserFactory()
    article = make_article("fees", title="Fees", body="Hello")
    translation = article_translation_save(
        article=article, language="en", title="Fees", body_markdown="**Bold** <script>x()</script>", author=editor
    )
    assert translation.body_html == "<p><strong>Bold</strong> </p>"
    assert translation.body_text == "Bold"
    revisions = list(translation.revisions.all())
    assert [r.body_markdown for r in revisions] == ["**Bold** <script>x()</script>", "Hello"]
    assert revisions[0].author == editor and revisions[0].created_at is not None


def test_saving_identical_content_writes_no_revision(make_article):
    article = make_article("fees", title="Fees", body="Hello")
    article_translation_save(article=article, language="en", title="Fees", body_markdown="Hello")
    assert ArticleRevision.objects.count() == 1


def test_save_updates_the_search_index(make_article):
    article = make_article("fees", title="Fees", body="Maker and taker rates")
    assert [hit.slug for hit in article_search("taker", language="en")] == ["fees"]
    article_translation_save(article=article, language="en", title="Fees", body_markdown="Spread and rebates")
    assert article_search("taker", language="en") == []
    assert [hit.slug for hit in article_search("rebate", language="en")] == ["fees"]


def test_save_rejects_unknown_language(make_article):
    article = make_article("fees", title="Fees")
    with pytest.raises(ValueError):
        article_translation_save(article=article, language="fr", title="Frais", body_markdown="x")


def test_one_translation_per_language(make_article):
    article = make_article("fees", title="Fees")
    with pytest.raises(IntegrityError):
        ArticleTranslation.objects.create(article=article, language="en", title="Again", body_markdown="x")


def test_restore_brings_back_an_old_revision_as_a_new_one(make_article):
    editor = UserFactory()
    article = make_article("fees", title="Fees v1", body="Old body about rebates")
    article_translation_save(article=article, language="en", title="Fees v2", body_markdown="New body")
    old = ArticleRevision.objects.get(title="Fees v1")
    translation = article_revision_restore(revision=old, author=editor)
    assert (translation.title, translation.body_markdown) == ("Fees v1", "Old body about rebates")
    assert translation.revisions.count() == 3
    assert translation.revisions.first().author == editor
    assert [hit.slug for hit in article_search("rebates", language="en")] == ["fees"]


def test_feedback_is_one_vote_per_visitor_and_can_be_changed(make_article):
    article = make_article("fees", title="Fees")
    article_feedback_record(article=article, language="en", helpful=True, visitor_hash="v1")
    article_feedback_record(article=article, language="en", helpful=True, visitor_hash="v1")
    article_feedback_record(article=article, language="zh-hans", helpful=False, visitor_hash="v2", reason=" unclear ")
    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (1, 1)
    assert ArticleFeedback.objects.get(visitor_hash="v2").reason == "unclear"

    article_feedback_record(article=article, language="en", helpful=False, visitor_hash="v1", reason="outdated")
    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (0, 2)
    assert ArticleFeedback.objects.get(visitor_hash="v1").reason == "outdated"
    article_feedback_record(article=article, language="en", helpful=False, visitor_hash="v1")
    assert ArticleFeedback.objects.get(visitor_hash="v1").reason == "outdated"
    article_feedback_record(article=article, language="en", helpful=True, visitor_hash="v1")
    assert ArticleFeedback.objects.get(visitor_hash="v1").reason == ""
    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (1, 1)
    assert ArticleFeedback.objects.filter(article=article).count() == 2


def test_feedback_unique_per_article_and_visitor_in_the_database(make_article):
    article = make_article("fees", title="Fees")
    ArticleFeedback.objects.create(article=article, language="en", helpful=True, visitor_hash="v")
    with pytest.raises(IntegrityError):
        ArticleFeedback.objects.create(article=article, language="en", helpful=False, visitor_hash="v")


def test_search_log_records_queries_and_the_first_click(make_article):
    article = make_article("fees", title="Fees")
    other = make_article("other", title="Other")
    log = search_log_record(query="fees", language="en", result_count=1)
    search_log_click(search_log_id=log.pk, article=article)
    search_log_click(search_log_id=log.pk, article=other)
    log.refresh_from_db()
    assert log.clicked_article == article


def test_content_load_creates_all_contract_articles_in_both_languages(kb_content):
    assert set(Article.objects.values_list("slug", flat=True)) >= CONTRACT_SLUGS
    for slug in CONTRACT_SLUGS:
        assert set(ArticleTranslation.objects.filter(article__slug=slug).values_list("language", flat=True)) == {
            "en",
            "zh-hans",
        }
    assert not Article.objects.exclude(status=Article.Status.PUBLISHED).exists()
    withdrawal = Article.objects.get(slug="withdrawal-delayed")
    assert withdrawal.category.slug == "deposits-withdrawals"
    assert withdrawal.category.name("zh-hans") == "充值与提现" and withdrawal.category.icon
    assert withdrawal.ticket_types == ["deposit_withdrawal"]
    assert "find-transaction-id" in set(withdrawal.related.values_list("slug", flat=True))
    translation = withdrawal.translations.get(language="zh-hans")
    assert translation.title == "提现一直没到账怎么办？"
    assert "<table>" in translation.body_html and "<script" not in translation.body_html
    assert "提现" in translation.keyword_list()
    assert Category.objects.filter(name_zh_hans="").count() == 0


def test_content_load_twice_updates_and_never_duplicates(kb_content, tmp_path):
    counts = (Category.objects.count(), Article.objects.count(), ArticleTranslation.objects.count())
    revisions = ArticleRevision.objects.count()
    again = content_load()
    assert (again.categories, again.articles, again.translations) == (0, 0, 0)
    assert (Category.objects.count(), Article.objects.count(), ArticleTranslation.objects.count()) == counts
    assert ArticleRevision.objects.count() == revisions

    # An edited file updates its translation (one new revision), nothing else.
    for language in ("en", "zh-hans"):
        (tmp_path / language).mkdir()
        for source in (CONTENT_DIR / language).glob("*.md"):
            (tmp_path / language / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    edited = tmp_path / "en" / "trading-fees.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("0.10%", "0.08%"), encoding="utf-8")
    result = content_load(tmp_path)
    assert result.translations == 1
    assert ArticleRevision.objects.count() == revisions + 1
    assert "0.08%" in ArticleTranslation.objects.get(article__slug="trading-fees", language="en").body_markdown


def test_content_load_keeps_an_editors_status(kb_content):
    Article.objects.filter(slug="api-keys").update(status=Article.Status.ARCHIVED)
    content_load()
    assert Article.objects.get(slug="api-keys").status == Article.Status.ARCHIVED


def test_kb_load_content_command(db, capsys):
    call_command("kb_load_content")
    call_command("kb_load_content")
    assert Article.objects.count() == 20
    assert "0 new articles" in capsys.readouterr().out


def test_visitor_hash_is_stable_keyed_and_hides_the_identifier(settings):
    from knowledgebase.services import visitor_hash

    first = visitor_hash("user:42")
    assert first == visitor_hash("user:42") and first != visitor_hash("user:43")
    assert "42" not in first and len(first) <= 64
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert visitor_hash("user:42") != first
