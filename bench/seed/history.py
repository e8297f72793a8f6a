"""The agent queue's shape (``bench.seed.seed(..., due=None)``): a desk's three-year history.

Tickets as a desk that has run for three years leaves them: most closed or solved long ago (no
running SLA clock, ``sla_due`` empty), about 8 % active (new and open with a running deadline, some
of it overdue; pending and on hold with the clock paused), spread over the teams by tier with a few
unrouted, assigned to ``AGENTS`` generated agents (members of the teams), filed by ``CUSTOMERS``
customer accounts or by guests, with every priority, type, language and channel, phones and
transaction IDs where a customer would give them, and tags on about a fifth.
"""

from __future__ import annotations

import json

from bench.peer import db
from bench.seed import TITLES, BulkLoad

AGENTS = 30
CUSTOMERS = 20_000
TAGS = (
    "chargeback",
    "trc20-delay",
    "erc20-gas",
    "wrong-network",
    "missing-memo",
    "kyc-retry",
    "phishing",
    "vip",
    "refund",
    "fee-dispute",
    "api-key",
    "2fa-reset",
    "p2p",
    "futures",
    "staking",
    "airdrop",
    "delisting",
    "compliance",
    "duplicate",
    "feedback",
)
# Share of tickets per type slug (per thousand); a type the reference data adds later gets the rest.
TYPE_WEIGHTS = {
    "deposit_withdrawal": 330,
    "trading": 200,
    "account_access": 130,
    "verification": 140,
    "account_security": 50,
    "api": 50,
    "other": 100,
}
# status by the ticket's hash modulo 1000: what a desk's table holds after three years
STATUS_BUCKETS = (
    (20, "new"),
    (55, "open"),
    (70, "pending"),
    (80, "on_hold"),
    (300, "solved"),
    (1000, "closed"),
)
ACTIVE = ("new", "open", "pending", "on_hold")
# priority by another slice of the hash, per hundred
PRIORITY_BUCKETS = ((4, "urgent"), (30, "high"), (80, "normal"), (100, "low"))
# resolution target (seconds) per priority: where a running ticket's sla_due lies after its creation
TARGET_S = {"urgent": 3600, "high": 4 * 3600, "normal": 24 * 3600, "low": 72 * 3600}

# The generated agents work in the teams: two thirds front line, the rest split over the others.
TEAM_MEMBERS_SQL = """
INSERT INTO tickets_team_members (team_id, user_id)
SELECT CASE WHEN mod(k, 3) <> 0 THEN (SELECT id FROM tickets_team WHERE slug = 'frontline')
            WHEN mod(k, 2) = 0 THEN (SELECT id FROM tickets_team WHERE slug = 'specialists')
            ELSE (SELECT id FROM tickets_team WHERE slug = 'security') END,
       u.id
FROM accounts_user u CROSS JOIN LATERAL (SELECT substr(u.username, 13)::int AS k) AS x
WHERE starts_with(u.username, 'bench-agent-')
ON CONFLICT DO NOTHING
"""

TEMP_SQL = """
CREATE TEMP TABLE qtype (slot int PRIMARY KEY, type_id bigint, slug text, title text) ON COMMIT DROP;
CREATE TEMP TABLE qteam (slot int PRIMARY KEY, team_id bigint, tier int) ON COMMIT DROP;
CREATE TEMP TABLE qagent (k int PRIMARY KEY, id bigint) ON COMMIT DROP;
CREATE TEMP TABLE qcust (k int PRIMARY KEY, id bigint, email text) ON COMMIT DROP;
INSERT INTO qagent SELECT row_number() OVER (ORDER BY id) - 1, id FROM accounts_user
    WHERE starts_with(username, 'bench-agent-');
INSERT INTO qcust SELECT row_number() OVER (ORDER BY id) - 1, id, email FROM accounts_user
    WHERE starts_with(username, 'bench-customer-');
"""

# One row per ticket g. h is g's hash; each mix reads its own slice of it (h / 7, h / 11, ...), so
# the mixes are independent of one another. Times are whole seconds before the seeding's now().
TICKETS_SQL = """
INSERT INTO tickets_ticket (
    id, reference, title, description, type_id, transaction_id, asset, network, amount, occurred_at,
    attempted_steps, contact_email, contact_phone, language, channel, reported_channel, emergency,
    guest_link_version, priority, status, tier, team_id,
    requester_id, assignee_id, merged_into_id, created_at, updated_at, first_responded_at, solved_at, closed_at,
    sla_policy_id, sla_clocks, sla_paused_at, sla_breached_at, first_response_due, next_response_due,
    resolution_due, sla_due)
SELECT g, 'SD-' || lpad(upper(to_hex(g)), 6, '0'),
       ty.title || ' (#' || g || ')',
       'Seeded for the queue benchmark. ' || ty.title || '. Please have a look, ticket ' || g || '.',
       ty.type_id,
       CASE WHEN ty.slug = 'deposit_withdrawal' THEN '0x' || md5(g::text) ELSE '' END,
       CASE WHEN ty.slug IN ('deposit_withdrawal', 'trading')
            THEN (ARRAY['USDT', 'BTC', 'ETH', 'TRX'])[1 + mod(h.h / 7, 4)] ELSE '' END,
       CASE WHEN ty.slug = 'deposit_withdrawal'
            THEN (ARRAY['TRC20', 'ERC20', 'Bitcoin', 'BEP20'])[1 + mod(h.h / 7, 4)] ELSE '' END,
       CASE WHEN ty.slug IN ('deposit_withdrawal', 'trading') THEN mod(h.h / 11, 5000) + 0.5 END,
       CASE WHEN ty.slug IN ('deposit_withdrawal', 'trading') THEN c.created - interval '1 hour' END,
       '',
       coalesce(cu.email, 'guest' || mod(h.h / 17, 200000) || '@example.net'),
       CASE WHEN mod(h.h / 23, 10) < 3 THEN '+86138' || lpad(mod(h.h / 29, 100000000)::text, 8, '0') ELSE '' END,
       CASE WHEN mod(h.h / 31, 4) = 0 THEN 'zh-hans' ELSE 'en' END,
       (ARRAY['web', 'web', 'web', 'api', 'email'])[1 + mod(h.h / 37, 5)],
       '', false, 0,
       p.priority, s.status, te.tier, te.team_id,
       cu.id,
       CASE WHEN (s.status = 'new' AND mod(h.h / 41, 5) = 0)
              OR (s.status IN ('open', 'pending', 'on_hold') AND mod(h.h / 41, 10) < 8)
              OR (s.status IN ('solved', 'closed') AND mod(h.h / 41, 20) <> 0)
            THEN ag.id END,
       NULL,
       c.created, c.updated,
       CASE WHEN s.status <> 'new' THEN c.created + interval '25 minutes' END,
       CASE WHEN s.status IN ('solved', 'closed') THEN c.updated END,
       CASE WHEN s.status = 'closed' THEN c.updated END,
       (SELECT id FROM tickets_slapolicy WHERE active ORDER BY position, id LIMIT 1),
       CASE WHEN s.status IN ('new', 'open')
            THEN jsonb_build_object('resolution', jsonb_build_object(
                     'full', %(targets)s::jsonb -> p.priority,
                     'warn_at', to_char((c.due - (%(targets)s::jsonb ->> p.priority)::int * interval '0.2 second')
                                        AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')))
            ELSE '{{}}'::jsonb END,
       CASE WHEN s.status IN ('pending', 'on_hold') THEN c.updated END,
       CASE WHEN mod(h.h / 43, 10) = 0 THEN c.created + interval '2 hours' END,
       c.created + interval '1 hour', NULL, c.due,
       CASE WHEN s.status IN ('new', 'open') THEN c.due END
FROM generate_series(1, %(n)s) AS g
CROSS JOIN (SELECT date_trunc('second', now()) AS t) AS base
CROSS JOIN LATERAL (SELECT abs(hashint4(g)::bigint) AS h) AS h
CROSS JOIN LATERAL (SELECT {status_case} AS status) AS s
CROSS JOIN LATERAL (SELECT {priority_case} AS priority) AS p
JOIN qtype AS ty ON ty.slot = mod(h.h / 3, 1000)
JOIN qteam AS te ON te.slot = mod(h.h / 5, 100)
JOIN qagent AS ag ON ag.k = mod(h.h / 47, %(agents)s)
LEFT JOIN qcust AS cu ON mod(h.h / 53, 10) < 6 AND cu.k = mod(h.h / 59, %(customers)s)
CROSS JOIN LATERAL (
    -- active tickets are days old at most (a running one's deadline may have passed), the rest months
    SELECT CASE WHEN s.status IN ('new', 'open')
                THEN base.t - mod(h.h / 61, (%(targets)s::jsonb ->> p.priority)::int * 5 / 4) * interval '1 second'
                WHEN s.status IN ('pending', 'on_hold') THEN base.t - mod(h.h / 61, 7 * 86400) * interval '1 second'
                ELSE base.t - interval '2 days' - mod(h.h / 61, 3 * 365 * 86400) * interval '1 second'
           END AS created
) AS c0
CROSS JOIN LATERAL (
    SELECT c0.created,
           least(base.t, c0.created + mod(h.h / 67, 3 * 86400) * interval '1 second') AS updated,
           c0.created + (%(targets)s::jsonb ->> p.priority)::int * interval '1 second' AS due
) AS c
"""

# About a fifth of the tickets carry a tag, one in twenty a second one.
TAGS_SQL = """
INSERT INTO tickets_ticket_tags (ticket_id, tag_id)
SELECT DISTINCT g, tg.id
FROM generate_series(1, %(n)s) AS g
CROSS JOIN LATERAL (SELECT abs(hashint4(g + 7919)::bigint) AS h) AS h
CROSS JOIN LATERAL (VALUES (mod(h.h, 5) = 0, mod(h.h / 5, %(tags)s)),
                           (mod(h.h / 101, 20) = 0, mod(h.h / 103, %(tags)s))) AS x(has, k)
JOIN (SELECT row_number() OVER (ORDER BY name) - 1 AS k, id FROM tickets_tag
      WHERE name = ANY(%(names)s)) AS tg ON tg.k = x.k
WHERE x.has
"""


def _case(column: str, buckets, modulo: int) -> str:
    arms = " ".join(f"WHEN {column} < {upper} THEN '{value}'" for upper, value in buckets[:-1])
    return f"CASE {arms} ELSE '{buckets[-1][1]}' END"


STATUS_CASE = _case(f"mod(h.h, {STATUS_BUCKETS[-1][0]})", STATUS_BUCKETS, STATUS_BUCKETS[-1][0])
PRIORITY_CASE = _case(f"mod(h.h / 13, {PRIORITY_BUCKETS[-1][0]})", PRIORITY_BUCKETS, PRIORITY_BUCKETS[-1][0])


def type_slots(types: list[tuple[int, str]]) -> list[tuple[int, int, str, str]]:
    """1,000 slots over the ticket types by ``TYPE_WEIGHTS`` (types it does not name share what is left)."""
    known = [(pk, slug) for pk, slug in types if slug in TYPE_WEIGHTS]
    unknown = [(pk, slug) for pk, slug in types if slug not in TYPE_WEIGHTS]
    weights = [(pk, slug, TYPE_WEIGHTS[slug]) for pk, slug in known]
    left = 1000 - sum(w for _, _, w in weights)
    weights += [(pk, slug, max(1, left // len(unknown))) for pk, slug in unknown] if unknown and left > 0 else []
    if not weights:
        raise RuntimeError("the database has no ticket types: run manage.py seed_demo --reference-only")
    slots = []
    for pk, slug, weight in weights:
        slots += [(pk, slug)] * weight
    slots = [slots[i * len(slots) // 1000] for i in range(1000)]  # exactly 1,000, in proportion
    return [(i, pk, slug, TITLES.get(slug, "A question about my account")) for i, (pk, slug) in enumerate(slots)]


def team_slots(teams: list[tuple[int, str, int]]) -> list[tuple[int, int | None, int]]:
    """100 slots: 72 % front line, 18 % specialists, 7 % security, 3 % unrouted (tier 1, no team)."""
    by_slug = {slug: (pk, tier) for pk, slug, tier in teams}
    if "frontline" not in by_slug:
        raise RuntimeError("the database has no front-line team: run manage.py seed_demo --reference-only")
    plan = [("frontline", 72), ("specialists", 18), ("security", 7), (None, 3)]
    slots: list[tuple[int, int | None, int]] = []
    for slug, share in plan:
        pk, tier = by_slug.get(slug, by_slug["frontline"]) if slug else (None, 1)
        slots += [(len(slots) + i, pk, tier) for i in range(share)]
    return slots


def reference_rows(t: db.Target, database: str) -> tuple[list, list]:
    """The type and team slots, from the reference data."""
    types = [tuple(row) for row in t.sql("SELECT id, slug FROM tickets_tickettype ORDER BY id", database=database)]
    teams = [tuple(row) for row in t.sql("SELECT id, slug, tier FROM tickets_team ORDER BY id", database=database)]
    return type_slots(types), team_slots(teams)


def write(load: BulkLoad, slots: tuple[list, list], n: int, *, due: None = None, warned: bool = False) -> dict:
    """The agents in their teams, the tags, the tickets and their tags in ``load``'s transaction."""
    cursor = load.cursor
    cursor.execute(TEAM_MEMBERS_SQL)
    cursor.executemany("INSERT INTO tickets_tag (name) VALUES (%s) ON CONFLICT (name) DO NOTHING", [(x,) for x in TAGS])
    cursor.execute(TEMP_SQL)
    cursor.executemany("INSERT INTO qtype VALUES (%s, %s, %s, %s)", slots[0])
    cursor.executemany("INSERT INTO qteam VALUES (%s, %s, %s)", slots[1])
    params = {
        "n": n,
        "agents": AGENTS,
        "customers": min(CUSTOMERS, n),  # as bench.seed.customers
        "targets": json.dumps(TARGET_S),
        "tags": len(TAGS),
        "names": list(TAGS),
    }
    sql = TICKETS_SQL.format(status_case=STATUS_CASE, priority_case=PRIORITY_CASE)
    tickets = load.step("tickets_insert_s", sql, params)
    return {"tickets": tickets, "ticket_tags": load.step("tags_insert_s", TAGS_SQL, params)}


SHAPE_SQL = """
SELECT status, count(*), count(sla_due), count(assignee_id), count(requester_id),
       count(*) FILTER (WHERE team_id IS NULL)
FROM tickets_ticket GROUP BY status ORDER BY status
"""


def shape(t: db.Target, database: str) -> dict:
    """What was written, per status: for the results and to check that the mix is what it says."""
    out = {}
    for status, count, due, assigned, requested, unrouted in t.sql(SHAPE_SQL, database=database):
        out[status] = {
            "tickets": count,
            "with_sla_due": due,
            "assigned": assigned,
            "with_requester": requested,
            "unrouted": unrouted,
        }
    return out
