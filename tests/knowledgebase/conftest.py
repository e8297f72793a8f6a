import pytest


@pytest.fixture
def category(db):
    from knowledgebase.models import Category

    return Category.objects.create(slug="general", name_en="General", name_zh_hans="常规")


@pytest.fixture
def make_article(category):
    from knowledgebase.models import Article
    from knowledgebase.services import article_translation_save

    def make(slug, *, title, body="Some help text.", language="en", keywords="", summary="", **fields):
        fields.setdefault("status", Article.Status.PUBLISHED)
        article, _ = Article.objects.get_or_create(slug=slug, defaults={"category": category, **fields})
        article_translation_save(
            article=article, language=language, title=title, body_markdown=body, keywords=keywords, summary=summary
        )
        return article

    return make
