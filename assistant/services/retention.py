"""Abandoned conversations are closed; old ones are purged with their messages.

Both are set-based and safe to run twice: closing is a conditional UPDATE on the open states and
the idle cut-off, purging a DELETE by age in bounded batches (a ticket keeps its own copy of the
transcript, so purging a conversation never loses what a person needs)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from assistant.models import Conversation

State = Conversation.State
PURGE_BATCH = 1000


def conversations_close_idle(*, now: datetime) -> int:
    """Close conversations with nobody's message for ``ASSISTANT_IDLE_CLOSE_MINUTES``; returns how many."""
    cutoff = now - timedelta(minutes=settings.ASSISTANT_IDLE_CLOSE_MINUTES)
    # A conversation a live agent holds is the agent's to close: only the bot's and handed-over ones.
    open_states = [State.BOT, State.TICKET, State.WAITING_FOR_AGENT]
    return Conversation.objects.filter(state__in=open_states, last_activity_at__lt=cutoff).update(
        state=State.CLOSED, closed_at=now
    )


def conversations_purge(*, now: datetime, batch: int = PURGE_BATCH) -> int:
    """Delete conversations (and their messages) older than ``ASSISTANT_RETENTION_DAYS``."""
    cutoff = now - timedelta(days=settings.ASSISTANT_RETENTION_DAYS)
    old = Q(created_at__lt=cutoff) & Q(last_activity_at__lt=cutoff)
    total = 0
    while True:
        ids = list(Conversation.objects.filter(old).values_list("pk", flat=True)[:batch])
        if not ids:
            return total
        Conversation.objects.filter(pk__in=ids).delete()
        total += len(ids)
