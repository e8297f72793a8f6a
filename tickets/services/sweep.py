"""The SLA sweep: act on every warning point and deadline that has passed, exactly once.

Set-based on purpose. Each batch, in one transaction:
1. claims due timers with ``SELECT ... FOR UPDATE SKIP LOCKED`` + ``UPDATE fired_at`` (two sweeps
   running at once, from two workers or a duplicated beat, take disjoint batches);
2. writes the warning/breach events (a warning whose deadline has already passed is superseded by
   the breach: it is consumed without effect), escalates the breached tickets with a handful of grouped
   UPDATEs (one per distinct outcome, not one per ticket), and writes the notifications.
If the worker dies mid-batch the transaction rolls back, the timers are unclaimed again and
the next sweep does the batch: nothing is lost and nothing happens twice.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from tickets import notifications, refdata, rules
from tickets.models import ACTIVE_STATUSES, SlaTimer, Ticket, TicketEvent

from . import clocks
from .primitives import sla_snapshot, ticket_lock


@dataclass
class SweepResult:
    warnings: int = 0
    breaches: int = 0
    escalated: int = 0
    stale: int = 0
    superseded: int = 0
    batches: int = 0
    notifications: int = 0

    def as_dict(self) -> dict:
        return {
            "warnings": self.warnings,
            "breaches": self.breaches,
            "escalated": self.escalated,
            "stale": self.stale,
            "superseded": self.superseded,
            "batches": self.batches,
            "notifications": self.notifications,
        }


def sla_sweep(*, now: datetime | None = None, batch_size: int = 1000, max_batches: int | None = None) -> SweepResult:
    """Process every timer due at ``now``, batch by batch, until none is left."""
    now = now or timezone.now()
    result = SweepResult()
    while max_batches is None or result.batches < max_batches:
        with transaction.atomic(durable=True):
            claimed = _claim(now=now, batch_size=batch_size)
            if not claimed:
                break
            _apply(claimed, now=now, result=result)
        result.batches += 1
    return result


def _claim(*, now: datetime, batch_size: int) -> list[tuple]:
    rows = list(
        SlaTimer.objects.select_for_update(skip_locked=True)
        .filter(fired_at__isnull=True, fire_at__lte=now)
        .order_by("fire_at")
        .values_list("id", "ticket_id", "target", "kind", "deadline")[:batch_size]
    )
    if rows:
        SlaTimer.objects.filter(id__in=[row[0] for row in rows]).update(fired_at=now)
    return rows


# What the sweep reads of a ticket: enough to word its events and notifications, nothing more.
_LIVE_FIELDS = (
    "id",
    "reference",
    "title",
    "priority",
    "tier",
    "team",
    "assignee",
    "sla_policy",
    "status",
    "sla_paused_at",
    "language",
    "type_id",
    "team__email",
    "team__slug",
    "team__tier",
    "assignee__email",
    "sla_policy__escalate_on_breach",
    "sla_policy__raise_priority_on_breach",
)


def _apply(claimed: list[tuple], *, now: datetime, result: SweepResult) -> None:
    # Only tickets still running their clocks: a timer of a solved or paused ticket is stale.
    live = Ticket.objects.filter(
        pk__in={row[1] for row in claimed}, status__in=ACTIVE_STATUSES, sla_paused_at__isnull=True
    )
    tickets = {t.pk: t for t in live.select_related("sla_policy", "team", "assignee").only(*_LIVE_FIELDS)}
    events: list[TicketEvent] = []
    outbox = notifications.Batch()
    breaches = _fire(claimed, tickets, events=events, outbox=outbox, now=now, result=result)
    if breaches:
        Ticket.objects.filter(pk__in=list(breaches)).update(
            sla_breached_at=Coalesce(F("sla_breached_at"), now), updated_at=now
        )
        result.escalated += _escalate(tickets, breaches, events, now=now)
        for ticket_id in breaches:
            outbox.sla_breach(tickets[ticket_id])
    TicketEvent.objects.bulk_create(events, batch_size=2000)
    result.notifications += outbox.flush()


def _fire(claimed, tickets, *, events, outbox, now, result) -> dict[int, list[str]]:
    """The warning and breach events of the claimed timers; returns the breached targets per ticket."""
    breaches: dict[int, list[str]] = defaultdict(list)
    for _timer_id, ticket_id, target, kind, deadline in claimed:
        ticket = tickets.get(ticket_id)
        if ticket is None:
            result.stale += 1  # solved, closed or paused since the timer was armed
            continue
        if kind == SlaTimer.Kind.WARNING and deadline <= now:
            # The sweep is late (beat or Redis was down): the breach of the same deadline is due
            # too and says more than a warning that its time is up.
            result.superseded += 1
            continue
        after = {"target": target, "due": deadline.isoformat()}
        if kind == SlaTimer.Kind.WARNING:
            events.append(TicketEvent(ticket_id=ticket_id, kind=TicketEvent.Kind.SLA_WARNING, after=after))
            outbox.sla_warning(ticket, target=target, due=deadline)
            result.warnings += 1
        else:
            events.append(TicketEvent(ticket_id=ticket_id, kind=TicketEvent.Kind.SLA_BREACH, after=after))
            breaches[ticket_id].append(target)
            result.breaches += 1
    return breaches


def _escalate(
    tickets: dict[int, Ticket], breaches: dict[int, list[str]], events: list[TicketEvent], *, now: datetime
) -> int:
    """Move each breached ticket up as its policy says, grouping identical moves in one UPDATE."""
    teams = refdata.get().teams_by_tier
    moves: dict[tuple, list[int]] = defaultdict(list)
    raised: dict[int, list[str]] = {}
    for ticket_id, targets in breaches.items():
        ticket = tickets[ticket_id]
        count = len(targets)
        policy = ticket.sla_policy
        escalate = policy is None or policy.escalate_on_breach
        raise_priority = policy is not None and policy.raise_priority_on_breach
        if not (escalate or raise_priority):
            continue
        tier = rules.next_tier(ticket.tier, count) if escalate else ticket.tier
        # The tier's team (primitives.route_to's rule, applied to a whole batch): team and tier agree.
        team = teams.get(tier) if tier != ticket.tier else ticket.team
        priority = rules.raise_priority(ticket.priority, count) if raise_priority else ticket.priority
        if priority != ticket.priority:
            raised[ticket_id] = targets
        if (tier, priority) == (ticket.tier, ticket.priority):
            continue  # already at the top
        moves[(tier, team.pk if team else None, priority)].append(ticket_id)
        events.append(
            TicketEvent(
                ticket_id=ticket_id,
                kind=TicketEvent.Kind.ESCALATED,
                before={
                    "tier": ticket.tier,
                    "team": ticket.team.slug if ticket.team else None,
                    "priority": ticket.priority,
                },
                after={"tier": tier, "team": team.slug if team else None, "priority": priority, "reason": "sla_breach"},
            )
        )
        ticket.tier, ticket.team, ticket.priority = tier, team, priority
    for (tier, team_id, priority), ids in moves.items():
        Ticket.objects.filter(pk__in=ids).update(tier=tier, team_id=team_id, priority=priority)
    for ticket_id, targets in raised.items():
        _deadlines_follow_priority(ticket_id, breached=targets, events=events, now=now)
    return sum(len(ids) for ids in moves.values())


def _deadlines_follow_priority(
    ticket_id: int, *, breached: list[str], events: list[TicketEvent], now: datetime
) -> None:
    """A raised priority brings its policy's targets, as ``ticket_set_priority`` does: the clocks
    still running move (the time used still counts); the targets that just breached keep their
    passed deadlines, or the new, shorter target would breach again at once, and again each sweep.
    Per ticket, but only for policies that raise the priority on a breach (none by default)."""
    ticket = ticket_lock(Ticket(pk=ticket_id))
    clocks.recompute(ticket, now=now, keep=breached)
    ticket.save(update_fields=["updated_at", *clocks.CLOCK_FIELDS])
    clocks.arm_timers(ticket)
    events.append(TicketEvent(ticket_id=ticket_id, kind=TicketEvent.Kind.SLA, after=sla_snapshot(ticket)))
