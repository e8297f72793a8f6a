"""Reads: a conversation by its key, its transcript, a customer's conversations, content gaps and
containment. Holding the conversation id is the permission to read it (the contract's rule)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower, Trim

from assistant.models import Conversation, Message

# Zendesk's rule: an automated resolution counts once this long has passed without a new contact.
CONTAINMENT_WINDOW = timedelta(hours=72)
MAX_ID_LENGTH = 64


def conversation_get(*, public_id: str) -> Conversation | None:
    """The conversation whose key is ``public_id``, or None (malformed, unknown or purged alike)."""
    if not public_id or len(public_id) > MAX_ID_LENGTH:
        return None
    return Conversation.objects.select_related("ticket").filter(public_id=public_id).first()


def conversation_transcript(*, conversation: Conversation, after: int | None = None) -> QuerySet[Message]:
    """Its messages, oldest first; only those newer than message ``after`` when given."""
    messages = Message.objects.filter(conversation=conversation)
    if after is not None:
        messages = messages.filter(id__gt=after)
    return messages.order_by("id")


def conversations_of(*, user, limit: int = 20) -> list[Conversation]:
    """A signed-in customer's conversations, newest first, with their first question."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    conversations = list(
        Conversation.objects.filter(customer=user).select_related("ticket").order_by("-created_at", "-id")[:limit]
    )
    firsts: dict[int, str] = {}
    for message in (
        Message.objects.filter(conversation__in=conversations, author=Message.Author.VISITOR)
        .order_by("conversation_id", "id")
        .values("conversation_id", "body")
    ):
        firsts.setdefault(message["conversation_id"], message["body"])
    for conversation in conversations:
        conversation.first_question = firsts.get(conversation.pk, "")
    return conversations


def content_gaps(*, since: datetime, limit: int = 20) -> list[dict]:
    """Questions the assistant had no good article for, or whose answer the visitor marked unhelpful:
    ``[{normalised, language, count, unhelpful, no_answer}]``, most frequent first."""
    gaps = Message.objects.filter(author=Message.Author.ASSISTANT, created_at__gte=since).exclude(query="")
    gaps = gaps.filter(Q(low_confidence=True) | Q(helpful=False))
    return list(
        gaps.annotate(normalised=Lower(Trim("query")))
        .values("normalised", language=Lower("conversation__language"))
        .annotate(
            count=Count("id"),
            unhelpful=Count("id", filter=Q(helpful=False)),
            no_answer=Count("id", filter=Q(low_confidence=True)),
        )
        .order_by("-count", "normalised")[:limit]
    )


@dataclass(frozen=True)
class Containment:
    conversations: int  # settled: started at least 72 hours before the end of the period
    contained: int

    @property
    def rate(self) -> float | None:
        return self.contained / self.conversations if self.conversations else None


def containment(*, since: datetime, now: datetime) -> Containment:
    """Conversations the assistant resolved alone, the way Zendesk counts them: no handoff, no
    ticket, and no new conversation from the same visitor within 72 hours. Only conversations at
    least 72 hours old count (younger ones may still come back)."""
    settled = Conversation.objects.filter(created_at__gte=since, created_at__lte=now - CONTAINMENT_WINDOW)
    came_back = Conversation.objects.filter(
        visitor_hash=OuterRef("visitor_hash"),
        created_at__gt=OuterRef("created_at"),
        created_at__lte=OuterRef("created_at") + CONTAINMENT_WINDOW,
    ).exclude(pk=OuterRef("pk"))
    handed = Q(handed_over_at__isnull=False) | Q(ticket__isnull=False)
    totals = settled.annotate(came_back=Exists(came_back)).aggregate(
        total=Count("id"),
        contained=Count("id", filter=~handed & Q(came_back=False) & ~Q(visitor_hash="")),
    )
    return Containment(conversations=totals["total"], contained=totals["contained"])
