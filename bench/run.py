"""`make bench`: start the stack once, run the benchmark modules, write bench/results.json.

    .venv/bin/python -m bench.run            every bench/bench_*.py
    BENCH=create .venv/bin/python -m bench.run   (or `make bench BENCH=create`) only bench_create

A module is ``bench/bench_<name>.py`` with ``run(ctx) -> dict``; ``ctx`` is a
``bench.harness.BenchContext``. A module's dict may hold ``scenarios`` (printed as the table),
``ok`` and ``failures``. Exit status 1 when any module failed, 2 on a usage error.

Tuning knobs (environment): BENCH_DURATION, BENCH_ROUNDS, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_THREADS,
BENCH_GUNICORN_CLASS / _WORKERS / _THREADS, BENCH_PG_DURABLE=0 (the test cluster's fsync=off),
BENCH_TIME_LIMIT (seconds for the whole run; default: the sum of the selected modules' budgets).

BENCH_TINY=1 (`make bench-check`): every module at its ``TINY`` sizes (a dict of environment
defaults), seconds each; the run fails on any failed check, never on a timing, and writes
``bench/results-tiny.json``. The peer runs in it only when its venv is built already.

Per module (optional attributes): ``TIME_LIMIT``, its time budget in seconds (default 180), and
``NEEDS_GUNICORN = False`` when it does not use the web server (gunicorn is started only when a
selected module needs it), ``NEEDS_DATABASE = False`` when it needs no stack at all (its ``ctx``
is None when no selected module needs one). A scenario with ``seconds`` (and ``queries``) instead of ``rps`` is
printed as a timed row.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pkgutil
import signal
import sys
import time
import traceback
from pathlib import Path

from bench import harness, load

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results.json"
TINY_RESULTS = BENCH_DIR / "results-tiny.json"
# BENCH_TINY=1 (`make bench-check`): every module's own TINY sizes, and these for the load scenarios.
TINY = {"BENCH_DURATION": "1", "BENCH_WARMUP": "0", "BENCH_ROUNDS": "1", "BENCH_TIME_LIMIT": "600"}
# Set to 0 in a tiny run when the peer is not installed.
PEER_FLAGS = ("BENCH_SLA_PEER", "BENCH_QUEUE_PEER")
PREFIX = "bench_"
DEFAULT_TIME_LIMIT = 180  # seconds per module that declares no TIME_LIMIT


class TimeLimitExceeded(Exception):
    pass


def available() -> list[str]:
    return sorted(m.name[len(PREFIX) :] for m in pkgutil.iter_modules([str(BENCH_DIR)]) if m.name.startswith(PREFIX))


def select(requested: list[str]) -> list[str]:
    names = available()
    wanted = [name.strip().removeprefix(PREFIX) for name in requested if name.strip()]
    unknown = [name for name in wanted if name not in names]
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(names)}")
    return wanted or names


def _raise(exc_type):
    def handler(signum, frame):
        raise exc_type(f"signal {signum}")

    return handler


def main(argv: list[str]) -> int:
    try:
        names = select(argv[1:] or os.environ.get("BENCH", "").split(","))
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 2
    tiny = tiny_mode()
    modules = [importlib.import_module(f"bench.{PREFIX}{name}") for name in names]
    peer_skipped = apply_tiny(modules) if tiny else None
    gunicorn = harness.GunicornConfig.from_env()
    settings = harness.LoadSettings.from_env()
    durable = os.environ.get("BENCH_PG_DURABLE", "1") not in ("0", "false", "no")
    limit = time_limit(modules, os.environ)
    serve = any(getattr(module, "NEEDS_GUNICORN", True) for module in modules)
    stack = serve or any(getattr(module, "NEEDS_DATABASE", True) for module in modules)
    wrk = load.find_wrk()
    results = _header(gunicorn, settings, durable, serve, wrk)
    results["tiny"] = tiny
    if peer_skipped:
        results["peer_skipped"] = peer_skipped
    print(
        f"Supportdesk bench{' (tiny: small sizes, results checked, timings not judged)' if tiny else ''}: "
        f"{', '.join(names)}; {results['server']['gunicorn']}; {results['load']['tool']}; time limit {limit} s"
    )
    if peer_skipped:
        print(f"the peer (django-helpdesk) is skipped: {peer_skipped}")
    if not wrk:
        print("WARNING: wrk is not available; the Python load generator shares the CPU and reads lower.")
    started = time.monotonic()
    ok = _run_all(
        names,
        results,
        gunicorn=gunicorn,
        settings=settings,
        durable=durable,
        serve=serve,
        wrk=wrk,
        limit=limit,
        tiny=tiny,
        stack=stack,
    )
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    results["ok"] = ok
    path = TINY_RESULTS if tiny else RESULTS
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print()
    print(render(results))
    print(f"\nwritten: {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return 0 if ok else 1


def _header(gunicorn, settings, durable: bool, serve: bool, wrk: str | None) -> dict:
    return {
        "date": harness.now_iso(),
        "git": harness.git_info(),
        "machine": harness.machine_info(),
        "server": {
            "gunicorn": gunicorn.describe() if serve else "not started (no selected benchmark needs it)",
            "gunicorn_args": gunicorn.args(),
            "django_debug": False,
            "postgresql_durable": durable,
            "celery_worker": "none: tasks queued after commit wait in Redis, the request path is measured",
        },
        "load": {
            "tool": load.wrk_version(wrk) if wrk else "python-http.client threads (wrk unavailable)",
            "threads": settings.threads,
            "connections": settings.connections,
            "warmup_s": settings.warmup_s,
            "duration_s": settings.duration_s,
            "rounds": settings.rounds,
        },
        "benchmarks": {},
    }


def _run_all(names, results, *, gunicorn, settings, durable, serve, wrk, limit, tiny, stack) -> bool:
    """Start the stack (unless no module needs it), run the modules in it, stop it; True when every
    module was ok."""
    # The finally blocks below stop every process; make SIGTERM and the time limit reach them.
    signal.signal(signal.SIGTERM, _raise(KeyboardInterrupt))
    signal.signal(signal.SIGALRM, _raise(TimeLimitExceeded))
    signal.alarm(limit)
    ok = True
    try:
        started = harness.Stack(gunicorn=gunicorn, durable_postgres=durable, serve=serve) if stack else None
        with started or contextlib.nullcontext() as running:
            ctx = None
            if running:
                results["versions"] = running.versions()
                results["setup_s"] = running.timings
                ctx = harness.BenchContext(stack=running, settings=settings, wrk=wrk)
            try:
                for name in names:
                    print(f"{name}:", flush=True)
                    started = time.monotonic()
                    results["benchmarks"][name] = outcome = _run_module(name, ctx)
                    outcome.setdefault("elapsed_s", round(time.monotonic() - started, 1))
                    ok = module_ok(outcome, tiny=tiny) and ok
            finally:
                signal.alarm(0)  # the time limit must not cut the clean-up short
    except TimeLimitExceeded:
        ok = False
        results["error"] = f"time limit of {limit}s exceeded"
    except KeyboardInterrupt:
        ok = False
        results["error"] = "interrupted"
    except Exception as exc:
        ok = False
        results["error"] = "".join(traceback.format_exception_only(exc)).strip()
        traceback.print_exc()
    finally:
        signal.alarm(0)
    return ok


def tiny_mode(environ=os.environ) -> bool:
    return environ.get("BENCH_TINY", "") not in ("", "0", "false", "no")


def apply_tiny(modules, environ=os.environ) -> str | None:
    """Small sizes for every selected module (its ``TINY`` dict of environment defaults, under
    what the caller set), and the peer only when it is installed already: a tiny run never goes
    online. Returns why the peer is skipped, or None."""
    for key, value in {**TINY, **{k: v for m in modules for k, v in getattr(m, "TINY", {}).items()}}.items():
        environ.setdefault(key, value)
    from bench.peer import setup

    reason = setup.unavailable()
    if reason:
        for flag in PEER_FLAGS:
            environ[flag] = "0"
    return reason


def module_ok(outcome: dict, *, tiny: bool) -> bool:
    """A module is ok when it says so; in a tiny run its checks decide (timings are not judged),
    and it must have produced at least one scenario."""
    if not tiny:
        return bool(outcome.get("ok", True))
    if not outcome.get("scenarios"):
        outcome.setdefault("failures", []).append("tiny run: no scenario was measured")
    return not outcome.get("failures")


def time_limit(modules, environ=os.environ) -> int:
    """BENCH_TIME_LIMIT when set, else the sum of the modules' TIME_LIMIT budgets."""
    if environ.get("BENCH_TIME_LIMIT"):
        return int(environ["BENCH_TIME_LIMIT"])
    return sum(int(getattr(module, "TIME_LIMIT", DEFAULT_TIME_LIMIT)) for module in modules)


def _run_module(name: str, ctx: harness.BenchContext | None) -> dict:
    module = importlib.import_module(f"bench.{PREFIX}{name}")
    try:
        return module.run(ctx)
    except (KeyboardInterrupt, TimeLimitExceeded):
        raise
    except Exception as exc:
        traceback.print_exc()
        log = ctx.stack.gunicorn.log_tail() if ctx and ctx.stack.gunicorn else ""
        return {"ok": False, "failures": [f"{type(exc).__name__}: {exc}"], "gunicorn_log_tail": log}


def render(results: dict) -> str:
    """The short table printed after a run."""
    load_ = results["load"]
    server = results["server"]
    lines = [
        f"{server['gunicorn']}, DEBUG off, PostgreSQL {results.get('versions', {}).get('postgresql', '?')}"
        f"{'' if server['postgresql_durable'] else ' (fsync off)'}; {load_['tool']} -t{load_['threads']} "
        f"-c{load_['connections']}, {load_['duration_s']:g} s per scenario in {load_.get('rounds', 1)} "
        f"interleaved rounds after {load_['warmup_s']:g} s warm-up; "
        f"{results['machine'].get('cpus_usable')} cores",
        "",
        f"{'scenario':<36} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'failed':>7} {'ratio':>7}",
    ]
    for name, bench in results["benchmarks"].items():
        timed_header = False
        for scenario in bench.get("scenarios", {}).values():
            if "rps" not in scenario and "seconds" in scenario:  # a timed run, not a load test
                if not timed_header:
                    lines.append(f"{f'{name} (timed runs)':<36} {'seconds':>10} {'statements':>17} {'ratio':>7}")
                    timed_header = True
                ratio = f"{scenario['ratio']:.1f}x" if scenario.get("ratio") is not None else ""
                queries = scenario.get("queries", "")
                lines.append(f"{scenario.get('label', name):<36} {scenario['seconds']:>10.2f} {queries:>17} {ratio:>7}")
                continue
            if "rps" not in scenario:
                lines.append(f"{scenario.get('label', name):<36} {'(not measured)':>8}")
                continue
            failed = scenario.get("non_201", scenario.get("non_2xx", 0))
            ratio = f"{scenario['ratio']:.3f}" if scenario.get("ratio") is not None else ""
            lines.append(
                f"{scenario['label']:<36} {scenario['rps']:>8.1f} {scenario['p50_ms']:>8.1f} "
                f"{scenario['p95_ms']:>8.1f} {failed:>7} {ratio:>7}"
            )
        lines += [f"  note: {note}" for note in bench.get("notes", [])]
        lines += [f"  FAILED: {failure}" for failure in bench.get("failures", [])]
    if results.get("error"):
        lines.append(f"ERROR: {results['error']}")
    lines.append("OK" if results["ok"] else "BENCH FAILED")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
