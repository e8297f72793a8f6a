"""p50/p95 of the peer's agent ticket list data endpoint under gunicorn (``make bench BENCH=queue``,
on the same PostgreSQL as our queue).

The agent ticket list page (``/helpdesk/tickets/``) is an HTML shell; DataTables fetches its rows
from ``/helpdesk/datatables_ticket_list/<base64 query>``, where the query is
``base64(json.dumps(query_params))`` exactly as ``helpdesk.views.staff.ticket_list`` builds it
(``helpdesk.query.query_to_base64``). Measured here with the page's default query (open and
reopened tickets, oldest first) and the parameters DataTables sends for its first page.

The peer runs under gunicorn (2 sync workers by default) on a free 127.0.0.1 port; a staff user
logs in once through ``/helpdesk/login/`` (session cookie, as a browser; not Basic auth, which
re-hashes the password on every request). Then ``requests`` requests are spread over
``concurrency`` client threads, each with its own keep-alive connection, after one warm-up
request per worker. Latencies include queueing for a worker when concurrency exceeds workers.
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import secrets
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench import load
from bench.peer import db, seed, setup
from bench.server import Gunicorn

AGENT = "bench-agent"

# helpdesk.views.staff.ticket_list: default_query_params, used when no filter is applied.
DEFAULT_QUERY = {"filtering": {"status__in": [1, 2]}, "sorting": "created", "search_string": "", "sortreverse": False}

AGENT_SCRIPT = """
from django.contrib.auth import get_user_model
User = get_user_model()
user, _ = User.objects.get_or_create(username={username!r}, defaults={{"email": "agent@peer.example.com"}})
user.is_staff = True
user.is_superuser = False
user.is_active = True
user.set_password({password!r})
user.save()
print("AGENT", user.pk)
"""


def query_to_base64(query: dict) -> str:
    """helpdesk.query.query_to_base64, without importing the peer into our interpreter."""
    return base64.b64encode(json.dumps(query).encode("utf-8")).decode("ascii")


def datatables_path(query: dict = DEFAULT_QUERY, *, start: int = 0, length: int = 25, draw: int = 1) -> str:
    params = {
        "draw": draw,
        "start": start,
        "length": length,
        "search[value]": "",
        "search[regex]": "false",
        "order[0][column]": "5",  # helpdesk.query.DATATABLES_ORDER_COLUMN_CHOICES: "5" is "created"
        "order[0][dir]": "asc",
    }
    return f"/helpdesk/datatables_ticket_list/{query_to_base64(query)}?{urlencode(params)}"


def peer_gunicorn(peer: setup.Peer, env: dict[str, str], log_path: Path, *, workers: int = 2) -> Gunicorn:
    """The peer under gunicorn (``bench.server``, the runner ours uses too): sync workers, a long
    timeout (its REST list takes tens of seconds at 100,000 tickets), ready when its login page is."""
    args = ["--workers", str(workers), "--worker-class", "sync", "--timeout", "300", "--chdir", str(peer.project)]
    return Gunicorn(
        "peerdesk.wsgi",
        env=env,
        cwd=peer.project,
        args=args,
        log_path=log_path,
        ready_path="/helpdesk/login/",
        binary=peer.gunicorn,
    )


def request(port, method, path, *, body=None, headers=None, timeout=120.0, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        if own:
            conn.close()


def _cookies(headers) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key.strip()] = rest.split(";", 1)[0]
    return found


def login(port: int, username: str, password: str) -> str:
    """Log in through the peer's login form like a browser; returns the Cookie header."""
    status, headers, body = request(port, "GET", "/helpdesk/login/")
    cookies = _cookies(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or "csrftoken" not in cookies or not match:
        raise RuntimeError(f"the peer's login page did not offer a CSRF token (status {status})")
    form = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode(), "next": "/"}
    )
    status, headers, body = request(
        port,
        "POST",
        "/helpdesk/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://127.0.0.1:{port}/helpdesk/login/",
        },
    )
    cookies.update(_cookies(headers))
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"logging in to the peer failed (status {status}): {body[:300]!r}")
    return f"csrftoken={cookies['csrftoken']}; sessionid={cookies['sessionid']}"


def measure(port: int, path: str, cookie: str, *, requests: int, concurrency: int) -> dict:
    """The same client as our queue's (``bench.load.run_count``), with the headers DataTables sends."""
    headers = {"Cookie": cookie, "Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}
    return load.run_count(
        f"http://127.0.0.1:{port}", path, headers, requests=requests, concurrency=concurrency, timeout=300
    )


def _load(server: Gunicorn, path, password, open_tickets, requests, concurrency, length, workers) -> tuple:
    """Log in, one warm-up request per worker (they arrive together, so each worker takes one),
    one checked answer, then the measured requests."""
    cookie = login(server.port, AGENT, password)
    warmup = measure(server.port, path, cookie, requests=workers, concurrency=workers)
    status, _, body = request(server.port, "GET", path, headers={"Cookie": cookie})
    if status != 200:
        raise RuntimeError(f"datatables endpoint answered {status}: {body[:500]!r}\n{server.log_tail()}")
    payload = json.loads(body)
    if payload.get("recordsTotal") != open_tickets or len(payload.get("data", [])) != min(length, open_tickets):
        raise RuntimeError(
            f"datatables endpoint answered {payload.get('recordsTotal')} records / {len(payload.get('data', []))} "
            f"rows, expected {open_tickets} / {min(length, open_tickets)}"
        )
    return warmup, measure(server.port, path, cookie, requests=requests, concurrency=concurrency)


def _prepare(peer: setup.Peer, t: db.Target, name: str, n_tickets: int, *, reuse: bool, timings: dict) -> bool:
    """Reuse ``name`` when asked and it holds tickets (vacuumed and analysed first: a database fresh
    from escalate_tickets carries 200,000 dead row versions and stale planner statistics, which a
    production database would have shed since), else seed it; True when reused."""
    reused = reuse and db.database_exists(t, name) and seed.ticket_count(t, name) > 0
    if reused:
        timings["seed"] = "reused"
        started = time.monotonic()
        t.sql("VACUUM ANALYZE", database=name)
        timings["vacuum_analyze_s"] = round(time.monotonic() - started, 2)
    else:
        timings["seed"] = seed.prepare(peer, t, name, n_tickets)["timings"]
    return reused


def run(
    pg,
    n_tickets: int = 100_000,
    requests: int = 20,
    concurrency: int = 4,
    *,
    database: str | None = None,
    length: int = 25,
    workers: int = 2,
    peer: setup.Peer | None = None,
) -> dict:
    """Measure the datatables endpoint; reuses ``database`` when it exists and holds tickets
    (e.g. the one escalation.run seeded; it is vacuumed and analysed first), else seeds a fresh
    one with ``n_tickets``."""
    t = db.target(pg)
    started = time.monotonic()
    peer = peer or setup.ensure()
    timings: dict = {"setup_s": round(time.monotonic() - started, 2)}
    name = database or db.DEFAULT_DATABASE
    reused = _prepare(peer, t, name, n_tickets, reuse=database is not None, timings=timings)
    tickets = seed.ticket_count(t, name)
    open_tickets = t.sql("SELECT count(*) FROM helpdesk_ticket WHERE status IN (1, 2)", database=name)[0][0]
    followups = t.sql("SELECT count(*) FROM helpdesk_followup", database=name)[0][0]

    env = peer.env(t.url(name))
    password = secrets.token_urlsafe(18)
    out = peer.manage(env, "shell", "-c", AGENT_SCRIPT.format(username=AGENT, password=password))
    if "AGENT " not in out:
        raise RuntimeError(f"could not create the peer's staff user: {out!r}")

    path = datatables_path(length=length)
    with tempfile.TemporaryDirectory(prefix="sd-peer-gunicorn-") as logs:
        server = peer_gunicorn(peer, env, Path(logs) / "gunicorn.log", workers=workers)
        try:
            started = time.monotonic()
            server.start()
            timings["gunicorn_start_s"] = round(time.monotonic() - started, 2)
            warmup, result = _load(server, path, password, open_tickets, requests, concurrency, length, workers)
        finally:
            server.stop()
    if result["statuses"].get("200", 0) != requests:
        raise RuntimeError(f"not every request succeeded: {result['statuses']} {result['failures']}")
    return {
        "system": "django-helpdesk 2.6.1",
        "endpoint": "/helpdesk/datatables_ticket_list/<base64 query>",
        "query": DEFAULT_QUERY,
        "path": path,
        "page_length": length,
        "tickets": tickets,
        "open_tickets": open_tickets,
        "followups": followups,
        "gunicorn": f"{workers} sync workers",
        **result,
        "warmup_ms": [round(x, 1) for x in (warmup["min_ms"], warmup["max_ms"])],
        "database": name,
        "database_reused": reused,
        "timings": timings,
    }
