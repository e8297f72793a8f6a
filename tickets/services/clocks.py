"""SLA clocks on a ticket: start, achieve, pause, resume, recompute, and the timers the sweep uses.

The arithmetic is in the pure ``tickets.sla``; this module maps it onto a ticket's columns. The
functions change the ticket in memory and return nothing: the calling service saves
``CLOCK_FIELDS`` and then calls ``arm_timers`` (which needs the saved row).
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils.dateparse import parse_datetime

from tickets import refdata, sla
from tickets.models import SlaPolicy, SlaTimer, Status, Ticket

CLOCK_FIELDS = [
    "sla_policy",
    "sla_clocks",
    "sla_paused_at",
    "first_response_due",
    "next_response_due",
    "resolution_due",
    "sla_due",
]
DUE_FIELD = {
    sla.FIRST_RESPONSE: "first_response_due",
    sla.NEXT_RESPONSE: "next_response_due",
    sla.RESOLUTION: "resolution_due",
}


def _seconds(delta: timedelta) -> int:
    return int(delta.total_seconds())


def _customer_tier(ticket: Ticket) -> str:
    return ticket.requester.tier if ticket.requester_id else "standard"


def policy_for(ticket: Ticket) -> SlaPolicy | None:
    """The first active policy, in position order, whose conditions the ticket meets."""
    return refdata.get().policy_for(
        priority=ticket.priority, type_id=ticket.type_id, customer_tier=_customer_tier(ticket)
    )


def _context(ticket: Ticket) -> refdata.PolicyContext:
    return refdata.get().context_for(ticket.sla_policy_id, ticket.priority)


def _run(
    ticket: Ticket, ctx: refdata.PolicyContext, name: str, *, full: timedelta, left: timedelta, now: datetime
) -> None:
    deadline = sla.lay_out(
        target=name, start=now, remaining=left, full=full, calendar=ctx.calendar, warning=ctx.warning
    )
    ticket.sla_clocks[name] = {
        "full": _seconds(full),
        "warn_at": deadline.warn_at.isoformat() if deadline.warn_at else None,
    }
    setattr(ticket, DUE_FIELD[name], deadline.due)


def _refresh_sla_due(ticket: Ticket) -> None:
    if ticket.sla_paused_at or not ticket.is_active:
        ticket.sla_due = None
        return
    ticket.sla_due = sla.nearest_open_deadline(getattr(ticket, DUE_FIELD[name]) for name in ticket.sla_clocks)


def start(ticket: Ticket, *, now: datetime) -> None:
    """Pick the policy of a new ticket and start its first-response and resolution clocks."""
    ticket.sla_policy = policy_for(ticket)
    ctx = _context(ticket)
    ticket.sla_clocks = {}
    for name in (sla.FIRST_RESPONSE, sla.RESOLUTION):
        full = ctx.targets.get(name)
        _run(ticket, ctx, name, full=full, left=full, now=now)
    _refresh_sla_due(ticket)


def _stop(ticket: Ticket, *names: str) -> None:
    for name in names:
        ticket.sla_clocks.pop(name, None)
    _refresh_sla_due(ticket)


def agent_replied(ticket: Ticket, *, now: datetime) -> None:
    """A public agent reply meets the first response (once) and the pending next response."""
    _stop(ticket, sla.FIRST_RESPONSE, sla.NEXT_RESPONSE)


def customer_wrote(ticket: Ticket, *, now: datetime) -> None:
    """After the first response, each customer message re-arms the next-response target."""
    ctx = _context(ticket)
    full = ctx.targets.next_response
    if ticket.first_responded_at is None or full is None or sla.NEXT_RESPONSE in ticket.sla_clocks:
        return
    if ticket.sla_paused_at:
        ticket.sla_clocks[sla.NEXT_RESPONSE] = {"full": _seconds(full), "left": _seconds(full)}
    else:
        _run(ticket, ctx, sla.NEXT_RESPONSE, full=full, left=full, now=now)
    _refresh_sla_due(ticket)


def status_changed(ticket: Ticket, *, before: str, now: datetime) -> str | None:
    """Keep the clocks in step with a status change; returns "paused"/"resumed" when that happened."""
    ctx = _context(ticket)
    after = ticket.status
    if after in (Status.SOLVED, Status.CLOSED):
        ticket.sla_clocks = {}  # resolution met (or the ticket is done): nothing left to keep
        ticket.sla_paused_at = None
        _refresh_sla_due(ticket)
        return None
    if before == Status.SOLVED:  # reopened: the resolution promise starts again
        full = ctx.targets.resolution
        ticket.sla_clocks.pop(sla.RESOLUTION, None)
        if ticket.sla_paused_at:
            ticket.sla_clocks[sla.RESOLUTION] = {"full": _seconds(full), "left": _seconds(full)}
        else:
            _run(ticket, ctx, sla.RESOLUTION, full=full, left=full, now=now)
    should_pause = sla.is_paused(status=after, pause_on_hold=ctx.pause_on_hold)
    change = None
    if should_pause and not ticket.sla_paused_at:
        for name, clock in ticket.sla_clocks.items():
            left = sla.remaining_at(now=now, due=getattr(ticket, DUE_FIELD[name]), calendar=ctx.calendar)
            ticket.sla_clocks[name] = {"full": clock["full"], "left": _seconds(left)}
            setattr(ticket, DUE_FIELD[name], None)
        ticket.sla_paused_at = now
        change = "paused"
    elif not should_pause and ticket.sla_paused_at:
        ticket.sla_paused_at = None
        for name, clock in list(ticket.sla_clocks.items()):
            _run(
                ticket, ctx, name, full=timedelta(seconds=clock["full"]), left=timedelta(seconds=clock["left"]), now=now
            )
        change = "resumed"
    _refresh_sla_due(ticket)
    return change


def recompute(ticket: Ticket, *, now: datetime, keep: Iterable[str] = ()) -> None:
    """Re-match the policy after a priority or type change and move the running deadlines: the
    business time already used on each clock still counts against the new target. The clocks
    named in ``keep`` keep their deadlines (the sweep's just-breached targets)."""
    old_ctx = _context(ticket)
    ticket.sla_policy = policy_for(ticket)
    ctx = _context(ticket)
    for name, clock in list(ticket.sla_clocks.items()):
        if name in keep:
            continue
        if "left" in clock:
            left = timedelta(seconds=clock["left"])
        else:
            left = sla.remaining_at(now=now, due=getattr(ticket, DUE_FIELD[name]), calendar=old_ctx.calendar)
        used = timedelta(seconds=clock["full"]) - left
        full = ctx.targets.get(name) or timedelta(seconds=clock["full"])
        new_left = max(full - used, timedelta(0))
        if ticket.sla_paused_at:
            ticket.sla_clocks[name] = {"full": _seconds(full), "left": _seconds(new_left)}
        else:
            _run(ticket, ctx, name, full=full, left=new_left, now=now)
    _refresh_sla_due(ticket)


def arm_timers(ticket: Ticket, *, fresh: bool = False) -> None:
    """Replace the ticket's unfired timers with one per running deadline and warning point.

    A timer that already fired for the same deadline is not created again (unique constraint),
    so a deadline is warned and breached at most once however often this runs. ``fresh``: the
    ticket was just created and has no timers to replace.
    """
    if not fresh:
        SlaTimer.objects.filter(ticket=ticket, fired_at__isnull=True).delete()
    if ticket.sla_paused_at or not ticket.is_active:
        return
    timers = []
    for name, clock in ticket.sla_clocks.items():
        due = getattr(ticket, DUE_FIELD[name])
        timers.append(SlaTimer(ticket=ticket, target=name, kind=SlaTimer.Kind.BREACH, deadline=due, fire_at=due))
        if clock.get("warn_at"):
            timers.append(
                SlaTimer(
                    ticket=ticket,
                    target=name,
                    kind=SlaTimer.Kind.WARNING,
                    deadline=due,
                    fire_at=parse_datetime(clock["warn_at"]),
                )
            )
    SlaTimer.objects.bulk_create(timers, ignore_conflicts=True)


def time_left(ticket: Ticket, *, now: datetime) -> dict[str, int]:
    """Seconds left on each running target (negative when overdue); paused clocks show what they keep."""
    left = {}
    for name, clock in ticket.sla_clocks.items():
        if "left" in clock:
            left[name] = clock["left"]
        else:
            left[name] = _seconds(getattr(ticket, DUE_FIELD[name]) - now)
    return left
