"""Ticket list, detail, replies, screenshots, types, and screenshot serving over the API."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests.conftest import token_client
from tests.factories import UserFactory
from tests.tickets.api.test_create import multipart as build_multipart
from tests.tickets.api.test_create import stored_files
from tests.tickets.make import make_ticket as shared_make_ticket
from tests.tickets.test_images import HTML_PAGE, jpeg_with_gps_and_orientation, png_bytes
from tickets import refdata, services
from tickets.images import sanitize_image
from tickets.models import Message, Screenshot, Status, Team, Ticket, TicketType

LIST = "/api/v1/tickets/"


def detail_url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.reference}/"


def messages_url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.reference}/messages/"


def screenshots_url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.reference}/screenshots/"


def clean(name="shot.png", content=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return sanitize_image(SimpleUploadedFile(name, content or png_bytes(), content_type="image/png"))


def make_ticket(requester=None, *, type_slug="trading", **fields) -> Ticket:
    return shared_make_ticket(
        requester, type_slug=type_slug, email=getattr(requester, "email", "") or "guest@example.net", **fields
    )


def multipart(client, url, files, fields=None):
    body, content_type = build_multipart(fields or {}, files)
    return client.generic("POST", url, body, content_type=content_type)


# --- list -------------------------------------------------------------------------------------


def test_customer_lists_only_their_own_tickets(customer_api, customer, other_customer):
    mine = make_ticket(customer)
    make_ticket(other_customer)
    make_ticket(None)
    response = customer_api.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [t["reference"] for t in body["results"]] == [mine.reference]
    assert "team" not in body["results"][0] and "assignee" not in body["results"][0]


def test_agent_lists_the_queue_with_routing_fields(agent_api, customer, other_customer):
    make_ticket(customer)
    make_ticket(other_customer)
    response = agent_api.get(LIST)
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == 2
    assert {"team", "tier", "assignee"} <= set(results[0])
    assert results[0]["team"] == "frontline"


def test_anonymous_cannot_list(api_client, reference_data):
    assert api_client.get(LIST).status_code == 401


def test_session_user_can_list(customer):
    make_ticket(customer)
    client = APIClient()
    client.force_login(customer)
    assert client.get(LIST).json()["count"] == 1


def test_agent_filters(agent_api, agent, customer):
    urgent = make_ticket(customer, type_slug="account_security")  # urgent, security team
    normal = make_ticket(customer)
    api = make_ticket(customer, type_slug="api")  # specialists team
    services.ticket_assign(ticket=normal, actor=agent, assignee=agent)
    services.ticket_change_status(ticket=api, actor=agent, status=Status.OPEN)
    Ticket.objects.filter(pk=urgent.pk).update(sla_due=timezone.now() - timedelta(minutes=1))

    def refs(query):
        response = agent_api.get(LIST, query)
        assert response.status_code == 200, response.content
        return {t["reference"] for t in response.json()["results"]}

    assert refs({"priority": "urgent"}) == {urgent.reference}
    assert refs({"type": "api"}) == {api.reference}
    assert refs({"team": "specialists"}) == {api.reference}
    assert refs({"assignee": agent.username}) == {normal.reference}
    assert refs({"status": "open"}) == {api.reference}
    assert refs({"overdue": "true"}) == {urgent.reference}
    assert refs({"overdue": "false"}) == {normal.reference, api.reference}
    assert refs({"status": "", "overdue": ""}) == {urgent.reference, normal.reference, api.reference}
    # "breached": an SLA target was missed at some point, even if the ticket is no longer overdue.
    Ticket.objects.filter(pk=api.pk).update(sla_breached_at=timezone.now() - timedelta(hours=1))
    assert refs({"breached": "true"}) == {api.reference}
    assert refs({"breached": "false"}) == {urgent.reference, normal.reference}
    assert refs({"type": "no-such-type"}) == set()


def test_overdue_and_breached_flags_in_the_output(agent_api, customer):
    """One meaning each, as in the queue: overdue = a running deadline has passed now; breached = a
    target was missed at some point."""
    late = make_ticket(customer)
    Ticket.objects.filter(pk=late.pk).update(sla_due=timezone.now() - timedelta(seconds=5))
    once_late = make_ticket(customer)
    Ticket.objects.filter(pk=once_late.pk).update(sla_breached_at=timezone.now() - timedelta(hours=1))
    results = {t["reference"]: t for t in agent_api.get(LIST).json()["results"]}
    assert (results[late.reference]["overdue"], results[late.reference]["breached"]) == (True, False)
    assert (results[once_late.reference]["overdue"], results[once_late.reference]["breached"]) == (False, True)


def test_agent_orders_by_sla_due(agent_api, customer):
    now = timezone.now()
    tickets = [make_ticket(customer) for _ in range(3)]
    for offset, ticket in zip((30, 10, 20), tickets):
        Ticket.objects.filter(pk=ticket.pk).update(sla_due=now + timedelta(minutes=offset))
    expected = [tickets[1].reference, tickets[2].reference, tickets[0].reference]
    ascending = [t["reference"] for t in agent_api.get(LIST, {"ordering": "sla_due"}).json()["results"]]
    assert ascending == expected
    descending = [t["reference"] for t in agent_api.get(LIST, {"ordering": "-sla_due"}).json()["results"]]
    assert descending == expected[::-1]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"ordering": "requester__password"}, "ordering"),
        ({"ordering": "-requester__password"}, "ordering"),
        ({"ordering": "title"}, "ordering"),
        ({"status": "deleted"}, "status"),
        ({"priority": "critical"}, "priority"),
        ({"breached": "maybe"}, "breached"),
        ({"type": "not a slug!"}, "type"),
        ({"assignee": "a" * 151}, "assignee"),
        ({"team": "x\x00y"}, "team"),
    ],
)
def test_bad_query_parameters_are_a_400(agent_api, query, field):
    response = agent_api.get(LIST, query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_customer_may_filter_by_status_and_order_only(customer_api, customer):
    make_ticket(customer)
    assert customer_api.get(LIST, {"status": "new", "ordering": "sla_due"}).json()["count"] == 1
    for name, value in (("team", "security"), ("assignee", "agent"), ("priority", "low"), ("breached", "true")):
        response = customer_api.get(LIST, {name: value})
        assert response.status_code == 400, name
        assert name in response.json()["errors"]


def test_page_size_is_bounded(agent_api, reference_data):
    trading = TicketType.objects.get(slug="trading")
    Ticket.objects.bulk_create(
        [Ticket(title=f"t{i}", description="d", type=trading, contact_email="x@example.com") for i in range(105)]
    )
    body = agent_api.get(LIST, {"page_size": 100000}).json()
    assert body["count"] == 105
    assert len(body["results"]) == 100
    assert len(agent_api.get(LIST).json()["results"]) == 25
    assert len(agent_api.get(LIST, {"page_size": 7}).json()["results"]) == 7
    second = agent_api.get(LIST, {"page": 2, "page_size": 100}).json()
    assert len(second["results"]) == 5 and second["next"] is None


@pytest.mark.parametrize("page", ["abc", "999", "0", "-1", "1e9"])
def test_a_page_that_does_not_exist_is_a_json_404(agent_api, customer, page):
    make_ticket(customer)
    response = agent_api.get(LIST, {"page": page})
    assert response.status_code == 404
    assert "detail" in response.json()


def test_list_query_count_does_not_grow_with_the_page(agent_api, agent, customer):
    team = Team.objects.get(slug="specialists")

    def add(n):
        for _ in range(n):
            ticket = make_ticket(customer, assignee=agent, team=team)
            Ticket.objects.filter(pk=ticket.pk).update(sla_due=timezone.now())

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = agent_api.get(LIST, {"page_size": 50})
        assert response.status_code == 200
        return len(captured), len(response.json()["results"])

    add(3)
    small, shown = queries()
    assert shown == 3
    add(27)
    large, shown = queries()
    assert shown == 30
    assert large == small


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


# --- adding screenshots -------------------------------------------------------------------------


def test_owner_adds_screenshots(customer_api, customer):
    ticket = make_ticket(customer)
    response = multipart(customer_api, screenshots_url(ticket), [("a.png", png_bytes(), "image/png")])
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body) == 1 and body[0]["name"] == "a.png"
    assert body[0]["url"].endswith(f"/api/v1/screenshots/{body[0]['id']}/")
    assert Screenshot.objects.get().ticket == ticket


def test_agent_adds_screenshots(agent_api, agent, customer):
    ticket = make_ticket(customer)
    response = multipart(agent_api, screenshots_url(ticket), [("a.png", png_bytes(), "image/png")])
    assert response.status_code == 201
    assert Screenshot.objects.get().uploaded_by == agent


def test_adding_no_screenshot_is_a_400(customer_api, customer):
    ticket = make_ticket(customer)
    response = multipart(customer_api, screenshots_url(ticket), [], {"note": "nothing"})
    assert response.status_code == 400
    assert "screenshots" in response.json()["errors"]


def test_adding_screenshots_takes_multipart_only(customer_api, customer):
    ticket = make_ticket(customer)
    response = customer_api.post(screenshots_url(ticket), {"screenshots": ["aGVsbG8="]}, format="json")
    assert response.status_code == 415


def test_adding_six_screenshots_is_a_400(customer_api, customer):
    ticket = make_ticket(customer)
    files = [(f"{i}.png", png_bytes(), "image/png") for i in range(6)]
    response = multipart(customer_api, screenshots_url(ticket), files)
    assert response.status_code == 400
    assert Screenshot.objects.count() == 0


def test_adding_screenshots_to_a_closed_ticket_is_a_409(customer_api, customer, agent):
    ticket = make_ticket(customer)
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    response = multipart(customer_api, screenshots_url(ticket), [("a.png", png_bytes(), "image/png")])
    assert response.status_code == 409
    assert Screenshot.objects.count() == 0


# --- ticket types -------------------------------------------------------------------------------


def test_ticket_types_are_public_and_bilingual(api_client, reference_data):
    TicketType.objects.filter(slug="other").update(active=False)
    refdata.invalidate()  # .update() sends no signal
    response = api_client.get("/api/v1/ticket-types/")
    assert response.status_code == 200
    types = {t["slug"]: t for t in response.json()}
    assert "other" not in types
    assert set(types) == {"deposit_withdrawal", "trading", "account_security", "account_access", "verification", "api"}
    deposit = types["deposit_withdrawal"]
    assert deposit["name"] == {"en": "Deposits and withdrawals", "zh-hans": "充值与提现"}
    assert set(deposit["description"]) == {"en", "zh-hans"}
    assert deposit["required_fields"] == ["asset"]
    assert {"transaction_id", "asset", "network", "amount", "occurred_at"} <= set(deposit["fields"])


# --- screenshot serving -----------------------------------------------------------------------


@pytest.fixture
def shot(customer):
    ticket = make_ticket(customer, screenshots=[clean("report.png")])
    return Screenshot.objects.get(ticket=ticket)


def shot_url(shot) -> str:
    return f"/api/v1/screenshots/{shot.public_id}/"


def test_owner_gets_the_image_with_safe_headers(customer_api, shot):
    response = customer_api.get(shot_url(shot), HTTP_ACCEPT="image/*")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="report.png"'
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "Authorization" in response["Vary"] and "Cookie" in response["Vary"]
    with shot.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_agent_gets_the_image(agent_api, shot):
    assert agent_api.get(shot_url(shot)).status_code == 200


def test_other_customer_gets_404(reference_data, shot):
    response = token_client(UserFactory()).get(shot_url(shot), HTTP_ACCEPT="image/*")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_anonymous_gets_404(api_client, shot):
    assert api_client.get(shot_url(shot)).status_code == 404


def test_a_bad_token_gets_401(api_client, shot):
    api_client.credentials(HTTP_AUTHORIZATION="Token nope")
    assert api_client.get(shot_url(shot)).status_code == 401


def test_unknown_screenshot_is_404(agent_api, reference_data):
    assert agent_api.get("/api/v1/screenshots/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_guest_with_the_ticket_in_their_session_gets_the_image(reference_data):
    ticket = make_ticket(None, screenshots=[clean()])
    shot = Screenshot.objects.get(ticket=ticket)
    client = APIClient()
    assert client.get(shot_url(shot)).status_code == 404
    session = client.session
    session["guest_ticket_grants"] = [[ticket.reference, ticket.guest_link_version]]
    session.save()
    assert client.get(shot_url(shot)).status_code == 200


def test_a_guest_session_does_not_open_an_account_holders_ticket(shot):
    client = APIClient()
    session = client.session
    session["guest_ticket_grants"] = [[shot.ticket.reference, shot.ticket.guest_link_version]]
    session.save()
    assert client.get(shot_url(shot)).status_code == 404


def test_screenshot_on_an_internal_note_is_for_agents_only(customer, agent):
    ticket = make_ticket(customer)
    services.ticket_reply(ticket=ticket, author=agent, body="evidence", internal=True, screenshots=[clean()])
    shot = Screenshot.objects.get()
    assert token_client(customer).get(shot_url(shot)).status_code == 404
    assert token_client(agent).get(shot_url(shot)).status_code == 200
    assert token_client(customer).get(detail_url(ticket)).json()["screenshots"] == []
    assert len(token_client(agent).get(detail_url(ticket)).json()["screenshots"]) == 1


def test_content_disposition_cannot_be_broken_by_the_stored_name(customer_api, shot):
    Screenshot.objects.filter(pk=shot.pk).update(original_name='a"b\r\nSet-Cookie: x=1;\\.html')
    response = customer_api.get(shot_url(shot))
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="') and disposition.endswith('.png"')
    assert "\r" not in disposition and "\n" not in disposition and disposition.count('"') == 2
    assert ".html" not in disposition


def test_a_missing_file_is_a_404_not_a_500(customer_api, shot):
    shot.file.storage.delete(shot.file.name)
    assert customer_api.get(shot_url(shot)).status_code == 404


def test_detail_links_open_for_the_owner(customer_api, customer, shot):
    body = customer_api.get(detail_url(shot.ticket)).json()
    url = body["screenshots"][0]["url"]
    assert url == f"http://testserver/api/v1/screenshots/{shot.public_id}/"
    assert customer_api.get(url.removeprefix("http://testserver")).status_code == 200
