"""The peer's virtualenv and Django project; idempotent, so every benchmark can call ``ensure()``.

The venv at ``bench/.peer/venv`` is reused while ``requirements.txt`` is unchanged (its hash is
stored in the venv) and rebuilt from scratch when it changed or the venv is broken. The project
under ``bench/.peer/project/`` is rewritten from the templates whenever they differ.

    .venv/bin/python -m bench.peer.setup [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.peer import HELPDESK_VERSION, PROJECT, REQUIREMENTS, STATE_DIR, TEMPLATES, VENV

MARKER = VENV / ".bench-peer-requirements.sha256"
PROJECT_FILES = {
    "manage.py-tpl": "manage.py",
    "settings.py-tpl": "peerdesk/settings.py",
    "urls.py-tpl": "peerdesk/urls.py",
    "wsgi.py-tpl": "peerdesk/wsgi.py",
}


def venv_python() -> Path:
    return VENV / "bin" / "python"


def _requirements_hash() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def _venv_ok() -> bool:
    if not venv_python().exists() or not MARKER.exists() or MARKER.read_text().strip() != _requirements_hash():
        return False
    check = subprocess.run(
        [str(venv_python()), "-c", "import importlib.metadata as m; print(m.version('django-helpdesk'))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return check.returncode == 0 and check.stdout.strip() == HELPDESK_VERSION


def unavailable() -> str | None:
    """Why the peer cannot run without going online (None when its venv is built and current)."""
    if not venv_python().exists():
        return f"its venv {VENV} is not built (`python -m bench.peer.setup` installs it from PyPI)"
    if not _venv_ok():
        return f"its venv {VENV} is out of date with {REQUIREMENTS.name} (`python -m bench.peer.setup` rebuilds it)"
    return None


def _base_python() -> str:
    """The interpreter to build the venv from: the real one behind a venv, if we run in one."""
    return getattr(sys, "_base_executable", None) or sys.executable


def ensure_venv(*, force: bool = False) -> bool:
    """Create (or reuse) the venv; True when it had to be (re)built."""
    if not force and _venv_ok():
        return False
    shutil.rmtree(VENV, ignore_errors=True)
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run([_base_python(), "-m", "venv", str(VENV)], check=True, timeout=300)
    pip = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q"]
    result = subprocess.run([*pip, "-r", str(REQUIREMENTS)], capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"pip install for the peer failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    MARKER.write_text(_requirements_hash() + "\n")
    if not _venv_ok():
        raise RuntimeError(f"the peer venv at {VENV} does not hold django-helpdesk {HELPDESK_VERSION}")
    return True


def write_project() -> bool:
    """Render the project from the templates; True when a file changed."""
    changed = False
    for template, target in PROJECT_FILES.items():
        path = PROJECT / target
        path.parent.mkdir(parents=True, exist_ok=True)
        text = (TEMPLATES / template).read_text()
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            changed = True
    init = PROJECT / "peerdesk" / "__init__.py"
    if not init.exists():
        init.write_text("")
        changed = True
    return changed


@dataclass
class Peer:
    """A ready peer install; ``env()`` and ``manage()`` point it at one database."""

    python: Path = field(default_factory=venv_python)
    project: Path = PROJECT
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def gunicorn(self) -> Path:
        return self.python.parent / "gunicorn"

    def env(self, database_url: str, **extra: str) -> dict[str, str]:
        inherited = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in os.environ}
        return {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "peerdesk.settings",
            "PEER_DATABASE_URL": database_url,
            "PYTHONDONTWRITEBYTECODE": "1",
            **extra,
        }

    def manage_command(self, *args: str) -> list[str]:
        return [str(self.python), str(self.project / "manage.py"), *args]

    def manage(self, env: dict[str, str], *args: str, timeout: float = 600) -> str:
        result = subprocess.run(
            self.manage_command(*args), cwd=self.project, env=env, capture_output=True, text=True, timeout=timeout
        )
        if result.returncode != 0:
            raise RuntimeError(f"peer manage.py {' '.join(args)[:200]} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout


def ensure(*, force: bool = False) -> Peer:
    """The venv and the project, built or reused; ``timings`` says what it cost."""
    started = time.monotonic()
    rebuilt = ensure_venv(force=force)
    venv_s = time.monotonic() - started
    write_project()
    peer = Peer()
    peer.timings = {"venv_s": round(venv_s, 2), "venv_rebuilt": rebuilt}
    return peer


def versions(peer: Peer) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json, platform\n"
        "print(json.dumps({'python': platform.python_version(), **{n: m.version(n) for n in "
        "('django-helpdesk', 'Django', 'djangorestframework', 'gunicorn', 'psycopg2-binary')}}))"
    )
    out = subprocess.run([str(peer.python), "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="rebuild the venv even when it is up to date")
    args = parser.parse_args(argv)
    peer = ensure(force=args.force)
    print(json.dumps({**peer.timings, "venv": str(VENV), "project": str(PROJECT), **versions(peer)}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
