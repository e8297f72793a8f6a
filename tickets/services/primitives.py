"""What every ticket service is built from; none of these is a business operation on its own.

Each runs inside the calling service's transaction, on a ticket that service locked:
- ``ticket_lock``: the row, locked for the rest of the transaction, with what services read of it;
- ``record_event``: one row of the timeline and the audit log;
- ``status_apply``: the one place a status changes (in memory, checked against the transition
  table, the SLA clocks kept in step; the caller saves);
- ``route_to``: the one place team and tier change, together (a team has a tier; a ticket's tier is
  its team's);
- ``sla_snapshot``: the deadlines as an event records them;
- ``tags_add``: tags by name, created when new;
- ``secrets_removed_record``: the event and the tag that tell agents the secret guard removed something.
"""

from datetime import datetime

from tickets import refdata
from tickets.exceptions import InvalidTransition
from tickets.models import Status, Tag, Team, Ticket, TicketEvent, can_transition

from . import clocks


def ticket_lock(ticket: Ticket) -> Ticket:
    """The ticket's row, locked until the transaction ends, with its policy and requester."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer joins.
    return Ticket.objects.select_for_update(of=("self",)).select_related("sla_policy", "requester").get(pk=ticket.pk)


def record_event(ticket: Ticket, actor, kind: str, before=None, after=None) -> TicketEvent:
    """One row of the timeline and the audit log; ``actor`` None means the system."""
    return TicketEvent.objects.create(
        ticket=ticket,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        before=before,
        after=after,
    )


def status_apply(ticket: Ticket, status: str, *, actor, now: datetime) -> None:
    """Move ``ticket`` to ``status`` in memory (InvalidTransition if the table forbids it), keep the
    SLA clocks in step and record the events; the caller saves ``STATUS_FIELDS`` and the clocks."""
    if not can_transition(ticket.status, status):
        raise InvalidTransition()
    before = ticket.status
    ticket.status = status
    if status == Status.SOLVED:
        ticket.solved_at = now
    elif status == Status.CLOSED:
        ticket.closed_at = now
    elif before == Status.SOLVED:
        ticket.solved_at = None
    record_event(ticket, actor, TicketEvent.Kind.STATUS, before={"status": before}, after={"status": status})
    change = clocks.status_changed(ticket, before=before, now=now)
    if change == "paused":
        record_event(ticket, actor, TicketEvent.Kind.SLA_PAUSED, after={"status": status})
    elif change == "resumed":
        record_event(ticket, actor, TicketEvent.Kind.SLA_RESUMED, after=sla_snapshot(ticket))


STATUS_FIELDS = ["status", "solved_at", "closed_at", "updated_at", *clocks.CLOCK_FIELDS]
ROUTING_FIELDS = ["team", "tier", "updated_at"]


def route_to(ticket: Ticket, *, team: Team | None = None, tier: int | None = None) -> None:
    """Send the ticket to ``team`` (its tier follows) or to ``tier`` (that tier's team, if there is
    one); in memory, the caller saves ``ROUTING_FIELDS``. Team and tier never disagree: a tier-1
    ticket sitting with the security team would be in nobody's *Escalated* view."""
    if team is not None:
        ticket.team, ticket.tier = team, team.tier
    elif tier is not None:
        # No team serving the tier (a configuration gap): unrouted, which every agent sees, rather
        # than a team of another tier.
        ticket.tier, ticket.team = tier, refdata.get().team_for_tier(tier)


def sla_snapshot(ticket: Ticket) -> dict:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "policy": ticket.sla_policy.name if ticket.sla_policy else None,
        "first_response_due": iso(ticket.first_response_due),
        "next_response_due": iso(ticket.next_response_due),
        "resolution_due": iso(ticket.resolution_due),
        "paused": ticket.sla_paused_at is not None,
    }


def tags_add(ticket: Ticket, names) -> None:
    """Put the tags named ``names`` on ``ticket``, creating the new ones."""
    names = set(names)
    if names:
        # ignore_conflicts: another agent may create the same tag at the same moment.
        Tag.objects.bulk_create([Tag(name=name) for name in sorted(names)], ignore_conflicts=True)
        ticket.tags.add(*Tag.objects.filter(name__in=names))


SECRET_REMOVED_TAG = "secret removed"


def secrets_removed_record(ticket: Ticket, actor, kinds, *, message=None) -> None:
    """The guard removed secrets from what someone wrote (``safety.guard``): an event naming the kinds
    and a tag, so agents see at a glance that the customer should move their funds or change a password."""
    if kinds:
        after = {"kinds": list(kinds), **({"message": message.pk} if message is not None else {})}
        record_event(ticket, actor, TicketEvent.Kind.SECRET_REMOVED, after=after)
        tags_add(ticket, [SECRET_REMOVED_TAG])
