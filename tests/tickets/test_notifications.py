from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tickets import services
from tickets.models import Notification, TicketType
from tickets.services import TicketInput
from tickets.tasks import deliver_notification_task, notifications_resend_pending_task


def _create(requester=None, email="guest@example.com", language="en"):
    return services.ticket_create(
        data=TicketInput(
            title="Deposit missing",
            description="Sent 1 BTC",
            type=TicketType.objects.get(slug="deposit_withdrawal"),
            contact_email=email,
            language=language,
            asset="BTC",
        ),
        requester=requester,
    )


@pytest.mark.django_db
def test_guest_gets_a_signed_link_in_their_language(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _create(language="zh-hans")
    customer_mail = next(m for m in mail.outbox if m.to == ["guest@example.com"])
    assert ticket.reference in customer_mail.subject
    assert f"/zh-hans/tickets/{ticket.reference}/?token=" in customer_mail.body
    team_mail = next(m for m in mail.outbox if m.to == ["frontline@supportdesk.example"])
    assert "/admin/tickets/ticket/" in team_mail.body


@pytest.mark.django_db
def test_signed_in_customer_gets_a_plain_link(customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _create(requester=customer, email=customer.email)
    body = next(m for m in mail.outbox if m.to == [customer.email]).body
    assert f"/en/tickets/{ticket.reference}/" in body and "token=" not in body


@pytest.mark.django_db
def test_nothing_is_queued_before_commit(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _create()
    assert mail.outbox == []
    assert len(callbacks) == 1  # customer + team in one chunk, handed to Celery only after commit


@pytest.mark.django_db
def test_delivery_is_once_even_if_the_task_runs_twice(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        ticket = _create()
    notification = Notification.objects.filter(ticket=ticket).first()
    deliver_notification_task.delay(notification.pk)
    deliver_notification_task.delay(notification.pk)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.attempts == 1


@pytest.mark.django_db
def test_a_failed_send_is_retried_by_the_periodic_resend(
    reference_data, django_capture_on_commit_callbacks, settings, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        ticket = _create()
    notification = Notification.objects.filter(ticket=ticket).first()

    def broken_send(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("tickets.tasks.send_mail", broken_send)
    from celery.exceptions import Retry

    with pytest.raises((Retry, ConnectionRefusedError)):
        deliver_notification_task.apply(args=[notification.pk], throw=True)
    notification.refresh_from_db()
    assert notification.sent_at is None and "SMTP down" in notification.last_error

    monkeypatch.undo()
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    assert notifications_resend_pending_task() == 2
    notification.refresh_from_db()
    assert notification.sent_at is not None


@pytest.mark.django_db
def test_deleted_notification_is_ignored(reference_data):
    deliver_notification_task.delay(987654)  # returns quietly
    assert mail.outbox == []
