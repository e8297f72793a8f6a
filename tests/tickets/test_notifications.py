"""The notification outbox: written with the change, dispatched by beat, delivered once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import deliver_outbox
from tickets import services
from tickets.models import Notification, TicketType
from tickets.services import TicketInput
from tickets.tasks import deliver_notifications_task, notifications_dispatch_task

pytestmark = pytest.mark.django_db


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


def test_guest_gets_a_signed_link_in_their_language(reference_data):
    ticket = _create(language="zh-hans")
    deliver_outbox()
    customer_mail = next(m for m in mail.outbox if m.to == ["guest@example.com"])
    assert ticket.reference in customer_mail.subject
    assert f"/zh-hans/tickets/{ticket.reference}/?token=" in customer_mail.body
    team_mail = next(m for m in mail.outbox if m.to == ["frontline@supportdesk.example"])
    assert "/admin/tickets/ticket/" in team_mail.body


def test_signed_in_customer_gets_a_plain_link(customer):
    ticket = _create(requester=customer, email=customer.email)
    deliver_outbox()
    body = next(m for m in mail.outbox if m.to == [customer.email]).body
    assert f"/en/tickets/{ticket.reference}/" in body and "token=" not in body


def test_a_request_never_touches_the_broker(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ticket = _create()
    assert callbacks == [] and mail.outbox == []
    assert Notification.objects.filter(ticket=ticket, dispatched_at__isnull=True, body="").count() == 2


def test_dispatch_hands_out_each_row_once_and_delivery_sends_once(reference_data):
    _create()
    notification = Notification.objects.first()
    assert notifications_dispatch_task() == 2
    assert notifications_dispatch_task() == 0  # already dispatched: a second beat finds nothing
    deliver_notifications_task([notification.pk])  # a duplicated task
    assert len([m for m in mail.outbox if m.subject == Notification.objects.get(pk=notification.pk).subject]) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.attempts == 1


def test_a_failed_send_is_dispatched_again_later(reference_data, monkeypatch):
    ticket = _create()

    def broken_send(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("tickets.tasks.send_mail", broken_send)
    deliver_outbox()
    notification = Notification.objects.filter(ticket=ticket).first()
    assert notification.sent_at is None and "SMTP down" in notification.last_error
    assert notifications_dispatch_task() == 0  # not before REDISPATCH_SECONDS

    monkeypatch.undo()
    Notification.objects.update(dispatched_at=timezone.now() - timedelta(minutes=5))
    assert notifications_dispatch_task() == 2
    notification.refresh_from_db()
    assert notification.sent_at is not None and notification.last_error == ""


def test_rows_without_an_address_are_rendered_for_the_workspace(reference_data):
    from tickets.models import Team

    Team.objects.filter(slug="frontline").update(email="")
    ticket = _create()
    deliver_outbox()
    row = Notification.objects.get(ticket=ticket, team__slug="frontline")
    assert row.sent_at is not None and row.subject.startswith(f"[{ticket.reference}]")
    assert all(m.to != [""] for m in mail.outbox)


def test_deleted_notification_is_ignored(reference_data):
    assert deliver_notifications_task([987654]) == 0
    assert mail.outbox == []
