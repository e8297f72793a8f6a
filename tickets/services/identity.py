"""Identity changes on tickets: a guest proves the address, guest tickets join an account, an
agent revokes the guest links (see ``tickets.identity`` for what counts as an identity)."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from tickets import rules
from tickets.models import Ticket, TicketEvent

from . import clocks
from .common import record_event
from .tickets import _lock, _sla_snapshot


def ticket_contact_prove(*, ticket: Ticket, now: datetime) -> Ticket:
    """A guest opened a signed link mailed to the ticket's address: the address is theirs, for this
    ticket. If a verified account has that address, the ticket joins it (the same mailbox owner)."""
    with transaction.atomic():
        ticket = _lock(ticket)
        if ticket.contact_verified_at is None:
            ticket.contact_verified_at = now
            ticket.save(update_fields=["contact_verified_at", "updated_at"])
            record_event(ticket, None, TicketEvent.Kind.CONTACT_PROVEN, after={"email": ticket.contact_email})
        if ticket.requester_id is None:
            owner = (
                get_user_model()
                .objects.filter(email__iexact=ticket.contact_email, email_verified_at__isnull=False, is_active=True)
                .first()
            )
            if owner is not None:
                # The person holding the link proved the owner's mailbox: their link keeps working.
                _join(ticket, owner, revoke_links=False, now=now)
        return ticket


def guest_tickets_join(*, user, now: datetime) -> int:
    """``user`` proved its address: the guest tickets filed under it become the account's (they show
    in "My tickets" and the account's tier applies). Links held by whoever typed the address without
    proving it stop working. Returns how many tickets joined."""
    if not user.email:
        return 0
    ids = list(
        Ticket.objects.filter(requester__isnull=True, contact_email__iexact=user.email)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            ticket = _lock(Ticket(pk=pk))
            if ticket.requester_id is None:
                _join(ticket, user, revoke_links=ticket.contact_verified_at is None, now=now)
    return len(ids)


def _join(ticket: Ticket, user, *, revoke_links: bool, now: datetime) -> None:
    """Inside the caller's transaction, on a locked ticket."""
    before_priority = ticket.priority
    ticket.requester = user
    fields = ["requester", "updated_at"]
    if revoke_links:
        ticket.guest_link_version += 1
        fields.append("guest_link_version")
    if ticket.is_active:
        if user.tier in rules.VIP_TIERS:  # what ticket_create does for a VIP's ticket
            ticket.priority = rules.raise_priority(ticket.priority)
        clocks.recompute(ticket, now=now)  # a policy may match on the customer's tier
        fields += ["priority", *clocks.CLOCK_FIELDS]
    ticket.save(update_fields=fields)
    record_event(
        ticket, None, TicketEvent.Kind.JOINED_ACCOUNT, after={"account": user.pk, "links_revoked": revoke_links}
    )
    if ticket.is_active:
        clocks.arm_timers(ticket)
        if ticket.priority != before_priority:
            record_event(
                ticket,
                None,
                TicketEvent.Kind.PRIORITY,
                before={"priority": before_priority},
                after={"priority": ticket.priority},
            )
        record_event(ticket, None, TicketEvent.Kind.SLA, after=_sla_snapshot(ticket))


def ticket_guest_links_revoke(*, ticket: Ticket, actor) -> Ticket:
    """Every signed link mailed for this ticket, and every browser session that used one, stops
    working; the next e-mail carries a new link."""
    with transaction.atomic():
        ticket = _lock(ticket)
        ticket.guest_link_version += 1
        ticket.save(update_fields=["guest_link_version", "updated_at"])
        record_event(ticket, actor, TicketEvent.Kind.LINKS_REVOKED)
        return ticket
