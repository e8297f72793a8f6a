"""Both peer benchmarks on one PostgreSQL and one seeded database, printed as JSON.

    .venv/bin/python -m bench.peer --tickets 100000 [--requests 20 --concurrency 4] [--dsn ...] [--durable]

Seeds the peer's database once, times ``escalate_tickets`` over it, then measures the datatables
endpoint on the same (now escalated: two follow-ups per ticket) database.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from bench.peer import db, escalation, queue, setup


def run_all(pg, args) -> dict:
    started = time.monotonic()
    peer = setup.ensure()
    setup_s = round(time.monotonic() - started, 2)
    result = {"setup": {**peer.timings, "total_s": setup_s}, "versions": setup.versions(peer)}
    result["escalation"] = escalation.run(pg, args.tickets, database=args.database, timeout=args.timeout, peer=peer)
    result["queue"] = queue.run(
        pg, args.tickets, args.requests, args.concurrency, database=args.database, length=args.length, peer=peer
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--length", type=int, default=25)
    parser.add_argument("--dsn", help="postgres://user@host:port of a running server (default: start one)")
    parser.add_argument("--database", default=db.DEFAULT_DATABASE)
    parser.add_argument("--durable", action="store_true", help="own server with fsync/synchronous_commit on")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed for escalate_tickets")
    args = parser.parse_args(argv)
    if args.dsn:
        result = run_all(args.dsn, args)
    else:
        started = time.monotonic()
        with db.own_server(durable=args.durable) as t:
            start_s = round(time.monotonic() - started, 2)
            result = run_all(t, args)
            result["postgres"] = {
                "own_server": True,
                "durable": args.durable,
                "start_s": start_s,
                "version": t.sql("SHOW server_version")[0][0],
            }
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
