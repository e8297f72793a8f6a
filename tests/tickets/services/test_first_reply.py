"""The first public reply takes an unassigned ticket (tickets.services.conversation): a rule of the
service, so the workspace, the API and e-mail all follow it."""

import pytest

from tests.conftest import token_client
from tests.factories import AgentFactory
from tests.tickets.make import make_ticket
from tickets import services
from tickets.models import Notification, TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(customer):
    return make_ticket(customer)


def test_the_first_public_reply_assigns_its_author_with_an_event(ticket, agent):
    services.ticket_reply(ticket=ticket, author=agent, body="On it.")
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    event = ticket.events.get(kind=TicketEvent.Kind.ASSIGNED)
    assert event.actor == agent
    assert event.before == {"assignee": None}
    assert event.after == {"assignee": agent.username, "reason": "first_reply"}
    # Nobody to tell: the author knows (a colleague's assignment is notified, this one is not).
    assert not Notification.objects.filter(ticket=ticket, kind=Notification.Kind.ASSIGNED).exists()


def test_an_internal_note_or_a_customer_reply_assigns_nobody(ticket, agent, customer):
    services.ticket_reply(ticket=ticket, author=agent, body="Checking the chain.", internal=True)
    services.ticket_reply(ticket=ticket, author=customer, body="Any news?")
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_an_assigned_ticket_keeps_its_assignee(ticket, agent):
    colleague = AgentFactory()
    services.ticket_assign(ticket=ticket, actor=agent, assignee=colleague)
    services.ticket_reply(ticket=ticket, author=agent, body="Covering for a colleague.")
    ticket.refresh_from_db()
    assert ticket.assignee == colleague


def test_only_the_first_reply_assigns(ticket, agent):
    services.ticket_reply(ticket=ticket, author=agent, body="First.")
    services.ticket_assign(ticket=ticket, actor=agent, assignee=None)
    services.ticket_reply(ticket=ticket, author=AgentFactory(), body="Second.")
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_a_reply_through_the_api_assigns_too(ticket, agent):
    response = token_client(agent).post(
        f"/api/v1/tickets/{ticket.reference}/messages/", {"body": "Confirmed on chain."}, format="json"
    )
    assert response.status_code == 201
    ticket.refresh_from_db()
    assert ticket.assignee == agent
