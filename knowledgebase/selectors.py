"""Knowledge-base reads for customers: categories, listings and one article, with their translations.

Every listing prefetches the translations (at most two per article) and picks the one to show in
Python, so a page costs a fixed number of queries whatever the number of articles.

Untranslated articles fall back to English: a customer reading Chinese still gets the answer, and
the page says it is not yet translated (``ArticleView.fallback``). Search itself (``search/``)
only matches the language searched in.
"""

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

from knowledgebase.models import Article, ArticleTranslation, Category
from supportdesk.languages import Language

FALLBACK_LANGUAGE = Language.EN
_LISTING_FIELDS = ("id", "article_id", "language", "title", "summary", "updated_at")


@dataclass(frozen=True)
class ArticleCard:
    """An article as listings show it: the translation picked for the reader's language."""

    article: Article
    translation: ArticleTranslation
    fallback: bool

    @property
    def slug(self) -> str:
        return self.article.slug

    @property
    def title(self) -> str:
        return self.translation.title

    @property
    def summary(self) -> str:
        return self.translation.summary


@dataclass(frozen=True)
class ArticleView:
    article: Article
    translation: ArticleTranslation
    fallback: bool
    languages: list[str] = field(default_factory=list)  # languages the article is written in
    related: list[ArticleCard] = field(default_factory=list)


def _pick(translations, language: str) -> tuple[ArticleTranslation | None, bool]:
    by_language = {t.language: t for t in translations}
    if language in by_language:
        return by_language[language], False
    if FALLBACK_LANGUAGE in by_language:
        return by_language[FALLBACK_LANGUAGE], True
    return None, False


def _public() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.PUBLISHED, visibility=Article.Visibility.PUBLIC)


def _with_listing_translations(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.prefetch_related(
        Prefetch("translations", queryset=ArticleTranslation.objects.only(*_LISTING_FIELDS), to_attr="kb_translations")
    )


def _cards(articles, language: str) -> list[ArticleCard]:
    cards = []
    for article in articles:
        translation, fallback = _pick(article.kb_translations, language)
        if translation is not None:
            cards.append(ArticleCard(article=article, translation=translation, fallback=fallback))
    return cards


def category_list() -> list[Category]:
    return list(Category.objects.filter(articles__in=_public()).distinct().order_by("position", "slug"))


def category_get(*, slug: str) -> Category:
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise Http404
    return category


def article_cards(
    *, language: str, category: Category | None = None, order: str = "title", limit: int | None = None
) -> list[ArticleCard]:
    """Public published articles for listings. ``order``: ``popular`` (views and helpful votes),
    ``recent`` (last updated) or ``title``."""
    articles = _public().select_related("category")
    if category is not None:
        articles = articles.filter(category=category)
    if order == "popular":
        articles = articles.order_by(
            (F("view_count") + 10 * F("helpful_count") - 10 * F("not_helpful_count")).desc(), "slug"
        )
    elif order == "recent":
        articles = articles.order_by("-updated_at", "slug")
    else:
        articles = articles.order_by("slug")
    if limit is not None:
        articles = articles[:limit]
    cards = _cards(_with_listing_translations(articles), language)
    if order == "title":
        cards.sort(key=lambda card: card.title.lower())
    return cards


def article_list_queryset(*, category_slug: str | None = None) -> QuerySet[Article]:
    """For the paginated API list; turn a page into cards with ``cards_for``."""
    articles = _public().select_related("category").order_by("category__position", "slug")
    if category_slug:
        articles = articles.filter(category__slug=category_slug)
    return _with_listing_translations(articles)


def article_cards_by_slug(
    *, slugs: list[str], language: str, category_slug: str | None = None
) -> dict[str, ArticleCard]:
    """Cards for search hits (one query and one prefetch), keyed by slug; ``category_slug`` filters."""
    articles = _public().select_related("category").filter(slug__in=slugs)
    if category_slug:
        articles = articles.filter(category__slug=category_slug)
    return {card.slug: card for card in _cards(_with_listing_translations(articles), language)}


def cards_for(articles, *, language: str) -> list[ArticleCard]:
    return _cards(articles, language)


def article_get_public(*, slug: str, language: str) -> ArticleView:
    """One public published article in ``language`` (or English, flagged ``fallback``), with its
    related articles. Drafts, archived and internal articles are a 404."""
    article = (
        _public()
        .select_related("category")
        .prefetch_related(
            Prefetch("translations", to_attr="kb_translations"),
            Prefetch(
                "related",
                queryset=_with_listing_translations(_public().order_by("slug")),
                to_attr="kb_related",
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if article is None:
        raise Http404
    translation, fallback = _pick(article.kb_translations, language)
    if translation is None:
        raise Http404
    return ArticleView(
        article=article,
        translation=translation,
        fallback=fallback,
        languages=sorted(t.language for t in article.kb_translations),
        related=_cards(article.kb_related, language),
    )


def article_get_for_feedback(*, slug: str) -> Article:
    article = _public().filter(slug=slug).first()
    if article is None:
        raise Http404
    return article
