"""The conversation: replies, internal notes and screenshots added to a ticket."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from safety import guard
from tickets import notifications, roles
from tickets.exceptions import AsksForSecret, EmptyReply, TicketClosed
from tickets.images import CleanImage
from tickets.models import Channel, Message, Screenshot, Status, Ticket, TicketEvent

from . import clocks
from .intake import store_screenshots
from .primitives import record_event, secrets_removed_record, status_apply, ticket_lock

FIRST_REPLY = "first_reply"  # why an assignment happened, as the timeline names it


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
    an agent's public reply meets the first and next response, and the first one takes an unassigned
    ticket (whoever answered owns the conversation, as Zendesk's default trigger does; the event says
    so). Closed tickets take no more messages. Secrets in the body are removed before it is stored
    (``message.secrets_removed`` names them); an agent's public reply that asks the customer for one
    is refused (AsksForSecret). A message needs words or at least one screenshot (EmptyReply).
    """
    now = now or timezone.now()
    screenshots = list(screenshots)
    if not (body or "").strip() and not screenshots:
        raise EmptyReply()
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
        store_screenshots(ticket=ticket, message=message, images=screenshots, uploaded_by=author)
        secrets_removed_record(ticket, author, guarded.kinds, message=message)
        message.secrets_removed = guarded.kinds
        record_event(
            ticket,
            author,
            TicketEvent.Kind.NOTE if internal else TicketEvent.Kind.REPLIED,
            after={"message": message.pk, "role": role, "screenshots": len(screenshots)},
        )
        _advance(ticket, author, role=role, internal=internal, now=now)
        ticket.save(
            update_fields=["status", "solved_at", "first_responded_at", "assignee", "updated_at", *clocks.CLOCK_FIELDS]
        )
        clocks.arm_timers(ticket)
        if not internal:
            notifications.ticket_replied(ticket, message)
        return message


def _advance(ticket: Ticket, author, *, role: str, internal: bool, now: datetime) -> None:
    """What a message moves on the ticket, in memory (the caller saves): a customer's reopens a
    pending or solved ticket and re-arms the next response; an agent's public reply meets the
    responses, takes an unassigned ticket the first time and opens a new one."""
    if role == Message.AuthorRole.CUSTOMER:
        if ticket.status in (Status.PENDING, Status.SOLVED):
            status_apply(ticket, Status.OPEN, actor=author, now=now)
        clocks.customer_wrote(ticket, now=now)
    elif not internal:
        if ticket.first_responded_at is None:
            ticket.first_responded_at = now
            _take_if_unassigned(ticket, author)
        clocks.agent_replied(ticket, now=now)
        if ticket.status == Status.NEW:
            status_apply(ticket, Status.OPEN, actor=author, now=now)


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


def _take_if_unassigned(ticket: Ticket, author) -> None:
    """The first public answer makes its author the assignee of an unassigned ticket; in memory,
    the caller saves. No notification: nobody but the author needs telling."""
    if ticket.assignee_id is not None or not getattr(author, "is_authenticated", False):
        return
    ticket.assignee = author
    record_event(
        ticket,
        author,
        TicketEvent.Kind.ASSIGNED,
        before={"assignee": None},
        after={"assignee": author.get_username(), "reason": FIRST_REPLY},
    )


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
