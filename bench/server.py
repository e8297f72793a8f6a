"""One process runner for every gunicorn the benchmarks start: ours (``bench.harness``) and the
peer's (``bench.peer.queue``), so both sides of a ratio are served the same way."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests import servers


class Gunicorn:
    """``gunicorn <app>`` on a free loopback port, in its own process group (``stop()`` takes the
    master and every worker down together), its output in ``log_path``. ``binary``: the gunicorn
    of another virtualenv (the peer's); ours by default. Ready when ``ready_path`` answers 200."""

    def __init__(
        self,
        app: str,
        *,
        env: dict[str, str],
        cwd: Path,
        args: list[str],
        log_path: Path,
        ready_path: str = "/healthz/",
        binary: Path | None = None,
    ) -> None:
        self.app, self.env, self.cwd, self.args = app, env, cwd, args
        self.log_path, self.ready_path, self.binary = log_path, ready_path, binary
        self.port = servers.free_port()
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        binary = self.binary or Path(sys.executable).parent / "gunicorn"
        cmd = [str(binary)] if binary.exists() else [sys.executable, "-m", "gunicorn"]
        # No control socket: its default path is per user, and two servers would fight over it.
        return [*cmd, self.app, "--bind", f"127.0.0.1:{self.port}", "--no-control-socket", *self.args]

    def start(self, timeout: float = 60.0) -> Gunicorn:
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            self.command(),
            cwd=self.cwd,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.app} exited with {self.process.returncode}:\n{self.log_tail()}")
            if self._ready():
                return self
            time.sleep(0.2)
        raise TimeoutError(
            f"gunicorn {self.app} did not answer {self.ready_path} within {timeout}s:\n{self.log_tail()}"
        )

    def _ready(self) -> bool:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.request("GET", self.ready_path)
            response = conn.getresponse()
            response.read()
            return response.status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            conn.close()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(20)
            except ProcessLookupError:
                pass
        if self._log:
            self._log.close()
            self._log = None
