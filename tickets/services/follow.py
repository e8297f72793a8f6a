"""What the requester's side of a conversation moves: reading it, and the end of a solved ticket's
reopen window (``SOLVED_REOPEN_DAYS``, read through ``tickets.rules.reopen_until``)."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from tickets import rules
from tickets.models import Status, Ticket

from . import clocks
from .primitives import STATUS_FIELDS, status_apply, ticket_lock

CLOSE_BATCH = 500


def ticket_seen_by_requester(*, ticket: Ticket, now: datetime) -> bool:
    """Mark the conversation read up to ``now`` (agent replies before it are no longer "new").

    A conditional UPDATE, never a step back: of two tabs the later moment wins, and it writes no
    event (reading changes nothing an agent needs in the timeline) nor ``updated_at``. True when
    it moved."""
    moved = (
        Ticket.objects.filter(pk=ticket.pk)
        .filter(Q(requester_seen_at__isnull=True) | Q(requester_seen_at__lt=now))
        .update(requester_seen_at=now)
    )
    if moved:
        ticket.requester_seen_at = now
    return bool(moved)


def tickets_close_solved(*, now: datetime, batch_size: int = CLOSE_BATCH) -> int:
    """Close solved tickets whose reopen window has passed: from then on a reply needs a new ticket.

    Safe to run twice and side by side: each ticket is re-read under its lock and closed only if it
    is still solved and still past its window (a reply in between reopened it)."""
    cutoff = now - rules.reopen_window(settings.SOLVED_REOPEN_DAYS)
    ids = list(
        Ticket.objects.filter(status=Status.SOLVED, solved_at__lt=cutoff)
        .order_by("solved_at", "id")
        .values_list("pk", flat=True)[:batch_size]
    )
    closed = 0
    for pk in ids:
        with transaction.atomic(durable=True):
            ticket = ticket_lock(Ticket(pk=pk))
            if ticket.status != Status.SOLVED or ticket.solved_at is None or ticket.solved_at >= cutoff:
                continue
            status_apply(ticket, Status.CLOSED, actor=None, now=now)
            ticket.save(update_fields=STATUS_FIELDS)
            clocks.arm_timers(ticket)
            closed += 1
    return closed
