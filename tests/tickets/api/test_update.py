"""PATCH /api/v1/tickets/<reference>/ (the contract's row): agents change the handling through the
workspace's services; one test per field, then scope, validation and hostile input."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import token_client
from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_ticket
from tickets import services
from tickets.models import Notification, Status, Tag, Team, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def _url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.reference}/"


@pytest.fixture
def ticket(customer):
    return make_ticket(customer, title="USDT withdrawal stuck")


def _patch(client, ticket, body, **kwargs):
    return client.patch(_url(ticket), body, format="json", **kwargs)


def _kinds(ticket) -> list[str]:
    return list(ticket.events.order_by("id").values_list("kind", flat=True))


# -- one field at a time ---------------------------------------------------------------------------


def test_status(agent_api, ticket):
    response = _patch(agent_api, ticket, {"status": "pending"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "pending" and response.json()["sla_paused"] is True
    ticket.refresh_from_db()
    assert ticket.status == Status.PENDING and TicketEvent.Kind.SLA_PAUSED in _kinds(ticket)


def test_an_illegal_status_change_is_409_and_changes_nothing(agent_api, ticket, agent):
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    response = _patch(agent_api, ticket, {"status": "open", "priority": "low", "tags": ["late"]})
    assert response.status_code == 409
    assert "status" in response.json()["errors"]
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED and ticket.priority != "low" and not ticket.tags.exists()


def test_priority_moves_the_deadlines(agent_api, ticket):
    before = Ticket.objects.get(pk=ticket.pk).first_response_due
    response = _patch(agent_api, ticket, {"priority": "urgent"})
    assert response.status_code == 200 and response.json()["priority"] == "urgent"
    ticket.refresh_from_db()
    assert ticket.first_response_due < before
    assert {TicketEvent.Kind.PRIORITY, TicketEvent.Kind.SLA} <= set(_kinds(ticket))


def test_type_by_slug(agent_api, ticket):
    response = _patch(agent_api, ticket, {"type": "account_security"})
    assert response.status_code == 200 and response.json()["type"] == "account_security"
    assert TicketEvent.Kind.TYPE in _kinds(Ticket.objects.get(pk=ticket.pk))


def test_team_by_slug_moves_the_tier_with_it(agent_api, ticket):
    response = _patch(agent_api, ticket, {"team": "security"})
    assert response.status_code == 200
    assert response.json()["team"] == "security" and response.json()["tier"] == 3
    assert {TicketEvent.Kind.TEAM, TicketEvent.Kind.TIER} <= set(_kinds(Ticket.objects.get(pk=ticket.pk)))


def test_team_null_unroutes(agent_api, ticket):
    response = _patch(agent_api, ticket, {"team": None})
    assert response.status_code == 200 and response.json()["team"] is None


def test_assignee_by_username_notifies_the_colleague(agent_api, ticket):
    colleague = AgentFactory(username="jo")
    response = _patch(agent_api, ticket, {"assignee": "jo"})
    assert response.status_code == 200 and response.json()["assignee"] == "jo"
    assert Notification.objects.filter(ticket=ticket, kind=Notification.Kind.ASSIGNED, recipient=colleague).exists()
    response = _patch(agent_api, ticket, {"assignee": None})
    assert response.status_code == 200 and response.json()["assignee"] is None


def test_tags_become_exactly_the_list(agent_api, ticket, agent):
    services.ticket_tags_change(ticket=ticket, actor=agent, add=["old", "keep"])
    response = _patch(agent_api, ticket, {"tags": ["Keep", "new  tag"]})
    assert response.status_code == 200
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["keep", "new tag"]
    event = ticket.events.filter(kind=TicketEvent.Kind.TAGS).latest("id")
    assert event.after == {"tags": ["keep", "new tag"]}
    assert _patch(agent_api, ticket, {"tags": []}).status_code == 200
    assert not ticket.tags.exists()


def test_several_fields_in_one_request(agent_api, ticket):
    AgentFactory(username="jo", teams=[Team.objects.get(slug="specialists")])
    body = {"team": "specialists", "assignee": "jo", "priority": "high", "tags": ["trc20"], "status": "on_hold"}
    response = _patch(agent_api, ticket, body)
    assert response.status_code == 200
    data = response.json()
    assert (data["team"], data["assignee"], data["priority"], data["status"]) == (
        "specialists",
        "jo",
        "high",
        "on_hold",
    )


# -- who may ---------------------------------------------------------------------------------------


def test_the_requester_may_read_but_not_patch(customer_api, ticket):
    assert customer_api.get(_url(ticket)).status_code == 200
    response = _patch(customer_api, ticket, {"status": "solved"})
    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).status == ticket.status


def test_another_customer_gets_404(ticket, reference_data):
    assert _patch(token_client(UserFactory()), ticket, {"status": "solved"}).status_code == 404


def test_an_agent_outside_the_tickets_scope_gets_404(reference_data, customer):
    secret = make_ticket(customer, type_slug="account_security")
    frontline = AgentFactory(teams=[Team.objects.get(slug="frontline")])
    assert _patch(token_client(frontline), secret, {"priority": "low"}).status_code == 404


def test_anonymous_is_401_and_an_unknown_reference_404(agent_api, ticket):
    assert _patch(APIClient(), ticket, {"status": "open"}).status_code == 401
    assert agent_api.patch("/api/v1/tickets/SD-ZZZZZZ/", {"status": "open"}, format="json").status_code == 404


def test_patch_is_throttled_like_the_rest_of_the_api(agent_api, ticket, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "reference_lookup": "2/min"},
    }
    codes = [_patch(agent_api, ticket, {"priority": "low"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


# -- validation and hostile input -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "nope"}, "type"),
        ({"team": "nope"}, "team"),
        ({"assignee": "nobody"}, "assignee"),
        ({"status": "reopened"}, "status"),
        ({"priority": "critical"}, "priority"),
        ({"tags": ["<script>"]}, "tags"),
        ({"tags": "kyc"}, "tags"),
        ({"tags": ["x"] * 51}, "tags"),
        ({"tags": ["t" * 51]}, "tags"),
        ({"team": 3}, "team"),
        ({"assignee": ["jo"]}, "assignee"),
        ({"type": "deposit\x00"}, "type"),
        ({"assignee": "a" * 5000}, "assignee"),
        ({"title": "Hacked"}, "title"),
        ({"requester": 1}, "requester"),
        ({}, "non_field_errors"),
    ],
)
def test_invalid_input_is_400_with_field_errors_and_changes_nothing(agent_api, ticket, body, field):
    before = Ticket.objects.filter(pk=ticket.pk).values().get()
    response = _patch(agent_api, ticket, body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert Ticket.objects.filter(pk=ticket.pk).values().get() == before
    assert not Tag.objects.exists()


def test_a_customer_is_not_an_assignee(agent_api, ticket, customer):
    response = _patch(agent_api, ticket, {"assignee": customer.username})
    assert response.status_code == 400 and "assignee" in response.json()["errors"]


@pytest.mark.parametrize("raw", [b"[]", b'"status"', b"null", b"{bad json"])
def test_a_body_that_is_not_an_object_is_400(agent_api, ticket, raw):
    response = agent_api.generic("PATCH", _url(ticket), raw, content_type="application/json")
    assert response.status_code == 400
