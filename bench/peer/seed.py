"""A fresh, migrated, seeded database for the peer: queues that escalate and many old open tickets.

Tickets go in with one SQL ``INSERT ... SELECT generate_series`` (dates set explicitly there, so
the model's ``auto_now_add`` never applies), each with the "Ticket Opened" follow-up that the
peer's own ticket form writes. Every seeded ticket is due for escalation: open (status 1, every
tenth reopened, 2), not on hold, priority 2..5 (the command skips priority 1), created 30 to 58 days
ago in a queue whose ``escalate_days`` is 1 to 7, never escalated before. Tickets are unassigned and
have a submitter e-mail, so escalating one renders the "escalated_submitter" mail template.
"""

from __future__ import annotations

import time

from bench.peer import db
from bench.peer.setup import Peer

QUEUES = (("it", "IT", 1), ("billing", "Billing", 2), ("facilities", "Facilities", 3), ("hr", "HR", 7))

QUEUES_SCRIPT = """
from helpdesk.models import Queue
for slug, title, days in {queues!r}:
    Queue.objects.update_or_create(
        slug=slug,
        defaults={{"title": title, "escalate_days": days, "email_address": slug + "@peer.example.com"}},
    )
print("QUEUES", Queue.objects.filter(escalate_days__gt=0).count())
"""

TICKETS_SQL = """
INSERT INTO helpdesk_ticket (
    title, created, modified, submitter_email, status, on_hold, description, resolution, priority,
    due_date, last_escalation, assigned_to_id, queue_id, secret_key, kbitem_id, merged_to_id)
SELECT 'Seeded ticket ' || g || ': printer on floor ' || (g %% 12) || ' does not print',
       s.ts, s.ts,
       'customer' || (g %% 5000) || '@example.com',
       CASE WHEN g %% 10 = 0 THEN 2 ELSE 1 END,
       false,
       'The printer on floor ' || (g %% 12) || ' shows error ' || (g %% 97) || ' since this morning. '
           || 'We restarted it twice; it still does not print. Could somebody have a look?',
       NULL,
       2 + g %% 4,
       NULL, NULL, NULL,
       q.ids[1 + g %% q.n],
       gen_random_uuid()::text,
       NULL, NULL
FROM generate_series(1, %(n)s) AS g
CROSS JOIN LATERAL (SELECT now() - interval '30 days' - (g %% 2000) * interval '20 minutes' AS ts) AS s
CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM helpdesk_queue) AS q
"""

FOLLOWUPS_SQL = """
INSERT INTO helpdesk_followup (date, title, comment, public, new_status, ticket_id, user_id, message_id,
                               time_spent, email_recipients)
SELECT created, 'Ticket Opened', description, true, NULL, id, NULL, NULL, NULL, NULL FROM helpdesk_ticket
"""


def prepare(peer: Peer, t: db.Target, database: str, n_tickets: int) -> dict:
    """Recreate ``database`` on ``t``, migrate it with the peer and seed it; returns the timings."""
    if n_tickets < 1:
        raise ValueError("n_tickets must be at least 1")
    timings: dict[str, float] = {}

    def step(name, func, *args):
        started = time.monotonic()
        result = func(*args)
        timings[name] = round(time.monotonic() - started, 2)
        return result

    step("create_database_s", db.recreate_database, t, database)
    env = peer.env(t.url(database))
    step("migrate_s", peer.manage, env, "migrate", "--noinput", "-v0")
    out = step("queues_s", peer.manage, env, "shell", "-c", QUEUES_SCRIPT.format(queues=QUEUES))
    if f"QUEUES {len(QUEUES)}" not in out:
        raise RuntimeError(f"seeding the peer's queues failed: {out!r}")

    def insert() -> int:
        conn = t.connect(database)
        try:
            with conn.cursor() as cursor:
                cursor.execute(TICKETS_SQL, {"n": int(n_tickets)})
                inserted = cursor.rowcount
                cursor.execute(FOLLOWUPS_SQL)
                cursor.execute("ANALYZE helpdesk_ticket")
                cursor.execute("ANALYZE helpdesk_followup")
            return inserted
        finally:
            conn.close()

    inserted = step("seed_sql_s", insert)
    if inserted != n_tickets:
        raise RuntimeError(f"seeded {inserted} tickets instead of {n_tickets}")
    timings["total_s"] = round(sum(timings.values()), 2)
    return {"database": database, "tickets": inserted, "queues": [q[0] for q in QUEUES], "timings": timings}


def ticket_count(t: db.Target, database: str) -> int:
    return t.sql("SELECT count(*) FROM helpdesk_ticket", database=database)[0][0]
