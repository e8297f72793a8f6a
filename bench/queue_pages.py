"""The queue benchmark's pages: which to request, what each must list (counted with plain SQL, not
with the app's selectors), and a client that checks every answer (``bench.load.run_count``, the
peer's client too): a request counts as failed unless it is a 200 listing the expected rows."""

from __future__ import annotations

import http.client
import re
from urllib.parse import quote, urlsplit

from bench import load
from bench.peer import db
from bench.queue_signin import QUEUE_PATH

ROW_MARKER = b'name="_selected_action"'  # one checkbox per listed ticket
FIRST_ROW = re.compile(rb'href="/admin/tickets/ticket/(\d+)/change/')
ACTIVE_SQL = "status IN ('new', 'open', 'pending', 'on_hold')"


def short(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def rows_in(body: bytes) -> int:
    return body.count(ROW_MARKER)


def measure(base_url: str, path: str, cookie: str, *, requests: int, concurrency: int, expect_rows: int) -> dict:
    """``bench.load.run_count``, the peer's client too; a request counts as failed unless it is a 200
    listing ``expect_rows`` tickets."""

    def check(status: int, body: bytes) -> str | None:
        rows = rows_in(body) if status == 200 else -1
        if status == 200 and rows == expect_rows:
            return None
        return f"{status}, {rows} rows: {body[:200].decode(errors='replace')}"

    headers = {"Cookie": cookie, "Accept": "text/html"}
    result = load.run_count(base_url, path, headers, requests=requests, concurrency=concurrency, check=check)
    return {**result, "wrong_rows": result.pop("refused")}


# -- scenarios ------------------------------------------------------------------------------------------

# (key, label, query string, SQL the listed tickets satisfy, roles)
KINDS = (
    ("first", "first page", "", "TRUE", ("agent", "supervisor")),
    (
        "filtered",
        "open + urgent",
        "?priority__exact=urgent&status__exact=open",
        "status = 'open' AND priority = 'urgent'",
        ("agent", "supervisor"),
    ),
    (
        "unassigned",
        "view=unassigned",
        "?view=unassigned",
        f"{ACTIVE_SQL} AND assignee_id IS NULL AND (team_id = ANY(%(teams)s) OR team_id IS NULL)",
        ("agent",),
    ),
    ("search", "search e-mail", "?q={email}", "upper(contact_email) = upper(%(email)s)", ("agent", "supervisor")),
)
ORDER_SQL = "ORDER BY sla_due ASC NULLS LAST, id ASC"

# What each page must list, counted with plain SQL, not with the app's selectors: an agent sees
# their teams' tickets, those assigned to them and unrouted ones; a supervisor every ticket.
SCOPE_SQL = "(team_id = ANY(%(teams)s) OR assignee_id = %(user)s OR team_id IS NULL)"


def expected_rows(
    t: db.Target, database: str, *, where: str = "TRUE", params: dict | None = None, scoped: dict | None = None
) -> int:
    """Rows a queue page shows (at most 100) for ``where``; ``scoped`` = {"teams": [...], "user": id}
    for an agent, None for a supervisor."""
    params = dict(params or {})
    if scoped is not None:
        where = f"({where}) AND {SCOPE_SQL}"
        params.update(scoped)
    count = t.sql(
        f"SELECT count(*) FROM (SELECT 1 FROM tickets_ticket WHERE {where} LIMIT 100) AS page",
        params,
        database=database,
    )[0][0]
    return int(count)


def search_email(t: db.Target, database: str, team_id: int) -> str:
    """A customer with an account and tickets in the front line (and elsewhere)."""
    rows = t.sql(
        "SELECT contact_email FROM tickets_ticket WHERE requester_id IS NOT NULL AND team_id = %s ORDER BY id LIMIT 1",
        [team_id],
        database=database,
    )
    return rows[0][0]


def plan_scenarios(t: db.Target, database: str, staff: dict, n: int) -> dict[str, dict]:
    """Each page with the rows it must list and the ticket SQL says comes first, counted with plain
    SQL (``expected_rows``), not with the app's selectors."""
    agent = staff["agent"]
    email = search_email(t, database, agent["teams"][0])
    plans = {}
    for key, label, query, where, roles in KINDS:
        for role in roles:
            scoped = {"teams": agent["teams"], "user": agent["id"]} if role == "agent" else None
            params = {"email": email, "teams": staff[role]["teams"] or [0]}
            expect = expected_rows(t, database, where=where, params=params, scoped=scoped)
            sql_where, sql_params = where, dict(params)
            if scoped:
                sql_where = f"({where}) AND {SCOPE_SQL}"
                sql_params.update(scoped)
            first = t.sql(
                f"SELECT id FROM tickets_ticket WHERE {sql_where} {ORDER_SQL} LIMIT 1", sql_params, database=database
            )
            plans[f"{short(n)}_{role}_{key}"] = {
                "label": f"{short(n)} {role} {label}",
                "role": role,
                "username": staff[role]["username"],
                "path": QUEUE_PATH + query.format(email=quote(email)),
                "expect_rows": expect,
                "first_id": first[0][0] if first else None,
                "tickets": n,
            }
    return plans


def probe(base_url: str, plan: dict, cookie: str) -> list[str]:
    """One request before the load: the right rows, the right ticket first."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", plan["path"], headers={"Cookie": cookie, "Accept": "text/html"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    if response.status != 200:
        return [f"{plan['label']}: {response.status} {body[:300]!r}"]
    failures = []
    if rows_in(body) != plan["expect_rows"]:
        failures.append(f"{plan['label']}: {rows_in(body)} rows, SQL says {plan['expect_rows']}")
    match = FIRST_ROW.search(body)
    first = int(match.group(1)) if match else None
    if first != plan["first_id"]:
        failures.append(f"{plan['label']}: first ticket {first}, SQL's default order says {plan['first_id']}")
    return failures
