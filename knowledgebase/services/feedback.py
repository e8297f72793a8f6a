"""What visitors tell us: helpful votes (with a reason), searches, the results they open, and whether
they filed a ticket after all (deflection)."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from knowledgebase.models import Article, ArticleFeedback, SearchLog
from safety.guard import redact

# How many opened search results one browser session remembers until it files a ticket.
SEARCH_LOG_IDS_MAX = 20


def visitor_hash(identifier: str) -> str:
    """A keyed hash of a visitor identifier (``user:<id>`` or ``session:<key>``) for one-vote-per-visitor;
    the raw identifier is never stored."""
    return salted_hmac("knowledgebase.feedback.visitor", identifier, algorithm="sha256").hexdigest()


@transaction.atomic
def article_feedback_record(
    *, article: Article, language: str, helpful: bool, visitor_hash: str, reason: str = ""
) -> ArticleFeedback:
    """Record a visitor's vote: one per visitor per article; voting again changes the vote.

    The article's counters follow the votes (moved with ``F()`` under a row lock on the vote). The
    reason passes the secret guard first: a seed phrase, key, password or code typed into "what was
    missing?" is stored as ``[redacted: <kind>]`` (the caller tells the visitor with ``scan``'s kinds).
    """
    reason = redact(reason.strip()[:1000])
    feedback = ArticleFeedback.objects.select_for_update().filter(article=article, visitor_hash=visitor_hash).first()
    if feedback is None:
        try:
            with transaction.atomic():
                feedback = ArticleFeedback.objects.create(
                    article=article, language=language, helpful=helpful, reason=reason, visitor_hash=visitor_hash
                )
        except IntegrityError:  # the same visitor voting twice at once: the other request won
            return ArticleFeedback.objects.get(article=article, visitor_hash=visitor_hash)
        counter = "helpful_count" if helpful else "not_helpful_count"
        Article.objects.filter(pk=article.pk).update(**{counter: F(counter) + 1})
        return feedback
    if feedback.helpful != helpful:
        up, down = ("helpful_count", "not_helpful_count") if helpful else ("not_helpful_count", "helpful_count")
        Article.objects.filter(pk=article.pk).update(**{up: F(up) + 1, down: F(down) - 1})
    # A changed vote drops the old reason (it explained the other vote); the same vote keeps it unless replaced.
    feedback.reason = reason or (feedback.reason if feedback.helpful == helpful else "")
    feedback.helpful, feedback.language = helpful, language
    feedback.save(update_fields=["helpful", "language", "reason", "updated_at"])
    return feedback


def search_log_record(
    *, query: str, language: str, result_count: int, source: str = SearchLog.Source.HELP_CENTRE
) -> SearchLog:
    if source not in SearchLog.Source.values:
        raise ValueError(f"unknown search source: {source}")
    return SearchLog.objects.create(
        query=query[:200], language=language, source=source, result_count=min(result_count, 32767)
    )


def search_log_click(*, search_log_id: int, article: Article) -> None:
    SearchLog.objects.filter(pk=search_log_id, clicked_article__isnull=True).update(clicked_article=article)


def search_logs_mark_ticket_filed(*, search_log_ids: list[int], now: datetime) -> int:
    """The session that opened these searches' results has filed a ticket: they did not deflect it.

    One UPDATE; only opened results not already marked and searched before ``now`` change (the ids come
    from the session, so a stale or foreign id matches nothing). Returns how many rows changed.
    """
    ids = [value for value in search_log_ids if isinstance(value, int) and not isinstance(value, bool)]
    if not ids:
        return 0
    return SearchLog.objects.filter(
        pk__in=ids[:SEARCH_LOG_IDS_MAX],
        clicked_article__isnull=False,
        ticket_filed_at__isnull=True,
        created_at__lte=now,
    ).update(ticket_filed_at=now)
