"""Helpers shared by the queue's test modules: the queue's URL, tickets with a deadline set directly, the rows shown."""

from tests.factories import UserFactory
from tests.tickets.make import make_ticket
from tickets.models import Team, Ticket
from tickets.roles import supervisors_group

QUEUE = "/admin/tickets/ticket/"


def _team(slug: str) -> Team:
    return Team.objects.get(slug=slug)


def _ticket(**fields) -> Ticket:
    """A ticket through the services; its deadline is set directly (the queue's tests travel in time)."""
    deadline = {"sla_due": fields.pop("sla_due")} if "sla_due" in fields else {}
    fields.setdefault("team", _team("frontline"))
    ticket = make_ticket(**fields)
    if deadline:
        Ticket.objects.filter(pk=ticket.pk).update(**deadline)
        ticket.refresh_from_db()
    return ticket


def _rows(client, query="") -> list[str]:
    """References shown in the queue, in order."""
    response = client.get(QUEUE + query)
    assert response.status_code == 200, response.status_code
    return [row["reference"] for row in response.context["page"].rows]


def _refs(client, query="") -> set[str]:
    return set(_rows(client, query))


def _supervisor():
    user = UserFactory(username="supervisor1", is_staff=True)
    user.groups.add(supervisors_group())
    return user
