"""Pure SLA arithmetic: no ORM, no clock. ``now`` is always a parameter.

Time is counted in *business time* on a calendar: weekly opening hours in a time zone, minus
holidays. The default calendar is 24/7 (crypto never sleeps), where business time is plain
time and a deadline is plain addition. Paused time never counts: when a clock pauses, what is
left of each target is kept, and on resume the deadlines are laid out again from that moment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ZERO = timedelta(0)
# A calendar with hours only on, say, one day a year still terminates; a nonsense one fails loudly.
_MAX_DAYS_SEARCHED = 3 * 366


@dataclass(frozen=True)
class Calendar:
    """Weekly opening hours (``weekday`` 0 = Monday → list of (start, end) local times) and holidays.

    No hours at all means open around the clock. An ``end`` of 00:00 means midnight at the end of
    the day.
    """

    tz: str = "UTC"
    hours: dict[int, tuple[tuple[time, time], ...]] = field(default_factory=dict)
    holidays: frozenset[date] = frozenset()

    @property
    def always_open(self) -> bool:
        return not self.hours and not self.holidays

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


ALWAYS_OPEN = Calendar()


def _local_intervals(calendar: Calendar, day: date) -> list[tuple[datetime, datetime]]:
    """The open intervals of one local date, as aware UTC datetimes, in order."""
    if day in calendar.holidays:
        return []
    zone = calendar.zone()
    # No hours at all: open the whole day (holidays aside).
    spans = calendar.hours.get(day.weekday(), ()) if calendar.hours else ((time(0), time(0)),)
    intervals = []
    for start, end in spans:
        begin = datetime.combine(day, start, tzinfo=zone)
        finish = datetime.combine(day + timedelta(days=1) if end == time(0) else day, end, tzinfo=zone)
        # Convert through UTC: wall-clock arithmetic across a DST change would be off by an hour.
        begin, finish = begin.astimezone(UTC), finish.astimezone(UTC)
        if finish > begin:
            intervals.append((begin, finish))
    return intervals


def _open_intervals_from(calendar: Calendar, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Open intervals that end after ``moment``, clipped to start no earlier than it."""
    day = moment.astimezone(calendar.zone()).date() - timedelta(days=1)  # a span may cross midnight
    for offset in range(_MAX_DAYS_SEARCHED):
        for begin, finish in _local_intervals(calendar, day + timedelta(days=offset)):
            if finish <= moment:
                continue
            yield max(begin, moment), finish
    raise ValueError("the calendar has no opening hours in the next three years")


def _utc(moment: datetime) -> datetime:
    # Python compares and subtracts datetimes that share a tzinfo by wall clock, which is wrong
    # across a DST change: all arithmetic here happens in UTC.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetimes must be timezone-aware")
    return moment.astimezone(UTC)


def add_business_time(start: datetime, duration: timedelta, calendar: Calendar = ALWAYS_OPEN) -> datetime:
    """The moment when ``duration`` of business time has passed since ``start`` (in ``start``'s zone)."""
    begin_utc = _utc(start)
    if duration < ZERO:
        raise ValueError("duration must not be negative")
    if calendar.always_open:
        return (begin_utc + duration).astimezone(start.tzinfo)
    left = duration
    for begin, finish in _open_intervals_from(calendar, begin_utc):
        if left == ZERO:
            return begin.astimezone(start.tzinfo)
        span = finish - begin
        if span >= left:
            return (begin + left).astimezone(start.tzinfo)
        left -= span
    raise AssertionError("unreachable")  # pragma: no cover


def business_time_between(start: datetime, end: datetime, calendar: Calendar = ALWAYS_OPEN) -> timedelta:
    """Business time from ``start`` to ``end``; negative when ``end`` comes first."""
    start, end = _utc(start), _utc(end)
    if end < start:
        return -business_time_between(end, start, calendar)
    if calendar.always_open:
        return end - start
    total = ZERO
    for begin, finish in _open_intervals_from(calendar, start):
        if begin >= end:
            break
        total += min(finish, end) - begin
    return total


# --- Targets and clocks ---------------------------------------------------------------------

FIRST_RESPONSE = "first_response"
NEXT_RESPONSE = "next_response"
RESOLUTION = "resolution"
TARGETS = (FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION)


@dataclass(frozen=True)
class WarningPoint:
    """When to warn before a deadline: a share of the target (``percent`` 80 = at 80 % of it)
    or a fixed lead time before the deadline. With neither, there is no warning."""

    percent: int | None = None
    before: timedelta | None = None

    def lead(self, target: timedelta) -> timedelta | None:
        if self.percent is not None:
            return target * (100 - self.percent) / 100
        if self.before is not None:
            return min(self.before, target)
        return None


@dataclass(frozen=True)
class Targets:
    first_response: timedelta
    resolution: timedelta
    next_response: timedelta | None = None

    def get(self, name: str) -> timedelta | None:
        return getattr(self, name)


# The contract's defaults, used when no policy matches at all.
DEFAULT_TARGETS = {
    "urgent": Targets(timedelta(minutes=15), timedelta(hours=4), timedelta(minutes=30)),
    "high": Targets(timedelta(hours=1), timedelta(hours=24), timedelta(hours=2)),
    "normal": Targets(timedelta(hours=4), timedelta(hours=72), timedelta(hours=8)),
    "low": Targets(timedelta(hours=24), timedelta(days=7), timedelta(hours=24)),
}


@dataclass(frozen=True)
class Deadline:
    target: str
    due: datetime
    warn_at: datetime | None


def lay_out(
    *, target: str, start: datetime, remaining: timedelta, full: timedelta, calendar: Calendar, warning: WarningPoint
) -> Deadline:
    """Place a deadline ``remaining`` business time after ``start``, and its warning point.

    ``full`` is the whole target, from which the warning lead is taken; after a pause
    ``remaining`` is less than ``full``, and a warning point already passed falls on ``start``.
    """
    due = add_business_time(start, max(remaining, ZERO), calendar)
    lead = warning.lead(full)
    warn_at = None
    if lead is not None and lead > ZERO:
        warn_at = add_business_time(start, max(remaining - lead, ZERO), calendar)
        if warn_at >= due:
            warn_at = None
    return Deadline(target=target, due=due, warn_at=warn_at)


def remaining_at(*, now: datetime, due: datetime, calendar: Calendar) -> timedelta:
    """Business time left until ``due`` (negative once it has passed): what a pause keeps."""
    return business_time_between(now, due, calendar)


def nearest_open_deadline(deadlines) -> datetime | None:
    """The deadline the queue orders by: the earliest one still running."""
    due = [d for d in deadlines if d is not None]
    return min(due) if due else None


def is_paused(*, status: str, pause_on_hold: bool) -> bool:
    """``pending`` (waiting on the customer) always stops the clock; ``on_hold`` when the policy says."""
    return status == "pending" or (status == "on_hold" and pause_on_hold)


# --- Policy matching --------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyConditions:
    """What a policy applies to; an empty set means any."""

    policy_id: int
    priorities: frozenset[str] = frozenset()
    type_ids: frozenset[int] = frozenset()
    customer_tiers: frozenset[str] = frozenset()

    def matches(self, *, priority: str, type_id: int | None, customer_tier: str) -> bool:
        return (
            (not self.priorities or priority in self.priorities)
            and (not self.type_ids or type_id in self.type_ids)
            and (not self.customer_tiers or customer_tier in self.customer_tiers)
        )


def first_matching(
    policies: list[PolicyConditions], *, priority: str, type_id: int | None, customer_tier: str
) -> int | None:
    """The id of the first policy (in the given order) whose conditions hold, or None."""
    for policy in policies:
        if policy.matches(priority=priority, type_id=type_id, customer_tier=customer_tier):
            return policy.policy_id
    return None
