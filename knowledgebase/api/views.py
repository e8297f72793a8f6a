"""The knowledge-base REST API: list/search, one article, and "was this helpful?".

Open to anyone (``AllowAny``) and throttled. Only public, published articles are visible;
internal articles and drafts are a 404. Each view parses input with its own serializer, calls a
selector, ``search.article_search`` or one service, and shapes output with another serializer.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from knowledgebase import selectors, services
from knowledgebase import views as pages
from knowledgebase.models import SearchLog
from safety.guard import scan, warnings_for
from supportdesk.api.pagination import BoundedPageNumberPagination
from supportdesk.api.schema import error_responses
from supportdesk.api.throttling import LimitThrottle
from supportdesk.languages import Language

# The languages articles are written in, as a pattern so the schema names no second "language" enum.
LANG_PATTERN = r"^(?:" + "|".join(Language.values) + r")$"
# How many ranked results a search can page through.
SEARCH_LIMIT = 50


def _errors(*codes: int) -> dict:
    return error_responses(*codes, e400="Invalid input: `errors` per field.", e404="No such public, published article.")


class _LanguageSerializer(serializers.Serializer):
    lang = serializers.RegexField(
        LANG_PATTERN,
        max_length=10,
        required=False,
        error_messages={"invalid": _("Choose en or zh-hans.")},
        help_text="`en` or `zh-hans`; defaults to the request's language (`Accept-Language`), else English.",
    )

    def language(self) -> str:
        return self.validated_data.get("lang") or pages.current_language()


class _CategorySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class _RelatedSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    url = serializers.URLField()


def _category(category, language: str) -> dict:
    return {"slug": category.slug, "name": category.name(language)}


class ArticleListApi(APIView):
    permission_classes = [AllowAny]
    # Read by drf-spectacular to document the paginated envelope and its query parameters.
    pagination_class = BoundedPageNumberPagination

    class FilterSerializer(_LanguageSerializer):
        q = serializers.CharField(
            max_length=pages.SEARCH_MAX_LENGTH,
            required=False,
            allow_blank=True,
            help_text="Search words, in the language of `lang`. Without it, all articles are listed.",
        )
        category = serializers.SlugField(max_length=50, required=False, allow_blank=True, help_text="Category slug.")
        source = serializers.ChoiceField(
            choices=[SearchLog.Source.TICKET_FORM.value],
            required=False,
            help_text=(
                "`ticket_form` when the search suggests articles while a customer writes a ticket: "
                "opening one is then counted for deflection. Omit otherwise."
            ),
        )

    class ArticleItemSerializer(serializers.Serializer):
        slug = serializers.SlugField()
        title = serializers.CharField()
        url = serializers.URLField(help_text="The article page (carries a click-tracking token for search results).")
        summary = serializers.CharField()
        category = _CategorySerializer()
        language = serializers.CharField(help_text="The text's language (`en`, `zh-hans`): English when untranslated.")
        score = serializers.FloatField(allow_null=True, help_text="Relevance, when searching; null otherwise.")
        snippet = serializers.CharField(
            allow_null=True,
            help_text="When searching: escaped HTML text with the matched words in `<mark>`; null otherwise.",
        )

    @extend_schema(
        operation_id="kb_articles_list",
        parameters=[FilterSerializer],
        responses={200: ArticleItemSerializer(many=True), **_errors(400, 429)},
        description=(
            "With `q`: the published public articles answering it, best first (at most "
            f"{SEARCH_LIMIT}), each with `score` and a highlighted `snippet`; the search is logged for editors. "
            "Without `q`: all published public articles, by category. Untranslated articles are listed in English."
        ),
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        language = filters.language()
        query = filters.validated_data.get("q", "").strip()
        category = filters.validated_data.get("category") or None
        source = filters.validated_data.get("source") or SearchLog.Source.API
        paginator = self.pagination_class()
        if query:
            hits, log_id = pages.search_run(query, language=language, limit=SEARCH_LIMIT, source=source)
            cards = selectors.article_cards_by_slug(
                slugs=[hit.slug for hit in hits], language=language, category_slug=category
            )
            page = paginator.paginate_queryset([hit for hit in hits if hit.slug in cards], request, view=self)
            suggestion = source == SearchLog.Source.TICKET_FORM
            items = [
                self._item(
                    request,
                    cards[hit.slug],
                    language,
                    score=hit.score,
                    snippet=hit.snippet_html,
                    log_id=log_id,
                    suggestion=suggestion,
                )
                for hit in page
            ]
        else:
            articles = selectors.article_list_queryset(category_slug=category)
            page = paginator.paginate_queryset(articles, request, view=self)
            items = [self._item(request, card, language) for card in selectors.cards_for(page, language=language)]
        return paginator.get_paginated_response(self.ArticleItemSerializer(items, many=True).data)

    @staticmethod
    def _item(request, card, language, *, score=None, snippet=None, log_id=None, suggestion=False) -> dict:
        url = pages.article_url(card.slug, language=language, search_log_id=log_id, suggestion=suggestion)
        return {
            "slug": card.slug,
            "title": card.title,
            "url": request.build_absolute_uri(url),
            "summary": card.summary,
            "category": _category(card.article.category, language),
            "language": card.translation.language,
            "score": round(score, 4) if score is not None else None,
            "snippet": str(snippet) if snippet is not None else None,
        }


class ArticleDetailApi(APIView):
    permission_classes = [AllowAny]

    class ArticleDetailSerializer(serializers.Serializer):
        slug = serializers.SlugField()
        language = serializers.CharField(help_text="The language of the text returned: `en` or `zh-hans`.")
        translated = serializers.BooleanField(
            help_text="False when the requested language has no translation yet and the English text is returned."
        )
        languages = serializers.ListField(child=serializers.CharField(), help_text="Languages the article exists in.")
        title = serializers.CharField()
        summary = serializers.CharField()
        body_html = serializers.CharField(help_text="Sanitised HTML rendered from the Markdown body.")
        category = _CategorySerializer()
        url = serializers.URLField()
        updated_at = serializers.DateTimeField()
        helpful_count = serializers.IntegerField()
        not_helpful_count = serializers.IntegerField()
        related = _RelatedSerializer(many=True)

    @extend_schema(
        operation_id="kb_articles_retrieve",
        parameters=[_LanguageSerializer],
        responses={200: ArticleDetailSerializer, **_errors(400, 404, 429)},
        description="One published public article; internal articles and drafts are a 404.",
    )
    def get(self, request, slug: str):
        params = _LanguageSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        language = params.language()
        view = selectors.article_get_public(slug=slug, language=language)
        article, translation = view.article, view.translation
        data = {
            "slug": article.slug,
            "language": translation.language,
            "translated": not view.fallback,
            "languages": view.languages,
            "title": translation.title,
            "summary": translation.summary,
            "body_html": translation.body_html,
            "category": _category(article.category, language),
            "url": request.build_absolute_uri(pages.article_url(article.slug, language=language)),
            "updated_at": translation.updated_at,
            "helpful_count": article.helpful_count,
            "not_helpful_count": article.not_helpful_count,
            "related": [
                {
                    "slug": card.slug,
                    "title": card.title,
                    "url": request.build_absolute_uri(pages.article_url(card.slug, language=language)),
                }
                for card in view.related
            ],
        }
        return Response(self.ArticleDetailSerializer(data).data)


class ArticleFeedbackApi(APIView):
    """One vote per visitor per article (the signed-in user, else the session); voting again replaces it."""

    permission_classes = [AllowAny]
    # The page's "was this helpful?" form draws on the same allowance (supportdesk.limits).
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, LimitThrottle]
    throttle_scope = "kb_feedback"

    class ArticleFeedbackSerializer(serializers.Serializer):
        helpful = serializers.BooleanField(help_text="Did the article answer the question?")
        reason = serializers.CharField(
            max_length=pages.REASON_MAX_LENGTH,
            required=False,
            allow_blank=True,
            default="",
            help_text="Optional: what was missing or wrong.",
        )
        lang = serializers.RegexField(
            LANG_PATTERN,
            max_length=10,
            required=False,
            error_messages={"invalid": _("Choose en or zh-hans.")},
            help_text="The language read: `en` or `zh-hans`.",
        )

    class ArticleFeedbackOutputSerializer(serializers.Serializer):
        slug = serializers.SlugField()
        helpful = serializers.BooleanField()
        reason = serializers.CharField(help_text="As stored: secrets replaced by `[redacted: <kind>]`.")
        warnings = serializers.ListField(
            child=serializers.DictField(), help_text="`secret_redacted` warnings for what the guard removed."
        )

    @extend_schema(
        operation_id="kb_articles_feedback_create",
        request=ArticleFeedbackSerializer,
        responses={200: ArticleFeedbackOutputSerializer, **_errors(400, 404, 429)},
        description=(
            "Record whether the article helped. One vote per visitor per article: the signed-in user, otherwise "
            "the browser session (keep the session cookie). Voting again replaces the earlier vote (200 again)."
        ),
    )
    def post(self, request, slug: str):
        serializer = self.ArticleFeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = selectors.article_get_for_feedback(slug=slug)
        feedback = services.article_feedback_record(
            article=article,
            language=serializer.validated_data.get("lang") or pages.current_language(),
            helpful=serializer.validated_data["helpful"],
            reason=serializer.validated_data["reason"],
            visitor_hash=pages.visitor_hash_for(request),
        )
        warnings = warnings_for(scan(serializer.validated_data["reason"]).kinds)
        return Response(
            self.ArticleFeedbackOutputSerializer({"slug": article.slug, "warnings": warnings, **vars(feedback)}).data
        )
