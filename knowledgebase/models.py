"""Knowledge-base data: categories, articles, their translations and revisions, feedback, search logs.

No I/O here. The search index lives in backend-specific structures that migrations create and
``knowledgebase.search`` maintains: a weighted ``tsvector`` column with a GIN index (PostgreSQL)
or an FTS5 table (SQLite). The ``search_*`` columns below hold the tokenised text both are fed from.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from supportdesk.languages import Language


class Category(models.Model):
    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    icon = models.CharField(max_length=40, blank=True, help_text=_("Icon name"))
    name_en = models.CharField(max_length=100)
    name_zh_hans = models.CharField(max_length=100)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name_en

    def name(self, language: str) -> str:
        return self.name_zh_hans if language == Language.ZH_HANS else self.name_en


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Internal (agents only)")

    slug = models.SlugField(max_length=100, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    # Ticket-type slugs (a JSON list) rather than a foreign key: the knowledge base never imports tickets.
    ticket_types = models.JSONField(default=list, blank=True)
    related = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="related_from")
    helpful_count = models.PositiveIntegerField(default=0)
    not_helpful_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        indexes = [models.Index(fields=["status", "visibility", "category"], name="kb_article_listing")]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.slug


class ArticleTranslation(models.Model):
    # "kb_one_translation_per_language" leads with the article: no index of its own (tests/test_indexes.py).
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations", db_index=False)
    language = models.CharField(max_length=10, choices=Language.choices)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    keywords = models.TextField(blank=True, help_text=_("Comma-separated words customers search for"))
    body_markdown = models.TextField()
    body_html = models.TextField(blank=True, editable=False)
    # Derived by the service on every save: plain text for snippets, tokenised text for the index.
    body_text = models.TextField(blank=True, editable=False)
    search_title = models.TextField(blank=True, editable=False)
    search_keywords = models.TextField(blank=True, editable=False)
    search_summary = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "language"], name="kb_one_translation_per_language")]
        indexes = [models.Index(fields=["language", "article"], name="kb_translation_language")]
        verbose_name = _("article translation")
        verbose_name_plural = _("article translations")

    def __str__(self) -> str:
        return f"{self.article.slug} [{self.language}]"

    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class ArticleRevision(models.Model):
    translation = models.ForeignKey(ArticleTranslation, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    body_markdown = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("article revision")
        verbose_name_plural = _("article revisions")

    def __str__(self) -> str:
        return f"{self.translation} @ {self.created_at:%Y-%m-%d %H:%M}"


class ArticleFeedback(models.Model):
    # "kb_one_vote_per_visitor" leads with the article: no index of its own (tests/test_indexes.py).
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback", db_index=False)
    language = models.CharField(max_length=10, choices=Language.choices)
    helpful = models.BooleanField()
    reason = models.TextField(blank=True, max_length=1000)
    # A keyed hash of the visitor (user id or session), never the raw identifier.
    visitor_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "visitor_hash"], name="kb_one_vote_per_visitor")]
        indexes = [models.Index(fields=["helpful", "created_at"], name="kb_feedback_helpful")]
        verbose_name = _("article feedback")
        verbose_name_plural = _("article feedback")

    def __str__(self) -> str:
        return f"{self.article.slug}: {'+' if self.helpful else '-'}"


class SearchLog(models.Model):
    class Source(models.TextChoices):
        HELP_CENTRE = "help_centre", _("Help centre search")
        TICKET_FORM = "ticket_form", _("Ticket form suggestion")
        API = "api", _("API")

    query = models.CharField(max_length=200)
    language = models.CharField(max_length=10, choices=Language.choices)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.HELP_CENTRE)
    result_count = models.PositiveSmallIntegerField()
    clicked_article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Set when the browser session that opened this search's result went on to file a ticket; an opened
    # ticket-form suggestion without it is a deflection (see knowledgebase.analytics).
    ticket_filed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], name="kb_searchlog_created"),
            models.Index(fields=["result_count", "created_at"], name="kb_searchlog_gaps"),
            models.Index(fields=["source", "created_at"], name="kb_searchlog_source"),
        ]
        verbose_name = _("search log")
        verbose_name_plural = _("search logs")

    def __str__(self) -> str:
        return self.query


class SearchDocument(models.Model):
    """One translation's row in PostgreSQL's search index, written by ``knowledgebase.search``.

    Narrow on purpose: ranking reads only these rows, never the wide translation rows. ``doc`` is
    the weighted vector of title (A), keywords (B), summary (C) and body (D), GIN-indexed and kept
    out of line; ``head`` its A-C part, inline, for the cheap first ranking pass; ``typo`` the
    lower-cased title and keywords for trigram matching. Storage settings and indexes are
    PostgreSQL's (migration 0004); on SQLite the table stays empty (FTS5 serves search there).
    """

    translation = models.OneToOneField(ArticleTranslation, primary_key=True, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    head = SearchVectorField()
    doc = SearchVectorField()
    typo = models.TextField()

    def __str__(self) -> str:
        return str(self.translation_id)
