"""The SLA sweep on a real database: warnings and breaches once, escalation, set-based queries."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import deliver_outbox
from tests.tickets.make import make_ticket
from tickets import refdata, services
from tickets.models import Notification, SlaPolicy, SlaTimer, Status, Ticket, TicketEvent
from tickets.services import sla_sweep

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0)


def _tickets(customer, n=1, type_slug="deposit_withdrawal"):
    return [
        make_ticket(customer, type_slug=type_slug, title=f"Withdrawal {i}", description="stuck", now=T0)
        for i in range(n)
    ]


def _kinds(ticket):
    return list(ticket.events.filter(kind__startswith="sla_").values_list("kind", "after__target"))


def test_warning_then_breach_then_escalation_each_once(customer):
    [ticket] = _tickets(customer)  # high: first response 1 h, warning at 48 min
    assert sla_sweep(now=T0 + timedelta(minutes=47)).as_dict()["warnings"] == 0

    result = sla_sweep(now=T0 + timedelta(minutes=50))
    deliver_outbox()
    assert (result.warnings, result.breaches) == (1, 0)
    assert _kinds(ticket) == [("sla_warning", "first_response")]
    assert any("SLA warning" in m.subject for m in mail.outbox)

    result = sla_sweep(now=T0 + timedelta(minutes=61))
    again = sla_sweep(now=T0 + timedelta(minutes=62))
    deliver_outbox()
    assert (result.breaches, result.escalated) == (1, 1)
    assert (again.warnings, again.breaches) == (0, 0)
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.team.slug, ticket.priority) == (2, "specialists", "high")
    assert ticket.sla_breached_at == T0 + timedelta(minutes=61)
    assert _kinds(ticket) == [("sla_warning", "first_response"), ("sla_breach", "first_response")]
    escalation = ticket.events.get(kind=TicketEvent.Kind.ESCALATED)
    assert escalation.before["tier"] == 1 and escalation.after == {
        "tier": 2,
        "team": "specialists",
        "priority": "high",
        "reason": "sla_breach",
    }
    assert Notification.objects.filter(ticket=ticket, kind="sla_breach", team__slug="specialists").exists()


def test_breaches_climb_to_tier_3_and_stop_there(customer):
    [ticket] = _tickets(customer)
    sla_sweep(now=T0 + timedelta(hours=2))  # first response breached → tier 2
    sla_sweep(now=T0 + timedelta(hours=25))  # resolution breached → tier 3
    ticket.refresh_from_db()
    assert ticket.tier == 3 and ticket.team.slug == "security"
    services.ticket_set_priority(ticket=ticket, actor=None, priority="urgent", now=T0 + timedelta(hours=25))
    sla_sweep(now=T0 + timedelta(hours=40))
    ticket.refresh_from_db()
    assert ticket.tier == 3
    assert ticket.events.filter(kind=TicketEvent.Kind.ESCALATED).count() == 2


def test_policy_can_raise_priority_instead_of_tier(customer):
    SlaPolicy.objects.filter(name="High").update(escalate_on_breach=False, raise_priority_on_breach=True)
    refdata.invalidate()  # .update() sends no signal
    [ticket] = _tickets(customer)
    sla_sweep(now=T0 + timedelta(hours=2))
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.priority) == (1, "urgent")


def test_a_priority_raised_on_a_breach_brings_the_new_prioritys_deadlines(customer):
    """The drift the review found: the sweep's raise skipped the recompute that ticket_set_priority
    always runs, so the raised ticket kept the old priority's deadlines."""
    SlaPolicy.objects.filter(name="High").update(escalate_on_breach=False, raise_priority_on_breach=True)
    refdata.invalidate()
    [ticket] = _tickets(customer)  # high: first response 1 h, resolution 24 h
    sla_sweep(now=T0 + timedelta(hours=2))
    ticket.refresh_from_db()
    assert ticket.sla_policy.name == "Urgent"
    # Resolution: 2 h of the urgent policy's 4 h are used, so it is due at T0 + 4 h (was T0 + 24 h).
    assert ticket.resolution_due == T0 + timedelta(hours=4)
    # The breached first response keeps its passed deadline: it does not breach again at once.
    assert ticket.first_response_due == T0 + timedelta(hours=1)
    later = sla_sweep(now=T0 + timedelta(hours=2, minutes=1))
    assert later.breaches == 0
    assert ticket.events.filter(kind="sla_breach").count() == 1


def test_paused_solved_and_answered_tickets_are_not_touched(customer, agent):
    paused, solved, answered = _tickets(customer, 3)
    services.ticket_change_status(ticket=paused, actor=agent, status=Status.PENDING, now=T0 + timedelta(minutes=1))
    services.ticket_change_status(ticket=solved, actor=agent, status=Status.SOLVED, now=T0 + timedelta(minutes=1))
    services.ticket_reply(ticket=answered, author=agent, body="hi", now=T0 + timedelta(minutes=1))
    result = sla_sweep(now=T0 + timedelta(hours=2))
    assert result.breaches == 0 and result.warnings == 0
    assert Ticket.objects.filter(tier=1).count() == 3


def test_a_stale_timer_is_consumed_without_effect(customer, agent):
    [ticket] = _tickets(customer)
    # Simulate a timer left behind by a crash between a status change and arming.
    Ticket.objects.filter(pk=ticket.pk).update(status=Status.SOLVED)
    result = sla_sweep(now=T0 + timedelta(hours=30))
    assert result.stale == 4 and result.breaches == 0
    assert not SlaTimer.objects.filter(fired_at__isnull=True).exists()


def test_same_deadline_is_never_breached_twice_even_if_rearmed(customer, agent):
    [ticket] = _tickets(customer)
    sla_sweep(now=T0 + timedelta(hours=2))
    ticket.refresh_from_db()
    from tickets.services import clocks

    clocks.arm_timers(ticket)  # re-arming the same deadlines (e.g. a retried service call)
    assert sla_sweep(now=T0 + timedelta(hours=2, minutes=1)).breaches == 0


def test_query_count_does_not_grow_with_the_number_of_due_tickets(customer):
    def sweep_queries(n):
        _tickets(customer, n)
        with CaptureQueriesContext(connection) as ctx:
            result = sla_sweep(now=T0 + timedelta(hours=2), batch_size=1000)
        assert result.breaches == n
        return len(ctx.captured_queries)

    small = sweep_queries(3)
    large = sweep_queries(30)  # below SQLite's 999-parameter limit, where bulk inserts would split
    assert large == small


def test_batches_split_the_work(customer):
    _tickets(customer, 7)
    result = sla_sweep(now=T0 + timedelta(minutes=50), batch_size=3)
    assert result.warnings == 7 and result.batches == 3  # 7 first-response warnings in batches of 3


def test_a_late_sweep_lets_the_breach_supersede_the_warning(customer):
    [ticket] = _tickets(customer)
    result = sla_sweep(now=T0 + timedelta(hours=2))  # the warning (48 min) and the breach (60 min) are both due
    assert (result.warnings, result.superseded, result.breaches) == (0, 1, 1)
    assert _kinds(ticket) == [("sla_breach", "first_response")]
    assert not SlaTimer.objects.filter(ticket=ticket, target="first_response", fired_at__isnull=True).exists()
