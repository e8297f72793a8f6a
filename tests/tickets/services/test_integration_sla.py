"""The SLA promise kept by real processes: PostgreSQL, Redis, Celery workers and beat."""

import time
from datetime import timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from tests import servers
from tests.tickets.make import make_ticket
from tickets import services
from tickets.models import SlaPolicy, SlaTimer, Status, Team, Ticket, TicketEvent, TicketType

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sla_env(worker_env, reference_data):
    return {**worker_env, "SLA_SWEEP_SECONDS": "1"}


def _start(env, tmp_path, *, workers=1, beats=1, extra_env=None):
    env = {**env, **(extra_env or {})}
    procs = [servers.CeleryProcess(env=env).start() for _ in range(workers)]
    procs += [
        servers.CeleryProcess(env=env, kind="beat", extra=["-s", str(tmp_path / f"beat-{i}")]).start()
        for i in range(beats)
    ]
    for proc in procs:
        proc.wait_ready()
    return procs


def _stop(procs):
    for proc in procs:
        proc.stop()


def _wait(condition, timeout, message, procs=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    logs = "\n".join(p.output()[-2000:] for p in procs)
    raise AssertionError(f"{message} within {timeout}s\n{logs}")


def _seconds_policy(first_response_seconds=4):
    return SlaPolicy.objects.create(
        name="Seconds",
        position=0,
        priorities=["high"],
        warning_percent=50,
        first_response_target=timedelta(seconds=first_response_seconds),
        resolution_target=timedelta(hours=1),
    )


def _ticket(title="Withdrawal stuck"):
    return make_ticket(title=title, description="pending")


def _due_tickets(n: int) -> list[int]:
    """``n`` tickets whose first response was due a minute ago, inserted in bulk."""
    now = timezone.now()
    due = now - timedelta(minutes=1)
    policy = SlaPolicy.objects.get(name="High")
    frontline = Team.objects.get(slug="frontline")
    kind = TicketType.objects.get(slug="deposit_withdrawal")
    tickets = Ticket.objects.bulk_create(
        Ticket(
            reference=f"SD-T{i:05d}",
            title=f"Due {i}",
            description="x",
            type=kind,
            contact_email="a@b.example",
            priority="high",
            tier=1,
            team=frontline,
            sla_policy=policy,
            first_response_due=due,
            sla_due=due,
            sla_clocks={"first_response": {"full": 3600, "warn_at": None}},
        )
        for i in range(n)
    )
    SlaTimer.objects.bulk_create(
        SlaTimer(ticket=t, target="first_response", kind="breach", deadline=due, fire_at=due) for t in tickets
    )
    return [t.pk for t in tickets]


def _assert_each_escalated_exactly_once(ids):
    assert not SlaTimer.objects.filter(fired_at__isnull=True).exists()
    per_ticket = (
        TicketEvent.objects.filter(ticket_id__in=ids, kind__in=["sla_breach", "escalated"])
        .values("ticket_id", "kind")
        .annotate(n=Count("id"))
    )
    counts = {(row["ticket_id"], row["kind"]): row["n"] for row in per_ticket}
    assert len(counts) == 2 * len(ids), "every ticket has a breach and an escalation"
    assert set(counts.values()) == {1}, "and each exactly once"
    assert set(Ticket.objects.filter(pk__in=ids).values_list("tier", flat=True)) == {2}


def test_a_ticket_is_warned_then_escalated_once_end_to_end(sla_env, real_broker, tmp_path):
    _seconds_policy()
    procs = _start(sla_env, tmp_path)
    try:
        ticket = _ticket()
        assert ticket.first_response_due - ticket.created_at == timedelta(seconds=4)

        def kinds():
            return list(
                ticket.events.filter(kind__in=["sla_warning", "sla_breach", "escalated"])
                .order_by("id")
                .values_list("kind", flat=True)
            )

        _wait(lambda: "escalated" in kinds(), 60, "no escalation", procs)
        time.sleep(3)  # several more sweeps: nothing may happen twice
        assert kinds() == ["sla_warning", "sla_breach", "escalated"]
        ticket.refresh_from_db()
        assert (ticket.tier, ticket.team.slug) == (2, "specialists")
    finally:
        _stop(procs)


def test_sigkill_in_the_middle_of_a_large_sweep_loses_and_repeats_nothing(sla_env, real_broker, tmp_path):
    ids = _due_tickets(3000)
    env = {**sla_env, "SLA_SWEEP_BATCH": "10"}
    worker = servers.CeleryProcess(env=env).start()
    beat = servers.CeleryProcess(env=env, kind="beat", extra=["-s", str(tmp_path / "beat")]).start()
    try:
        worker.wait_ready()
        fired = SlaTimer.objects.filter(fired_at__isnull=False)
        _wait(lambda: fired.count() >= 200, 60, "the sweep did not start", [worker, beat])
        worker.kill()  # SIGKILL to the worker and its pool processes, mid-batch
        done_before_restart = fired.count()
        assert done_before_restart < len(ids), "the sweep finished before the kill; make it larger"

        worker = servers.CeleryProcess(env=env).start()
        worker.wait_ready()
        _wait(lambda: fired.count() == len(ids), 120, "the sweep did not finish after the restart", [worker])
        time.sleep(2)
        _assert_each_escalated_exactly_once(ids)
    finally:
        _stop([worker, beat])


def test_two_workers_and_two_beats_still_act_once(sla_env, real_broker, tmp_path):
    ids = _due_tickets(1500)
    procs = _start(sla_env, tmp_path, workers=2, beats=2, extra_env={"SLA_SWEEP_BATCH": "25"})
    try:
        fired = SlaTimer.objects.filter(fired_at__isnull=False)
        _wait(lambda: fired.count() == len(ids), 120, "the sweep did not finish", procs)
        time.sleep(3)
        _assert_each_escalated_exactly_once(ids)
    finally:
        _stop(procs)


def test_with_redis_stopped_tickets_and_replies_succeed_and_breaches_are_caught_later(
    sla_env, redis_server, real_broker, tmp_path, agent
):
    _seconds_policy(first_response_seconds=2)
    redis_server.stop_process()
    try:
        ticket = _ticket("Created while Redis is down")
        other = _ticket("Answered while Redis is down")
        services.ticket_reply(ticket=other, author=agent, body="We are on it")
        services.ticket_change_status(ticket=other, actor=agent, status=Status.PENDING)
    finally:
        redis_server.start()
    ticket.refresh_from_db()
    other.refresh_from_db()
    assert ticket.status == Status.NEW and ticket.sla_due == ticket.first_response_due
    assert other.sla_paused_at is not None and other.sla_due is None
    assert SlaTimer.objects.filter(ticket=ticket, fired_at__isnull=True).count() == 4

    time.sleep(2.5)  # the first response falls due while nothing runs
    procs = _start(sla_env, tmp_path)
    try:
        _wait(lambda: ticket.events.filter(kind="escalated").exists(), 60, "breach not caught", procs)
        assert not other.events.filter(kind__in=["sla_breach", "escalated"]).exists()
    finally:
        _stop(procs)
