"""The SLA benchmark's sweep and its checks: what is due before it, one real ``sla_sweep`` in a
child process with the app's settings (the app's code, not a copy), and the database after it.

``pending`` / ``check_pending``: what a sweep would find now, against what the seeding promised;
``run_sweep(env)``: its wall time, statements and result, then an idle sweep (the next beat);
``verify(...)``: exactly the due tickets at tier 2 with one breach and one escalation each.
"""

from __future__ import annotations

import time

from bench.child import run_child
from bench.peer import db

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
