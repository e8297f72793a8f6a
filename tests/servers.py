"""Real PostgreSQL, Redis and Celery worker processes for the integration tests.

Each server runs from a temporary directory on a free loopback port and is stopped at the end
of the session. PostgreSQL refuses to run as root, so under root it runs as the ``postgres``
system user that Debian's package creates. ``python -m tests.servers available`` exits 0 when
the binaries are installed (the Makefile uses it to decide whether to run the integration pass).
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def postgres_bin_dir() -> Path | None:
    explicit = os.environ.get("PG_BIN")
    candidates = [explicit] if explicit else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(str(Path(found).resolve().parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    return None


def redis_server_bin() -> str | None:
    return shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None)


def _as_postgres_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


class PostgresServer:
    """A throw-away cluster: initdb into a temp dir, start on a free port, trust auth on loopback."""

    def __init__(self, *, durable: bool = False) -> None:
        """``durable``: production commit settings. The default turns fsync, synchronous commit and
        full-page writes off, which is right for tests and flatters every write in a benchmark."""
        bin_dir = postgres_bin_dir()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.bin_dir = bin_dir
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="sd-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        self.user = "postgres"
        self.durable = durable

    def start(self) -> PostgresServer:
        if os.geteuid() == 0:
            shutil.chown(self.base, user="postgres")
            self.base.chmod(0o700)
        subprocess.run(
            _as_postgres_user(
                [
                    str(self.bin_dir / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    self.user,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            _as_postgres_user(
                [
                    str(self.bin_dir / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        return self

    def stop(self) -> None:
        subprocess.run(
            _as_postgres_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.base, ignore_errors=True)

    def database_settings(self, name: str = "supportdesk") -> dict:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": self.user,
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "OPTIONS": {},
            "TIME_ZONE": None,
        }

    def url(self, name: str) -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{name}"


class RedisServer:
    def __init__(self) -> None:
        binary = redis_server_bin()
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.binary = binary
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="sd-redis-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--protected-mode",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop_process(self) -> None:
        """Stop the server but keep its port, so ``start()`` brings the same address back."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def stop(self) -> None:
        self.stop_process()
        shutil.rmtree(self.dir, ignore_errors=True)


class CeleryProcess:
    """A real ``celery worker`` (or ``beat``) process with the test database and broker."""

    def __init__(self, *, env: dict[str, str], kind: str = "worker", extra: list[str] | None = None) -> None:
        self.env = {**os.environ, **env}
        self.kind = kind
        self.extra = extra or []
        self.log_path = Path(tempfile.mkstemp(prefix=f"sd-celery-{kind}-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def start(self) -> CeleryProcess:
        cmd = [sys.executable, "-m", "celery", "-A", "supportdesk", self.kind, "--loglevel=INFO"]
        if self.kind == "worker":
            cmd += ["--concurrency=2", "--without-gossip", "--without-mingle", "--pool=prefork"]
        cmd += self.extra
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self

    def wait_ready(self, timeout: float = 60.0) -> None:
        marker = "ready." if self.kind == "worker" else "beat: Starting"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker in self.output():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"celery {self.kind} exited:\n{self.output()}")
            time.sleep(0.2)
        raise TimeoutError(f"celery {self.kind} not ready:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def main(argv: list[str]) -> int:
    if argv[1:] == ["available"]:
        ok = postgres_bin_dir() is not None and redis_server_bin() is not None
        print("PostgreSQL and Redis found" if ok else "PostgreSQL or Redis server binaries missing")
        return 0 if ok else 1
    print("usage: python -m tests.servers available", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
