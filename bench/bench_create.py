"""Ticket creation through the API against the bare baseline, on the same server in the same run.

a. GET /healthz/ (a bare Django JSON view)
b. POST /api/v1/tickets/ as JSON with a token
c. the same as multipart with one ~1 MB PNG screenshot

The three are measured in interleaved rounds (see ``BenchContext.interleave``). Every create
must answer 201: anything else fails the bench. Around every create slice the tickets and
screenshots in the database are counted and compared with the 201s the load generator saw. Each
scenario's tickets carry their own title, and a scenario's tickets and their screenshots are
counted in one statement, so a request that commits while we count, or that a slice abandoned and
that finishes in the next one, can neither split a ticket from its screenshot nor land in the other
scenario's count.
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
TITLES = {name: f"{payloads.TICKET_FIELDS['title']} [bench {name}]" for name in SCREENSHOTS_PER_TICKET}


def run(ctx) -> dict:
    auth = {**ctx.auth_headers, "Accept": "application/json"}
    png = payloads.noisy_png()
    body, content_type = payloads.multipart_body(
        _fields("create_screenshot"), [("screenshots", "screenshot.png", "image/png", png)]
    )
    scenarios = {
        "bare": BARE,
        "create_json": Request(
            ENDPOINT,
            method="POST",
            body_file=payloads.write(ctx.workdir, "create.json", payloads.json_body(_fields("create_json"))),
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
        return None if name == "bare" else _settled_stored(ctx, name)

    def after(name: str, counts, result: LoadResult) -> None:
        if name == "bare":
            return
        tickets, screenshots = _settled_stored(ctx, name)
        stored[name]["tickets"] += tickets - counts[0]
        stored[name]["screenshots"] += screenshots - counts[1]

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


def _fields(name: str) -> dict[str, str]:
    return {**payloads.TICKET_FIELDS, "title": TITLES[name]}


def _stored(ctx, name: str) -> tuple[int, int]:
    """The scenario's tickets and their screenshots, read in one statement: one snapshot, so a
    ticket is never counted without the screenshot that committed with it, or the other way round."""
    title = TITLES[name].replace("'", "''")  # a constant of this module, never input
    return ctx.stack.sql(
        "SELECT count(DISTINCT t.id), count(s.id) FROM tickets_ticket t "
        f"LEFT JOIN tickets_screenshot s ON s.ticket_id = t.id WHERE t.title = '{title}'"
    )[0]


def _settled_stored(ctx, name: str, quiet: float = 1.0, timeout: float = 15.0) -> tuple[int, int]:
    """The counts once requests still in flight when a slice ended have finished: unchanged for
    ``quiet`` seconds (a 1 MB upload on a loaded two-core machine can take longer than a second)."""
    deadline = time.monotonic() + timeout
    last, since = _stored(ctx, name), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet:
        time.sleep(0.2)
        current = _stored(ctx, name)
        if current != last:
            last, since = current, time.monotonic()
    return last
