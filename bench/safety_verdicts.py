"""The look-alike verdict (``safety.verify.verdict``) in-process: p50/p95 per verdict over a fixed mix,
reported by ``make bench BENCH=safety`` beside the secret guard (``bench/bench_safety.py``).

The mix is deterministic: the official channels written several ways, look-alikes of each kind the
engine detects (typos, swaps and omissions at every position of the name, one Cyrillic or Greek
letter at every position, combosquats, our domain as a subdomain, other suffixes, userinfo links,
account and phone look-alikes) and the 250 unrelated values of ``tests/safety/data/unrelated.txt``.
The channels are indexed once, as a process's snapshot is (``safety.channels.official_channels``);
each verdict is timed alone (wall clock, ``perf_counter_ns``; and the thread's CPU time) after one
warm-up pass. Every verdict must be the one its group expects (``failed`` in the table; a wrong
verdict fails the bench). Goal: p95 ≤ 5 ms (a miss is reported, ``goal_met``).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench.load import percentile

GOAL_P95_MS = 5.0
UNRELATED = Path(__file__).resolve().parent.parent / "tests" / "safety" / "data" / "unrelated.txt"

BRAND = "supportdesk"
CYRILLIC = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "s": "ѕ", "k": "к", "t": "т"}
GREEK = {"o": "ο", "p": "ρ", "t": "τ", "k": "κ"}


def _typos(name: str) -> list[str]:
    """Every omission, neighbour swap, doubled letter and next-letter substitution of ``name``."""
    found: list[str] = []
    for i, ch in enumerate(name):
        found.append(name[:i] + name[i + 1 :])
        found.append(name[:i] + ch + name[i:])
        found.append(name[:i] + chr((ord(ch) - 96) % 26 + 97) + name[i + 1 :])
        if i + 1 < len(name):
            found.append(name[:i] + name[i + 1] + ch + name[i + 2 :])
    return list(dict.fromkeys(v for v in found if v != name))


def _homoglyphs(name: str) -> list[str]:
    found = []
    for table in (CYRILLIC, GREEK):
        for i, ch in enumerate(name):
            if ch in table:
                found.append(name[:i] + table[ch] + name[i + 1 :])
    return found


def workload() -> dict[str, list[str]]:
    """The values to check, by the verdict each group must get."""
    official = [
        "supportdesk.com",
        "https://help.supportdesk.com/en/kb/a/reset-password/",
        "https://www.supportdesk.com/login?next=/account",
        "SUPPORTDESK.COM",
        "support@supportdesk.com",
        "mailto:security@supportdesk.com",
        "No-Reply@supportdesk.com",
        "+1 415 555 0100",
        "+1 (415) 555-0100",
        "001 415 555 0100",
        "t.me/SupportdeskHelp",
        "telegram @SupportdeskHelp",
        "x.com/supportdesk",
        "@supportdesk on X",
    ]
    lookalike = [f"{v}.com" for v in _typos(BRAND)]
    lookalike += [f"https://{v}.com/login" for v in _homoglyphs(BRAND)]
    lookalike += [f"{BRAND}{extra}.com" for extra in ("-help", "help", "-support", "-login", "-kyc", "app", "s")]
    lookalike += [f"{extra}{BRAND}.com" for extra in ("help-", "my", "secure-", "verify-", "www-")]
    lookalike += [f"{BRAND}.{suffix}" for suffix in ("net", "org", "co", "io", "com.cn", "co.uk", "info", "app")]
    lookalike += [f"{BRAND}.com.{site}" for site in ("evil.io", "login-check.net", "verify.top")]
    lookalike += ["https://supportdesk.com@evil.io/", "supportdesk.evil.io", "supp.ortdesk.com", "supportdesk。com"]
    lookalike += ["supp0rt@supportdesk.com", "support@supp0rtdesk.com", "help@supportdesk-help.com"]
    lookalike += [
        f"telegram @{v}" for v in ("SupportdeskHe1p", "SupportdeskHeIp", "Supportdesk_Help", "RealSupportdeskHelp")
    ]
    lookalike += ["@SupportdeskHelp on X", "t.me/SupportdeskHelpDesk", "+1 415 555 0101", "+1 415 555 0199"]
    unrelated: list[str] = []
    if UNRELATED.exists():
        lines = UNRELATED.read_text(encoding="utf-8").splitlines()
        unrelated = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return {"official": official, "lookalike": lookalike, "unknown": unrelated}


def _stats(samples_ns: list[int]) -> dict:
    ms = sorted(s / 1e6 for s in samples_ns)
    total_s = sum(samples_ns) / 1e9
    return {
        "verdicts": len(ms),
        "rps": round(len(ms) / total_s, 1) if total_s else 0.0,
        "p50_ms": round(percentile(ms, 50), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "p99_ms": round(percentile(ms, 99), 3),
        "max_ms": round(ms[-1], 3) if ms else 0.0,
    }


def _check(groups: dict[str, list[str]], index, verdict) -> dict[str, list]:
    """Warm-up pass and correctness check: the values whose verdict is not their group's."""
    wrong: dict[str, list] = {}
    for expected, values in groups.items():
        for value in values:
            got = verdict(value, index).verdict
            if got != expected:
                wrong.setdefault(expected, []).append((value, got))
    return wrong


def _time(groups: dict[str, list[str]], index, verdict, rounds: int) -> tuple[dict, dict]:
    """Wall-clock and thread-CPU nanoseconds of every verdict, by group."""
    samples: dict[str, list[int]] = {name: [] for name in groups}
    cpu: dict[str, list[int]] = {name: [] for name in groups}
    clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
    for _ in range(rounds):
        for expected, values in groups.items():
            bucket, cpu_bucket = samples[expected], cpu[expected]
            for value in values:
                c0, t0 = cpu_clock(), clock()
                verdict(value, index)
                t1, c1 = clock(), cpu_clock()
                bucket.append(t1 - t0)
                cpu_bucket.append(c1 - c0)
    return samples, cpu


def measure(rounds: int = 20) -> dict:
    from safety.reference import demo_channels
    from safety.verify import ChannelIndex, verdict

    started = time.perf_counter_ns()
    index = ChannelIndex(demo_channels())
    index_ms = (time.perf_counter_ns() - started) / 1e6
    groups = workload()
    wrong = _check(groups, index, verdict)
    samples, cpu = _time(groups, index, verdict, rounds)
    samples["all"] = [s for name in groups for s in samples[name]]
    cpu["all"] = [s for name in groups for s in cpu[name]]
    scenarios = {}
    for name, bucket in samples.items():
        label = "verdict(): the whole mix" if name == "all" else f"verdict(): {name} ({len(groups[name])} values)"
        failed = sum(map(len, wrong.values())) if name == "all" else len(wrong.get(name, []))
        scenarios[f"verdict_{name}"] = {
            "label": label,
            **_stats(bucket),
            "cpu_p95_ms": _stats(cpu[name])["p95_ms"],
            "non_2xx": failed,  # printed as "failed": verdicts that were not the expected one
        }
    slow = [
        f"{s['label']}: p95 {s['p95_ms']} ms > {GOAL_P95_MS} ms"
        for s in scenarios.values()
        if s["p95_ms"] > GOAL_P95_MS
    ]
    return {
        "goal_p95_ms": GOAL_P95_MS,
        "goal_met": not slow,
        "rounds": rounds,
        "index_build_ms": round(index_ms, 3),
        "scenarios": scenarios,
        "failures": [f"{len(v)} {k} values got another verdict, e.g. {v[:3]}" for k, v in wrong.items()],
        "notes": [
            f"verdict(): in-process, one thread, {rounds} rounds over {sum(map(len, groups.values()))} values; "
            f"channels indexed once in {index_ms:.2f} ms (cold: includes loading the public suffix list); "
            "cpu_p95_ms is this thread's CPU time, which other processes' load does not inflate (on a busy "
            "machine the wall-clock tail shows the scheduler's time slice, ~4 ms)",
            *slow,
        ],
    }


def rounds_from_env(environ=os.environ) -> int:
    return max(1, int(environ.get("BENCH_VERIFY_ROUNDS", "20")))
