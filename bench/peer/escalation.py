"""Time one run of the peer's ``manage.py escalate_tickets`` over n tickets that are all due
(``make bench BENCH=sla``, on the same PostgreSQL as our sweep).

What is measured: wall time around the ``manage.py escalate_tickets`` subprocess (interpreter
and Django start-up included, about a second), and the CPU time of that process alone
(``command_cpu_s``; PostgreSQL's share is not in it), which a busy shared machine disturbs less.
Statements are not logged (that would slow the run); the peer's database is its own, so the
``pg_stat_database`` counters before and after the command are the command's alone: it runs in
autocommit mode without explicit transactions, so ``xact_commit`` counts its statements (reads
included) to within a few dozen (start-up queries, autovacuum).
The result is checked: every seeded ticket must have been escalated once (``last_escalation`` set,
priority one step higher, i.e. one lower number, a "Ticket Escalated" follow-up and a priority
change row each), else ``run`` raises.
"""

from __future__ import annotations

import os
import resource
import subprocess
import time

from bench.peer import db, seed, setup

ESCALATED_TITLE = "Ticket Escalated"

STATE_SQL = f"""
SELECT (SELECT count(*) FROM helpdesk_ticket),
       (SELECT count(*) FROM helpdesk_ticket WHERE last_escalation IS NOT NULL),
       (SELECT coalesce(sum(priority), 0) FROM helpdesk_ticket),
       (SELECT count(*) FROM helpdesk_followup WHERE title = '{ESCALATED_TITLE}'),
       (SELECT count(*) FROM helpdesk_ticketchange WHERE field = 'Priority')
"""

UNDO_SQL = f"""
BEGIN;
DELETE FROM helpdesk_ticketchange WHERE followup_id IN
    (SELECT id FROM helpdesk_followup WHERE title = '{ESCALATED_TITLE}');
DELETE FROM helpdesk_followup WHERE title = '{ESCALATED_TITLE}';
UPDATE helpdesk_ticket SET priority = priority + 1, last_escalation = NULL WHERE last_escalation IS NOT NULL;
COMMIT;
"""


def _state(t: db.Target, database: str) -> dict[str, int]:
    row = t.sql(STATE_SQL, database=database)[0]
    return dict(zip(("tickets", "escalated", "priority_sum", "followups", "changes"), map(int, row), strict=True))


def undo(pg, database: str = db.DEFAULT_DATABASE) -> None:
    """Undo an escalation run, so that the next one finds every ticket due again."""
    db.target(pg).sql(UNDO_SQL, database=database)


def _timed_command(peer: setup.Peer, env: dict[str, str], timeout: float) -> tuple[float, float, list[float]]:
    """Wall time and CPU time of one ``escalate_tickets`` process, and the load average around it."""
    load_before = os.getloadavg()[0]
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    result = subprocess.run(
        peer.manage_command("escalate_tickets"),
        cwd=peer.project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (after.ru_utime - children_before.ru_utime) + (after.ru_stime - children_before.ru_stime)
    if result.returncode != 0:
        raise RuntimeError(f"escalate_tickets exited with {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return seconds, cpu_s, [round(load_before, 2), round(os.getloadavg()[0], 2)]


def _check(before: dict, after: dict, n_tickets: int) -> int:
    """Every seeded ticket escalated once, or ``RuntimeError``; the number escalated."""
    escalated = after["escalated"] - before["escalated"]
    checks = {
        "every seeded ticket escalated": escalated == n_tickets,
        "priority raised by one step each": before["priority_sum"] - after["priority_sum"] == escalated,
        "one follow-up each": after["followups"] - before["followups"] == escalated,
        "one priority change each": after["changes"] - before["changes"] == escalated,
    }
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise RuntimeError(f"escalate_tickets did not do its job ({', '.join(failed)}): before={before} after={after}")
    return escalated


def run(
    pg,
    n_tickets: int = 100_000,
    *,
    database: str = db.DEFAULT_DATABASE,
    timeout: float = 3600,
    peer: setup.Peer | None = None,
) -> dict:
    """Seed a fresh ``database`` on ``pg`` with ``n_tickets`` due tickets and time one escalation run."""
    t = db.target(pg)
    started = time.monotonic()
    peer = peer or setup.ensure()
    setup_s = round(time.monotonic() - started, 2)
    prepared = seed.prepare(peer, t, database, n_tickets)

    before = _state(t, database)
    if before["escalated"] or before["followups"]:
        raise RuntimeError(f"the seeded database already holds escalations: {before}")
    stats_before = db.database_stats(t, database)
    seconds, cpu_s, load = _timed_command(peer, peer.env(t.url(database)), timeout)
    stats_after = db.database_stats(t, database)
    after = _state(t, database)
    escalated = _check(before, after, n_tickets)
    delta = {key: stats_after[key] - stats_before[key] for key in db.STAT_COLUMNS}
    return {
        "system": "django-helpdesk 2.6.1",
        "command": "manage.py escalate_tickets",
        "tickets": n_tickets,
        "escalated": escalated,
        "seconds": round(seconds, 2),
        "ms_per_ticket": round(seconds * 1000 / max(escalated, 1), 3),
        "statements": delta["xact_commit"],
        "statements_per_ticket": round(delta["xact_commit"] / max(escalated, 1), 2),
        "statements_how": "pg_stat_database.xact_commit delta (autocommit: one transaction per statement)",
        "pg_stat_database_delta": delta,
        "followups_created": after["followups"] - before["followups"],
        "email_backend": "dummy (one escalated_submitter mail rendered per ticket)",
        "command_cpu_s": round(cpu_s, 2),
        "load_average_before_after": load,
        "database": database,
        "setup_s": setup_s,
        "seed": prepared["timings"],
    }
