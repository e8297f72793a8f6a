"""The SLA sweep's shape (``bench.seed.seed(..., due=N)``): open tier-1 tickets with armed timers.

Each ticket is as ``tickets.services.clocks.start`` + ``arm_timers`` leave a new one: its policy
is the first active one that matches (``tickets.sla.first_matching``, the app's own pure function),
``sla_clocks`` holds the first-response and resolution clocks with their warning points,
``first_response_due``/``resolution_due``/``sla_due`` are set, and each ticket has four unfired
``SlaTimer`` rows (a warning and a breach per running target). Exactly ``due`` tickets, spread
evenly over the ids, passed their first-response deadline 1 s to 10 min ago (so their
first-response warning and breach timers are due); every timer of the others fires at least
``HORIZON_S`` after the seeding, so nothing else falls due while the benchmark runs. Seeded
tickets are guest tickets (no requester), some assigned to the ``AGENTS`` generated agents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bench.peer import db
from bench.seed import TITLES, BulkLoad
from tickets import sla

# Every timer of a ticket that is not due fires at least this long after the seeding.
HORIZON_S = 600
# The due tickets' first-response deadlines passed between 1 s and this long before the seeding.
MAX_OVERDUE_S = 600
AGENTS = 10
CUSTOMERS = 0
CUSTOMER_TIER = "standard"  # seeded tickets are guest tickets (no requester): the standard tier

# A ticket mix of 20 slots (ticket g takes the slot its hash picks, so the due tickets, every
# (n / due)th, are a mix too): the tier-1 ticket types with their
# default priorities, and a VIP raise of one level on a few (the rule in tickets.rules).
MIX = (
    *[("deposit_withdrawal", "high")] * 6,
    ("deposit_withdrawal", "urgent"),
    *[("trading", "normal")] * 4,
    ("trading", "high"),
    *[("account_access", "high")] * 3,
    *[("verification", "normal")] * 3,
    *[("other", "low")] * 2,
)


@dataclass(frozen=True)
class MixRow:
    slot: int
    type_id: int
    type_slug: str
    priority: str
    team_id: int
    policy_id: int
    first_response_s: float
    resolution_s: float
    first_response_lead_s: float | None  # warning point this long before the deadline
    resolution_lead_s: float | None


def _policies(t: db.Target, database: str) -> list[dict]:
    rows = t.sql(
        """
        SELECT p.id, p.priorities, p.customer_tiers, p.first_response_target, p.resolution_target,
               p.warning_percent, p.warning_before, p.calendar_id,
               coalesce(array_agg(pt.tickettype_id) FILTER (WHERE pt.tickettype_id IS NOT NULL), '{}')
        FROM tickets_slapolicy p LEFT JOIN tickets_slapolicy_ticket_types pt ON pt.slapolicy_id = p.id
        WHERE p.active GROUP BY p.id ORDER BY p.position, p.id
        """,
        database=database,
    )
    keys = ("id", "priorities", "customer_tiers", "first", "resolution", "percent", "before", "calendar_id", "types")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def reference_rows(t: db.Target, database: str) -> list[MixRow]:
    """The 20 slots with their type, team and policy, matched by the app's own pure rules."""
    types = {
        slug: (pk, team)
        for pk, slug, team in t.sql("SELECT id, slug, default_team_id FROM tickets_tickettype", database=database)
    }
    tier1 = t.sql("SELECT id FROM tickets_team WHERE tier = 1 ORDER BY slug LIMIT 1", database=database)
    team_tiers = dict(t.sql("SELECT id, tier FROM tickets_team", database=database))
    policies = _policies(t, database)
    if not tier1 or not policies:
        raise RuntimeError("the database has no reference data: run manage.py seed_demo --reference-only")
    conditions = [
        sla.PolicyConditions(
            policy_id=p["id"],
            priorities=frozenset(p["priorities"]),
            type_ids=frozenset(p["types"]),
            customer_tiers=frozenset(p["customer_tiers"]),
        )
        for p in policies
    ]
    by_id = {p["id"]: p for p in policies}
    rows = []
    for slot, (slug, priority) in enumerate(MIX):
        type_id, default_team = types[slug]
        policy_id = sla.first_matching(conditions, priority=priority, type_id=type_id, customer_tier=CUSTOMER_TIER)
        if policy_id is None:
            raise RuntimeError(f"no active SLA policy matches {slug}/{priority}")
        policy = by_id[policy_id]
        if policy["calendar_id"] is not None:
            raise RuntimeError(f"policy {policy_id} has a business calendar; the seed lays deadlines out 24/7")
        warning = sla.WarningPoint(percent=policy["percent"], before=policy["before"])

        def lead(full: timedelta, warning=warning) -> float | None:
            value = warning.lead(full)  # as tickets.sla.lay_out: no warning point at or after the deadline
            return value.total_seconds() if value is not None and value > timedelta(0) else None

        rows.append(
            MixRow(
                slot=slot,
                type_id=type_id,
                type_slug=slug,
                priority=priority,
                team_id=default_team if team_tiers.get(default_team) == 1 else tier1[0][0],
                policy_id=policy_id,
                first_response_s=policy["first"].total_seconds(),
                resolution_s=policy["resolution"].total_seconds(),
                first_response_lead_s=lead(policy["first"]),
                resolution_lead_s=lead(policy["resolution"]),
            )
        )
    return rows


# ISO 8601 as Python's datetime.isoformat() writes a UTC time (what clocks._run stores).
_ISO = """CASE WHEN mod(extract(microseconds FROM {ts})::int, 1000000) = 0
  THEN to_char({ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
  ELSE to_char({ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') END"""


def _clock(full: str, due: str, lead: str) -> str:
    warn = f"({due} - {lead} * interval '1 second')"
    return (
        f"jsonb_build_object('full', ({full})::bigint, 'warn_at', "
        f"CASE WHEN {lead} IS NULL THEN NULL ELSE {_ISO.format(ts=warn)} END)"
    )


# One row per ticket g: its slot of the mix (by a hash of g), whether it is due, its age. The times are in whole
# seconds from T, the seeding's now() truncated to the second.
TICKETS_SQL = f"""
INSERT INTO tickets_ticket (
    id, reference, title, description, type_id, transaction_id, asset, network, amount, occurred_at,
    attempted_steps, contact_email, contact_phone, language, channel, reported_channel, emergency,
    guest_link_version, priority, status, tier, team_id,
    requester_id, assignee_id, created_at, updated_at, first_responded_at, solved_at, closed_at,
    sla_policy_id, sla_clocks, sla_paused_at, sla_breached_at, first_response_due, next_response_due,
    resolution_due, sla_due)
SELECT g, 'SD-' || lpad(upper(to_hex(g)), 6, '0'),
       m.title || ' (#' || g || ')',
       'Seeded for the SLA benchmark. ' || m.title || '. I tried again this morning and it is the same; '
           || 'please have a look, ticket ' || g || '.',
       m.type_id,
       CASE WHEN m.slug = 'deposit_withdrawal' THEN '0x' || md5(g::text) ELSE '' END,
       CASE WHEN m.slug IN ('deposit_withdrawal', 'trading')
            THEN (ARRAY['USDT', 'BTC', 'ETH'])[1 + mod(h.h / 7, 3)] ELSE '' END,
       CASE WHEN m.slug = 'deposit_withdrawal'
            THEN (ARRAY['TRC20', 'ERC20', 'Bitcoin'])[1 + mod(h.h / 7, 3)] ELSE '' END,
       CASE WHEN m.slug IN ('deposit_withdrawal', 'trading') THEN mod(h.h / 11, 5000) + 0.5 END,
       CASE WHEN m.slug IN ('deposit_withdrawal', 'trading') THEN c.created - interval '1 hour' END,
       '',
       'customer' || mod(h.h / 13, 50000) || '@example.com',
       '',
       CASE WHEN mod(h.h / 20, 4) = 0 THEN 'zh-hans' ELSE 'en' END,
       (ARRAY['web', 'web', 'api', 'email'])[1 + mod(h.h / 80, 4)],
       '', false, 0,
       m.priority, 'open', 1, m.team_id,
       NULL,
       CASE WHEN mod(h.h / 320, 3) = 0 THEN a.ids[1 + mod(h.h / 960, a.n)] END,
       c.created, c.created, NULL, NULL, NULL,
       m.policy_id,
       jsonb_build_object('first_response', {_clock("m.fr_s", "c.fr_due", "m.fr_lead_s")},
                          'resolution', {_clock("m.res_s", "c.res_due", "m.res_lead_s")}),
       NULL, NULL, c.fr_due, NULL, c.res_due, least(c.fr_due, c.res_due)
FROM generate_series(1, %(n)s) AS g
CROSS JOIN (SELECT date_trunc('second', now()) AS t) AS base
CROSS JOIN (SELECT coalesce(array_agg(id ORDER BY id), '{{}}') AS ids, count(*)::int AS n FROM accounts_user
            WHERE starts_with(username, 'bench-agent-')) AS a
CROSS JOIN LATERAL (SELECT abs(hashint4(g)::bigint) AS h) AS h
JOIN mix AS m ON m.slot = mod(h.h, %(slots)s)
CROSS JOIN LATERAL (
    SELECT (g::bigint * %(due)s) / %(n)s <> ((g::bigint - 1) * %(due)s) / %(n)s AS due
) AS d
CROSS JOIN LATERAL (
    SELECT CASE WHEN d.due
        -- first response overdue by 1 s .. MAX_OVERDUE_S
        THEN base.t - (m.fr_s + 1 + mod(h.h / 3, %(max_overdue)s)) * interval '1 second'
        -- younger than that: its first timer (the warning point) fires HORIZON_S or more from now
        ELSE base.t - floor(mod(h.h / 5, 1000) / 1000.0
                 * greatest(m.fr_s - coalesce(m.fr_lead_s, 0) - %(horizon)s, 0)) * interval '1 second'
    END AS created
) AS c0
CROSS JOIN LATERAL (
    SELECT c0.created, c0.created + m.fr_s * interval '1 second' AS fr_due,
           c0.created + m.res_s * interval '1 second' AS res_due
) AS c
"""

# As clocks.arm_timers: per running target a breach timer at the deadline and a warning timer
# at the warning point (when the policy has one).
TIMERS_SQL = """
INSERT INTO tickets_slatimer (ticket_id, target, kind, deadline, fire_at, fired_at)
SELECT t.id, x.target, x.kind, x.deadline, x.fire_at, NULL
FROM tickets_ticket AS t
JOIN (SELECT DISTINCT policy_id, fr_lead_s, res_lead_s FROM mix) AS m ON m.policy_id = t.sla_policy_id
CROSS JOIN LATERAL (VALUES
    ('first_response', 'breach', t.first_response_due, t.first_response_due),
    ('first_response', 'warning', t.first_response_due, t.first_response_due - m.fr_lead_s * interval '1 second'),
    ('resolution', 'breach', t.resolution_due, t.resolution_due),
    ('resolution', 'warning', t.resolution_due, t.resolution_due - m.res_lead_s * interval '1 second')
) AS x(target, kind, deadline, fire_at)
WHERE x.fire_at IS NOT NULL
"""

# An earlier sweep's work on the warnings that fell due: the timer fired, the event written.
WARNED_SQL = f"""
WITH fired AS (
    UPDATE tickets_slatimer SET fired_at = fire_at
    WHERE fired_at IS NULL AND kind = 'warning' AND fire_at <= now()
    RETURNING ticket_id, target, deadline, fire_at
)
INSERT INTO tickets_ticketevent (ticket_id, actor_id, kind, before, after, created_at)
SELECT ticket_id, NULL, 'sla_warning', NULL,
       jsonb_build_object('target', target, 'due', {_ISO.format(ts="deadline")}),
       fire_at
FROM fired
"""

MIX_TABLE_SQL = """
CREATE TEMP TABLE mix (slot int PRIMARY KEY, type_id bigint, slug text, title text, priority text, team_id bigint,
                       policy_id bigint, fr_s float8, res_s float8, fr_lead_s float8, res_lead_s float8)
ON COMMIT DROP
"""


def write(load: BulkLoad, mix: list[MixRow], n: int, *, due: int, warned: bool) -> dict:
    """The tickets and their timers in ``load``'s transaction; the counts."""
    load.cursor.execute(MIX_TABLE_SQL)
    load.cursor.executemany(
        "INSERT INTO mix VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            (
                r.slot,
                r.type_id,
                r.type_slug,
                TITLES[r.type_slug],
                r.priority,
                r.team_id,
                r.policy_id,
                r.first_response_s,
                r.resolution_s,
                r.first_response_lead_s,
                r.resolution_lead_s,
            )
            for r in mix
        ],
    )
    params = {"n": n, "due": int(due), "slots": len(MIX), "max_overdue": MAX_OVERDUE_S, "horizon": HORIZON_S}
    tickets = load.step("tickets_insert_s", TICKETS_SQL, params)
    timers = load.step("timers_insert_s", TIMERS_SQL)
    if warned:
        load.step("warned_s", WARNED_SQL)
    return {"tickets": tickets, "timers": timers, "due": due, "warned": warned}
