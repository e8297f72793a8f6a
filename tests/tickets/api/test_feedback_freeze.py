"""Satisfaction feedback and the emergency freeze over the API."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import token_client
from tests.factories import UserFactory
from tests.tickets.make import make_ticket
from tickets import services
from tickets.models import Feedback, Status, Ticket

pytestmark = pytest.mark.django_db


def _ticket(customer):
    return make_ticket(customer, type_slug="trading", title="Order not filled", description="limit order")


def test_owner_rates_a_solved_ticket_once(customer, customer_api, agent):
    ticket = _ticket(customer)
    url = f"/api/v1/tickets/{ticket.reference}/feedback/"
    assert customer_api.post(url, {"rating": 5}, format="json").status_code == 409  # not solved yet
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    response = customer_api.post(url, {"rating": 4, "comment": "quick"}, format="json")
    assert response.status_code == 201 and response.json()["rating"] == 4
    assert customer_api.post(url, {"rating": 1}, format="json").status_code == 409
    assert Feedback.objects.get(ticket=ticket).rating == 4


@pytest.mark.parametrize(
    "body",
    [{"rating": 0}, {"rating": 6}, {"rating": "five"}, {"rating": [5]}, {}, {"rating": 3, "comment": "x" * 2001}],
)
def test_bad_ratings_are_refused(customer, customer_api, agent, body):
    ticket = _ticket(customer)
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    response = customer_api.post(f"/api/v1/tickets/{ticket.reference}/feedback/", body, format="json")
    assert response.status_code == 400 and "errors" in response.json()
    assert not Feedback.objects.exists()


def test_only_the_requester_may_rate(customer, agent, agent_api):
    ticket = _ticket(customer)
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.SOLVED)
    url = f"/api/v1/tickets/{ticket.reference}/feedback/"
    assert agent_api.post(url, {"rating": 5}, format="json").status_code == 404
    assert token_client(UserFactory()).post(url, {"rating": 1}, format="json").status_code == 404


def test_anonymous_emergency_freeze_opens_an_urgent_tier_3_ticket(reference_data):
    response = APIClient().post(
        "/api/v1/emergency/freeze/",
        {
            "contact_email": "victim@example.com",
            "what_happened": "unknown login",
            "language": "zh-hans",
            "priority": "low",
            "tier": 1,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(reference=response.json()["reference"])
    assert (ticket.priority, ticket.tier, ticket.team.slug, ticket.language) == ("urgent", 3, "security", "zh-hans")
    assert ticket.title == "紧急：冻结我的账户"  # in the language the request asked for


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"contact_email": "nope"},
        {"contact_email": ["a@b.example"]},
        {"contact_email": "a@b.example", "contact_phone": "555"},
    ],
)
def test_emergency_freeze_validates_input(reference_data, body):
    response = APIClient().post("/api/v1/emergency/freeze/", body, format="json")
    assert response.status_code == 400
    assert Ticket.objects.count() == 0
