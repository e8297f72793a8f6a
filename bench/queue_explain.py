"""The queue benchmark's diagnosis: for every scenario a child process renders the page with the
app's settings (median of ``RENDERS``: the server's own cost without queueing), captures and times
its queries (``CaptureQueriesContext``) and runs ``EXPLAIN (ANALYZE, BUFFERS)`` on the slowest ticket
queries; with ``candidates``, again with those indexes built in a transaction that is rolled back."""

from __future__ import annotations

import json

from bench.child import run_child

EXPLAIN_CHILD = r"""
import json, statistics, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

plans, candidates = json.loads(sys.argv[1]), json.loads(sys.argv[2])
users = {p["username"]: None for p in plans.values()}
users = {u.username: u for u in get_user_model().objects.filter(username__in=list(users))}
timed = []

def timer(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        timed.append((time.perf_counter() - started) * 1000)

def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    ms = next(float(line.split()[2]) for line in plan if line.startswith("Execution Time"))
    return ms, "\n".join(plan)

out = {}
for key, plan in plans.items():
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(users[plan["username"]])
    client.get(plan["path"])  # warm: templates, translations, the first connection
    renders = []
    for _ in range(%(renders)d):
        started = time.perf_counter()
        response = client.get(plan["path"])
        renders.append((time.perf_counter() - started) * 1000)
    timed.clear()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        client.get(plan["path"])
    queries = [{"sql": q["sql"], "ms": round(ms, 2)} for q, ms in zip(captured.captured_queries, timed)]
    selects = (q for q in queries if q["sql"].startswith("SELECT") and "tickets_ticket" in q["sql"])
    slowest = sorted(selects, key=lambda q: -q["ms"])[:%(explained)d]
    for q in slowest:
        q["execution_ms"], q["plan"] = explain(q["sql"])
    out[key] = {"status": response.status_code, "render_ms": round(statistics.median(renders), 1),
                "renders_ms": [round(x, 1) for x in renders], "queries": len(queries),
                "sql_ms": round(sum(q["ms"] for q in queries), 1), "slowest": slowest}

# What the candidate indexes would change: built in a transaction that is rolled back.
if candidates:
    with transaction.atomic():
        with connection.cursor() as cursor:
            for statement in candidates:
                cursor.execute(statement)
        for per_key in out.values():
            for q in per_key["slowest"]:
                q["with_candidates_ms"], q["with_candidates_plan"] = explain(q["sql"])
        transaction.set_rollback(True)
print("EXPLAIN " + json.dumps(out), flush=True)
"""


# Indexes the diagnosis tries on the largest size (in a transaction it rolls back). Empty: the
# candidates of earlier runs, (status, priority, sla_due, id) and an unassigned-queue index in
# deadline order, both covering team and assignee, are the app's own now (tickets migration 0008).
CANDIDATE_INDEXES: tuple[str, ...] = ()
RENDERS = 5
EXPLAINED = 3


def explain(env: dict[str, str], plans: dict[str, dict], candidates=()) -> dict:
    """Each page rendered ``RENDERS`` times in a child process with the app's settings (median),
    then once more with its queries captured and timed; its slowest ticket queries explained, and
    explained again with ``candidates`` built. Two-factor is off in this child only: it signs in
    with ``force_login``."""
    child_env = {**env, "STAFF_2FA_REQUIRED": "false"}
    code = EXPLAIN_CHILD % {"renders": RENDERS, "explained": EXPLAINED}
    args = ["-c", code, json.dumps(plans), json.dumps(list(candidates))]
    return run_child(args, env=child_env, marker="EXPLAIN", what="the diagnosis process", timeout=300)
