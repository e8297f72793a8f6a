"""Ticket creation through the API against the bare baseline, on the same server in the same run.

a. GET /healthz/ (a bare Django JSON view)
b. POST /api/v1/tickets/ as JSON with a token
c. the same as multipart with one ~1 MB PNG screenshot

The three are measured in interleaved rounds (see ``BenchContext.interleave``). Every create
must answer 201: anything else fails the bench. Around every create slice the tickets and
screenshots in the database are counted and compared with the 201s the load generator saw.
"""

from __future__ import annotations

import time

from bench import payloads
from bench.harness import BARE
from bench.load import LoadResult, Request

NAME = "create"
GOAL_RATIO = 0.35
ENDPOINT = "/api/v1/tickets/"
LABELS = {
    "bare": "GET /healthz/ (bare view)",
    "create_json": "POST /api/v1/tickets/ JSON",
    "create_screenshot": "POST /api/v1/tickets/ + 1 MB PNG",
}
SCREENSHOTS_PER_TICKET = {"create_json": 0, "create_screenshot": 1}


def run(ctx) -> dict:
    auth = {**ctx.auth_headers, "Accept": "application/json"}
    png = payloads.noisy_png()
    body, content_type = payloads.multipart_body(
        payloads.TICKET_FIELDS, [("screenshots", "screenshot.png", "image/png", png)]
    )
    scenarios = {
        "bare": BARE,
        "create_json": Request(
            ENDPOINT,
            method="POST",
            body_file=payloads.write(ctx.workdir, "create.json", payloads.json_body()),
            headers={**auth, "Content-Type": "application/json"},
        ),
        "create_screenshot": Request(
            ENDPOINT,
            method="POST",
            body_file=payloads.write(ctx.workdir, "create-screenshot.multipart", body),
            headers={**auth, "Content-Type": content_type},
        ),
    }

    failures: list[str] = []
    # One request each first: a broken endpoint is reported with its answer, not measured.
    for name in list(SCREENSHOTS_PER_TICKET):
        status, answer = ctx.probe(scenarios[name])
        if status != 201:
            failures.append(f"{name}: a single request answered {status}, not 201: {answer[:500]!r}")
            del scenarios[name]

    stored = {name: {"tickets": 0, "screenshots": 0} for name in SCREENSHOTS_PER_TICKET}

    def before(name: str):
        # Settled: a slow request of the slice before (or of the warm-up) must not count in this one.
        return None if name == "bare" else (_settled_count(ctx, "tickets_ticket"), _count(ctx, "tickets_screenshot"))

    def after(name: str, counts, result: LoadResult) -> None:
        if name == "bare":
            return
        stored[name]["tickets"] += _settled_count(ctx, "tickets_ticket") - counts[0]
        stored[name]["screenshots"] += _count(ctx, "tickets_screenshot") - counts[1]

    results = ctx.interleave(scenarios, before=before, after=after)

    report, problems = _report(results, stored, ctx.settings.connections)
    failures += problems
    ratios = {name: s["ratio"] for name, s in report.items() if s.get("ratio") is not None}
    notes = _notes(report, ratios, ctx.settings.rounds, len(png), len(body))
    return {
        "goal_ratio": GOAL_RATIO,
        "ratios": ratios,
        "scenarios": report,
        "screenshot_bytes": len(png),
        "ok": not failures,
        "failures": failures,
        "notes": notes,
    }


def _check(result: LoadResult, stored: dict[str, int], name: str, connections: int) -> list[str]:
    problems = []
    if result.not_status(201):
        problems.append(f"{result.not_status(201)} requests did not answer 201: {result.statuses} {result.errors}")
    created_201, tickets = result.count(201), stored["tickets"]
    # A 201 is only sent after commit, so the database never holds fewer tickets than 201s; it
    # may hold a few more: requests the load generator abandoned when a slice's time was up.
    if tickets < created_201:
        problems.append(f"{created_201} responses were 201 but only {tickets} tickets were stored")
    if tickets > created_201 + connections * len(result.rounds_rps):
        problems.append(f"{created_201} responses were 201 but {tickets} tickets were stored")
    if stored["screenshots"] != tickets * SCREENSHOTS_PER_TICKET[name]:
        problems.append(f"{tickets} tickets were stored with {stored['screenshots']} screenshots")
    return problems


def _report(results: dict[str, LoadResult], stored: dict, connections: int) -> tuple[dict, list[str]]:
    """The table rows, and what is wrong: a bare answer that is not 200, a create that is not 201,
    tickets or screenshots stored that the 201s do not account for."""
    failures = []
    bare = results["bare"]
    report = {"bare": {"label": LABELS["bare"], **bare.as_dict(), "non_2xx": bare.not_status(200)}}
    if bare.not_status(200):
        failures.append(f"bare: {bare.not_status(200)} responses were not 200: {bare.statuses} {bare.errors}")
    for name in SCREENSHOTS_PER_TICKET:
        if name not in results:
            report[name] = {"label": LABELS[name]}
            continue
        result = results[name]
        report[name] = {
            "label": LABELS[name],
            **result.as_dict(),
            "non_201": result.not_status(201),
            "responses_201": result.count(201),
            "tickets_created": stored[name]["tickets"],
            "screenshots_stored": stored[name]["screenshots"],
            "ratio": round(result.rps / bare.rps, 3) if bare.rps else None,
            "ratio_by_round": [
                round(create / base, 3) if base else None
                for create, base in zip(result.rounds_rps, bare.rounds_rps, strict=True)
            ],
        }
        failures += [f"{name}: {problem}" for problem in _check(result, stored[name], name, connections)]
    return report, failures


def _notes(report: dict, ratios: dict, rounds: int, png_bytes: int, body_bytes: int) -> list[str]:
    notes = [
        f"ratio = req/s ÷ bare req/s over {rounds} interleaved rounds; goal for the JSON create ≥ {GOAL_RATIO}",
        f"screenshot: {png_bytes} bytes of PNG noise, multipart body {body_bytes} bytes",
        f"bare req/s by round: {', '.join(str(r) for r in report['bare']['rounds_rps'])} (the noise of this run)",
    ]
    for name in SCREENSHOTS_PER_TICKET:
        s = report[name]
        if "rps" in s:
            notes.append(
                f"{name}: ratio by round {', '.join(str(r) for r in s['ratio_by_round'])}; "
                f"{s['responses_201']} responses were 201, {s['tickets_created']} tickets and "
                f"{s['screenshots_stored']} screenshots stored"
            )
    if ratios.get("create_json", GOAL_RATIO) < GOAL_RATIO:
        notes.append(f"create_json ratio {ratios['create_json']:.3f} is below the goal of {GOAL_RATIO}")
    return notes


def _count(ctx, table: str) -> int:
    return ctx.stack.sql(f"SELECT count(*) FROM {table}")[0][0]  # table names are constants, never input


def _settled_count(ctx, table: str, timeout: float = 10.0) -> int:
    """The row count once requests still in flight when a slice ended have finished."""
    deadline = time.monotonic() + timeout
    last = _count(ctx, table)
    while time.monotonic() < deadline:
        time.sleep(0.3)
        current = _count(ctx, table)
        if current == last:
            return current
        last = current
    return last
