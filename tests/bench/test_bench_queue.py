"""The queue benchmark's own code at a tiny size: the TOTP codes, the sign-in through the real
two-factor pages, the row check of every response, the SQL seed and the plain-SQL expectations
(which must agree with the app's queue). The figures come from `make bench BENCH=queue`."""

import os

import pytest
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import bench_queue, queue_explain, queue_pages, queue_signin, run, seed
from bench.peer import db
from bench.seed import history
from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_ticket
from tickets import selectors
from tickets.models import ACTIVE_STATUSES, Team, Ticket
from tickets.roles import supervisors_group

PASSWORD = "bench-queue-test-pass"


def _child_env(postgres_server, name):
    inherited = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in os.environ}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "supportdesk.settings",
        "DATABASE_URL": postgres_server.url(name),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DATABASE_CONN_MAX_AGE": "0",
    }


def _staff(role: str):
    if role == "agent":
        user = AgentFactory(teams=[Team.objects.get(slug="frontline")])
    else:
        user = UserFactory(username="bench-supervisor", is_staff=True)
        user.groups.add(supervisors_group())
    user.set_password(PASSWORD)
    user.save()
    return user


def _device_dict(user) -> dict:
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return {
        "id": user.pk,
        "username": user.username,
        "key": device.key,
        "step": device.step,
        "t0": device.t0,
        "digits": device.digits,
        "drift": device.drift,
        "teams": list(user.support_teams.values_list("id", flat=True)),
    }


def test_module_is_found_and_budgeted():
    assert "queue" in run.available()
    assert bench_queue.NEEDS_GUNICORN is False
    assert run.time_limit([bench_queue], {}) == bench_queue.TIME_LIMIT <= 900


def test_settings_from_env():
    conf = bench_queue.settings_from_env({})
    assert conf["sizes"] == [100_000, 1_000_000]
    assert (conf["requests"], conf["concurrency"], conf["page_length"]) == (200, 4, 100)
    conf = bench_queue.settings_from_env(
        {"BENCH_QUEUE_SIZES": "1_000, 5000", "BENCH_QUEUE_PEER": "0", "BENCH_QUEUE_PEER_TICKETS": "1_000"}
    )
    assert conf["sizes"] == [1000, 5000] and conf["peer"] is False and conf["peer_tickets"] == 1000


@pytest.mark.django_db
def test_totp_is_the_code_django_otp_accepts(reference_data):
    user = _staff("agent")
    staff = _device_dict(user)
    device = TOTPDevice.objects.get(user=user)
    code = queue_signin.totp(staff["key"], step=staff["step"], t0=staff["t0"], digits=staff["digits"])
    assert len(code) == 6 and code.isdigit()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert device.verify_token(wrong) is False
    device.throttle_reset()
    assert device.verify_token(code) is True
    # RFC 6238's test vector (SHA-1, T = 59 s, 8 digits).
    assert queue_signin.totp(b"12345678901234567890".hex(), digits=8, now=59) == "94287082"


def test_type_and_team_slots_keep_their_proportions():
    types = [(1, "deposit_withdrawal"), (2, "trading"), (3, "other"), (4, "brand_new")]
    slots = history.type_slots(types)
    assert len(slots) == 1000 and [s[0] for s in slots] == list(range(1000))
    by_type = {pk: sum(1 for s in slots if s[1] == pk) for pk, _ in types}
    assert all(by_type.values()), "every type gets tickets, also one the weights do not name"
    assert by_type[1] > by_type[2] > by_type[3]
    teams = history.team_slots([(10, "frontline", 1), (11, "specialists", 2), (12, "security", 3)])
    assert len(teams) == 100
    assert sum(1 for _, team, _ in teams if team == 10) == 72
    assert sum(1 for _, team, tier in teams if team is None and tier == 1) == 3
    assert {tier for _, team, tier in teams if team == 11} == {2}


def test_goal_verdicts():
    scenarios = {
        "1M_agent_first": {"tickets": 1_000_000, "p95_ms": 40.0},
        "1M_agent_search": {"tickets": 1_000_000, "p95_ms": 60.0},
        "100k_agent_first": {"tickets": 100_000, "p95_ms": 99.0},
    }
    goals = bench_queue.goal_verdicts(scenarios, {"100k_agent_first": 40.0}, {"sizes": [100_000, 1_000_000]})
    assert goals["p95_at_largest"]["met"] is False
    assert goals["p95_at_largest"]["missed"] == ["1M_agent_search"]
    assert goals["peer_ratio"] == {"goal": 50.0, "lowest": "100k_agent_first", "lowest_ratio": 40.0, "met": False}


@pytest.mark.django_db
def test_row_marker_and_first_row_match_the_real_queue_page(client, reference_data):
    agent = _staff("agent")
    frontline = Team.objects.get(slug="frontline")
    specialists = Team.objects.get(slug="specialists")
    [make_ticket(team=frontline) for _ in range(4)]
    [make_ticket(team=specialists) for _ in range(3)]  # not the agent's team: not listed
    client.force_login(agent)
    response = client.get(queue_signin.QUEUE_PATH)
    assert response.status_code == 200
    assert queue_pages.rows_in(response.content) == 4
    first = selectors.ticket_queue(agent).first()
    assert int(queue_pages.FIRST_ROW.search(response.content).group(1)) == first.pk


@pytest.mark.django_db(transaction=True)
def test_sign_in_with_password_and_totp_then_every_response_is_checked(live_server, settings, reference_data):
    settings.STAFF_2FA_REQUIRED = True
    user = _staff("agent")
    staff = _device_dict(user)
    [make_ticket(team=Team.objects.get(slug="frontline")) for _ in range(3)]

    session = queue_signin.sign_in(live_server.url, staff, PASSWORD)
    assert "/2fa/verify/" in session["two_factor_url"]
    assert "sessionid=" in session["cookie"]

    ok = queue_pages.measure(
        live_server.url, queue_signin.QUEUE_PATH, session["cookie"], requests=6, concurrency=2, expect_rows=3
    )
    assert ok["statuses"] == {"200": 6} and ok["non_2xx"] == 0 and ok["p95_ms"] >= ok["p50_ms"] > 0
    wrong = queue_pages.measure(
        live_server.url, queue_signin.QUEUE_PATH, session["cookie"], requests=4, concurrency=2, expect_rows=100
    )
    assert wrong["wrong_rows"] == 4 and wrong["non_2xx"] == 4, "a 200 with the wrong rows must not count"

    # A session that gave the password but no code is sent to the two-factor page: it fails every request.
    browser = queue_signin.Browser(live_server.url)
    _, _, page = browser.open("/admin/login/")
    browser.open(
        "/admin/login/",
        {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": queue_signin._csrf(page, "login")},
    )
    unverified = queue_pages.measure(
        live_server.url, queue_signin.QUEUE_PATH, browser.cookie_header(), requests=2, concurrency=1, expect_rows=3
    )
    assert unverified["statuses"] == {"302": 2} and unverified["non_2xx"] == 2


@pytest.mark.django_db(transaction=True)
def test_sign_in_refuses_a_wrong_code(live_server, settings, reference_data):
    settings.STAFF_2FA_REQUIRED = True
    user = _staff("agent")
    staff = _device_dict(user)
    staff["key"] = "00" * 20  # not the device's secret
    make_ticket(team=Team.objects.get(slug="frontline"))
    with pytest.raises(RuntimeError, match="not accepted"):
        queue_signin.sign_in(live_server.url, staff, PASSWORD)


DANGLING_SQL = """
SELECT count(*) FROM tickets_ticket t
WHERE NOT EXISTS (SELECT 1 FROM tickets_tickettype x WHERE x.id = t.type_id)
   OR (t.team_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tickets_team x WHERE x.id = t.team_id))
   OR (t.assignee_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts_user x WHERE x.id = t.assignee_id))
   OR (t.requester_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts_user x WHERE x.id = t.requester_id))
   OR EXISTS (SELECT 1 FROM tickets_ticket_tags tt WHERE tt.ticket_id = t.id
              AND NOT EXISTS (SELECT 1 FROM tickets_tag x WHERE x.id = tt.tag_id))
"""


def _assert_the_app_lists_what_sql_expects(client, plans: dict, staff_users: dict) -> None:
    for plan in plans.values():
        client.force_login(staff_users[plan["role"]])
        response = client.get(plan["path"])
        assert response.status_code == 200, plan["label"]
        assert queue_pages.rows_in(response.content) == plan["expect_rows"], plan["label"]
        match = queue_pages.FIRST_ROW.search(response.content)
        assert (int(match.group(1)) if match else None) == plan["first_id"], plan["label"]


def _assert_diagnosis(postgres_server, t, name: str, picked: dict) -> None:
    # The diagnosis renders the pages in a child process with the app's settings and explains their
    # ticket queries, also with the candidate indexes, which it rolls back.
    # With a candidate index: built in the child's transaction (a failure there fails the run),
    # every slow query explained again, then rolled back. Whether the planner takes it is its call.
    candidates = ("CREATE INDEX bench_ticket_open_urgent ON tickets_ticket (sla_due, id) WHERE status = 'open'",)
    diagnosis = queue_explain.explain(_child_env(postgres_server, name), picked, candidates)
    assert set(diagnosis) == set(picked)
    for outcome in diagnosis.values():
        assert outcome["status"] == 200 and outcome["render_ms"] > 0 and outcome["queries"] > 0
        assert outcome["slowest"] and all("Execution Time" in q["plan"] for q in outcome["slowest"])
        assert all("Execution Time" in q["with_candidates_plan"] for q in outcome["slowest"])
    leftover = t.sql("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'bench_%%'", database=name)
    assert leftover == [], "the candidate indexes are rolled back"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_seed_and_plain_sql_expectations_agree_with_the_app(postgres_server, reference_data, client):
    n = 3000
    name = connection.settings_dict["NAME"]
    t = db.target(postgres_server)
    staff_users = {"agent": _staff("agent"), "supervisor": _staff("supervisor")}
    staff = {role: _device_dict(user) for role, user in staff_users.items()}
    lines = []

    seeded = seed.seed(t, name, n, log=lines.append)
    assert seeded["tickets"] == n and seeded["ticket_tags"] > n // 10
    assert any("tickets_insert_s" in line for line in lines)
    assert t.sql(DANGLING_SQL, database=name)[0][0] == 0
    shape = seeded["shape"]
    assert set(shape) == {"new", "open", "pending", "on_hold", "solved", "closed"}
    assert shape["closed"]["tickets"] > n / 2, "most of a desk's history is closed"
    active = sum(shape[s]["tickets"] for s in ACTIVE_STATUSES)
    assert 0.04 * n < active < 0.12 * n
    # Running clocks have a deadline; paused and finished tickets have none.
    assert shape["open"]["with_sla_due"] == shape["open"]["tickets"]
    assert shape["pending"]["with_sla_due"] == shape["closed"]["with_sla_due"] == 0
    assert sum(s["unrouted"] for s in shape.values()) > 0
    assert set(Ticket.objects.values_list("priority", flat=True)) == {"urgent", "high", "normal", "low"}
    assert Ticket.objects.filter(tier=2, team__slug="specialists").exists()
    assert Ticket.objects.filter(requester__isnull=False).exists()
    assert Ticket.objects.filter(tags__isnull=False).exists()
    agent = staff_users["agent"]
    assert Ticket.objects.filter(sla_due__isnull=False).exclude(status__in=["new", "open"]).count() == 0

    plans = queue_pages.plan_scenarios(t, name, staff, n)
    assert {p["role"] for p in plans.values()} == {"agent", "supervisor"}
    _assert_the_app_lists_what_sql_expects(client, plans, staff_users)
    size = queue_pages.short(n)
    first = plans[f"{size}_agent_first"]
    assert first["expect_rows"] == 100
    assert first["first_id"] == selectors.ticket_queue(agent).first().pk
    assert 0 < plans[f"{size}_agent_search"]["expect_rows"] <= plans[f"{size}_supervisor_search"]["expect_rows"]

    _assert_diagnosis(
        postgres_server, t, name, {key: plans[key] for key in (f"{size}_agent_first", f"{size}_supervisor_filtered")}
    )

    # Seeding again replaces the tickets, keeps the people.
    again = seed.seed(t, name, 500, log=lines.append)
    assert again["tickets"] == Ticket.objects.count() == 500
