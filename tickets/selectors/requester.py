"""Reads for the requester's side: their list with what is new in it, and the replies a page polls for."""

from datetime import UTC, datetime

from django.db.models import DateTimeField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce

from tickets.models import Message, Status, Ticket

from .access import tickets_requested_by
from .conversation import ticket_messages

# "My tickets" filters, in the customer's words: whose move it is, not the queue's statuses.
REQUESTER_FILTERS: dict[str, tuple[str, ...]] = {
    "open": (Status.NEW, Status.OPEN, Status.ON_HOLD),
    "waiting": (Status.PENDING,),
    "solved": (Status.SOLVED, Status.CLOSED),
}
POLL_LIMIT = 50
NEVER = datetime(2000, 1, 1, tzinfo=UTC)  # before any ticket: a conversation never opened


def requester_tickets(user, *, show: str = "") -> QuerySet[Ticket]:
    """``user``'s own tickets, newest first, each with ``unread``: an agent's public reply came after
    the requester last opened the conversation. ``show`` is a key of REQUESTER_FILTERS (anything
    else lists every ticket). One query per page, however many tickets (the EXISTS is per row,
    on the index of messages by ticket and time)."""
    seen = Coalesce(OuterRef("requester_seen_at"), Value(NEVER, output_field=DateTimeField()))
    agent_reply_after_seen = Message.objects.filter(
        ticket=OuterRef("pk"),
        created_at__gt=seen,
        author_role=Message.AuthorRole.AGENT,
        internal=False,
    )
    tickets = tickets_requested_by(user).annotate(unread=Exists(agent_reply_after_seen))
    statuses = REQUESTER_FILTERS.get(show)
    return tickets.filter(status__in=statuses) if statuses else tickets


def ticket_public_messages_after(*, ticket: Ticket, after: int) -> QuerySet[Message]:
    """The public messages of ``ticket`` newer than message id ``after``, oldest first, at most
    POLL_LIMIT (the page asks again for the rest)."""
    return ticket_messages(ticket=ticket, include_internal=False).filter(pk__gt=after).order_by("id")[:POLL_LIMIT]
