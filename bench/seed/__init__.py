"""Tickets and their SLA timers written with SQL: the one seeder of the SLA and queue benchmarks.

``seed(t, database, n, due=...)`` empties the ticket tables of an app database that is migrated and
holds the reference data (``manage.py seed_demo --reference-only``) and writes ``n`` tickets in
one of two shapes:

- ``due`` given (``bench/seed/open_tickets.py``, for the SLA sweep): every ticket open at tier 1
  as ``clocks.start`` + ``arm_timers`` leave a new one, with its clocks and four unfired timers;
  exactly ``due`` of them past their first-response deadline, nothing else due for a while.
- ``due`` None (``bench/seed/history.py``, for the agent queue): a desk's three-year history,
  most tickets closed long ago, about 8 % active, customers, agents in the teams, tags.

Both share the generated users (agents, and customers for the history), the truncation, the bulk
load (one transaction with ``INSERT ... SELECT generate_series``; ticket g has id g, each mix
picked by a hash of g, so any run of consecutive tickets is a mix too) and the settling after it
(``VACUUM ANALYZE`` and a ``CHECKPOINT``, so the measurement does not share the disk with the
flush of the seeding's dirty pages).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench.peer import db

TITLES = {
    "deposit_withdrawal": "USDT withdrawal still pending after two hours",
    "trading": "Limit order filled at the wrong price",
    "account_access": "Lost my 2FA device and cannot sign in",
    "verification": "KYC level 2 documents rejected twice",
    "account_security": "Unknown login from another country",
    "api": "API key returns 401 on signed requests",
    "other": "Question about the referral programme",
}

TRUNCATE_SQL = """
TRUNCATE tickets_ticket, tickets_ticket_tags, tickets_slatimer, tickets_ticketevent, tickets_notification,
         tickets_message, tickets_screenshot, tickets_feedback, tickets_idempotencyrecord RESTART IDENTITY CASCADE
"""

# Agents (staff, no team: a shape adds them to teams) and customers; every NOT NULL column named.
USERS_SQL = """
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, is_staff, is_active,
                           date_joined, email, phone, language, tier, anti_phishing_code)
SELECT '!', false, 'bench-agent-' || k, 'Agent', k::text, true, true, now(),
       'bench-agent-' || k || '@supportdesk.example', '', 'en', 'standard', ''
FROM generate_series(1, %(agents)s) AS k
ON CONFLICT (username) DO NOTHING;
INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, is_staff, is_active,
                           date_joined, email, phone, language, tier, anti_phishing_code)
SELECT '!', false, 'bench-customer-' || k || '@example.com', 'Customer', k::text, false, true,
       now() - interval '3 years', 'bench-customer-' || k || '@example.com', '',
       CASE WHEN k %% 4 = 0 THEN 'zh-hans' ELSE 'en' END,
       CASE WHEN k %% 50 = 0 THEN 'vip2' WHEN k %% 10 = 0 THEN 'vip1' ELSE 'standard' END, ''
FROM generate_series(1, %(customers)s) AS k
ON CONFLICT (username) DO NOTHING;
"""

# The ids were given (ticket g has id g): move the identity on past them.
SETVAL_SQL = "SELECT setval(pg_get_serial_sequence('tickets_ticket', 'id'), %(n)s)"


def customers(shape, n_tickets: int) -> int:
    """A shape's customer accounts; no more than tickets (a tiny seeding stays tiny)."""
    return min(shape.CUSTOMERS, n_tickets)


def seed(
    t: db.Target, database: str, n_tickets: int, *, due: int | None = None, warned: bool = False, log=print
) -> dict:
    """Empty the ticket tables of ``database`` and write ``n_tickets``; returns counts and timings.

    ``due``: the open shape with that many due tickets; ``warned``: their first-response warnings
    were sent by an earlier sweep (timer fired, ``sla_warning`` event written), as in a desk whose
    beat never stopped. ``due=None``: the history shape."""
    from bench.seed import history, open_tickets

    if n_tickets < 1 or (due is not None and not 0 <= due <= n_tickets):
        raise ValueError(f"need 1 <= n_tickets ({n_tickets}) and 0 <= due ({due}) <= n_tickets")
    shape = history if due is None else open_tickets
    rows = shape.reference_rows(t, database)
    with BulkLoad(t, database, log) as load:
        load.step("truncate_s", TRUNCATE_SQL)
        users = {"agents": shape.AGENTS, "customers": customers(shape, n_tickets)}
        load.step("users_s", USERS_SQL, users)
        counts = shape.write(load, rows, int(n_tickets), due=due, warned=warned)
        load.cursor.execute(SETVAL_SQL, {"n": int(n_tickets)})
    if counts["tickets"] != n_tickets:
        raise RuntimeError(f"seeded {counts['tickets']} tickets instead of {n_tickets}")
    counts["timings"] = load.settle()
    if due is None:
        counts["shape"] = history.shape(t, database)
    return counts


# A bulk load: the foreign keys are right by construction (the seeders read the ids from the
# reference tables first), so their per-row triggers, deferred to the commit, are skipped.
BULK_SETTINGS = (
    "SET LOCAL session_replication_role = replica",
    "SET LOCAL maintenance_work_mem = '256MB'",
    "SET LOCAL work_mem = '64MB'",
)


class BulkLoad:
    """``with BulkLoad(t, database, log) as load:`` one transaction with the bulk settings, committed
    (and timed) on a clean exit, rolled back otherwise; ``load.settle()`` afterwards."""

    def __init__(self, t: db.Target, database: str, log: Callable[[str], object]) -> None:
        self.t, self.database, self.log = t, database, log
        self.timings: dict[str, float] = {}

    def __enter__(self) -> BulkLoad:
        self.conn = self.t.connect(self.database, autocommit=False)
        self.cursor = self.conn.cursor()
        for setting in BULK_SETTINGS:
            self.cursor.execute(setting)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.timed("commit_s", self.conn.commit)
        finally:
            self.conn.close()

    def timed(self, name: str, work: Callable[[], object]):
        started = time.monotonic()
        result = work()
        self.timings[name] = round(time.monotonic() - started, 2)
        self.log(f"    {name}: {self.timings[name]} s")
        return result

    def step(self, name: str, query: str, params=None) -> int:
        """Run ``query`` as the timed step ``name``; the rows it wrote."""
        self.timed(name, lambda: self.cursor.execute(query, params))
        return self.cursor.rowcount

    def settle(self) -> dict[str, float]:
        """VACUUM ANALYZE and CHECKPOINT after the commit; the timings, with their total."""
        conn = self.t.connect(self.database, autocommit=True)
        try:
            with conn.cursor() as cursor:
                self.timed("vacuum_analyze_s", lambda: cursor.execute("VACUUM ANALYZE"))
                self.timed("checkpoint_s", lambda: cursor.execute("CHECKPOINT"))
        finally:
            conn.close()
        self.timings["total_s"] = round(sum(self.timings.values()), 2)
        return self.timings
