"""End to end with real parts: PostgreSQL, Redis and Celery worker/beat processes."""

import time
from pathlib import Path

import pytest
from django.db import connection

from tests import servers
from tickets import services
from tickets.models import Notification, Ticket, TicketType
from tickets.services import TicketInput

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _create_ticket(title="Withdrawal stuck on TRC20"):
    from tickets.reference_data import load as seed_reference_data

    seed_reference_data()
    return services.ticket_create(
        data=TicketInput(
            title=title,
            description="Pending for a day",
            type=TicketType.objects.get(slug="deposit_withdrawal"),
            contact_email="guest@example.com",
            asset="USDT",
        ),
    )


def _wait_for_mail(mail_dir: Path, *needles: str, timeout: float = 45.0) -> str:
    """The first mail message (the file backend appends several to one file) containing every needle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in mail_dir.glob("*.log"):
            for text in path.read_text(errors="replace").split("-" * 79):
                if all(needle in text for needle in needles):
                    return text
        time.sleep(0.2)
    raise AssertionError(f"no e-mail containing {needles!r} in {timeout}s")


def test_database_is_postgresql():
    assert connection.vendor == "postgresql"


def test_beat_and_a_worker_deliver_the_confirmation_mail(worker_env, real_broker, tmp_path):
    worker = servers.CeleryProcess(env=worker_env).start()
    beat = servers.CeleryProcess(env=worker_env, kind="beat", extra=["-s", str(tmp_path / "beat")]).start()
    try:
        worker.wait_ready()
        ticket = _create_ticket()
        text = _wait_for_mail(Path(worker_env["DJANGO_EMAIL_FILE_PATH"]), ticket.reference, "To: guest@example.com")
        assert "?token=" in text
        deadline = time.monotonic() + 20
        while Notification.objects.filter(ticket=ticket, sent_at__isnull=True).exists():
            assert time.monotonic() < deadline, worker.output()
            time.sleep(0.2)
    finally:
        beat.stop()
        worker.stop()


def test_ticket_survives_a_dead_broker_and_mail_goes_out_once_it_is_back(worker_env, redis_server, tmp_path):
    redis_server.stop_process()
    try:
        started = time.monotonic()
        ticket = _create_ticket("Created while Redis is down")
        elapsed = time.monotonic() - started
    finally:
        redis_server.start()

    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert Notification.objects.filter(ticket=ticket, sent_at__isnull=True).count() == 2
    assert elapsed < 5, "a request never waits on the broker"

    # Broker back: beat's dispatcher hands the outbox to a worker.
    worker = servers.CeleryProcess(env=worker_env).start()
    beat = servers.CeleryProcess(env=worker_env, kind="beat", extra=["-s", str(tmp_path / "beat-schedule")]).start()
    try:
        worker.wait_ready()
        _wait_for_mail(
            Path(worker_env["DJANGO_EMAIL_FILE_PATH"]), ticket.reference, "To: guest@example.com", timeout=60
        )
    finally:
        beat.stop()
        worker.stop()


def test_api_create_succeeds_when_the_cache_redis_is_down(unreachable_cache, reference_data):
    from django.core.cache import cache

    from tests.conftest import token_client
    from tests.factories import UserFactory

    cache.get("probe")  # goes to the dead Redis and degrades to a miss
    client = token_client(UserFactory())
    response = client.post(
        "/api/v1/tickets/",
        {"title": "Deposit missing", "description": "Sent 1 BTC", "type": "deposit_withdrawal", "asset": "BTC"},
        format="json",
    )
    assert response.status_code == 201, response.content
