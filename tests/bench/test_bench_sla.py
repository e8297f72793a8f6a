"""The SLA sweep benchmark's own code path at a tiny size: SQL seeding, one sweep in a child
process with the app's settings, and the SQL verification (no peer). The figures come from
`BENCH=sla make bench`."""

import os

import pytest
from django.db import connection
from django.utils.dateparse import parse_datetime

from bench import bench_sla, run, seed, sla_check
from bench.peer import db
from bench.seed import open_tickets
from tickets.models import SlaTimer, Ticket
from tickets.services import clocks

N, DUE = 300, 50
DANGLING_SQL = """
SELECT (SELECT count(*) FROM tickets_ticket t
        WHERE NOT EXISTS (SELECT 1 FROM tickets_tickettype x WHERE x.id = t.type_id)
           OR NOT EXISTS (SELECT 1 FROM tickets_team x WHERE x.id = t.team_id)
           OR NOT EXISTS (SELECT 1 FROM tickets_slapolicy x WHERE x.id = t.sla_policy_id)
           OR (t.assignee_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts_user x WHERE x.id = t.assignee_id))),
       (SELECT count(*) FROM tickets_slatimer s
        WHERE NOT EXISTS (SELECT 1 FROM tickets_ticket x WHERE x.id = s.ticket_id))
"""


def _child_env(postgres_server, name):
    inherited = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if k in os.environ}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "supportdesk.settings",
        "DATABASE_URL": postgres_server.url(name),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DATABASE_CONN_MAX_AGE": "0",
    }


def _as_the_app_arms_it(seeded: Ticket) -> Ticket:
    """A copy of a seeded ticket whose clocks and timers the app's own code sets, from the same moment."""
    copy = Ticket.objects.create(
        title=seeded.title,
        description=seeded.description,
        type_id=seeded.type_id,
        contact_email=seeded.contact_email,
        priority=seeded.priority,
        status=seeded.status,
        tier=seeded.tier,
        team_id=seeded.team_id,
    )
    clocks.start(copy, now=seeded.created_at)
    copy.save(update_fields=clocks.CLOCK_FIELDS)
    clocks.arm_timers(copy, fresh=True)
    return copy


def _timers(ticket: Ticket) -> set[tuple]:
    return set(SlaTimer.objects.filter(ticket=ticket).values_list("target", "kind", "deadline", "fire_at"))


def _assert_each_slot_is_what_the_app_makes_of_it(swept_at) -> None:
    # Each slot of the mix, due or not, is what the app's clocks.start + arm_timers make of it.
    due_ids = set(Ticket.objects.filter(tier=2).values_list("id", flat=True))
    # The due tickets are a mix too, not every (n / due)th slot of it.
    assert Ticket.objects.filter(tier=2).values("priority").distinct().count() >= 3
    kinds = set(Ticket.objects.values_list("type_id", "priority").distinct())
    assert len(kinds) == len(set(open_tickets.MIX))
    samples = []
    for type_id, priority in kinds:
        of_kind = Ticket.objects.filter(type_id=type_id, priority=priority).order_by("id")
        samples += [ticket for ticket in (of_kind.filter(tier=1).first(), of_kind.filter(tier=2).first()) if ticket]
    assert len(samples) > len(kinds)
    for ticket in samples:
        copy = _as_the_app_arms_it(ticket)
        assert copy.sla_policy_id == ticket.sla_policy_id, ticket.pk
        assert copy.sla_clocks == ticket.sla_clocks, ticket.pk
        assert (copy.first_response_due, copy.resolution_due, copy.sla_due) == (
            ticket.first_response_due,
            ticket.resolution_due,
            ticket.sla_due,
        ), ticket.pk
        assert _timers(copy) == _timers(ticket), ticket.pk
        assert (ticket.id in due_ids) == (ticket.first_response_due <= swept_at), ticket.pk


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_seed_sweep_and_verification_at_a_tiny_size(postgres_server, reference_data):
    name = connection.settings_dict["NAME"]
    t = db.target(postgres_server)
    lines = []

    seeded = seed.seed(t, name, N, due=DUE, log=lines.append)
    assert (seeded["tickets"], seeded["timers"], seeded["due"]) == (N, 4 * N, DUE)
    assert any("tickets_insert_s" in line for line in lines)
    # The foreign keys were not checked during the load: every reference must hold.
    dangling = t.sql(DANGLING_SQL, database=name)[0]
    assert dangling == (0, 0)
    assert Ticket.objects.filter(assignee__isnull=False).exists()
    assert set(Ticket.objects.values_list("priority", flat=True)) == {"urgent", "high", "normal", "low"}

    before = sla_check.pending(t, name)
    assert sla_check.check_pending(before, N, DUE) == []
    assert before["due_tickets"] == DUE

    sweep = sla_check.run_sweep(_child_env(postgres_server, name), timeout=120)
    state, failures = sla_check.verify(t, name, sweep, N, DUE)
    assert failures == []
    assert sweep["result"] == {
        **sweep["result"],
        "warnings": 0,
        "superseded": DUE,
        "breaches": DUE,
        "escalated": DUE,
        "batches": 1,
    }
    assert 0 < sweep["queries"] < 30 and sweep["seconds"] > 0
    assert sweep["idle"]["queries"] == 1 and sweep["idle"]["result"]["batches"] == 0
    assert state["tier2"] == DUE and state["due_unfired_timers"] == 0

    _assert_each_slot_is_what_the_app_makes_of_it(parse_datetime(sweep["now"]))

    # Seeding again starts from empty tables; "warned": an earlier sweep sent the warnings.
    again = seed.seed(t, name, 40, due=40, warned=True, log=lines.append)
    assert again["tickets"] == 40
    assert sla_check.check_pending(sla_check.pending(t, name), 40, 40, warned=True) == []
    sweep = sla_check.run_sweep(_child_env(postgres_server, name), timeout=120)
    assert sla_check.verify(t, name, sweep, 40, 40, warned=True)[1] == []
    assert (sweep["result"]["warnings"], sweep["result"]["breaches"]) == (0, 40)


def test_verification_reports_what_is_wrong():
    sweep = {
        "now": "2030-01-01T00:00:00+00:00",
        "result": {"warnings": 5, "breaches": 4, "escalated": 4, "stale": 0},
        "idle": {"result": {"warnings": 0, "breaches": 1, "escalated": 0}},
    }

    class FakeTarget:
        def sql(self, query, params=None, *, database):
            state = {key: 0 for key in sla_check.VERIFY_KEYS}
            state.update(
                tickets=10,
                tier2=5,
                tier2_with_tier2_team=5,
                tier2_and_due=5,
                breached=5,
                tier2_with_one_breach_and_one_escalated_event=4,
                breach_events=5,
                escalated_events=5,
                warning_events=5,
                fired_timers=10,
            )
            return [tuple(state[key] for key in sla_check.VERIFY_KEYS)]

    _, failures = sla_check.verify(FakeTarget(), "x", sweep, 10, 5)
    assert any("tier2_with_one_breach_and_one_escalated_event = 4" in f for f in failures)
    assert any("breaches = 4" in f for f in failures)
    assert any("a second sweep acted again" in f for f in failures)
    assert sla_check.check_pending(
        {
            "due_tickets": 5,
            "due_timers": 10,
            "due_first_response_breaches": 5,
            "due_timers_within_margin": 11,
            "open_tier1": 10,
        },
        10,
        5,
    ) == ["before the sweep: due_timers_within_margin = 11, expected 10"]


def test_settings_labels_and_time_budget():
    conf = bench_sla.settings_from_env({"BENCH_SLA_SIZES": "1000, 20_000", "BENCH_SLA_PEER": "0"})
    assert conf["sizes"] == [1000, 20000] and conf["peer"] is False and conf["due"] == 10_000
    assert bench_sla.settings_from_env({})["sizes"] == [100_000, 1_000_000]
    assert bench_sla._label(1_000_000, 10_000) == "sweep 1M open, 10k due"
    assert bench_sla._label(100_000, 100_000) == "sweep 100k open, all due"
    assert bench_sla._label(100_000, 100_000, True) == "sweep 100k open, all due (warned)"
    assert run.time_limit([bench_sla], {}) == bench_sla.TIME_LIMIT
    assert run.time_limit([bench_sla, object()], {}) == bench_sla.TIME_LIMIT + run.DEFAULT_TIME_LIMIT
    assert run.time_limit([bench_sla], {"BENCH_TIME_LIMIT": "60"}) == 60


def test_report_prints_timed_scenarios_with_their_ratio():
    results = {
        "machine": {"cpus_usable": 2},
        "versions": {"postgresql": "15"},
        "server": {"gunicorn": "not started", "postgresql_durable": True},
        "load": {"tool": "wrk", "threads": 2, "connections": 8, "duration_s": 15, "warmup_s": 3},
        "benchmarks": {
            "sla": {
                "scenarios": {
                    "a": {"label": "sweep 100k open, 10k due", "seconds": 1.234, "queries": 130, "ratio": 250.04},
                    "peer": {"label": "peer escalate_tickets 100k", "seconds": 300.0, "queries": 900123},
                },
                "notes": ["goal met"],
            }
        },
        "ok": True,
    }
    text = run.render(results)
    assert "sla (timed runs)" in text
    assert "sweep 100k open, 10k due" in text and "1.23" in text and "130" in text and "250.0x" in text
    assert "peer escalate_tickets 100k" in text and "300.00" in text and "900123" in text
    assert "(not measured)" not in text and text.endswith("OK")
