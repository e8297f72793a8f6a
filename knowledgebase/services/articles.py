"""Article writes: a translation's content (with its revision and the search index), restores and views."""

from django.db import transaction
from django.db.models import F

from knowledgebase import search
from knowledgebase.markdown import html_to_text, render_markdown
from knowledgebase.models import Article, ArticleRevision, ArticleTranslation, Language

_SNAPSHOT_FIELDS = ("title", "summary", "keywords", "body_markdown")


@transaction.atomic
def article_translation_save(
    *,
    article: Article,
    language: str,
    title: str,
    body_markdown: str,
    summary: str = "",
    keywords: str = "",
    author=None,
) -> ArticleTranslation:
    """Create or update ``article``'s translation in ``language``.

    Renders and sanitises the body, refreshes the search fields and the index, and writes a
    revision (author and time) whenever the content changed. Saving identical content is a no-op.
    """
    if language not in Language.values:
        raise ValueError(f"unsupported language: {language}")
    translation = ArticleTranslation.objects.select_for_update().filter(
        article=article, language=language
    ).first() or ArticleTranslation(article=article, language=language)
    content = {
        "title": title.strip(),
        "summary": summary.strip(),
        "keywords": keywords.strip(),
        "body_markdown": body_markdown,
    }
    if translation.pk and all(getattr(translation, field) == value for field, value in content.items()):
        return translation
    for field, value in content.items():
        setattr(translation, field, value)
    translation.body_html = render_markdown(body_markdown)
    translation.body_text = html_to_text(translation.body_html)
    for field, value in search.index_fields(translation).items():
        setattr(translation, field, value)
    translation.save()
    ArticleRevision.objects.create(translation=translation, author=author, **content)
    search.index_translation(translation)
    Article.objects.filter(pk=article.pk).update(updated_at=translation.updated_at)
    return translation


def article_revision_restore(*, revision: ArticleRevision, author=None) -> ArticleTranslation:
    """Make ``revision`` the current content of its translation (itself recorded as a new revision)."""
    translation = revision.translation
    return article_translation_save(
        article=translation.article,
        language=translation.language,
        author=author,
        **{field: getattr(revision, field) for field in _SNAPSHOT_FIELDS},
    )


def article_view_record(*, article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
