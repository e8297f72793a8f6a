"""The SLA sweep over 100,000 and 1,000,000 open tickets of which 10,000 are due, beside the peer.

For each size N (``BENCH_SLA_SIZES``, default ``100000,1000000``) the ticket tables of a database
of its own on the harness's PostgreSQL (``supportdesk_sla``: a copy of the migrated template with
the reference data) are emptied and seeded with SQL (``bench/seed/open_tickets.py``): N
open tier-1 tickets with their clocks and four unfired SLA timers each, exactly
``BENCH_SLA_DUE`` (10,000) of them past their first-response deadline. Then ONE
``tickets.services.sla_sweep(now=timezone.now(), batch_size=SLA_SWEEP_BATCH)`` runs in a child
Python process with the app's settings and the harness's environment (the app's real code):
its wall time and the statements it sent (a ``connection.execute_wrapper`` count; BEGIN/COMMIT
not included) are measured around the call alone, and the database's ``pg_stat_database``
transaction count around the process, the peer's measure. A second, idle sweep follows (the
next beat: nothing due). SQL then checks that exactly the due tickets went to tier 2 with one
``sla_breach`` and one ``escalated`` event each and that no due timer is left unfired
(``bench/sla_check.py``).

Like for like with the peer, whose ``escalate_tickets`` escalates every one of its tickets:
the sweep again over ``BENCH_SLA_ALL_DUE`` (100,000) tickets that are all due, first with each
one's first-response warning pending too (200,000 timers: a warning and a breach per ticket),
then (``BENCH_SLA_WARNED=0`` skips it) with the warnings already sent by an earlier sweep, as
in a desk whose beat never stopped (100,000 breaches, the peer's job: it has no warnings). Then
``bench.peer.escalation.run`` on the same server: django-helpdesk 2.6.1 escalating 100,000
tickets (``BENCH_SLA_PEER=0`` skips it; it takes about 5 minutes).
Ratio = peer seconds ÷ our sweep seconds. Goals (issue 3): 1,000,000 open / 10,000 due in
≤ 5 s; ≥ 20× faster than the peer at 100,000.
"""

from __future__ import annotations

import os
import time

from bench import seed, sla_check
from bench.peer import db

NAME = "sla"
NEEDS_GUNICORN = False  # bench.run: no web server for this module alone
TIME_LIMIT = 1800  # seconds, bench.run's budget for this module (the peer alone takes ~5 min)
DATABASE = "supportdesk_sla"
GOAL_SECONDS = 5.0  # 1,000,000 open / 10,000 due
GOAL_RATIO = 20.0  # peer seconds ÷ ours at 100,000
PEER_TICKETS = 100_000
SWEEP_TIMEOUT = 600
# BENCH_TINY=1: every scenario (a share due, all due, all due and warned, the peer) at a few hundred tickets.
TINY = {
    "BENCH_SLA_SIZES": "300",
    "BENCH_SLA_DUE": "30",
    "BENCH_SLA_ALL_DUE": "100",
    "BENCH_SLA_PEER_TICKETS": "100",
}


def _env_ints(environ, name: str, default: str) -> list[int]:
    return [int(part.replace("_", "")) for part in environ.get(name, default).split(",") if part.strip()]


def settings_from_env(environ=os.environ) -> dict:
    return {
        "sizes": _env_ints(environ, "BENCH_SLA_SIZES", "100000,1000000"),
        "due": int(environ.get("BENCH_SLA_DUE", "10000")),
        "all_due": int(environ.get("BENCH_SLA_ALL_DUE", str(PEER_TICKETS))),
        "warned": environ.get("BENCH_SLA_WARNED", "1") not in ("0", "false", "no"),
        "peer": environ.get("BENCH_SLA_PEER", "1") not in ("0", "false", "no"),
        "peer_tickets": int(environ.get("BENCH_SLA_PEER_TICKETS", str(PEER_TICKETS))),
    }


def _short(x: int) -> str:
    return f"{x // 1_000_000}M" if x % 1_000_000 == 0 else f"{x // 1000}k" if x % 1000 == 0 else str(x)


def _label(n: int, due: int, warned: bool = False) -> str:
    return f"sweep {_short(n)} open, {'all' if due == n else _short(due)} due{' (warned)' if warned else ''}"


def prepare_database(ctx, t: db.Target) -> dict[str, str]:
    """``DATABASE``: a copy of the harness's migrated template with the reference data."""
    return ctx.stack.database(DATABASE)


def sweep_scenario(t: db.Target, env: dict[str, str], n: int, due: int, *, warned: bool = False, log=print) -> dict:
    """Seed, check what is due, sweep once in a child process, verify. A verification that
    fails is in the returned ``failures``."""
    label = _label(n, due, warned)
    log(f"  {label}: seeding {n:,} tickets ...")
    seeded = seed.seed(t, DATABASE, n, due=due, warned=warned, log=log)
    log(f"    seeded in {seeded['timings']['total_s']} s ({seeded['timers']:,} timers)")
    before = sla_check.pending(t, DATABASE)
    failures = sla_check.check_pending(before, n, due, warned=warned)
    if failures:
        return {"label": label, "tickets": n, "due": due, "seed": seeded, "before": before, "failures": failures}
    stats_before = db.database_stats(t, DATABASE)
    load_before = os.getloadavg()[0]
    log(f"    sweeping ({before['due_timers']:,} due timers) ...")
    sweep = sla_check.run_sweep(env, timeout=SWEEP_TIMEOUT)
    load_after = os.getloadavg()[0]
    stats_after = db.database_stats(t, DATABASE)
    xacts = stats_after["xact_commit"] - stats_before["xact_commit"]
    started = time.monotonic()
    state, failures = sla_check.verify(t, DATABASE, sweep, n, due, warned=warned)
    verify_s = round(time.monotonic() - started, 2)
    log(
        f"    sweep: {sweep['seconds']} s, {sweep['queries']} queries, {sweep['result']}; "
        f"idle sweep {sweep['idle']['seconds']} s, {sweep['idle']['queries']} queries; "
        f"verification {'ok' if not failures else 'FAILED'} ({verify_s} s)"
    )
    return {
        "label": label,
        "tickets": n,
        "due": due,
        "warned_before": warned,
        "seconds": sweep["seconds"],
        "queries": sweep["queries"],
        "ms_per_due_ticket": round(sweep["seconds"] * 1000 / max(due, 1), 4),
        "queries_by_verb": sweep["queries_by_verb"],
        "sql_s": sweep["sql_s"],
        "sql_s_by_verb": sweep["sql_s_by_verb"],
        "result": sweep["result"],
        "batch_size": sweep["batch_size"],
        "process_s": sweep["process_s"],
        "transactions": xacts,
        "transactions_how": "pg_stat_database.xact_commit delta around the sweep process (the peer's measure)",
        "idle_sweep": sweep["idle"],
        "load_average_before_after": [round(load_before, 2), round(load_after, 2)],
        "seed": seeded,
        "before": before,
        "after": state,
        "verify_s": verify_s,
        "failures": failures,
    }


def run(ctx) -> dict:
    conf = settings_from_env()
    t = db.target(ctx.stack.postgres)
    failures: list[str] = []
    timings: dict[str, float] = {}
    started = time.monotonic()
    print(f"  preparing database {DATABASE} ...", flush=True)
    env = prepare_database(ctx, t)
    timings["prepare_database_s"] = round(time.monotonic() - started, 1)

    def log(line: str) -> None:
        print(line, flush=True)

    plan = [(n, min(conf["due"], n), False) for n in conf["sizes"]]
    if conf["all_due"]:
        plan.append((conf["all_due"], conf["all_due"], False))
        if conf["warned"]:
            plan.append((conf["all_due"], conf["all_due"], True))
    scenarios: dict[str, dict] = {}
    for n, due, warned in plan:
        key = f"open_{n}_due_{due}{'_warned' if warned else ''}"
        started = time.monotonic()
        scenarios[key] = outcome = sweep_scenario(t, env, n, due, warned=warned, log=log)
        timings[f"{key}_s"] = round(time.monotonic() - started, 1)
        failures += [f"{key}: {failure}" for failure in outcome["failures"]]

    peer = _peer(ctx, conf, scenarios, failures, timings, log) if conf["peer"] else None
    ratios = {}
    if peer:
        for key, s in scenarios.items():
            if key.startswith("open_") and s.get("tickets") == conf["peer_tickets"] and s.get("seconds"):
                s["ratio"] = ratios[key] = round(peer["seconds"] / s["seconds"], 1)
                s["ratio_process"] = round(peer["seconds"] / s["process_s"], 1)
    notes = _notes(scenarios, ratios, peer)
    return {
        "database": DATABASE,
        "settings": conf,
        "goal_seconds_1m": GOAL_SECONDS,
        "goal_ratio": GOAL_RATIO,
        "ratios": ratios,
        "scenarios": scenarios,
        "peer": peer,
        "timings": timings,
        "ok": not failures,
        "failures": failures,
        "notes": notes,
    }


def _peer(ctx, conf: dict, scenarios: dict, failures: list[str], timings: dict, log) -> dict | None:
    """django-helpdesk's ``escalate_tickets`` on the same server, as a timed row; its failing is
    reported, our figures still stand."""
    from bench.peer import escalation

    log(f"  peer: django-helpdesk 2.6.1 escalate_tickets over {conf['peer_tickets']:,} tickets (~5 min at 100k) ...")
    started = time.monotonic()
    peer = None
    try:
        peer = escalation.run(ctx.stack.postgres, conf["peer_tickets"], timeout=TIME_LIMIT)
    except Exception as exc:
        failures.append(f"peer: {type(exc).__name__}: {exc}")
    timings["peer_s"] = round(time.monotonic() - started, 1)
    if peer:
        log(f"    peer: {peer['seconds']} s, {peer['statements']} statements, {peer['escalated']} escalated")
        scenarios["peer_escalate_tickets"] = {
            "label": f"peer escalate_tickets {_short(conf['peer_tickets'])}",
            "seconds": peer["seconds"],
            "queries": peer["statements"],
            **{k: v for k, v in peer.items() if k not in ("seconds", "statements")},
        }
    return peer


def _notes(scenarios: dict, ratios: dict, peer: dict | None) -> list[str]:
    notes = [
        "seconds: wall time of the sla_sweep() call in a child process (DEBUG off, durable commits); "
        "queries: statements sent through Django (BEGIN/COMMIT not counted); "
        "peer: wall time of the escalate_tickets process, statements = its xact_commit delta",
    ]
    for key, s in scenarios.items():
        if not key.startswith("open_") or "seconds" not in s:
            continue
        r = s["result"]
        notes.append(
            f"{s['label']}: {r['warnings']} warnings, {r['breaches']} breaches, {r['escalated']} escalated, "
            f"{r['notifications']} notifications in {r['batches']} batches; SQL {s['sql_s']} s of "
            f"{s['seconds']} s; {s['transactions']} transactions; idle sweep {s['idle_sweep']['seconds']} s / "
            f"{s['idle_sweep']['queries']} query; seeded in {s['seed']['timings']['total_s']} s"
        )
    one_million = next(
        (s for k, s in scenarios.items() if k.startswith("open_1000000_") and s.get("due") != 1_000_000), None
    )
    if one_million and "seconds" in one_million:
        verdict = "meets" if one_million["seconds"] <= GOAL_SECONDS else "MISSES"
        notes.append(f"goal 1M open / 10k due ≤ {GOAL_SECONDS:g} s: {one_million['seconds']} s, {verdict} it")
    for key, ratio in ratios.items():
        verdict = "meets" if ratio >= GOAL_RATIO else "MISSES"
        notes.append(f"goal ≥ {GOAL_RATIO:g}× the peer: {scenarios[key]['label']}: {ratio}×, {verdict} it")
    if peer:
        notes.append(
            f"peer: {peer['tickets']} tickets escalated in {peer['seconds']} s ({peer['ms_per_ticket']} ms each, "
            f"{peer['statements_per_ticket']} statements each), command CPU {peer['command_cpu_s']} s"
        )
    return notes
