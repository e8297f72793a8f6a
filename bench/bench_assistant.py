"""The assistant's first answer through gunicorn on PostgreSQL, with the 10,000-article help centre.

1. The harness's database gets the 20 shipped articles and ``BENCH_ASSISTANT_ARTICLES`` (10,000)
   generated ones in both languages (``bench/kb_seed.py``, as ``bench_kb`` seeds them).
2. ``POST /api/v1/assistant/`` as a visitor's first message (a new conversation each time: the
   guard, two message rows, extraction, intent, the rules' triage, the search and the passage), one
   English and one Chinese question with a transaction hash in it, interleaved with the bare
   ``/healthz/`` view at ``BENCH_ASSISTANT_CONNECTIONS`` (4) connections.

Goal (issue 14): p95 ≤ 50 ms at concurrency 4. Missing it is reported (``goal_met`` and a note),
not a failure; a non-200 answer or a reply without the expected article is.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time

from bench import kb_seed, payloads
from bench.harness import BARE, BenchContext
from bench.load import Request

NAME = "assistant"
TIME_LIMIT = 900  # seconds: seeding 10,000 articles (~1.5 min) and the load scenarios
GOAL_P95_MS = 50.0
# BENCH_TINY=1: 40 generated articles (the answers are checked, the timings not judged).
TINY = {"BENCH_ASSISTANT_ARTICLES": "40"}
ENDPOINT = "/api/v1/assistant/"
HASH = "0x" + "4c" * 32
QUESTIONS = {
    "en": (f"My USDT deposit on TRC20 has not arrived after two hours, txid {HASH}", "deposit-not-credited"),
    "zh-hans": (f"USDT 走 TRC20 充了 300 U 两个小时还没到账，交易哈希 {HASH}", "deposit-not-credited"),
}
LABELS = {
    "bare": "GET /healthz/ (bare view)",
    "assistant_en": "POST /api/v1/assistant/ en, first message",
    "assistant_zh": "POST /api/v1/assistant/ zh-hans, first message",
}


def settings_from_env(environ=os.environ) -> dict:
    return {
        "articles": int(environ.get("BENCH_ASSISTANT_ARTICLES", "10000").replace("_", "")),
        "connections": int(environ.get("BENCH_ASSISTANT_CONNECTIONS", "4")),
    }


def requests(workdir) -> dict[str, Request]:
    out = {"bare": BARE}
    for language, (text, _slug) in QUESTIONS.items():
        body = json.dumps({"message": text, "lang": language}, ensure_ascii=False).encode()
        key = "assistant_zh" if language == "zh-hans" else "assistant_en"
        out[key] = Request(
            ENDPOINT,
            method="POST",
            body_file=payloads.write(workdir, f"{key}.json", body),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
    return out


def _check(name: str, status: int, answer: bytes) -> list[str]:
    if status != 200:
        return [f"{name}: a single request answered {status}, not 200: {answer[:300]!r}"]
    data = json.loads(answer)
    language = "zh-hans" if name.endswith("_zh") else "en"
    expected = QUESTIONS[language][1]
    problems = []
    # Among 10,000 look-alikes recombined from the shipped text, ranking is the help centre's (bench_kb
    # measures it): the answer must have articles, and the shipped one is reported, not required.
    if not data["articles"]:
        problems.append(f"{name}: no article for {QUESTIONS[language][0]!r}")
    elif data["articles"][0]["slug"] != expected:
        print(f"    {name}: first article {data['articles'][0]['slug']} (shipped: {expected})", flush=True)
    if data["extracted"]["transaction_ids"] != [HASH]:
        problems.append(f"{name}: extracted {data['extracted']}")
    return problems


def run(ctx) -> dict:
    conf = settings_from_env()
    failures: list[str] = []
    timings: dict[str, float] = {}

    def log(line: str) -> None:
        print(line, flush=True)

    started = time.monotonic()
    log(f"  seeding {conf['articles']:,} articles ...")
    seeded = kb_seed.run_child(ctx.stack.env, "seed", str(conf["articles"]), log=log)
    timings["seed_s"] = round(time.monotonic() - started, 1)
    failures += seeded["equivalence"]["failures"] + seeded["search_check"]["failures"]

    scenarios_in = requests(ctx.workdir)
    for name, request in list(scenarios_in.items()):
        if name == "bare":
            continue
        status, answer = ctx.probe(request)
        problems = _check(name, status, answer)
        failures += problems
        if status != 200:
            del scenarios_in[name]

    started = time.monotonic()
    settings = dataclasses.replace(
        ctx.settings, connections=conf["connections"], threads=min(ctx.settings.threads, conf["connections"])
    )
    results = BenchContext(stack=ctx.stack, settings=settings, wrk=ctx.wrk).interleave(scenarios_in)
    timings["load_s"] = round(time.monotonic() - started, 1)
    scenarios: dict[str, dict] = {}
    bare = results.get("bare")
    for name, result in results.items():
        row = {"label": LABELS[name], "path": scenarios_in[name].path, **result.as_dict()}
        row["non_2xx"] = result.not_status(200)
        if name != "bare" and bare and bare.rps:
            row["ratio"] = round(result.rps / bare.rps, 3)
        scenarios[name] = row
        if result.not_status(200):
            failures.append(f"{name}: {result.not_status(200)} responses were not 200: {result.statuses}")

    measured = [scenarios[n]["p95_ms"] for n in ("assistant_en", "assistant_zh") if n in scenarios]
    worst = max(measured) if measured else None
    goal_met = worst is not None and worst <= GOAL_P95_MS
    return {
        "settings": conf,
        "goal_p95_ms": GOAL_P95_MS,
        "goal_met": goal_met,
        "worst_p95_ms": worst,
        "scenarios": scenarios,
        "timings": timings,
        "ok": not failures,
        "failures": failures,
        "notes": _notes(conf, settings, worst, goal_met),
    }


def _notes(conf: dict, settings, worst, goal_met: bool) -> list[str]:
    return [
        f"wrk -t{settings.threads} -c{settings.connections}, {settings.rounds} interleaved rounds beside the bare "
        f"view; every request is a first message (a new conversation); {conf['articles']:,} generated articles "
        "plus the 20 shipped ones, in both languages",
        f"goal p95 ≤ {GOAL_P95_MS:g} ms: worst {worst} ms, {'meets' if goal_met else 'MISSES'} it",
    ]
