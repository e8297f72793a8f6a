"""Reference data read on every ticket create (types, teams, keyword rules, SLA policies),
cached per process.

These tables change a few times a year and are read on every request, so each process keeps a
snapshot (``tickets.snapshots``): reloaded at most every ``REFERENCE_DATA_TTL`` seconds, and at once
in the process that saved a change (the signal receivers below). An admin edit therefore reaches
every worker within that many seconds.
"""

from dataclasses import dataclass, field

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import rules, sla
from .models import BusinessCalendar, BusinessHours, Holiday, PriorityRule, SlaPolicy, Team, TicketType
from .snapshots import Snapshot


@dataclass(frozen=True)
class PolicyContext:
    """What the clocks need from a policy, with its calendar already built."""

    policy: SlaPolicy | None
    targets: sla.Targets
    calendar: sla.Calendar
    warning: sla.WarningPoint
    pause_on_hold: bool


@dataclass(frozen=True)
class ReferenceData:
    types_by_slug: dict[str, TicketType]
    types_by_id: dict[int, TicketType]  # in the types' own order
    teams: tuple[Team, ...]  # by tier, then slug
    teams_by_tier: dict[int, Team]
    keyword_rules: tuple[rules.KeywordRule, ...]
    policies: tuple[SlaPolicy, ...]
    conditions: tuple[sla.PolicyConditions, ...]
    contexts: dict[int, PolicyContext] = field(default_factory=dict)

    def team_for_tier(self, tier: int) -> Team | None:
        return self.teams_by_tier.get(tier)

    def policy_for(self, *, priority: str, type_id: int | None, customer_tier: str) -> SlaPolicy | None:
        chosen = sla.first_matching(
            list(self.conditions), priority=priority, type_id=type_id, customer_tier=customer_tier
        )
        return next((p for p in self.policies if p.pk == chosen), None)

    def context_for(self, policy_id: int | None, priority: str) -> PolicyContext:
        context = self.contexts.get(policy_id) if policy_id else None
        if context is None:  # no policy matched (or it was deleted): the contract's defaults
            return PolicyContext(
                None, sla.DEFAULT_TARGETS[priority], sla.ALWAYS_OPEN, sla.WarningPoint(percent=80), True
            )
        return context


def _calendar(calendar: BusinessCalendar | None) -> sla.Calendar:
    if calendar is None:
        return sla.ALWAYS_OPEN
    hours: dict[int, list] = {}
    for row in calendar.hours.all():
        hours.setdefault(row.weekday, []).append((row.opens, row.closes))
    return sla.Calendar(
        tz=calendar.timezone,
        hours={day: tuple(spans) for day, spans in hours.items()},
        holidays=frozenset(h.date for h in calendar.holidays.all()),
    )


def _context(policy: SlaPolicy) -> PolicyContext:
    return PolicyContext(
        policy=policy,
        targets=sla.Targets(
            first_response=policy.first_response_target,
            resolution=policy.resolution_target,
            next_response=policy.next_response_target,
        ),
        calendar=_calendar(policy.calendar),
        warning=sla.WarningPoint(percent=policy.warning_percent, before=policy.warning_before),
        pause_on_hold=policy.pause_on_hold,
    )


def load() -> ReferenceData:
    types = list(TicketType.objects.select_related("default_team"))
    teams = tuple(Team.objects.order_by("tier", "slug"))
    teams_by_tier: dict[int, Team] = {}
    for team in teams:
        teams_by_tier.setdefault(team.tier, team)  # the first by slug serves its tier
    policies = tuple(
        SlaPolicy.objects.filter(active=True)
        .select_related("calendar")
        .prefetch_related("ticket_types", "calendar__hours", "calendar__holidays")
        .order_by("position", "id")
    )
    return ReferenceData(
        types_by_slug={t.slug: t for t in types},
        types_by_id={t.pk: t for t in types},
        teams=teams,
        teams_by_tier=teams_by_tier,
        keyword_rules=tuple(
            rules.KeywordRule(
                name=rule.name,
                keywords=tuple(rule.keyword_list),
                priority=rule.priority or None,
                type_id=rule.ticket_type_id,
                tier=rule.tier,
            )
            for rule in PriorityRule.objects.filter(active=True).order_by("position", "id")
        ),
        policies=policies,
        conditions=tuple(
            sla.PolicyConditions(
                policy_id=p.pk,
                priorities=frozenset(p.priorities or ()),
                type_ids=frozenset(t.pk for t in p.ticket_types.all()),
                customer_tiers=frozenset(p.customer_tiers or ()),
            )
            for p in policies
        ),
        contexts={p.pk: _context(p) for p in policies},
    )


_snapshot = Snapshot(load)
get = _snapshot.get  # the current ReferenceData
invalidate = _snapshot.invalidate  # connected to saves of the tables above


_WATCHED = (TicketType, Team, PriorityRule, SlaPolicy, BusinessCalendar, BusinessHours, Holiday)


def connect_signals() -> None:
    for model in _WATCHED:
        post_save.connect(invalidate, sender=model, dispatch_uid=f"refdata-save-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"refdata-delete-{model.__name__}")
    m2m_changed.connect(invalidate, sender=SlaPolicy.ticket_types.through, dispatch_uid="refdata-policy-types")
