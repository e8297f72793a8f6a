"""A ticket's detail over the API (what each side sees, 404s that leak nothing) and replies to it."""

import pytest

from tests.conftest import token_client
from tests.factories import UserFactory
from tests.tickets.api._create_helpers import stored_files
from tests.tickets.api._ticket_helpers import (
    LIST,
    clean,
    detail_url,
    make_ticket,
    messages_url,
    multipart,
    screenshots_url,
)
from tests.tickets.test_images import HTML_PAGE, jpeg_with_gps_and_orientation, png_bytes
from tickets import services
from tickets.models import Message, Screenshot, Status

# --- detail -----------------------------------------------------------------------------------


def test_owner_sees_public_messages_only(customer_api, customer, agent):
    ticket = make_ticket(customer)
    services.ticket_reply(ticket=ticket, author=agent, body="We are on it.")
    services.ticket_reply(ticket=ticket, author=agent, body="Looks like fraud, check KYC", internal=True)
    response = customer_api.get(detail_url(ticket))
    assert response.status_code == 200
    body = response.json()
    assert [m["body"] for m in body["messages"]] == ["We are on it."]
    assert body["messages"][0]["internal"] is False
    assert body["messages"][0]["author_role"] == "agent"
    assert b"check KYC" not in response.content
    for hidden in ("id", "requester", "team", "tier", "assignee"):
        assert hidden not in body


def test_agent_sees_internal_notes(agent_api, customer, agent):
    ticket = make_ticket(customer)
    services.ticket_reply(ticket=ticket, author=agent, body="We are on it.")
    services.ticket_reply(ticket=ticket, author=agent, body="check KYC", internal=True)
    body = agent_api.get(detail_url(ticket)).json()
    assert [(m["body"], m["internal"]) for m in body["messages"]] == [("We are on it.", False), ("check KYC", True)]
    assert body["team"] == "frontline" and body["tier"] == 1


def test_detail_has_the_sla_state(customer_api, customer, agent):
    ticket = make_ticket(customer)
    body = customer_api.get(detail_url(ticket)).json()
    for key in ("first_response_due", "resolution_due", "sla_due", "first_responded_at", "breached", "status"):
        assert key in body
    assert body["first_responded_at"] is None and body["breached"] is False
    services.ticket_reply(ticket=ticket, author=agent, body="Hello")
    body = customer_api.get(detail_url(ticket)).json()
    assert body["first_responded_at"] is not None
    assert body["status"] == "open"


def test_detail_never_exposes_the_requester_account(agent_api, customer):
    ticket = make_ticket(customer)
    content = agent_api.get(detail_url(ticket)).content.decode()
    assert customer.password not in content
    assert "pbkdf2" not in content and "password" not in content
    assert f'"id":{ticket.pk}' not in content.replace(" ", "")


def test_reference_is_case_insensitive(customer_api, customer):
    ticket = make_ticket(customer)
    assert customer_api.get(f"/api/v1/tickets/{ticket.reference.lower()}/").status_code == 200


@pytest.mark.parametrize("reference", ["SD-ZZZZZZ", "SD-0OIL1U", "nope", "SD-" + "A" * 500, "%00", "SD-ABC%00DE"])
def test_unknown_or_malformed_references_are_404(agent_api, reference_data, reference):
    response = agent_api.get(f"/api/v1/tickets/{reference}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_another_customers_reference_is_404_on_every_endpoint(customer_api, other_customer):
    theirs = make_ticket(other_customer, screenshots=[clean()])
    shot = Screenshot.objects.get(ticket=theirs)
    before = (Message.objects.count(), Screenshot.objects.count())
    assert customer_api.get(detail_url(theirs)).status_code == 404
    assert customer_api.post(messages_url(theirs), {"body": "hi"}, format="json").status_code == 404
    assert multipart(customer_api, screenshots_url(theirs), [("a.png", png_bytes(), "image/png")]).status_code == 404
    assert customer_api.get(f"/api/v1/screenshots/{shot.public_id}/").status_code == 404
    assert customer_api.get(LIST).json()["count"] == 0
    assert (Message.objects.count(), Screenshot.objects.count()) == before


def test_a_404_for_someone_elses_ticket_looks_like_an_unknown_one(customer_api, other_customer):
    theirs = make_ticket(other_customer)
    foreign = customer_api.get(detail_url(theirs))
    unknown = customer_api.get("/api/v1/tickets/SD-ZZZZZZ/")
    assert (foreign.status_code, foreign.content) == (unknown.status_code, unknown.content)


def test_staff_outside_every_support_team_is_not_an_agent(customer):
    ticket = make_ticket(customer)
    former = UserFactory(username="former-agent", is_staff=True)
    assert token_client(former).get(detail_url(ticket)).status_code == 404


# --- replies ----------------------------------------------------------------------------------


def test_owner_replies(customer_api, customer):
    ticket = make_ticket(customer)
    response = customer_api.post(messages_url(ticket), {"body": "Any news?"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["body"] == "Any news?"
    assert response.json()["author_role"] == "customer"
    message = Message.objects.get()
    assert (message.author, message.internal, message.channel) == (customer, False, "api")


def test_customer_cannot_write_an_internal_note(customer_api, customer):
    ticket = make_ticket(customer)
    response = customer_api.post(messages_url(ticket), {"body": "psst", "internal": True}, format="json")
    assert response.status_code == 400
    assert "internal" in response.json()["errors"]
    assert Message.objects.count() == 0


def test_agent_writes_an_internal_note(agent_api, customer):
    ticket = make_ticket(customer)
    response = agent_api.post(messages_url(ticket), {"body": "looks fishy", "internal": True}, format="json")
    assert response.status_code == 201
    assert response.json()["internal"] is True
    assert Message.objects.get().internal is True
    assert customer_api_get_messages(customer, ticket) == []


def customer_api_get_messages(customer, ticket):
    return token_client(customer).get(detail_url(ticket)).json()["messages"]


@pytest.mark.parametrize(
    "payload",
    [{}, {"body": ""}, {"body": "   "}, {"body": "x" * 10001}, {"body": ["a"]}, {"body": {"a": 1}}, {"body": "a\x00"}],
    ids=["missing", "empty", "blank", "too-long", "list", "object", "nul"],
)
def test_bad_reply_bodies_are_a_400(customer_api, customer, payload):
    ticket = make_ticket(customer)
    response = customer_api.post(messages_url(ticket), payload, format="json")
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert Message.objects.count() == 0


def test_reply_with_screenshots(customer_api, customer):
    ticket = make_ticket(customer)
    files = [("a.png", png_bytes(), "image/png"), ("b.jpg", jpeg_with_gps_and_orientation(), "image/jpeg")]
    response = multipart(customer_api, messages_url(ticket), files, {"body": "See attached"})
    assert response.status_code == 201, response.content
    assert [s["name"] for s in response.json()["screenshots"]] == ["a.png", "b.jpg"]
    assert Screenshot.objects.filter(message__isnull=False).count() == 2


def test_reply_with_a_bad_screenshot_stores_nothing(customer_api, customer):
    ticket = make_ticket(customer)
    files = [("a.png", png_bytes(), "image/png"), ("b.png", HTML_PAGE, "image/png")]
    response = multipart(customer_api, messages_url(ticket), files, {"body": "See attached"})
    assert response.status_code == 400
    assert "screenshots" in response.json()["errors"]
    assert Message.objects.count() == 0 and Screenshot.objects.count() == 0
    assert stored_files() == []


def test_reply_to_a_closed_ticket_is_a_409(customer_api, customer, agent):
    ticket = make_ticket(customer)
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    response = customer_api.post(messages_url(ticket), {"body": "Hello?"}, format="json")
    assert response.status_code == 409
    assert "ticket" in response.json()["errors"]
    assert Message.objects.count() == 0
