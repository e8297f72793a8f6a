"""The conversation: replies, internal notes and screenshots added to a ticket."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from safety import guard
from tickets import notifications, roles
from tickets.exceptions import AsksForSecret, TicketClosed
from tickets.images import CleanImage
from tickets.models import Channel, Message, Screenshot, Status, Ticket, TicketEvent

from . import clocks
from .intake import store_screenshots
from .primitives import record_event, secrets_removed_record, status_apply, ticket_lock


def ticket_reply(
    *,
    ticket: Ticket,
    author,
    body: str,
    internal: bool = False,
    channel: str = Channel.WEB,
    screenshots: list[CleanImage] = (),
    now: datetime | None = None,
) -> Message:
    """Add a public reply or (agents only) an internal note, with optional screenshots.

    A customer's reply reopens a pending or solved ticket and re-arms the next-response target;
    an agent's public reply meets the first and next response. Closed tickets take no more messages.
    Secrets in the body are removed before it is stored (``message.secrets_removed`` names them); an
    agent's public reply that asks the customer for one is refused (AsksForSecret).
    """
    now = now or timezone.now()
    role = _role_of(author)
    if role != Message.AuthorRole.AGENT:
        internal = False
    elif not internal:
        refuse_requests_for_secrets(body)
    guarded = guard.scan(body)
    body = guarded.text
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        if ticket.status == Status.CLOSED:
            raise TicketClosed()
        message = Message.objects.create(
            ticket=ticket,
            author=author if getattr(author, "is_authenticated", False) else None,
            author_role=role,
            body=body,
            internal=internal,
            channel=channel,
        )
        store_screenshots(ticket=ticket, message=message, images=list(screenshots), uploaded_by=author)
        secrets_removed_record(ticket, author, guarded.kinds, message=message)
        message.secrets_removed = guarded.kinds
        record_event(
            ticket,
            author,
            TicketEvent.Kind.NOTE if internal else TicketEvent.Kind.REPLIED,
            after={"message": message.pk, "role": role, "screenshots": len(screenshots)},
        )
        if role == Message.AuthorRole.CUSTOMER:
            if ticket.status in (Status.PENDING, Status.SOLVED):
                status_apply(ticket, Status.OPEN, actor=author, now=now)
            clocks.customer_wrote(ticket, now=now)
        elif not internal:
            if ticket.first_responded_at is None:
                ticket.first_responded_at = now
            clocks.agent_replied(ticket, now=now)
            if ticket.status == Status.NEW:
                status_apply(ticket, Status.OPEN, actor=author, now=now)
        ticket.save(update_fields=["status", "solved_at", "first_responded_at", "updated_at", *clocks.CLOCK_FIELDS])
        clocks.arm_timers(ticket)
        if not internal:
            notifications.ticket_replied(ticket, message)
        return message


def ticket_add_screenshots(*, ticket: Ticket, actor, screenshots: list[CleanImage]) -> list[Screenshot]:
    """Attach screenshots to a ticket outside a message."""
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        if ticket.status == Status.CLOSED:
            raise TicketClosed()
        stored = store_screenshots(ticket=ticket, message=None, images=screenshots, uploaded_by=actor)
        record_event(ticket, actor, TicketEvent.Kind.SCREENSHOTS, after={"count": len(stored)})
        ticket.save(update_fields=["updated_at"])
        return stored


def _role_of(user) -> str:
    if roles.is_agent(user):
        return Message.AuthorRole.AGENT
    return Message.AuthorRole.CUSTOMER


def refuse_requests_for_secrets(text: str) -> None:
    """AsksForSecret when ``text`` (an agent's reply, a canned response) asks the customer for a
    password, seed phrase, private key or one-time code: support never does, so a reply that does
    comes from a careless or compromised insider, and the customer must never receive it."""
    kind = guard.asks_for_secret(text)
    if kind is not None:
        raise AsksForSecret(kind)
