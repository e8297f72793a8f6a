"""Escalation: an agent moves a ticket up or down a tier, always with a reason; an emergency told
after the ticket was filed makes it urgent at the top tier."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tickets import notifications, rules
from tickets.exceptions import DomainError
from tickets.models import ACTIVE_STATUSES, Ticket, TicketEvent

from . import clocks
from .primitives import ROUTING_FIELDS, record_event, route_to, sla_snapshot, ticket_lock


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
        before = _routing(ticket)
        route_to(ticket, tier=target)
        ticket.save(update_fields=ROUTING_FIELDS)
        kind = TicketEvent.Kind.ESCALATED if step > 0 else TicketEvent.Kind.DEESCALATED
        record_event(ticket, actor, kind, before=before, after={**_routing(ticket), "reason": reason})
        notifications.ticket_escalated(ticket, reason=reason, automatic=False)
        return ticket


def ticket_declare_emergency(*, ticket: Ticket, actor, reason: str, now: datetime | None = None) -> Ticket:
    """The customer says it is an emergency after the ticket was filed ("my account was hacked"):
    urgent, with the urgent policy's deadlines, at the top tier, and that team told why, as a ticket
    filed as an emergency would be. A ticket already there, or no longer active, is left as it is.
    Each change has its event: the priority's, and the escalation's only if the tier moves (the
    reports count escalations)."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        priority, routing = ticket.priority, _routing(ticket)
        if ticket.status not in ACTIVE_STATUSES or (priority, ticket.tier) == (
            rules.EMERGENCY_PRIORITY,
            rules.EMERGENCY_TIER,
        ):
            return ticket
        ticket.priority = rules.EMERGENCY_PRIORITY
        route_to(ticket, tier=rules.EMERGENCY_TIER)
        clocks.recompute(ticket, now=now)
        ticket.save(update_fields=["priority", *ROUTING_FIELDS, *clocks.CLOCK_FIELDS])
        clocks.arm_timers(ticket)
        if priority != ticket.priority:
            kind = TicketEvent.Kind.PRIORITY
            record_event(ticket, actor, kind, before={"priority": priority}, after={"priority": ticket.priority})
        if routing["tier"] != ticket.tier:
            after = {**_routing(ticket), "reason": reason}
            record_event(ticket, actor, TicketEvent.Kind.ESCALATED, before=routing, after=after)
        record_event(ticket, actor, TicketEvent.Kind.SLA, after=sla_snapshot(ticket))
        notifications.ticket_escalated(ticket, reason=reason, automatic=True)
        return ticket


def _routing(ticket: Ticket) -> dict:
    """Tier and team as the timeline records them."""
    return {"tier": ticket.tier, "team": ticket.team.slug if ticket.team_id else None}
