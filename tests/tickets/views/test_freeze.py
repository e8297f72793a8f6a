"""The emergency "freeze my account" page."""

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

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
    assert response.status_code == 302 and response["Location"] == "/zh-hans/tickets/freeze/requested/"
    assert ticket.emergency
    assert (ticket.priority, ticket.tier, ticket.team.slug, ticket.type.slug) == (
        "urgent",
        3,
        "security",
        "account_security",
    )
    assert ticket.contact_phone == "+8613800138000" and ticket.language == "zh-hans"
    assert any(m.to == ["security@supportdesk.example"] and "EMERGENCY" in m.subject for m in mail.outbox)
    # the page of its own: when, what happens now, the checklist, and the way to follow it
    page = client.get("/zh-hans/tickets/freeze/requested/").content.decode()
    assert ticket.reference in page and "/zh-hans/accounts/password/reset/" in page
    assert "/zh-hans/kb/a/api-keys/" in page and "/zh-hans/kb/a/withdrawal-address-whitelist/" in page
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


FREEZE = "/en/tickets/freeze/"


def _freeze(client, email="victim@example.com", **extra):
    return client.post(FREEZE, {"contact_email": email, "confirm": "on", **extra})


def _rates(settings, **rates):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }


def test_repeated_freezes_for_one_address_fold_into_the_open_ticket_and_mail_nobody_again(
    client, reference_data, mailoutbox
):
    for n in range(40):  # the review's flood: 40 posts for one address
        assert _freeze(client, what_happened=f"attempt {n}").status_code == 302
    deliver_outbox()
    ticket = Ticket.objects.get()
    assert ticket.emergency
    sent = len(mailoutbox)
    assert sent == 2  # the customer and the security team, once
    repeats = ticket.events.filter(kind="freeze_repeated")
    assert repeats.count() == 1, "repeats within the quiet period write nothing"
    note = ticket.messages.get()
    assert note.internal and "attempt 1" in note.body, "what a repeat says reaches agents, never the customer"


def test_a_repeat_from_a_stranger_does_not_open_the_victims_ticket(reference_data):
    victim, stranger = Client(), Client()
    _freeze(victim, what_happened="my account")
    ticket = Ticket.objects.get()
    assert victim.get(f"/en/tickets/{ticket.reference}/").status_code == 200
    assert _freeze(stranger).status_code == 302
    assert stranger.get(f"/en/tickets/{ticket.reference}/").status_code == 404
    page = stranger.get("/en/tickets/freeze/requested/").content.decode()
    assert ticket.reference not in page, "the page says only what is true for anyone"
    assert "Freeze requested" in page


def test_a_flood_of_new_freezes_from_one_address_is_held_back(client, reference_data, settings):
    _rates(settings, freeze="3/hour")
    for n in range(3):
        assert _freeze(client, email=f"victim{n}@example.com").status_code == 302
    response = _freeze(client, email="victim9@example.com")
    assert response.status_code == 429
    assert "Many freeze requests came from your network" in response.content.decode()
    assert Ticket.objects.count() == 3
    # A freeze already under way still folds for free from the same network.
    assert _freeze(client, email="victim0@example.com").status_code == 302


def test_other_traffic_from_a_shared_address_never_blocks_a_freeze(client, reference_data, settings):
    """Mobile carriers put thousands behind one address: their tickets and page writes use other
    allowances, so a real victim's freeze still goes through."""
    _rates(settings, ticket_create="2/min", site_write="2/min", anon="2/min")
    neighbour = Client()
    for _ in range(5):
        neighbour.post("/en/tickets/new/", {"type": "other", "title": "x", "description": "y"})
        APIClient().post("/api/v1/emergency/freeze/", {}, format="json")
    assert _freeze(client).status_code == 302
    assert (
        APIClient().post("/api/v1/emergency/freeze/", {"contact_email": "other@example.com"}, format="json").status_code
        == 201
    )
