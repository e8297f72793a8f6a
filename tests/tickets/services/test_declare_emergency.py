"""An emergency told after the ticket was filed (``ticket_declare_emergency``): the ticket becomes
what a ticket filed as an emergency is, urgent at the top tier with the urgent deadlines, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.tickets.make import make_ticket
from tickets import rules, services
from tickets.models import Notification, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def test_it_is_urgent_at_the_top_tier_with_the_urgent_deadlines_and_the_team_is_told(reference_data):
    now = timezone.now()
    ticket = make_ticket(now=now)
    assert ticket.priority != "urgent" and ticket.tier == 1
    later = now + timedelta(minutes=5)
    raised = services.ticket_declare_emergency(
        ticket=ticket, actor=None, reason="Told us: my account was hacked", now=later
    )

    filed = services.ticket_create(  # the same ticket filed as an emergency, for comparison
        data=services.TicketInput(
            type=ticket.type, title="x", description="y", contact_email="third@example.com", asset="USDT"
        ),
        requester=None,
        emergency=True,
        now=later,
    )
    raised = Ticket.objects.get(pk=raised.pk)
    assert (
        (raised.priority, raised.tier)
        == (rules.EMERGENCY_PRIORITY, rules.EMERGENCY_TIER)
        == (filed.priority, filed.tier)
    )
    assert raised.team == filed.team and raised.team.tier == raised.tier
    # the urgent policy's target, counted from when each was filed (as a priority change counts it)
    assert raised.first_response_due - now == filed.first_response_due - later
    kinds = list(TicketEvent.objects.filter(ticket=raised).values_list("kind", flat=True))
    assert {TicketEvent.Kind.PRIORITY, TicketEvent.Kind.ESCALATED, TicketEvent.Kind.SLA} <= set(kinds)
    escalated = TicketEvent.objects.get(ticket=raised, kind=TicketEvent.Kind.ESCALATED)
    assert escalated.after["reason"] == "Told us: my account was hacked" and escalated.actor is None
    assert Notification.objects.filter(ticket=raised, kind=Notification.Kind.ESCALATED).exists()


def test_twice_or_on_a_ticket_that_is_no_longer_active_changes_nothing(reference_data, agent):
    ticket = make_ticket()
    services.ticket_declare_emergency(ticket=ticket, actor=None, reason="hacked")
    events = TicketEvent.objects.filter(ticket=ticket).count()
    services.ticket_declare_emergency(ticket=ticket, actor=None, reason="hacked again")
    assert TicketEvent.objects.filter(ticket=ticket).count() == events

    solved = make_ticket(email="solved@example.com", status="solved", actor=agent)
    before = (solved.priority, solved.tier, TicketEvent.objects.filter(ticket=solved).count())
    services.ticket_declare_emergency(ticket=solved, actor=None, reason="hacked")
    solved.refresh_from_db()
    assert (solved.priority, solved.tier, TicketEvent.objects.filter(ticket=solved).count()) == before


def test_an_urgent_ticket_at_tier_one_only_moves_up_with_no_priority_event(reference_data, agent):
    ticket = make_ticket(priority="urgent", actor=agent)
    priority_events = TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.PRIORITY).count()
    services.ticket_declare_emergency(ticket=ticket, actor=None, reason="hacked")
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.tier) == ("urgent", rules.EMERGENCY_TIER)
    assert TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.PRIORITY).count() == priority_events
    assert TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.ESCALATED).count() == 1
