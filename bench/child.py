"""Child Python processes with the app's settings: ``manage.py`` commands, and pieces of a
benchmark whose one JSON result line follows a marker (``EXPLAIN {...}``, ``STAFF {...}``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """``python manage.py *args`` from the project root; its stdout, or an error with both outputs."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)[:200]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def start_manage(env: dict[str, str], *args: str) -> subprocess.Popen:
    """``manage.py *args`` started in the background; ``wait_manage`` collects it."""
    cmd = [sys.executable, "manage.py", *args]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_manage(process: subprocess.Popen, timeout: float = 300) -> str:
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(process.args[1:])[:200]} failed:\n{stdout}\n{stderr}")
    return stdout


def run_child(args: list[str], *, env: dict[str, str], marker: str, what: str, timeout: float) -> dict:
    """``python *args`` from the project root; the JSON of its ``marker`` line. A non-zero exit or
    a missing line raises with the ends of both outputs, naming ``what`` was running."""
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    prefix = marker + " "
    line = next((x for x in result.stdout.splitlines() if x.startswith(prefix)), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"{what} exited with {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(line.removeprefix(prefix))
