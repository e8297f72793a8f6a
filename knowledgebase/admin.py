"""Editors' admin for the knowledge base. Translation edits and restores go through the services,
so every change renders the HTML, refreshes the search index and leaves a revision with its author."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from knowledgebase import analytics
from knowledgebase.models import (
    Article,
    ArticleFeedback,
    ArticleRevision,
    ArticleTranslation,
    Category,
    Language,
    SearchLog,
)
from knowledgebase.services import article_revision_restore, article_translation_save
from supportdesk.admin_base import ConfigurationAdmin, ScopedModelAdmin


def _reading_language() -> str:
    """The language the editor reads the admin in, as the knowledge base names it."""
    return get_language() if get_language() in Language.values else Language.EN


@admin.register(Category)
class CategoryAdmin(ConfigurationAdmin, ScopedModelAdmin):
    list_display = ["slug", "name_en", "name_zh_hans", "icon", "position"]
    list_editable = ["position"]


class ArticleTranslationInline(admin.StackedInline):
    model = ArticleTranslation
    fields = ["language", "title", "summary", "keywords", "body_markdown", "updated_at"]
    readonly_fields = ["updated_at"]
    extra = 0
    max_num = 2


@admin.register(Article)
class ArticleAdmin(ScopedModelAdmin):
    # Listed by title in the reader's language (English when the article has no translation in it);
    # the slug is the URL's part, shown small under the title.
    list_display = ["title", "category_name", "status_label", "visibility_label", "helpful", "not_helpful", "views"]
    list_display_links = ["title"]
    list_filter = ["status", "visibility", "category"]
    search_fields = ["slug", "translations__title"]
    filter_horizontal = ["related"]
    readonly_fields = ["helpful_count", "not_helpful_count", "view_count", "created_at", "updated_at"]
    inlines = [ArticleTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category").prefetch_related("translations")

    @admin.display(description=_("title"))
    def title(self, article):
        titles = {translation.language: translation.title for translation in article.translations.all()}
        title = titles.get(_reading_language()) or titles.get(Language.EN) or article.slug
        return format_html('{}<br><span class="quiet">{}</span>', title, article.slug)

    @admin.display(description=_("category"), ordering="category__position")
    def category_name(self, article):
        return article.category.name(_reading_language())

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        return article.get_status_display()

    @admin.display(description=_("visibility"), ordering="visibility")
    def visibility_label(self, article):
        return article.get_visibility_display()

    @admin.display(description=_("helpful"), ordering="helpful_count")
    def helpful(self, article):
        return article.helpful_count

    @admin.display(description=_("not helpful"), ordering="not_helpful_count")
    def not_helpful(self, article):
        return article.not_helpful_count

    @admin.display(description=_("views"), ordering="view_count")
    def views(self, article):
        return article.view_count

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_analytics"
        view = self.admin_site.admin_view(self.analytics_view)
        # Before the model's own URLs: "<path:object_id>/" would otherwise take "analytics/".
        return [path("analytics/", view, name=name), *super().get_urls()]

    def analytics_view(self, request):
        """Content gaps, least helpful articles, views and deflections, for whoever may view articles."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        days = analytics.period_days(request.GET.get("days"))
        language = _reading_language()
        data = analytics.article_analytics(days=days, now=timezone.now(), language=language)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Knowledge-base analytics"),
            "data": data,
            "extra_sections": analytics.extra_sections(since=data.since, until=data.until),
            "periods": analytics.PERIODS,
            "settle_minutes": int(analytics.DEFLECTION_SETTLE.total_seconds() // 60),
        }
        return TemplateResponse(request, "admin/knowledgebase/article/analytics.html", context)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ArticleTranslation:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # collects deleted_objects; the writes themselves go through the service
        for obj in formset.deleted_objects:
            obj.delete()
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None)
            if not data or data.get("DELETE") or not inline_form.has_changed():
                continue
            article_translation_save(
                article=form.instance,
                language=data["language"],
                title=data["title"],
                summary=data.get("summary", ""),
                keywords=data.get("keywords", ""),
                body_markdown=data["body_markdown"],
                author=request.user,
            )
        return None


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(ScopedModelAdmin):
    list_display = ["translation", "title", "author", "created_at"]
    list_filter = ["translation__language"]
    search_fields = ["translation__article__slug", "title"]
    list_select_related = ["translation__article", "author"]
    readonly_fields = ["translation", "author", "created_at", "title", "summary", "keywords", "body_markdown"]
    actions = ["restore"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Restore the selected revision"), permissions=["change"])
    def restore(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one revision."), messages.ERROR)
            return
        article_revision_restore(revision=queryset.get(), author=request.user)


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(ScopedModelAdmin):
    list_display = ["article", "language", "helpful", "reason", "created_at"]
    list_filter = ["helpful", "language"]
    list_select_related = ["article"]
    readonly_fields = ["article", "language", "helpful", "reason", "visitor_hash", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(SearchLog)
class SearchLogAdmin(ScopedModelAdmin):
    list_display = ["query", "language", "source", "result_count", "clicked_article", "ticket_filed_at", "created_at"]
    list_filter = [
        "source",
        "language",
        ("clicked_article", admin.EmptyFieldListFilter),
        ("ticket_filed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["query"]
    list_select_related = ["clicked_article"]
    readonly_fields = [
        "query",
        "language",
        "source",
        "result_count",
        "clicked_article",
        "ticket_filed_at",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False
