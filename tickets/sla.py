"""Pure SLA arithmetic: no ORM, no clock. ``now`` is always a parameter."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Targets:
    first_response: timedelta
    resolution: timedelta


# The contract's defaults, used when no policy row exists for a priority.
DEFAULT_TARGETS = {
    "urgent": Targets(timedelta(minutes=15), timedelta(hours=4)),
    "high": Targets(timedelta(hours=1), timedelta(hours=24)),
    "normal": Targets(timedelta(hours=4), timedelta(hours=72)),
    "low": Targets(timedelta(hours=24), timedelta(days=7)),
}


@dataclass(frozen=True)
class Deadlines:
    first_response_due: datetime | None
    resolution_due: datetime | None

    @property
    def nearest(self) -> datetime | None:
        due = [d for d in (self.first_response_due, self.resolution_due) if d is not None]
        return min(due) if due else None


def initial_deadlines(*, start: datetime, targets: Targets) -> Deadlines:
    """Deadlines of a new ticket on a 24/7 calendar."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    return Deadlines(first_response_due=start + targets.first_response, resolution_due=start + targets.resolution)


def nearest_open_deadline(
    *, first_response_due: datetime | None, first_responded: bool, resolution_due: datetime | None, active: bool
) -> datetime | None:
    """The deadline the queue orders by: the earliest one that can still be missed."""
    if not active:
        return None
    return Deadlines(None if first_responded else first_response_due, resolution_due).nearest
