"""Every POST endpoint of the ticket page: GET, CSRF and hostile input refused; guest tickets' notes and links."""

import pytest
from django.test import Client

from tests.tickets.admin._ticket_page_helpers import POST_ENDPOINTS, _messages, _page_url, _seen, _ticket, _url
from tickets import services
from tickets.models import CustomerNote, Message, Tag, TicketEvent, TicketType, Tier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("canned_responses")]


# -- every POST endpoint -------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_post_endpoints_refuse_get(client, agent, customer, endpoint):
    ticket = _ticket(customer)
    client.force_login(agent)
    assert client.get(_url(ticket, endpoint)).status_code in (404, 405)


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_post_endpoints_enforce_csrf(agent, customer, endpoint):
    ticket = _ticket(customer)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(agent)
    response = strict.post(_url(ticket, endpoint), {"body": "x", "reason": "x", "direction": "up", "add": "x"})
    assert response.status_code == 403
    assert not ticket.messages.exists() and not CustomerNote.objects.exists() and not ticket.tags.exists()


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
@pytest.mark.parametrize("payload", ["x" * 20000, "bad\x00value", "\x00"])
def test_post_endpoints_answer_hostile_input_with_a_message(client, agent, customer, endpoint, payload):
    ticket = _ticket(customer)
    client.force_login(agent)
    data = {
        "body": payload,
        "seen_message": payload,
        "canned": payload,
        "internal": payload,
        "reason": payload,
        "direction": payload,
        "target": payload,
        "add": payload,
        "remove": payload,
    }
    response = client.post(_url(ticket, endpoint), data, follow=True)
    assert response.status_code == 200
    if endpoint != "assign-me":  # assign-me takes no input: it just works
        assert _messages(response)
        assert not ticket.messages.exists()
        assert not CustomerNote.objects.exists() and not Tag.objects.exists()
        ticket.refresh_from_db()
        assert ticket.tier == Tier.FRONT_LINE and ticket.merged_into_id is None


def test_reply_hostile_body_with_a_valid_seen_id(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    seen = _seen(client, ticket)
    for body in ("x" * 20000, "null\x00byte"):
        response = client.post(_url(ticket, "reply"), {"body": body, "seen_message": seen}, follow=True)
        assert response.status_code == 200 and _messages(response)
    assert not Message.objects.filter(ticket=ticket).exists()


def test_unknown_ticket_ids_are_404(client, agent):
    client.force_login(agent)
    for endpoint in POST_ENDPOINTS:
        assert client.post(f"/admin/tickets/ticket/999999/{endpoint}/").status_code == 404
        assert client.post(f"/admin/tickets/ticket/abc/{endpoint}/").status_code == 404
    assert client.get("/admin/tickets/ticket/999999/activity/").status_code in (403, 404)


def test_a_guest_who_only_typed_an_address_gets_no_customer_notes_and_is_marked_as_a_claim(client, agent, customer):
    bob_ticket = _ticket(customer)
    services.customer_note_add(ticket=bob_ticket, body="Identity confirmed on a video call.", author=agent)
    impostor = services.ticket_create(
        data=services.TicketInput(
            title="Withdrawal",
            description="Please",
            type=TicketType.objects.get(slug="other"),
            contact_email=customer.email,
        )
    )
    client.force_login(agent)
    page = client.get(_page_url(impostor)).content.decode()
    assert "Address not proven" in page
    assert "Identity confirmed on a video call." not in page
    assert bob_ticket.reference in page and "Not proven to be this customer" in page
    response = client.post(_url(impostor, "customer-note"), {"body": "Confirmed"}, follow=True)
    assert any("has not proven" in text for text in _messages(response))


def test_an_agent_revokes_the_guest_links_of_a_ticket(client, agent, reference_data):
    from tickets.access import guest_token

    guest = services.ticket_create(
        data=services.TicketInput(
            title="Withdrawal",
            description="Please",
            type=TicketType.objects.get(slug="other"),
            contact_email="g@example.com",
        )
    )
    token = guest_token(guest)
    browser = Client()
    assert browser.get(f"/en/tickets/{guest.reference}/", {"token": token}).status_code == 302
    assert browser.get(f"/en/tickets/{guest.reference}/").status_code == 200
    client.force_login(agent)
    response = client.post(_url(guest, "revoke-links"), follow=True)
    assert any("no longer work" in text for text in _messages(response))
    assert browser.get(f"/en/tickets/{guest.reference}/").status_code == 404, "the session's grant is void too"
    assert Client().get(f"/en/tickets/{guest.reference}/", {"token": token}).status_code == 404
    assert TicketEvent.objects.filter(ticket=guest, kind=TicketEvent.Kind.LINKS_REVOKED).exists()
