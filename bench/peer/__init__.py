"""django-helpdesk 2.6.1, the peer, run beside Supportdesk for the benchmarks.

The peer lives in its own virtualenv (``bench/.peer/venv``, gitignored) installed from PyPI with
the pins in ``bench/peer/requirements.txt``; its Django project is generated at run time under
``bench/.peer/project/`` from ``bench/peer/templates/``. Nothing of django-helpdesk is vendored.

    .venv/bin/python -m bench.peer.setup        venv + project only (`make bench` builds them on first use)

``make bench BENCH=sla`` times its ``escalate_tickets`` (``bench/peer/escalation.py``) and
``BENCH=queue`` its ticket list's data endpoint (``bench/peer/queue.py``), each on the same
PostgreSQL as ours, in the same run.

``escalation.run(pg, ...)`` and ``queue.run(pg, ...)`` take the PostgreSQL server the Supportdesk
side uses (a ``tests.servers.PostgresServer`` or ``bench.harness.BenchPostgres``), a ``bench.peer.db.Target``
or a ``postgres://user@host:port`` DSN, and create their own database on it.
"""

from pathlib import Path

PEER_DIR = Path(__file__).resolve().parent
ROOT = PEER_DIR.parent.parent
STATE_DIR = ROOT / "bench" / ".peer"
VENV = STATE_DIR / "venv"
PROJECT = STATE_DIR / "project"
REQUIREMENTS = PEER_DIR / "requirements.txt"
TEMPLATES = PEER_DIR / "templates"
HELPDESK_VERSION = "2.6.1"
