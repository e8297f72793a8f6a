"""The emergency "freeze my account" page."""

import pytest
from django.core import mail

from tests.conftest import deliver_outbox
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_home_and_ticket_form_offer_the_freeze_button(client, reference_data):
    for url in ("/en/", "/en/tickets/new/"):
        assert 'href="/en/tickets/freeze/"' in client.get(url).content.decode()


def test_guest_freeze_request_opens_an_urgent_tier_3_ticket_and_alerts_security(
    client, reference_data, django_capture_on_commit_callbacks
):
    response = client.post(
        "/zh-hans/tickets/freeze/",
        {
            "contact_email": "victim@example.com",
            "contact_phone": "+86 138 0013 8000",
            "what_happened": "陌生设备登录，USDT 被提走",
            "confirm": "on",
        },
    )
    deliver_outbox()
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/zh-hans/tickets/{ticket.reference}/created/"
    assert (ticket.priority, ticket.tier, ticket.team.slug, ticket.type.slug) == (
        "urgent",
        3,
        "security",
        "account_security",
    )
    assert ticket.contact_phone == "+8613800138000" and ticket.language == "zh-hans"
    assert any(m.to == ["security@supportdesk.example"] and "EMERGENCY" in m.subject for m in mail.outbox)
    # the guest can follow the ticket in the same browser
    assert client.get(f"/zh-hans/tickets/{ticket.reference}/").status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"contact_email": "victim@example.com"},  # not confirmed
        {"contact_email": "not-an-email", "confirm": "on"},
        {"contact_email": "a@b.example\r\nBcc: x@y.example", "confirm": "on"},
        {"contact_email": "victim@example.com", "contact_phone": "12345", "confirm": "on"},
        {"contact_email": "victim@example.com", "what_happened": "x" * 2001, "confirm": "on"},
        {"contact_email": "victim@example.com", "confirm": "on", "priority": "low", "tier": "1"},
    ],
)
def test_bad_requests_are_refused_with_nothing_stored(client, reference_data, data):
    response = client.post("/en/tickets/freeze/", data)
    if "priority" in data:  # privileged keys are ignored, the request itself is fine
        assert response.status_code == 302
        assert (Ticket.objects.get().priority, Ticket.objects.get().tier) == ("urgent", 3)
        return
    assert response.status_code == 400
    assert Ticket.objects.count() == 0
