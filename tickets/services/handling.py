"""How agents handle a ticket: status, priority, type, team and assignee, and the SLA deadlines
that follow from them."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from tickets import notifications
from tickets.models import Team, Ticket, TicketEvent, TicketType

from . import clocks
from .primitives import ROUTING_FIELDS, STATUS_FIELDS, record_event, route_to, sla_snapshot, status_apply, ticket_lock


def ticket_change_status(*, ticket: Ticket, actor, status: str, now: datetime | None = None) -> Ticket:
    """Move a ticket along the transition table (InvalidTransition otherwise); pauses, resumes,
    meets or re-arms the SLA clocks as the new status requires."""
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        if ticket.status == status:
            return ticket
        status_apply(ticket, status, actor=actor, now=now)
        ticket.save(update_fields=STATUS_FIELDS)
        clocks.arm_timers(ticket)
        return ticket


def ticket_set_priority(*, ticket: Ticket, actor, priority: str, now: datetime | None = None) -> Ticket:
    """Change the priority and move the SLA deadlines to the matching policy's targets."""
    return _set_field(
        ticket=ticket,
        actor=actor,
        name="priority",
        value=priority,
        kind=TicketEvent.Kind.PRIORITY,
        recompute_sla=True,
        now=now,
    )


def ticket_set_type(*, ticket: Ticket, actor, ticket_type: TicketType, now: datetime | None = None) -> Ticket:
    """Re-type a ticket (the customer chose the wrong one) and recompute its SLA deadlines."""
    return _set_field(
        ticket=ticket,
        actor=actor,
        name="type",
        value=ticket_type,
        kind=TicketEvent.Kind.TYPE,
        recompute_sla=True,
        now=now,
    )


def ticket_assign(*, ticket: Ticket, actor, assignee) -> Ticket:
    """Give the ticket to ``assignee`` (None: unassign); a colleague's assignment is notified."""

    def tell_assignee(ticket: Ticket) -> None:
        if ticket.assignee_id and ticket.assignee_id != getattr(actor, "pk", None):
            notifications.ticket_assigned(ticket)

    return _set_field(
        ticket=ticket,
        actor=actor,
        name="assignee",
        value=assignee,
        kind=TicketEvent.Kind.ASSIGNED,
        on_change=tell_assignee,
    )


def ticket_set_team(*, ticket: Ticket, actor, team: Team | None) -> Ticket:
    """Hand the ticket to ``team``; its tier follows the team's, so team and tier never disagree.
    None leaves it unrouted (every agent sees it) at its tier."""
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        if ticket.team_id == (team.pk if team else None):
            return ticket
        before = {"team": ticket.team.slug if ticket.team_id else None, "tier": ticket.tier}
        if team is None:
            ticket.team = None
        else:
            route_to(ticket, team=team)
        ticket.save(update_fields=ROUTING_FIELDS)
        record_event(ticket, actor, TicketEvent.Kind.TEAM, before={"team": before["team"]}, after={"team": _slug(team)})
        if ticket.tier != before["tier"]:
            record_event(
                ticket, actor, TicketEvent.Kind.TIER, before={"tier": before["tier"]}, after={"tier": ticket.tier}
            )
        return ticket


def _slug(team: Team | None) -> str | None:
    return team.slug if team is not None else None


def _set_field(
    *,
    ticket: Ticket,
    actor,
    name: str,
    value,
    kind: str,
    recompute_sla: bool = False,
    now: datetime | None = None,
    on_change=None,
) -> Ticket:
    """Set one handling field with its event; priority and type also move the SLA deadlines."""
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        before = getattr(ticket, name)
        if before == value:
            return ticket
        setattr(ticket, name, value)
        update_fields = [name, "updated_at"]
        if recompute_sla:
            clocks.recompute(ticket, now=now or timezone.now())
            update_fields += clocks.CLOCK_FIELDS
        ticket.save(update_fields=update_fields)
        record_event(ticket, actor, kind, before={name: _describe(before)}, after={name: _describe(value)})
        if recompute_sla:
            clocks.arm_timers(ticket)
            record_event(ticket, actor, TicketEvent.Kind.SLA, after=sla_snapshot(ticket))
        if on_change is not None:
            on_change(ticket)
        return ticket


def _describe(value):
    if value is None or isinstance(value, (str, int)):
        return value
    return str(value)


def ticket_sla_recompute(*, ticket: Ticket, actor=None, now: datetime | None = None) -> Ticket:
    """Re-match the policy and move the deadlines after a policy was edited."""
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        if not ticket.is_active:
            return ticket
        clocks.recompute(ticket, now=now or timezone.now())
        ticket.save(update_fields=["updated_at", *clocks.CLOCK_FIELDS])
        clocks.arm_timers(ticket)
        record_event(ticket, actor, TicketEvent.Kind.SLA, after=sla_snapshot(ticket))
        return ticket
