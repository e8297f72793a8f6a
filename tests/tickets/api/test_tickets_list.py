"""The ticket list over the API: who sees what, filters, ordering, paging, query count; the public ticket types."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests.tickets.api._ticket_helpers import LIST, make_ticket
from tickets import refdata, services
from tickets.models import Status, Team, Ticket, TicketType

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
