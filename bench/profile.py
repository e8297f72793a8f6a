"""Where a ticket create spends its time: cProfile and the SQL of one request, against PostgreSQL.

    .venv/bin/python -m bench.profile                   JSON create, 300 requests
    .venv/bin/python -m bench.profile screenshot -n 50  multipart with the 1 MB PNG

It starts the same stack as ``make bench`` without gunicorn, then runs the requests in a child
process through Django's test client (the same middleware, DRF and services as under gunicorn,
without the network) and prints the queries of one request and the heaviest functions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from bench import harness, payloads

ENDPOINT = "/api/v1/tickets/"


def child(kind: str, count: int, body_file: str, content_type: str, token: str) -> None:
    import cProfile
    import pstats
    import time

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT="application/json")
    body = open(body_file, "rb").read()  # noqa: SIM115 - read once, small script

    def create() -> None:
        response = client.generic("POST", ENDPOINT, body, content_type=content_type)
        if response.status_code != 201:
            raise SystemExit(f"create answered {response.status_code}: {response.content[:500]!r}")

    for _ in range(10):  # imports, connections, caches
        create()
    with CaptureQueriesContext(connection) as queries:
        create()
    print(f"--- {len(queries.captured_queries)} queries in one {kind} create:")
    for query in queries.captured_queries:
        print(f"  {query['time']}s  {query['sql'][:160]}")

    started = time.perf_counter()
    for _ in range(count):
        create()
    elapsed = time.perf_counter() - started
    print(f"--- {count} creates in {elapsed:.2f}s: {elapsed / count * 1000:.2f} ms each (one process, no profiler)")
    client.generic("GET", "/healthz/")
    started = time.perf_counter()
    for _ in range(count):
        client.generic("GET", "/healthz/")
    bare = (time.perf_counter() - started) / count
    print(f"--- GET /healthz/ through the same client: {bare * 1000:.2f} ms each")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        create()
    profiler.disable()
    stats = pstats.Stats(profiler)
    print("--- own time by package (profiled; the profiler inflates Python-heavy code):")
    total = sum(row[2] for row in stats.stats.values())
    for package, seconds in sorted(by_package(stats).items(), key=lambda item: -item[1])[:14]:
        print(f"  {seconds / count * 1000:7.2f} ms/request  {seconds / total:6.1%}  {package}")
    stats.strip_dirs()
    print("--- by cumulative time")
    stats.sort_stats("cumulative").print_stats(45)
    print("--- by own time")
    stats.sort_stats("tottime").print_stats(25)


def by_package(stats) -> dict[str, float]:
    """Own (not cumulative) time grouped by the package that holds the function."""
    totals: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        if filename == "~":  # C functions: name the library they belong to
            if "psycopg2" in name:
                package = "psycopg2 C calls (includes waiting on PostgreSQL)"
            elif "socket" in name or "select" in name or "poll" in name:
                package = "socket I/O (Redis, PostgreSQL)"
            else:
                package = "builtins"
        elif "site-packages/" in filename:
            package = filename.split("site-packages/", 1)[1].split("/", 1)[0]
        elif filename.startswith(str(harness.ROOT)):
            package = "project: " + filename[len(str(harness.ROOT)) + 1 :].split("/", 1)[0]
        else:
            package = "stdlib"
        totals[package] = totals.get(package, 0.0) + own
    return totals


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("kind", nargs="?", choices=["json", "screenshot"], default="json")
    parser.add_argument("-n", "--count", type=int, default=300)
    parser.add_argument("--child", nargs=3, metavar=("BODY_FILE", "CONTENT_TYPE", "TOKEN"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv[1:])
    if args.child:
        child(args.kind, args.count, *args.child)
        return 0

    durable = os.environ.get("BENCH_PG_DURABLE", "1") not in ("0", "false", "no")
    with harness.Stack(gunicorn=harness.GunicornConfig(), durable_postgres=durable, serve=False) as stack:
        if args.kind == "json":
            body, content_type = payloads.json_body(), "application/json"
        else:
            body, content_type = payloads.multipart_body(
                payloads.TICKET_FIELDS, [("screenshots", "screenshot.png", "image/png", payloads.noisy_png())]
            )
        body_file = payloads.write(stack.workdir, "body", body)
        cmd = [sys.executable, "-m", "bench.profile", args.kind, "-n", str(args.count), "--child"]
        cmd += [str(body_file), content_type, stack.token]
        print(json.dumps({"postgresql_durable": durable, "requests": args.count}), flush=True)
        return subprocess.run(cmd, cwd=harness.ROOT, env=stack.env, timeout=600).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
