"""Selectors for the supervisors' reports: every figure is an aggregate computed by the database.

Nothing here iterates over tickets. Each section is one query that returns at most a few dozen
rows (a row per priority, team, type and day, tier and day, or rating), and Python only shapes
those rows for the page and the CSV. The number of queries is therefore fixed, whatever the
number of tickets.

Durations are portable between SQLite and PostgreSQL by comparing ``later - earlier`` (a
``DurationField`` expression: an interval on PostgreSQL, microseconds on SQLite) with
``timedelta`` constants, which Django converts to each backend's representation. Medians need
``percentile_cont``, which only PostgreSQL has; elsewhere they are ``None``.

Unless a section says otherwise it covers the tickets *created* in the range. Days are calendar
days in the current time zone, the same zone ``TruncDate`` uses.
"""

import functools
import operator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Aggregate, Avg, Count, DurationField, Expression, ExpressionWrapper, F, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThanOrEqual, IsNull, LessThan
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tickets.models import ACTIVE_STATUSES, Feedback, Priority, Ticket, TicketEvent, Tier

MAX_RANGE_DAYS = 366
DEFAULT_RANGE_DAYS = 30


@dataclass(frozen=True)
class DateRange:
    """Calendar days ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def bounds(self) -> tuple[datetime, datetime]:
        """The half-open interval [start 00:00, the day after end 00:00) in the current time zone."""
        zone = timezone.get_current_timezone()
        return (
            timezone.make_aware(datetime.combine(self.start, time.min), zone),
            timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min), zone),
        )


def default_range(*, today: date) -> DateRange:
    return DateRange(start=today - timedelta(days=DEFAULT_RANGE_DAYS - 1), end=today)


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    # The half-open interval [low, high) of the duration or age; ``None`` is unbounded.
    low: timedelta | None
    high: timedelta | None


RESPONSE_BUCKETS = (
    Bucket("lt_15m", _("Under 15 minutes"), None, timedelta(minutes=15)),
    Bucket("15m_1h", _("15–60 minutes"), timedelta(minutes=15), timedelta(hours=1)),
    Bucket("1h_4h", _("1–4 hours"), timedelta(hours=1), timedelta(hours=4)),
    Bucket("4h_24h", _("4–24 hours"), timedelta(hours=4), timedelta(hours=24)),
    Bucket("gt_24h", _("Over 24 hours"), timedelta(hours=24), None),
)
AGE_BUCKETS = (
    Bucket("lt_1d", _("Under 1 day"), None, timedelta(days=1)),
    Bucket("1d_3d", _("1–3 days"), timedelta(days=1), timedelta(days=3)),
    Bucket("3d_7d", _("3–7 days"), timedelta(days=3), timedelta(days=7)),
    Bucket("gt_7d", _("Over 7 days"), timedelta(days=7), None),
)
RATINGS = (1, 2, 3, 4, 5)


class Median(Aggregate):
    """``percentile_cont(0.5)``: PostgreSQL only (it accepts intervals as well as numbers)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def report_build(*, period: DateRange, now: datetime) -> dict:
    """All the sections of the reports page for ``period``; the backlog is as of ``now``."""
    created = _created_in(period)
    return {
        "range": {"start": period.start, "end": period.end},
        "sla": report_sla_attainment(created),
        **report_durations(created),
        "volume": report_volume(created, period=period),
        "backlog": report_backlog(now=now),
        "escalations": report_escalations(period=period),
        "satisfaction": report_satisfaction(created),
    }


def _created_in(period: DateRange) -> QuerySet[Ticket]:
    start, end = period.bounds()
    # A merged duplicate is not a request of its own: its messages live on in the ticket it joined.
    return Ticket.objects.filter(created_at__gte=start, created_at__lt=end, merged_into__isnull=True)


def _bilingual(name_en: str | None, name_zh_hans: str | None) -> str:
    if (get_language() or "en").lower().startswith("zh") and name_zh_hans:
        return name_zh_hans
    return name_en or ""


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- 1. SLA attainment -----------------------------------------------------------------------------


def report_sla_attainment(created: QuerySet[Ticket]) -> dict:
    """Tickets never breached over tickets with an SLA policy, by priority and by (current) team."""
    with_policy = created.filter(sla_policy__isnull=False).order_by()
    counts = {"total": Count("id"), "met": Count("id", filter=Q(sla_breached_at__isnull=True))}

    by_priority = {row["priority"]: row for row in with_policy.values("priority").annotate(**counts)}
    priorities = [
        _attainment(key=value, label=label, row=by_priority[value])
        for value, label in Priority.choices
        if value in by_priority
    ]

    team_rows = with_policy.values("team_id", "team__tier", "team__slug", "team__name_en", "team__name_zh_hans")
    teams = [
        _attainment(
            key=row["team__slug"] or "",
            label=_bilingual(row["team__name_en"], row["team__name_zh_hans"]) if row["team_id"] else _("No team"),
            row=row,
        )
        for row in team_rows.annotate(**counts).order_by(F("team__tier").asc(nulls_last=True), "team__slug")
    ]

    total = sum(row["total"] for row in priorities)
    met = sum(row["met"] for row in priorities)
    return {
        "by_priority": priorities,
        "by_team": teams,
        "overall": {"total": total, "met": met, "breached": total - met, "percent": _percent(met, total)},
    }


def _attainment(*, key: str, label, row: dict) -> dict:
    return {
        "key": key,
        "label": label,
        "total": row["total"],
        "met": row["met"],
        "breached": row["total"] - row["met"],
        "percent": _percent(row["met"], row["total"]),
    }


# --- 2. First-response and resolution times ----------------------------------------------------------


def _duration(later: Expression) -> ExpressionWrapper:
    return ExpressionWrapper(later - F("created_at"), output_field=DurationField())


def _in_bucket(duration: ExpressionWrapper, bucket: Bucket) -> Q:
    # Lookups as expressions (a Q over an alias would push aggregate() into a subquery). A missing
    # timestamp makes the difference NULL, which no comparison matches: it lands in no bucket.
    bounds = []
    if bucket.low is not None:
        bounds.append(Q(GreaterThanOrEqual(duration, bucket.low)))
    if bucket.high is not None:
        bounds.append(Q(LessThan(duration, bucket.high)))
    return functools.reduce(operator.and_, bounds)


def median_supported() -> bool:
    return connection.vendor == "postgresql"


def report_durations(created: QuerySet[Ticket]) -> dict:
    """Distribution, average and (PostgreSQL only) median of time to first response and to resolution.

    A ticket is resolved when solved, or when closed without being solved first. One query for
    both measures: each bucket is a filtered count over the same rows.
    """
    measures = {"first_response": F("first_responded_at"), "resolution": Coalesce("solved_at", "closed_at")}
    aggregates = {"total": Count("id")}
    for name, moment in measures.items():
        for bucket in RESPONSE_BUCKETS:
            aggregates[f"{name}__{bucket.key}"] = Count("id", filter=_in_bucket(_duration(moment), bucket))
        aggregates[f"{name}__none"] = Count("id", filter=Q(IsNull(moment, True)))
        aggregates[f"{name}__avg"] = Avg(_duration(moment), output_field=DurationField())
        if median_supported():
            aggregates[f"{name}__median"] = Median(_duration(moment), output_field=DurationField())
    row = created.order_by().aggregate(**aggregates)

    pending_labels = {"first_response": _("No response yet"), "resolution": _("Not resolved yet")}
    result = {}
    for name in measures:
        buckets = [
            {"key": bucket.key, "label": bucket.label, "count": row[f"{name}__{bucket.key}"]}
            for bucket in RESPONSE_BUCKETS
        ]
        buckets.append({"key": "none", "label": pending_labels[name], "count": row[f"{name}__none"]})
        result[name] = {
            "total": row["total"],
            "measured": row["total"] - row[f"{name}__none"],
            "buckets": buckets,
            "average": _as_timedelta(row[f"{name}__avg"]),
            "median": _as_timedelta(row.get(f"{name}__median")),
            "median_supported": median_supported(),
        }
    return result


def _as_timedelta(value) -> timedelta | None:
    # SQLite hands back the average in microseconds (a float) when no converter applies.
    if value is None or isinstance(value, timedelta):
        return value
    return timedelta(microseconds=float(value))


# --- 3. Volume by type and day ------------------------------------------------------------------------


def report_volume(created: QuerySet[Ticket], *, period: DateRange) -> dict:
    """Tickets created per day and type (a row per type, a count per day of the range)."""
    rows = (
        created.order_by()
        .annotate(day=TruncDate("created_at"))
        .values("day", "type_id", "type__slug", "type__position", "type__name_en", "type__name_zh_hans")
        .annotate(count=Count("id"))
    )
    days = period.days
    index = {day: n for n, day in enumerate(days)}
    types: dict[int, dict] = {}
    order: dict[int, tuple[int, str]] = {}
    for row in rows:
        entry = types.get(row["type_id"])
        if entry is None:
            entry = types[row["type_id"]] = {
                "key": row["type__slug"],
                "label": _bilingual(row["type__name_en"], row["type__name_zh_hans"]),
                "counts": [0] * len(days),
                "total": 0,
            }
            order[row["type_id"]] = (row["type__position"], row["type__slug"])
        if row["day"] in index:  # always, unless the time zone changed between the filter and here
            entry["counts"][index[row["day"]]] += row["count"]
            entry["total"] += row["count"]
    ordered = [types[type_id] for type_id in sorted(types, key=order.__getitem__)]
    per_day = [sum(entry["counts"][n] for entry in ordered) for n in range(len(days))]
    return {"days": days, "types": ordered, "per_day": per_day, "total": sum(per_day)}


# --- 4. Backlog by age ------------------------------------------------------------------------------------


def report_backlog(*, now: datetime) -> dict:
    """Tickets in an active status now, by how long ago they were created (whatever the range)."""
    aggregates = {"total": Count("id")}
    for bucket in AGE_BUCKETS:
        condition = Q()
        if bucket.low is not None:  # older than ``low``: created at or before now - low
            condition &= Q(created_at__lte=now - bucket.low)
        if bucket.high is not None:
            condition &= Q(created_at__gt=now - bucket.high)
        aggregates[bucket.key] = Count("id", filter=condition)
    row = Ticket.objects.filter(status__in=ACTIVE_STATUSES).order_by().aggregate(**aggregates)
    return {
        "total": row["total"],
        "buckets": [{"key": b.key, "label": b.label, "count": row[b.key]} for b in AGE_BUCKETS],
    }


# --- 5. Escalations ---------------------------------------------------------------------------------------


def report_escalations(*, period: DateRange) -> dict:
    """Escalation events (by hand or by the SLA sweep) that happened in the range, per day and tier reached.

    Counted by the event's own time, not the ticket's creation: an escalation is an event of the day.
    """
    start, end = period.bounds()
    rows = (
        TicketEvent.objects.filter(kind=TicketEvent.Kind.ESCALATED, created_at__gte=start, created_at__lt=end)
        .order_by()
        .annotate(day=TruncDate("created_at"), tier=KT("after__tier"))
        .values("day", "tier")
        .annotate(count=Count("id"))
    )
    days = period.days
    index = {day: n for n, day in enumerate(days)}
    tiers: dict[int | None, dict] = {}
    for row in rows:
        tier = _as_tier(row["tier"])
        entry = tiers.setdefault(
            tier,
            {
                "key": str(tier) if tier else "unknown",
                "label": Tier(tier).label if tier else _("Unknown tier"),
                "counts": [0] * len(days),
                "total": 0,
            },
        )
        if row["day"] in index:
            entry["counts"][index[row["day"]]] += row["count"]
            entry["total"] += row["count"]
    ordered = [tiers[key] for key in sorted(tiers, key=lambda tier: (tier is None, tier or 0))]
    per_day = [sum(entry["counts"][n] for entry in ordered) for n in range(len(days))]
    return {"days": days, "tiers": ordered, "per_day": per_day, "total": sum(per_day)}


def _as_tier(value) -> int | None:
    # The JSON value comes back as text on PostgreSQL (->>) and as a number on SQLite.
    try:
        tier = int(value)
    except (TypeError, ValueError):
        return None
    return tier if tier in Tier.values else None


# --- 6. Satisfaction --------------------------------------------------------------------------------------


def report_satisfaction(created: QuerySet[Ticket]) -> dict:
    """Ratings given on the tickets created in the range: how many of each, and the average."""
    aggregates = {"count": Count("id"), "average": Avg("rating")}
    for rating in RATINGS:
        aggregates[f"r{rating}"] = Count("id", filter=Q(rating=rating))
    row = Feedback.objects.filter(ticket__in=created.values("id")).order_by().aggregate(**aggregates)
    average = row["average"]
    return {
        "count": row["count"],
        "average": round(float(average), 2) if average is not None else None,
        "distribution": [
            {"rating": rating, "count": row[f"r{rating}"], "percent": _percent(row[f"r{rating}"], row["count"])}
            for rating in RATINGS
        ],
    }
