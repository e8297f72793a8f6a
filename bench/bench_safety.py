"""The secret guard's cost: ``safety.guard.scan`` over 2,000-character support messages.

In-process, no server: a deterministic set of ``BENCH_SAFETY_MESSAGES`` (2,000) messages of
exactly 2,000 characters (the assistant's and the chat's message limit), half English, half
Chinese, built from the shipped help-centre paragraphs and customer-style sentences: two thirds
carry transaction ids or addresses of several chains (EVM, Bitcoin, TRON, Solana, XRP with a tag),
one in ten carries a secret (a seed phrase in one of several layouts, a WIF or xprv key, a hex key
said to be one, a password or a one-time code). The help-centre paragraphs make it heavier than
real traffic: the security articles name 助记词 up to a dozen times per 2,000 characters, and each
mention makes the guard look for a solid Chinese phrase next to it.

Each message is scanned once untimed, then timed one call at a time (``BENCH_SAFETY_ROUNDS``
rounds over the set); p50/p95/p99 per message in ms, wall clock and thread CPU time (the machine
is shared: CPU time shows our own cost), and throughput in MB/s of UTF-8 text. Every result is
checked: the secret messages must come back with their kinds, the others with none.

Goal: p95 ≤ 1 ms per message (wall clock). In the same run, the look-alike verdicts
(``bench/safety_verdicts.py``: p95 per ``safety.verify.verdict``, goal ≤ 5 ms), so that
``BENCH=safety`` reports both halves of the safety work.

    make bench BENCH=safety       the figures (no server is started)
"""

from __future__ import annotations

import gc
import hashlib
import os
import random
import re
import time
from pathlib import Path

import base58
from mnemonic import Mnemonic

from bench import safety_verdicts
from bench.load import percentile

NAME = "safety"
NEEDS_GUNICORN = False  # bench.run: no web server for this module
NEEDS_DATABASE = False  # nor PostgreSQL: `make bench BENCH=safety` starts nothing
TIME_LIMIT = 300  # seconds
# BENCH_TINY=1: 100 messages and one round of verdicts.
TINY = {"BENCH_SAFETY_MESSAGES": "100", "BENCH_SAFETY_ROUNDS": "1", "BENCH_VERIFY_ROUNDS": "1"}
GOAL_P95_MS = 1.0
MESSAGE_CHARS = 2000
ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "knowledgebase" / "content"

EN_CUSTOMER = (
    "Hi, I withdrew {amount} {asset} to {address} yesterday and it has not arrived. TxID: {txid}",
    "My deposit of {amount} {asset} on {network} is not credited, the transaction hash is {txid}.",
    "I forgot my password and the reset link expired. I didn't receive the 2FA code either.",
    "Order {order} was charged twice, ticket SD-7K3QX9, please refund {amount} {asset}.",
    "Please whitelist {address} for {asset} withdrawals on {network}, memo tag {tag}.",
    "Where do I find my seed phrase? I want to back up my wallet before I update the app.",
    "Someone on Telegram says he is support and asked for my recovery phrase, is that you?",
    "The app froze while I was placing a limit order for {amount} {asset} at 13:45 UTC.",
)
ZH_CUSTOMER = (
    "我昨天提现了{amount}{asset}到地址{address}但是一直没有到账交易哈希是{txid}请帮我查一下",
    "充值{amount}个{asset}走的是{network}网络，交易哈希：{txid}，为什么还没到账？",
    "忘记密码了，验证码收不到，登录不了，麻烦尽快处理",
    "有人自称客服让我提供助记词和私钥说是要帮我解冻账户这是真的吗",
    "请问助记词应该怎么备份比较安全写在纸上可以吗还是截图保存在手机里",
    "订单号{order}重复扣款了，工单号 SD-7K3QX9，请尽快处理谢谢",
)
ASSETS = ("USDT", "BTC", "ETH", "TRX", "SOL", "XRP")
NETWORKS = ("TRC20", "ERC20", "BEP20", "Solana", "Bitcoin")
SEED_LAYOUTS = ("spaces", "numbered", "commas", "newlines", "solid")


def settings_from_env(environ=os.environ) -> dict:
    return {
        "messages": int(environ.get("BENCH_SAFETY_MESSAGES", "2000")),
        "rounds": max(1, int(environ.get("BENCH_SAFETY_ROUNDS", "3"))),
        "verdict_rounds": safety_verdicts.rounds_from_env(environ),
        "seed": int(environ.get("BENCH_SAFETY_SEED", "20240501")),
    }


# --- the messages -----------------------------------------------------------------------------


def _paragraphs(language: str) -> list[str]:
    out = []
    for path in sorted((KB / language).glob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        out += [p.strip() for p in re.split(r"\n\s*\n", body) if len(p.strip()) > 40]
    return out


def _formats(rng: random.Random) -> dict[str, str]:
    raw = rng.randbytes(32)
    h20 = hashlib.sha256(raw).digest()[:20]
    return {
        "address": rng.choice(
            (
                "0x" + h20.hex(),
                base58.b58encode_check(b"\x00" + h20).decode(),
                base58.b58encode_check(b"\x41" + h20).decode(),
                base58.b58encode(hashlib.sha256(h20).digest()).decode(),
                base58.b58encode_check(b"\x00" + h20, alphabet=base58.XRP_ALPHABET).decode() + " tag 104522",
            )
        ),
        "txid": rng.choice((raw.hex(), "0x" + raw.hex(), raw.hex().upper())),
        "amount": rng.choice(("0.5", "12", "1,250.50", "300", "0.0031")),
        "asset": rng.choice(ASSETS),
        "network": rng.choice(NETWORKS),
        "order": str(rng.randrange(10**9, 10**12)),
        "tag": str(rng.randrange(1000, 10**9)),
    }


def _seed_phrase(rng: random.Random) -> str:
    language = rng.choice(("english", "english", "chinese_simplified", "chinese_traditional"))
    words = Mnemonic(language).to_mnemonic(rng.randbytes(rng.choice((16, 32)))).split()
    layout = rng.choice(SEED_LAYOUTS[:-1] if language == "english" else SEED_LAYOUTS)
    if layout == "numbered":
        return "\n".join(f"{i}. {word}" for i, word in enumerate(words, 1))
    if layout == "solid":
        return "我的助记词是" + "".join(words) + "，请帮我看看"
    return {"spaces": " ", "commas": ", ", "newlines": "\n"}[layout].join(words)


def _secret(rng: random.Random) -> tuple[str, str]:
    """(text, kind) of one secret as a customer would paste it."""
    kind = rng.choice(("seed_phrase", "seed_phrase", "private_key", "private_key", "password", "otp"))
    if kind == "seed_phrase":
        return "my wallet words: " + _seed_phrase(rng), kind
    if kind == "private_key":
        key = rng.randbytes(32)
        return rng.choice(
            (
                base58.b58encode_check(b"\x80" + key + b"\x01").decode(),
                base58.b58encode_check(
                    bytes.fromhex("0488ade4") + bytes(9) + rng.randbytes(32) + b"\x00" + key
                ).decode(),
                "my private key is 0x" + key.hex(),
                "私钥：" + key.hex(),
            )
        ), kind
    if kind == "password":
        return rng.choice(("my password is Hunter2024!", "密码是abc12345", "pwd: qwerty12")), kind
    return rng.choice(("2FA code 739104", "短信验证码是 582916", "Google Authenticator: 104233")), kind


def build_messages(count: int, seed: int) -> list[tuple[str, tuple[str, ...]]]:
    """``count`` (message, expected kinds) pairs, each message exactly 2,000 characters."""
    rng = random.Random(seed)
    paragraphs = {"en": _paragraphs("en"), "zh-hans": _paragraphs("zh-hans")}
    customer = {"en": EN_CUSTOMER, "zh-hans": ZH_CUSTOMER}
    messages = []
    for n in range(count):
        language = "en" if n % 2 == 0 else "zh-hans"
        with_ids = rng.random() < 0.35
        secret = _secret(rng) if rng.random() < 0.10 else None
        parts: list[str] = []
        while sum(map(len, parts)) < MESSAGE_CHARS * 1.3:
            if rng.random() < (0.5 if with_ids else 0.2):
                parts.append(rng.choice(customer[language]).format(**_formats(rng)))
            else:
                parts.append(rng.choice(paragraphs[language]))
        if secret:
            parts.insert(rng.randrange(min(3, len(parts))), secret[0])
        text = "\n\n".join(parts)
        if secret:  # keep the secret whole: cut the message around it
            start = max(0, min(text.index(secret[0]), len(text) - MESSAGE_CHARS))
            text = text[start : start + MESSAGE_CHARS]
        else:
            text = text[:MESSAGE_CHARS]
        messages.append((text, (secret[1],) if secret else ()))
    return messages


# --- the scenarios -------------------------------------------------------------------------------


def _machine_speed() -> float:
    """ns per iteration of an empty Python loop: how fast this (shared) machine is right now."""
    started = time.perf_counter_ns()
    for _ in range(1_000_000):
        pass
    return round((time.perf_counter_ns() - started) / 1_000_000, 1)


def guard_scan(conf: dict) -> dict:
    from safety.guard import scan

    messages = build_messages(conf["messages"], conf["seed"])
    failures = []
    for text, expected in messages:  # warm-up, and the correctness check
        if len(text) != MESSAGE_CHARS:
            failures.append(f"a message of {len(text)} characters")
        kinds = scan(text).kinds
        if tuple(sorted(set(kinds))) != expected:
            failures.append(f"expected {expected}, got {kinds}: {text[:80]!r}")
    wall: list[float] = []
    cpu: list[float] = []
    gc.collect()
    speed_before = _machine_speed()
    started = time.perf_counter()
    for _ in range(conf["rounds"]):
        for text, _expected in messages:
            t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
            scan(text)
            c1, t1 = time.thread_time_ns(), time.perf_counter_ns()
            wall.append((t1 - t0) / 1e6)
            cpu.append((c1 - c0) / 1e6)
    elapsed = time.perf_counter() - started
    speed_after = _machine_speed()
    wall.sort()
    cpu.sort()
    megabytes = sum(len(text.encode()) for text, _ in messages) * conf["rounds"] / 1e6
    return {
        "label": "scan() 2,000-char message",
        "messages": len(messages),
        "with_secret": sum(1 for _, expected in messages if expected),
        "rounds": conf["rounds"],
        "rps": round(len(wall) / elapsed, 1),
        "p50_ms": round(percentile(wall, 50), 3),
        "p95_ms": round(percentile(wall, 95), 3),
        "p99_ms": round(percentile(wall, 99), 3),
        "max_ms": round(wall[-1], 3),
        "cpu_p50_ms": round(percentile(cpu, 50), 3),
        "cpu_p95_ms": round(percentile(cpu, 95), 3),
        "cpu_p99_ms": round(percentile(cpu, 99), 3),
        "mb_per_s": round(megabytes / elapsed, 2),
        "python_loop_ns_per_iteration": [speed_before, speed_after],
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "non_2xx": 0,
        "goal_p95_ms": GOAL_P95_MS,
        "goal_met": percentile(wall, 95) <= GOAL_P95_MS,
        "failures": failures[:10],
    }


def run(ctx=None) -> dict:
    """bench.run's entry point (``ctx`` is not needed: nothing here uses the stack): the guard's
    row, then the verdicts' rows (``bench.safety_verdicts``). ``ok``: every result checked right and
    both goals met; a missed goal is also a note (a tiny run judges only the checks)."""
    conf = settings_from_env()
    print("  guard: scan() ...", flush=True)
    guard = guard_scan(conf)
    print("  verdicts: verdict() ...", flush=True)
    verdicts = safety_verdicts.measure(rounds=conf["verdict_rounds"])
    failures = [f"guard_scan: {failure}" for failure in guard.pop("failures")]
    failures += [f"verdicts: {failure}" for failure in verdicts["failures"]]
    notes = []
    if not guard["goal_met"]:
        notes.append(
            f"guard: p95 {guard['p95_ms']} ms is over the goal of {guard['goal_p95_ms']} ms (CPU p95 "
            f"{guard['cpu_p95_ms']} ms; empty Python loop {guard['python_loop_ns_per_iteration']} ns/iteration)"
        )
    notes.append(
        f"guard: {guard['messages']} messages of {MESSAGE_CHARS} characters ({guard['with_secret']} with a secret) x "
        f"{guard['rounds']} rounds: p95 {guard['p95_ms']} ms (goal ≤ {GOAL_P95_MS:g} ms), {guard['mb_per_s']} MB/s"
    )
    notes += verdicts["notes"]
    verdict_p95 = verdicts["scenarios"]["verdict_all"]["p95_ms"]
    notes.append(f"verdicts: p95 {verdict_p95} ms over the whole mix (goal ≤ {safety_verdicts.GOAL_P95_MS:g} ms)")
    return {
        "settings": conf,
        "scenarios": {"guard_scan": guard, **verdicts["scenarios"]},
        "goals": {
            "guard_p95_ms": GOAL_P95_MS,
            "guard_met": guard["goal_met"],
            "verdict_p95_ms": safety_verdicts.GOAL_P95_MS,
            "verdict_met": verdicts["goal_met"],
        },
        "verdict_index_build_ms": verdicts["index_build_ms"],
        "failures": failures,
        "notes": notes,
        "ok": not failures and guard["goal_met"] and verdicts["goal_met"],
    }
