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


def ticket_declare_emergency(*, ticket: Ticket, actor, reason: str, now: datetime | None = None) -> Ticket:
    """The customer says it is an emergency after the ticket was filed ("my account was hacked"):
    urgent, with the urgent policy's deadlines, at the top tier, and that team told why, as a ticket
    filed as an emergency would be. A ticket already there, or no longer active, is left as it is."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        priority, tier = rules.EMERGENCY_PRIORITY, rules.EMERGENCY_TIER
        if ticket.status not in ACTIVE_STATUSES or (ticket.priority, ticket.tier) == (priority, tier):
            return ticket
        before = {
            "priority": ticket.priority,
            "tier": ticket.tier,
            "team": ticket.team.slug if ticket.team_id else None,
        }
        ticket.priority = priority
        route_to(ticket, tier=tier)
        clocks.recompute(ticket, now=now)
        ticket.save(update_fields=["priority", *ROUTING_FIELDS, *clocks.CLOCK_FIELDS])
        clocks.arm_timers(ticket)
        after = {"tier": ticket.tier, "team": ticket.team.slug if ticket.team_id else None, "reason": reason}
        record_event(
            ticket,
            actor,
            TicketEvent.Kind.PRIORITY,
            before={"priority": before["priority"]},
            after={"priority": priority},
        )
        if before["tier"] != ticket.tier:
            record_event(ticket, actor, TicketEvent.Kind.ESCALATED, before=before, after=after)
        record_event(ticket, actor, TicketEvent.Kind.SLA, after=sla_snapshot(ticket))
        notifications.ticket_escalated(ticket, reason=reason, automatic=True)
        return ticket
