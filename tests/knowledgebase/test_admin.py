"""The editors' admin writes through the services: revisions with the editor, index refreshed."""

import pytest

from knowledgebase.models import Article, ArticleRevision, ArticleTranslation
from knowledgebase.search import article_search
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    client.force_login(editor)
    return client, editor


def test_editing_a_translation_in_the_admin_saves_a_revision_and_reindexes(editor_client, make_article):
    client, editor = editor_client
    article = make_article("fees", title="Fees", body="Maker and taker")
    translation = article.translations.get()
    data = {
        "slug": "fees",
        "category": article.category_id,
        "status": "published",
        "visibility": "public",
        "ticket_types": "[]",
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "1",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "2",
        "translations-0-id": str(translation.pk),
        "translations-0-article": str(article.pk),
        "translations-0-language": "en",
        "translations-0-title": "Fees and rebates",
        "translations-0-summary": "",
        "translations-0-keywords": "rebate",
        "translations-0-body_markdown": "Rebates for market makers",
    }
    response = client.post(f"/admin/knowledgebase/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    translation.refresh_from_db()
    assert translation.title == "Fees and rebates"
    assert translation.body_html == "<p>Rebates for market makers</p>"
    assert translation.revisions.first().author == editor
    assert [hit.slug for hit in article_search("rebates", language="en")] == ["fees"]


def test_restore_action_restores_one_revision(editor_client, make_article):
    client, editor = editor_client
    article = make_article("fees", title="Fees v1", body="Old")
    make_article("fees", title="Fees v2", body="New")
    old = ArticleRevision.objects.get(title="Fees v1")
    response = client.post("/admin/knowledgebase/articlerevision/", {"action": "restore", "_selected_action": [old.pk]})
    assert response.status_code == 302
    assert ArticleTranslation.objects.get(article=article).title == "Fees v1"
    assert ArticleRevision.objects.first().author == editor


@pytest.mark.parametrize("model", ["category", "article", "articlerevision", "articlefeedback", "searchlog"])
def test_admin_lists_render(editor_client, kb_content, model):
    client, _ = editor_client
    assert client.get(f"/admin/knowledgebase/{model}/").status_code == 200
    assert Article.objects.exists()


def test_article_change_page_renders_with_translations(editor_client, kb_content):
    client, _ = editor_client
    article = Article.objects.get(slug="withdrawal-delayed")
    response = client.get(f"/admin/knowledgebase/article/{article.pk}/change/")
    assert response.status_code == 200
    assert "提现一直没到账怎么办" in response.content.decode()


def test_the_chinese_admin_names_the_knowledge_base_models_in_chinese(editor_client):
    client, _ = editor_client
    response = client.get("/admin/knowledgebase/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 200
    assert "文章" in html and "搜索记录" in html and "文章反馈" in html
    assert "Search logs" not in html and ">Articles<" not in html
