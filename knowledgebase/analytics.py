"""Editors' analytics: content gaps, the least helpful articles, views and deflections.

Reads only, and every figure is an SQL aggregate: a handful of queries whatever the number of
searches or votes. Python touches only the top-N rows each section returns.

Rules, stated once:

- **Content gaps** come from help-centre and API searches. Ticket-form suggestions are left out:
  they are logged while the customer is still typing the title, so their prefixes ("withdr")
  would crowd out what people actually asked.
- **Votes** count in the period in which they were last cast (a changed vote moves).
- **Views** are the articles' all-time counters: page views are not logged per day.
- **A deflection** is a ticket-form suggestion that was opened and after which the same browser
  session filed no ticket. It is counted once the suggestion is ``DEFLECTION_SETTLE`` old, so a
  customer who reads the article and files the ticket five minutes later never counts as
  deflected; younger ones are shown as "still open". The rate is deflections / suggestions
  opened, over the same settled rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import Lower, RowNumber, Trim

from knowledgebase.models import Article, ArticleFeedback, ArticleTranslation, SearchLog
from supportdesk.languages import Language

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
TOP = 20
REASONS_PER_ARTICLE = 3
MIN_NOT_HELPFUL = 1
DEFLECTION_SETTLE = timedelta(hours=1)


# Sections an app above the knowledge base adds to this page (the assistant's containment and
# content gaps) without the knowledge base importing it: callables ``(since=, until=)`` returning
# ``{"template": ..., "data": ...}``, registered from the other app's ``AppConfig.ready``.
EXTRA_SECTIONS: list[Callable[..., dict]] = []


def register_section(provider: Callable[..., dict]) -> Callable[..., dict]:
    if provider not in EXTRA_SECTIONS:
        EXTRA_SECTIONS.append(provider)
    return provider


def extra_sections(*, since: datetime, until: datetime) -> list[dict]:
    return [provider(since=since, until=until) for provider in EXTRA_SECTIONS]


def period_days(value) -> int:
    """The ``?days=`` of the page: one of ``PERIODS``, anything else the default."""
    try:
        days = int(str(value)[:3])
    except (TypeError, ValueError):
        return DEFAULT_PERIOD
    return days if days in PERIODS else DEFAULT_PERIOD


@dataclass
class DeflectionFigures:
    suggestions_shown: int = 0
    suggestions_opened: int = 0
    deflections: int = 0
    still_open: int = 0
    by_article: list[dict] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.deflections / self.suggestions_opened if self.suggestions_opened else None


@dataclass
class Analytics:
    since: datetime
    until: datetime
    days: int
    no_results: list[dict]
    no_click: list[dict]
    least_helpful: list[dict]
    most_viewed: list[dict]
    deflections: DeflectionFigures


def _gap_searches(*, since: datetime) -> QuerySet[SearchLog]:
    return SearchLog.objects.filter(created_at__gte=since).exclude(source=SearchLog.Source.TICKET_FORM)


def _top_queries(searches: QuerySet[SearchLog], *, limit: int) -> list[dict]:
    """The same words in any case and with stray spaces are one query."""
    return list(
        searches.annotate(normalised=Lower(Trim("query")))
        .values("normalised", "language")
        .annotate(count=Count("id"), last_searched=Max("created_at"))
        .order_by("-count", "normalised", "language")[:limit]
    )


def searches_without_results(*, since: datetime, limit: int = TOP) -> list[dict]:
    """``[{normalised, language, count, last_searched}]``, most frequent first."""
    return _top_queries(_gap_searches(since=since).filter(result_count=0), limit=limit)


def searches_without_click(*, since: datetime, limit: int = TOP) -> list[dict]:
    """Searches that found articles none of which was opened: the titles or snippets did not convince."""
    searches = _gap_searches(since=since).filter(result_count__gt=0, clicked_article__isnull=True)
    return _top_queries(searches, limit=limit)


def least_helpful_articles(*, since: datetime, limit: int = TOP, reasons: int = REASONS_PER_ARTICLE) -> list[dict]:
    """Articles with at least ``MIN_NOT_HELPFUL`` "not helpful" votes cast in the period, most first:
    ``[{article_id, slug, helpful, not_helpful, ratio, reasons: [{reason, language, updated_at}]}]``."""
    rows = list(
        ArticleFeedback.objects.filter(updated_at__gte=since)
        .values("article_id", slug=F("article__slug"))
        # Named apart from the ``helpful`` column: an annotation of the same name would shadow it in the filters.
        .annotate(
            yes_votes=Count("id", filter=Q(helpful=True)),
            no_votes=Count("id", filter=Q(helpful=False)),
        )
        .filter(no_votes__gte=MIN_NOT_HELPFUL)
        # For the same number of "not helpful" votes, fewer "helpful" ones is the worse ratio.
        .order_by("-no_votes", "yes_votes", "slug")[:limit]
    )
    for row in rows:
        row["helpful"], row["not_helpful"] = row.pop("yes_votes"), row.pop("no_votes")
        row["ratio"] = row["not_helpful"] / (row["helpful"] + row["not_helpful"])
    latest = (
        ArticleFeedback.objects.filter(
            article_id__in=[row["article_id"] for row in rows], helpful=False, updated_at__gte=since
        )
        .exclude(reason="")
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("article_id")], order_by=[F("updated_at").desc(), F("id").desc()]
            )
        )
        .filter(position__lte=reasons)
        .order_by("article_id", "position")
        .values("article_id", "reason", "language", "updated_at")
    )
    by_article: dict[int, list[dict]] = {}
    for reason in latest if rows else ():
        by_article.setdefault(reason["article_id"], []).append(reason)
    for row in rows:
        row["reasons"] = by_article.get(row["article_id"], [])
    return rows


def most_viewed_articles(*, limit: int = TOP) -> list[dict]:
    """``[{article_id, slug, status(_label), visibility(_label), views, helpful, not_helpful}]`` by all-time views."""
    rows = list(
        Article.objects.filter(view_count__gt=0)
        .order_by("-view_count", "slug")
        .values(
            "slug",
            "status",
            "visibility",
            article_id=F("id"),
            views=F("view_count"),
            helpful=F("helpful_count"),
            not_helpful=F("not_helpful_count"),
        )[:limit]
    )
    for row in rows:
        row["status_label"] = Article.Status(row["status"]).label
        row["visibility_label"] = Article.Visibility(row["visibility"]).label
    return rows


def deflection_figures(*, since: datetime, now: datetime, limit: int = TOP) -> DeflectionFigures:
    """Ticket-form suggestions searched since ``since``; see the module docstring for the rule."""
    settled_before = now - DEFLECTION_SETTLE
    suggestions = SearchLog.objects.filter(source=SearchLog.Source.TICKET_FORM, created_at__gte=since)
    opened = Q(clicked_article__isnull=False)
    settled = Q(created_at__lte=settled_before)
    not_filed = Q(ticket_filed_at__isnull=True)
    totals = suggestions.aggregate(
        shown=Count("id", filter=Q(result_count__gt=0) & settled),
        opened=Count("id", filter=opened & settled),
        deflected=Count("id", filter=opened & settled & not_filed),
        still_open=Count("id", filter=opened & Q(created_at__gt=settled_before) & not_filed),
    )
    by_article = list(
        suggestions.filter(opened & settled)
        .values(article_id=F("clicked_article_id"), slug=F("clicked_article__slug"))
        .annotate(opened=Count("id"), deflected=Count("id", filter=not_filed))
        .order_by("-deflected", "-opened", "slug")[:limit]
    )
    for row in by_article:
        row["rate"] = row["deflected"] / row["opened"]
    return DeflectionFigures(
        suggestions_shown=totals["shown"],
        suggestions_opened=totals["opened"],
        deflections=totals["deflected"],
        still_open=totals["still_open"],
        by_article=by_article,
    )


def _attach_titles(rows: list[dict], *, language: str) -> None:
    """Each row's article title in ``language``, else English, else any (one query for all sections)."""
    ids = {row["article_id"] for row in rows}
    if not ids:
        return
    preference = {language: 0, Language.EN: 1}
    titles: dict[int, tuple[int, str]] = {}
    for translation in ArticleTranslation.objects.filter(article_id__in=ids).values("article_id", "language", "title"):
        rank = preference.get(translation["language"], 2)
        current = titles.get(translation["article_id"])
        if current is None or rank < current[0]:
            titles[translation["article_id"]] = (rank, translation["title"])
    for row in rows:
        row["title"] = titles.get(row["article_id"], (0, ""))[1]


def article_analytics(*, days: int, now: datetime, language: str = Language.EN, limit: int = TOP) -> Analytics:
    """Everything the editors' analytics page shows for the ``days`` before ``now``."""
    since = now - timedelta(days=days)
    analytics = Analytics(
        since=since,
        until=now,
        days=days,
        no_results=searches_without_results(since=since, limit=limit),
        no_click=searches_without_click(since=since, limit=limit),
        least_helpful=least_helpful_articles(since=since, limit=limit),
        most_viewed=most_viewed_articles(limit=limit),
        deflections=deflection_figures(since=since, now=now, limit=limit),
    )
    _attach_titles(
        [*analytics.least_helpful, *analytics.most_viewed, *analytics.deflections.by_article], language=language
    )
    return analytics
