"""Helpers shared by the reports' test modules: the week under report, back-dated tickets and events, the users."""

from datetime import UTC, date, datetime

from django.contrib.auth.models import Group

from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_ticket as shared_make_ticket
from tickets.models import SlaPolicy, Team, Ticket, TicketEvent
from tickets.roles import SUPERVISORS_GROUP
from tickets.selectors import reports

REPORTS_URL = "/admin/tickets/ticket/reports/"
EXPORT_URL = "/admin/tickets/ticket/reports/export/"

PERIOD = reports.DateRange(start=date(2026, 3, 1), end=date(2026, 3, 7))
NOW = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)


def at(day: int, hour: int = 0, minute: int = 0, second: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


def make_ticket(*, created_at: datetime, type_slug="deposit_withdrawal", team="frontline", policy=True, **fields):
    """A ticket filed through the services, then moved back in time with its figures set by hand
    (``update`` bypasses ``default``/``auto_now``): the reports read history, which tests must write."""
    ticket = shared_make_ticket(type_slug=type_slug)
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=created_at,
        team=Team.objects.get(slug=team) if team else None,
        sla_policy=SlaPolicy.objects.order_by("pk").first() if policy else None,
        **fields,
    )
    return ticket


def make_event(ticket, *, when: datetime, kind=TicketEvent.Kind.ESCALATED, after=None):
    event = TicketEvent.objects.create(ticket=ticket, kind=kind, after=after)
    TicketEvent.objects.filter(pk=event.pk).update(created_at=when)
    return event


def supervisor():
    user = AgentFactory()
    group, _ = Group.objects.get_or_create(name=SUPERVISORS_GROUP)
    user.groups.add(group)
    return user


def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def by_key(rows, field="key"):
    return {row[field]: row for row in rows}
