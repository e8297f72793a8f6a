"""The stack the benchmarks run against, and the context handed to each benchmark module.

``Stack`` starts a throw-away PostgreSQL and Redis (the test suite's ``tests.servers``), migrates
a template database and gives it the reference data and a customer with an API token (every
benchmark database is a copy: ``Stack.database(name)``), collects static files and starts gunicorn
with production settings (DEBUG off) on a free loopback port (``bench.server``). Everything it
starts it stops again, in reverse order, whatever happened in between.
"""

from __future__ import annotations

import http.client
import importlib.metadata
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import child, load, server
from tests import servers

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "supportdesk_bench"
# Migrated and given the reference data once per run; every benchmark database is a copy of it.
TEMPLATE = "supportdesk_template"
BENCH_USER = "bench-customer@example.com"
# High enough that no throttle ever answers 429 during a run.
NO_THROTTLE = "100000000/min"


@dataclass(frozen=True)
class GunicornConfig:
    """One worker setup for every scenario of a run, so the ratios compare like with like."""

    worker_class: str = "gthread"
    workers: int = 2
    threads: int = 4

    @classmethod
    def from_env(cls, environ=os.environ) -> GunicornConfig:
        default = cls()
        return cls(
            worker_class=environ.get("BENCH_GUNICORN_CLASS", default.worker_class),
            workers=int(environ.get("BENCH_GUNICORN_WORKERS", default.workers)),
            threads=int(environ.get("BENCH_GUNICORN_THREADS", default.threads)),
        )

    def args(self) -> list[str]:
        args = ["--worker-class", self.worker_class, "--workers", str(self.workers)]
        if self.worker_class == "gthread":
            args += ["--threads", str(self.threads)]
        return args

    def describe(self) -> str:
        if self.worker_class == "gthread":
            return f"{self.workers} gthread workers x {self.threads} threads"
        return f"{self.workers} {self.worker_class} workers"


@dataclass(frozen=True)
class LoadSettings:
    threads: int = 2
    connections: int = 8
    warmup_s: float = 3.0
    duration_s: float = 15.0  # per scenario, split over the rounds
    rounds: int = 3

    @classmethod
    def from_env(cls, environ=os.environ) -> LoadSettings:
        default = cls()
        return cls(
            threads=int(environ.get("BENCH_THREADS", default.threads)),
            connections=int(environ.get("BENCH_CONNECTIONS", default.connections)),
            warmup_s=float(environ.get("BENCH_WARMUP", default.warmup_s)),
            duration_s=float(environ.get("BENCH_DURATION", default.duration_s)),
            rounds=max(1, int(environ.get("BENCH_ROUNDS", default.rounds))),
        )


# The test suite's throw-away cluster; the benchmarks pass durable=True (production commit settings:
# the tests' fsync off would flatter every write).
BenchPostgres = servers.PostgresServer


def gunicorn(env: dict[str, str], config: GunicornConfig, log_path: Path) -> server.Gunicorn:
    """Our app under gunicorn with the run's worker setup (``bench.server``, the peer's runner too)."""
    # The container's hooks too (docker/gunicorn.conf.py): workers build the search caches at start.
    args = [*config.args(), "--config", "python:supportdesk.gunicorn_hooks"]
    return server.Gunicorn("supportdesk.wsgi", env=env, cwd=ROOT, args=args, log_path=log_path)


def probe(base_url: str, request: load.Request, timeout: float = 10.0) -> tuple[int, bytes]:
    """One request, for readiness checks and for showing what a failing endpoint answers."""
    host, port = base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        body = request.body_file.read_bytes() if request.body_file else None
        conn.request(request.method, request.path, body=body, headers=request.headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Stack:
    """PostgreSQL + Redis + a migrated, seeded database + gunicorn. Use as a context manager."""

    def __init__(self, *, gunicorn: GunicornConfig, durable_postgres: bool = True, serve: bool = True) -> None:
        self.gunicorn_config = gunicorn
        self.durable_postgres = durable_postgres
        self.serve = serve
        self.workdir = Path(tempfile.mkdtemp(prefix="sd-bench-"))
        self.postgres: BenchPostgres | None = None
        self.redis: servers.RedisServer | None = None
        self.gunicorn: server.Gunicorn | None = None
        self.env: dict[str, str] = {}
        self.token = ""
        self.timings: dict[str, float] = {}

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _step(self, name: str, func, *args):
        started = time.monotonic()
        print(f"  {name} ...", flush=True)
        result = func(*args)
        self.timings[name] = round(time.monotonic() - started, 1)
        return result

    def start(self) -> None:
        self.postgres = self._step("postgres", BenchPostgres(durable=self.durable_postgres).start)
        self.redis = self._step("redis", servers.RedisServer().start)
        self._step("create database", self.sql, f"CREATE DATABASE {TEMPLATE}", "postgres", True)
        self.env = self._app_env()
        template = {**self.env, "DATABASE_URL": self.postgres.url(TEMPLATE)}
        # collectstatic needs no database: it runs beside the migrations.
        static = child.start_manage(self.env, "collectstatic", "--noinput", "-v0")
        self._step("migrate", child.manage, template, "migrate", "--noinput", "-v0")
        self.token = self._step("reference data, customer and token", self._seed_template, template)
        self._step("copy database", self.database, DATABASE)
        self._step("collectstatic", child.wait_manage, static)
        if not self.serve:
            return
        self.gunicorn = gunicorn(self.env, self.gunicorn_config, self.workdir / "gunicorn.log")
        self._step("gunicorn", self.gunicorn.start)

    def stop(self) -> None:
        for stop in (
            self.gunicorn and self.gunicorn.stop,
            self.redis and self.redis.stop,
            self.postgres and self.postgres.stop,
        ):
            if stop:
                try:
                    stop()
                except Exception as exc:  # keep stopping the rest
                    print(f"warning: could not stop cleanly: {exc}", file=sys.stderr)
        self.gunicorn = self.redis = self.postgres = None
        shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def base_url(self) -> str:
        return self.gunicorn.base_url

    def _app_env(self) -> dict[str, str]:
        inherited = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in os.environ}
        return {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "supportdesk.settings",
            "DATABASE_URL": self.postgres.url(DATABASE),
            "REDIS_URL": self.redis.url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "THROTTLE_TICKET_CREATE": NO_THROTTLE,
            "THROTTLE_USER": NO_THROTTLE,
            "THROTTLE_ANON": NO_THROTTLE,
            "THROTTLE_ASSISTANT": NO_THROTTLE,
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def manage(self, *args: str, timeout: float = 120) -> str:
        return child.manage(self.env, *args, timeout=timeout)

    def database(self, name: str) -> dict[str, str]:
        """A fresh database ``name``, migrated and holding the reference data (a copy of the
        template: no ``migrate`` per benchmark); the app's environment pointed at it."""
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", "postgres", True)
        self.sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}", "postgres", True)
        return {**self.env, "DATABASE_URL": self.postgres.url(name)}

    def _seed_template(self, env: dict[str, str]) -> str:
        """The reference data (``seed_demo --reference-only``) and the bench customer with an API
        token, in one process; every database copied from the template holds both."""
        code = (
            "from django.core.management import call_command\n"
            "call_command('seed_demo', '--reference-only')\n"
            "from django.contrib.auth import get_user_model\n"
            "from rest_framework.authtoken.models import Token\n"
            f"user, _ = get_user_model().objects.get_or_create(username={BENCH_USER!r}, email={BENCH_USER!r})\n"
            "user.set_unusable_password(); user.save()\n"
            "print('TOKEN', Token.objects.get_or_create(user=user)[0].key)\n"
        )
        out = child.manage(env, "shell", "-c", code)
        return next(line.split()[1] for line in out.splitlines() if line.startswith("TOKEN "))

    def sql(self, query: str, database: str = DATABASE, autocommit: bool = False) -> list[tuple]:
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=self.postgres.port, user=self.postgres.user, dbname=database)
        try:
            conn.autocommit = autocommit
            with conn.cursor() as cursor:
                cursor.execute(query)
                rows = cursor.fetchall() if cursor.description else []
            if not autocommit:
                conn.commit()
            return rows
        finally:
            conn.close()

    def versions(self) -> dict[str, str]:
        def dist(name: str) -> str:
            try:
                return importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                return "?"

        redis = subprocess.run([self.redis.binary, "--version"], capture_output=True, text=True, timeout=10).stdout
        return {
            "python": platform.python_version(),
            "django": dist("Django"),
            "djangorestframework": dist("djangorestframework"),
            "gunicorn": dist("gunicorn"),
            "psycopg2": dist("psycopg2-binary"),
            "postgresql": self.sql("SHOW server_version")[0][0],
            "redis": next((part[2:] for part in redis.split() if part.startswith("v=")), redis.strip()),
        }


BARE = load.Request("/healthz/")


class BenchContext:
    """What a ``bench_*.py`` module's ``run(ctx)`` gets: the stack and the load runner."""

    def __init__(self, *, stack: Stack, settings: LoadSettings, wrk: str | None) -> None:
        self.stack = stack
        self.settings = settings
        self.wrk = wrk

    @property
    def base_url(self) -> str:
        return self.stack.base_url

    @property
    def workdir(self) -> Path:
        return self.stack.workdir

    @property
    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.stack.token}"}

    def measure(self, request: load.Request, duration: float) -> load.LoadResult:
        s = self.settings
        if self.wrk:
            return load.run_wrk(
                self.wrk, self.base_url, request, duration=duration, threads=s.threads, connections=s.connections
            )
        return load.run_python(self.base_url, request, duration=duration, connections=s.connections)

    def probe(self, request: load.Request) -> tuple[int, bytes]:
        return probe(self.base_url, request)

    def interleave(
        self,
        scenarios: dict[str, load.Request],
        *,
        before: Callable[[str], object] | None = None,
        after: Callable[[str, object, load.LoadResult], None] | None = None,
    ) -> dict[str, load.LoadResult]:
        """Warm every scenario up, then measure them in rounds, side by side.

        In each of ``settings.rounds`` rounds every scenario gets ``duration / rounds`` seconds,
        in an order that rotates from round to round, so a neighbour that loads the machine for
        a while slows every scenario alike and the ratios between them hold. ``before(name)``
        runs before each slice and its return value goes to ``after(name, value, result)``.
        """
        s = self.settings
        names = list(scenarios)
        if s.warmup_s > 0:
            print(f"  warm-up: {', '.join(names)}", flush=True)
            for name in names:
                self.measure(scenarios[name], s.warmup_s)
        slices: dict[str, list[load.LoadResult]] = {name: [] for name in names}
        for round_ in range(s.rounds):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            print(f"  round {round_ + 1}/{s.rounds}: {', '.join(order)}", flush=True)
            for name in order:
                state = before(name) if before else None
                result = self.measure(scenarios[name], s.duration_s / s.rounds)
                if after:
                    after(name, state, result)
                slices[name].append(result)
        return {name: load.merge(results) for name, results in slices.items()}


def machine_info() -> dict:
    info: dict = {
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu_model"] = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?"
        )
        meminfo = Path("/proc/meminfo").read_text().splitlines()[0]
        info["memory_gb"] = round(int(meminfo.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def git_info() -> dict:
    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10)
        return result.stdout.strip()

    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}
    except (OSError, subprocess.SubprocessError):
        return {}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
