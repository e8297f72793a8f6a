"""Open tickets with armed SLA timers, written with SQL, and one real sweep over them.

Used by ``bench/bench_sla.py`` (100,000 and 1,000,000 tickets) and its test (a few hundred).

``seed(t, database, n_tickets, due)`` fills an app database that is migrated and holds the
reference data (``manage.py seed_demo --reference-only``) with ``n_tickets`` open tier-1 tickets,
each as ``tickets.services.clocks.start`` + ``arm_timers`` leave a new ticket: its policy is the
first active one that matches (``tickets.sla.first_matching``, the app's own pure function),
``sla_clocks`` holds the first-response and resolution clocks with their warning points,
``first_response_due``/``resolution_due``/``sla_due`` are set, and each ticket has four unfired
``SlaTimer`` rows (a warning and a breach per running target). Exactly ``due`` tickets, spread
evenly over the ids, passed their first-response deadline 1 s to 10 min ago (so their
first-response warning and breach timers are due); every timer of the others fires at least
``HORIZON_S`` after the seeding, so nothing else falls due while the benchmark runs.
Everything goes in with a couple of ``INSERT ... SELECT generate_series`` statements in one
transaction, then ``VACUUM ANALYZE`` and a ``CHECKPOINT`` (so the sweep does not share the disk
with the flush of the seeding's dirty pages).

``run_sweep(env)`` runs ``tickets.services.sla_sweep`` in a child Python process with the app's
settings (the app's code, not a copy) and returns its wall time, query count and result;
``verify(...)`` checks the outcome with SQL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from bench.bulk_load import BulkLoad
from bench.child import run_child
from bench.peer import db
from tickets import sla

# Every timer of a ticket that is not due fires at least this long after the seeding.
HORIZON_S = 600
# The due tickets' first-response deadlines passed between 1 s and this long before the seeding.
MAX_OVERDUE_S = 600
AGENTS = 10
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
TITLES = {
    "deposit_withdrawal": "USDT withdrawal still pending after two hours",
    "trading": "Limit order filled at the wrong price",
    "account_access": "Lost my 2FA device and cannot sign in",
    "verification": "KYC level 2 documents rejected twice",
    "other": "Question about the referral programme",
}


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


def mix_rows(t: db.Target, database: str) -> list[MixRow]:
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


AGENTS_SQL = """
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, is_staff, is_active,
                           date_joined, email, phone, language, tier, anti_phishing_code)
SELECT '!', false, 'bench-agent-' || k, 'Agent', k::text, true, true, now(),
       'bench-agent-' || k || '@supportdesk.example', '', 'en', 'standard', ''
FROM generate_series(1, %(agents)s) AS k
ON CONFLICT (username) DO NOTHING
"""

TRUNCATE_SQL = """
TRUNCATE tickets_ticket, tickets_slatimer, tickets_ticketevent, tickets_notification, tickets_message,
         tickets_screenshot, tickets_feedback, tickets_idempotencyrecord RESTART IDENTITY CASCADE
"""

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
    attempted_steps, contact_email, contact_phone, language, channel, priority, status, tier, team_id,
    requester_id, assignee_id, created_at, updated_at, first_responded_at, solved_at, closed_at,
    sla_policy_id, sla_clocks, sla_paused_at, sla_breached_at, first_response_due, next_response_due,
    resolution_due, sla_due, emergency, guest_link_version, reported_channel)
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
       m.priority, 'open', 1, m.team_id,
       NULL,
       CASE WHEN mod(h.h / 320, 3) = 0 THEN a.ids[1 + mod(h.h / 960, a.n)] END,
       c.created, c.created, NULL, NULL, NULL,
       m.policy_id,
       jsonb_build_object('first_response', {_clock("m.fr_s", "c.fr_due", "m.fr_lead_s")},
                          'resolution', {_clock("m.res_s", "c.res_due", "m.res_lead_s")}),
       NULL, NULL, c.fr_due, NULL, c.res_due, least(c.fr_due, c.res_due),
       false, 0, ''
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


def seed(t: db.Target, database: str, n_tickets: int, due: int, *, warned: bool = False, log=print) -> dict:
    """Empty the ticket tables of ``database`` and seed it; returns counts and timings.

    ``warned``: the due tickets' first-response warnings were already sent by an earlier sweep
    (timer fired, ``sla_warning`` event written), as in a desk whose beat never stopped; only
    their breaches are left for the sweep."""
    if n_tickets < 1 or not 0 <= due <= n_tickets:
        raise ValueError(f"due ({due}) must be between 0 and n_tickets ({n_tickets})")
    mix = mix_rows(t, database)
    with BulkLoad(t, database, log) as load:
        cursor = load.cursor
        load.step("truncate_s", TRUNCATE_SQL)
        cursor.execute(AGENTS_SQL, {"agents": AGENTS})
        cursor.execute(MIX_TABLE_SQL)
        cursor.executemany(
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
        params = {
            "n": int(n_tickets),
            "due": int(due),
            "slots": len(MIX),
            "max_overdue": MAX_OVERDUE_S,
            "horizon": HORIZON_S,
        }
        tickets = load.step("tickets_insert_s", TICKETS_SQL, params)
        timers = load.step("timers_insert_s", TIMERS_SQL)
        if warned:
            load.step("warned_s", WARNED_SQL)
        # The ids were given (ticket g has id g): move the identity on past them.
        cursor.execute("SELECT setval(pg_get_serial_sequence('tickets_ticket', 'id'), %(n)s)", params)
    if tickets != n_tickets:
        raise RuntimeError(f"seeded {tickets} tickets instead of {n_tickets}")
    timings = load.settle()
    return {"tickets": tickets, "timers": timers, "due": due, "warned": warned, "timings": timings}


PENDING_SQL = """
SELECT (SELECT count(DISTINCT ticket_id) FROM tickets_slatimer WHERE fired_at IS NULL AND fire_at <= now()),
       (SELECT count(*) FROM tickets_slatimer WHERE fired_at IS NULL AND fire_at <= now()),
       (SELECT count(*) FROM tickets_slatimer
        WHERE fired_at IS NULL AND fire_at <= now() AND kind = 'breach' AND target = 'first_response'),
       (SELECT count(*) FROM tickets_slatimer
        WHERE fired_at IS NULL AND fire_at <= now() + %(margin)s * interval '1 second'),
       (SELECT count(*) FROM tickets_ticket WHERE status = 'open' AND tier = 1)
"""


def pending(t: db.Target, database: str, margin_s: int = 120) -> dict[str, int]:
    """What a sweep would find now (and in ``margin_s``): checked right before the sweep runs."""
    row = t.sql(PENDING_SQL, {"margin": margin_s}, database=database)[0]
    keys = ("due_tickets", "due_timers", "due_first_response_breaches", "due_timers_within_margin", "open_tier1")
    return dict(zip(keys, map(int, row), strict=True))


def check_pending(state: dict[str, int], n_tickets: int, due: int, *, warned: bool = False) -> list[str]:
    # The first-response warning (unless an earlier sweep sent it) and breach of each due ticket.
    timers = due if warned else 2 * due
    expected = {
        "due_tickets": due,
        "due_timers": timers,
        "due_first_response_breaches": due,
        "due_timers_within_margin": timers,
        "open_tier1": n_tickets,
    }
    return [
        f"before the sweep: {key} = {state[key]}, expected {value}"
        for key, value in expected.items()
        if state[key] != value
    ]


CHILD = r"""
import json, sys, time
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.utils import timezone
from tickets.services import sla_sweep

counts = {}

sql_s = {}

def count(execute, sql, params, many, context):
    verb = (sql or "?").lstrip().split(None, 1)[0].upper()
    counts[verb] = counts.get(verb, 0) + 1
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        sql_s[verb] = sql_s.get(verb, 0.0) + time.perf_counter() - started

def measured(now):
    counts.clear()
    sql_s.clear()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = sla_sweep(now=now, batch_size=settings.SLA_SWEEP_BATCH)
        seconds = time.perf_counter() - started
    return {"now": now.isoformat(), "seconds": seconds, "queries": sum(counts.values()),
            "queries_by_verb": dict(counts), "sql_s": round(sum(sql_s.values()), 3),
            "sql_s_by_verb": {k: round(v, 3) for k, v in sql_s.items()}, "result": result.as_dict()}

connection.ensure_connection()  # the worker's connection is open already; opening it is not the sweep
out = measured(timezone.now())
out["batch_size"] = settings.SLA_SWEEP_BATCH
out["idle"] = measured(timezone.now())  # the next beat: nothing is due any more
print("SLA_SWEEP " + json.dumps(out), flush=True)
"""


def run_sweep(env: dict[str, str], *, timeout: float = 600) -> dict:
    """One ``sla_sweep`` (then an idle one) in a child process with the app's settings."""
    started = time.monotonic()
    out = run_child(["-c", CHILD], env=env, marker="SLA_SWEEP", what="the sweep process", timeout=timeout)
    out["process_s"] = round(time.monotonic() - started, 3)
    out["seconds"] = round(out["seconds"], 3)
    out["idle"]["seconds"] = round(out["idle"]["seconds"], 4)
    return out


# No CTE scanned per row (a nested loop over one is quadratic): aggregates and indexed joins only.
VERIFY_SQL = """
SELECT
    (SELECT count(*) FROM tickets_ticket),
    (SELECT count(*) FROM tickets_ticket WHERE tier = 2),
    (SELECT count(*) FROM tickets_ticket t JOIN tickets_team team ON team.id = t.team_id
     WHERE t.tier = 2 AND team.tier = 2),
    (SELECT count(*) FROM tickets_ticket WHERE tier = 2 AND first_response_due <= %(now)s),
    (SELECT count(*) FROM tickets_ticket WHERE tier NOT IN (1, 2)),
    (SELECT count(*) FROM tickets_ticket WHERE sla_breached_at IS NOT NULL),
    (SELECT count(*) FROM tickets_ticket t JOIN (
        SELECT ticket_id FROM tickets_ticketevent WHERE kind IN ('sla_breach', 'escalated') GROUP BY ticket_id
        HAVING count(*) FILTER (WHERE kind = 'sla_breach') = 1 AND count(*) FILTER (WHERE kind = 'escalated') = 1
     ) AS once ON once.ticket_id = t.id
     WHERE t.tier = 2),
    (SELECT count(*) FROM tickets_ticketevent WHERE kind = 'sla_breach'),
    (SELECT count(*) FROM tickets_ticketevent WHERE kind = 'escalated'),
    (SELECT count(*) FROM tickets_ticketevent WHERE kind = 'sla_warning'),
    (SELECT count(*) FROM tickets_slatimer WHERE fired_at IS NULL AND fire_at <= %(now)s),
    (SELECT count(*) FROM tickets_slatimer WHERE fired_at IS NOT NULL),
    (SELECT count(*) FROM tickets_notification)
"""
VERIFY_KEYS = (
    "tickets",
    "tier2",
    "tier2_with_tier2_team",
    "tier2_and_due",
    "other_tiers",
    "breached",
    "tier2_with_one_breach_and_one_escalated_event",
    "breach_events",
    "escalated_events",
    "warning_events",
    "due_unfired_timers",
    "fired_timers",
    "notifications",
)


def verify(
    t: db.Target, database: str, sweep: dict, n_tickets: int, due: int, *, warned: bool = False
) -> tuple[dict, list[str]]:
    """The database after the sweep, and what is wrong with it (empty when all is right)."""
    # The planner's statistics are from before the sweep (events and notifications were empty).
    t.sql("ANALYZE tickets_ticket, tickets_ticketevent, tickets_slatimer, tickets_notification", database=database)
    row = t.sql(VERIFY_SQL, {"now": sweep["now"]}, database=database)[0]
    state = dict(zip(VERIFY_KEYS, map(int, row), strict=True))
    expected = {
        "tickets": n_tickets,
        "tier2": due,
        "tier2_with_tier2_team": due,
        "tier2_and_due": due,
        "other_tiers": 0,
        "breached": due,
        "tier2_with_one_breach_and_one_escalated_event": due,
        "breach_events": due,
        "escalated_events": due,
        # Warnings already sent by an earlier sweep (warned) are on record; late ones are superseded.
        "warning_events": due if warned else 0,
        "due_unfired_timers": 0,
        "fired_timers": 2 * due,
    }
    failures = [
        f"after the sweep: {key} = {state[key]}, expected {value}"
        for key, value in expected.items()
        if state[key] != value
    ]
    result = sweep["result"]
    # The due tickets' warnings are past their deadline too: the breach supersedes them.
    superseded = 0 if warned else due
    expected_result = {"warnings": 0, "superseded": superseded, "breaches": due, "escalated": due, "stale": 0}
    for key, value in expected_result.items():
        if result.get(key) != value:
            failures.append(f"sweep result: {key} = {result.get(key)}, expected {value}")
    idle = sweep["idle"]["result"]
    if idle["warnings"] or idle["breaches"] or idle["escalated"]:
        failures.append(f"a second sweep acted again: {idle}")
    return state, failures
