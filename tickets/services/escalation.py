"""Escalation by hand: an agent moves a ticket up or down a tier, always with a reason."""

from django.db import transaction
from django.utils.translation import gettext as _

from tickets import notifications, rules
from tickets.exceptions import DomainError
from tickets.models import Ticket, TicketEvent

from .primitives import ROUTING_FIELDS, record_event, route_to, ticket_lock


def ticket_escalate(*, ticket: Ticket, actor, reason: str) -> Ticket:
    """Move the ticket to the next tier and its team, and tell that team."""
    return _move_tier(ticket=ticket, actor=actor, reason=reason, step=+1)


def ticket_deescalate(*, ticket: Ticket, actor, reason: str) -> Ticket:
    """Hand the ticket back to the tier below (e.g. security cleared it)."""
    return _move_tier(ticket=ticket, actor=actor, reason=reason, step=-1)


def _move_tier(*, ticket: Ticket, actor, reason: str, step: int) -> Ticket:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why (a reason is required)."), field="reason")
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        target = rules.next_tier(ticket.tier, step)
        if target == ticket.tier:
            message = _("Already at the highest tier.") if step > 0 else _("Already at the front line.")
            raise DomainError(message, field="tier")
        before = {"tier": ticket.tier, "team": ticket.team.slug if ticket.team_id else None}
        route_to(ticket, tier=target)
        ticket.save(update_fields=ROUTING_FIELDS)
        kind = TicketEvent.Kind.ESCALATED if step > 0 else TicketEvent.Kind.DEESCALATED
        record_event(
            ticket,
            actor,
            kind,
            before=before,
            after={"tier": ticket.tier, "team": ticket.team.slug if ticket.team_id else None, "reason": reason},
        )
        notifications.ticket_escalated(ticket, reason=reason, automatic=False)
        return ticket
