"""The admin shows SLA state, escalates by hand with a reason, and lists an agent's notifications."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import AgentFactory
from tests.tickets.make import make_ticket
from tickets.models import Notification, Team, Ticket
from tickets.services import sla_sweep

pytestmark = pytest.mark.django_db


def _ticket(customer):
    return make_ticket(customer, description="pending")


def test_queue_shows_time_left_and_overdue(client, agent, customer):
    fresh, late = _ticket(customer), _ticket(customer)
    Ticket.objects.filter(pk=late.pk).update(sla_due=timezone.now() - timedelta(minutes=5))
    client.force_login(agent)
    page = client.get("/admin/tickets/ticket/").content.decode()
    assert "sla-ok" in page and "min left" in page
    assert "sla-breached" in page and "overdue 5 min" in page
    overdue_only = client.get("/admin/tickets/ticket/?sla=overdue").content.decode()
    assert late.reference in overdue_only and fresh.reference not in overdue_only


def test_escalate_action_asks_for_a_reason_then_moves_the_ticket(client, agent, customer):
    ticket = _ticket(customer)
    client.force_login(agent)
    form = client.post("/admin/tickets/ticket/", {"action": "escalate_selected", "_selected_action": [ticket.pk]})
    assert form.status_code == 200 and "Reason" in form.content.decode()
    ticket.refresh_from_db()
    assert ticket.tier == 1  # nothing happens without a reason

    client.post(
        "/admin/tickets/ticket/",
        {
            "action": "escalate_selected",
            "_selected_action": [ticket.pk],
            "confirm": "1",
            "reason": "needs on-chain tracing",
        },
    )
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.team.slug) == (2, "specialists")
    assert ticket.events.get(kind="escalated").after["reason"] == "needs on-chain tracing"


def test_agents_see_their_own_and_their_teams_notifications(client, agent, customer):
    ticket = _ticket(customer)
    sla_sweep(now=timezone.now() + timedelta(hours=2))  # breach → specialists are told
    specialist = AgentFactory(teams=[Team.objects.get(slug="specialists")])
    assert Notification.objects.filter(ticket=ticket, kind="sla_breach", team__slug="specialists").exists()

    client.force_login(specialist)
    subject = f"[{ticket.reference}] SLA breached"
    assert subject in client.get("/admin/tickets/notification/").content.decode()
    frontline = AgentFactory(teams=[Team.objects.get(slug="frontline")])
    client.force_login(frontline)  # front line only: the breach went to the specialists
    page = client.get("/admin/tickets/notification/?kind__exact=sla_breach")
    assert page.status_code == 200 and subject not in page.content.decode()
