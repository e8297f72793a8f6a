"""Load generation: wrk with bench/request.lua, or a Python fallback when wrk is unavailable.

Both return a ``LoadResult`` with the same fields, so the benchmarks do not care which ran;
the results name the tool, because a Python client on the same two cores steals far more CPU
from the server than wrk does and its figures are lower.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

LUA_SCRIPT = Path(__file__).resolve().parent / "request.lua"
RESULT_MARKER = "BENCH_RESULT "


@dataclass(frozen=True)
class Request:
    """What every connection sends, again and again."""

    path: str
    method: str = "GET"
    body_file: Path | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadResult:
    tool: str
    requests: int
    duration_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    statuses: dict[str, int]
    errors: dict[str, int]
    rounds_rps: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    def count(self, status: int) -> int:
        return self.statuses.get(str(status), 0)

    def not_status(self, status: int) -> int:
        """Responses with another status, plus requests that got no response at all."""
        others = sum(n for code, n in self.statuses.items() if code != str(status))
        return others + self.socket_errors

    @property
    def socket_errors(self) -> int:
        return sum(n for kind, n in self.errors.items() if kind != "status")

    def as_dict(self) -> dict:
        data = asdict(self)
        data["rps"] = round(self.rps, 1)
        return data


def merge(results: list[LoadResult]) -> LoadResult:
    """Slices of one scenario taken in interleaved rounds, as one result.

    Throughput and counts add up exactly. Percentiles cannot be merged from summaries, so the
    median of the slices' percentiles stands in for them (``rounds_rps`` keeps each slice's rate).
    """

    def median(values: list[float]) -> float:
        ordered = sorted(values)
        middle = len(ordered) // 2
        return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2

    statuses: dict[str, int] = {}
    errors: dict[str, int] = {}
    for result in results:
        for code, n in result.statuses.items():
            statuses[code] = statuses.get(code, 0) + n
        for kind, n in result.errors.items():
            errors[kind] = errors.get(kind, 0) + n
    return LoadResult(
        tool=results[0].tool,
        requests=sum(r.requests for r in results),
        duration_s=sum(r.duration_s for r in results),
        p50_ms=median([r.p50_ms for r in results]),
        p95_ms=median([r.p95_ms for r in results]),
        p99_ms=median([r.p99_ms for r in results]),
        max_ms=max(r.max_ms for r in results),
        statuses=statuses,
        errors=errors,
        rounds_rps=[round(r.rps, 1) for r in results],
    )


def parse_wrk_output(stdout: str) -> LoadResult:
    for line in stdout.splitlines():
        if line.startswith(RESULT_MARKER):
            raw = json.loads(line[len(RESULT_MARKER) :])
            break
    else:
        raise RuntimeError(f"wrk printed no {RESULT_MARKER.strip()} line:\n{stdout}")
    latency = raw["latency_us"]
    return LoadResult(
        tool="wrk",
        requests=raw["requests"],
        duration_s=raw["duration_us"] / 1e6,
        p50_ms=latency["p50"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        statuses={str(code): n for code, n in raw["statuses"].items()},
        errors=raw["errors"],
    )


def find_wrk(*, install: bool = True) -> str | None:
    """wrk from PATH; as root, try Debian's package once. None means: use the Python fallback."""
    found = shutil.which("wrk")
    if found or not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("wrk is missing: apt-get install -y wrk", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        result = subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
            env=env,
            capture_output=True,
            timeout=90,
        )
    except subprocess.TimeoutExpired:
        return None
    return shutil.which("wrk") if result.returncode == 0 else None


def wrk_version(binary: str) -> str:
    """``wrk 4.1.0`` from a banner like ``wrk debian/4.1.0-3+b2 [epoll] Copyright ...``."""
    result = subprocess.run([binary, "-v"], capture_output=True, text=True, timeout=10)
    words = (result.stdout or result.stderr or "wrk").split()
    version = words[1].rsplit("/", 1)[-1].split("-", 1)[0] if len(words) > 1 else ""
    return f"wrk {version}".strip()


def run_wrk(
    binary: str, base_url: str, request: Request, *, duration: float, threads: int, connections: int
) -> LoadResult:
    env = {
        **os.environ,
        "BENCH_METHOD": request.method,
        "BENCH_BODY_FILE": str(request.body_file or ""),
        "BENCH_HEADERS": "\n".join(f"{name}: {value}" for name, value in request.headers.items()),
    }
    cmd = [
        binary,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_SCRIPT),
        base_url.rstrip("/") + request.path,
    ]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=duration + 30)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return parse_wrk_output(result.stdout)


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


class _Counted:
    """What ``run_count``'s threads share: the requests left, and what came back."""

    def __init__(self, requests: int, check: Callable[[int, bytes], str | None]) -> None:
        self.remaining = requests
        self.check = check
        self.latencies: list[float] = []
        self.statuses: dict[str, int] = {}
        self.failures: list[str] = []
        self.right = self.refused = 0
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.remaining <= 0:
                return False
            self.remaining -= 1
            return True

    def error(self, exc: Exception) -> None:
        with self.lock:
            self.statuses["error"] = self.statuses.get("error", 0) + 1
            self.failures.append(repr(exc))

    def answer(self, status: int, body: bytes, elapsed: float) -> None:
        wrong = self.check(status, body)
        with self.lock:
            self.latencies.append(elapsed)
            self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1
            if wrong is None:
                self.right += 1
            else:
                self.refused += status == 200
                if len(self.failures) < 3:
                    self.failures.append(wrong)

    def work(self, connect: Callable[[], http.client.HTTPConnection], path: str, headers: dict[str, str]) -> None:
        """One thread: a keep-alive connection, requests until none are left."""
        conn = connect()
        try:
            while self.take():
                started = time.perf_counter()
                try:
                    conn.request("GET", path, headers=headers)
                    response = conn.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    conn = connect()
                    self.error(exc)
                    continue
                self.answer(response.status, body, time.perf_counter() - started)
                if response.will_close:
                    conn.close()
                    conn = connect()
        finally:
            conn.close()


def run_count(
    base_url: str,
    path: str,
    headers: dict[str, str],
    *,
    requests: int,
    concurrency: int,
    check: Callable[[int, bytes], str | None] | None = None,
    timeout: float = 60,
) -> dict:
    """``requests`` GETs of ``path`` over ``concurrency`` threads with a keep-alive connection
    each: the client for pages measured by a request count (the agent queue and its peer), so both
    sides of a ratio are measured by the same code. ``check(status, body)`` says what is wrong with
    a response, or None; without one only a 200 is right. ``non_2xx`` counts every request that
    was not right (errors included); ``refused`` the 200s that ``check`` refused."""
    parts = urlsplit(base_url)
    counted = _Counted(requests, check or (lambda status, body: None if status == 200 else f"{status}: {body[:300]!r}"))

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)

    started = time.perf_counter()
    threads = [
        threading.Thread(target=counted.work, args=(connect, path, headers))
        for _ in range(max(1, min(concurrency, requests)))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(counted.latencies)
    return {
        "requests": requests,
        "concurrency": concurrency,
        "wall_s": round(wall, 2),
        "rps": round(len(ordered) / wall, 2) if wall else 0.0,
        "p50_ms": round(percentile(ordered, 50) * 1000, 1),
        "p95_ms": round(percentile(ordered, 95) * 1000, 1),
        "p99_ms": round(percentile(ordered, 99) * 1000, 1),
        "min_ms": round(ordered[0] * 1000, 1) if ordered else float("nan"),
        "max_ms": round(ordered[-1] * 1000, 1) if ordered else float("nan"),
        "statuses": counted.statuses,
        "refused": counted.refused,
        "non_2xx": requests - counted.right,
        "failures": counted.failures,
    }


def _python_worker(connect, request: Request, body, headers, deadline: float, totals: dict, lock) -> None:
    """One connection of ``run_python``: requests until the deadline; its figures added to ``totals``."""
    conn = connect()
    latencies, statuses, errors = [], {}, dict.fromkeys(totals["errors"], 0)
    while time.monotonic() < deadline:
        sent = time.monotonic()
        try:
            conn.request(request.method, request.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors["timeout" if isinstance(exc, TimeoutError) else "read"] += 1
            conn.close()
            conn = connect()
            continue
        latencies.append((time.monotonic() - sent) * 1000)
        statuses[str(response.status)] = statuses.get(str(response.status), 0) + 1
        if not 200 <= response.status < 400:
            errors["status"] += 1
        if response.will_close:
            conn.close()
            conn = connect()
    conn.close()
    with lock:
        totals["latencies"].extend(latencies)
        for code, n in statuses.items():
            totals["statuses"][code] = totals["statuses"].get(code, 0) + n
        for kind, n in errors.items():
            totals["errors"][kind] += n


def run_python(base_url: str, request: Request, *, duration: float, connections: int) -> LoadResult:
    """The fallback: one thread per connection, http.client with keep-alive, same statistics."""
    parts = urlsplit(base_url)
    body = request.body_file.read_bytes() if request.body_file else None
    headers = dict(request.headers)
    if body is not None:
        headers["Content-Length"] = str(len(body))
    totals: dict = {
        "latencies": [],
        "statuses": {},
        "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0},
    }
    lock = threading.Lock()
    start = time.monotonic()

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)

    args = (connect, request, body, headers, start + duration, totals, lock)
    workers = [threading.Thread(target=_python_worker, args=args, daemon=True) for _ in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(duration + 30)
    elapsed = time.monotonic() - start
    latencies = sorted(totals["latencies"])
    return LoadResult(
        tool="python-http.client",
        requests=len(latencies),
        duration_s=elapsed,
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        p99_ms=percentile(latencies, 99),
        max_ms=latencies[-1] if latencies else 0.0,
        statuses=totals["statuses"],
        errors=totals["errors"],
    )
