"""SLA clocks on real tickets: start, respond, pause, resume, reopen, recompute."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import deliver_outbox
from tests.tickets.make import make_ticket
from tickets import refdata, services
from tickets.models import SlaPolicy, SlaTimer, Status, TicketEvent, TicketType
from tickets.services import TicketInput

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0)


def _ticket(customer, *, type_slug="deposit_withdrawal", title="Withdrawal stuck", now=T0):
    return make_ticket(customer, type_slug=type_slug, title=title, description="pending for a day", now=now)


def _timers(ticket):
    return sorted(
        SlaTimer.objects.filter(ticket=ticket, fired_at__isnull=True).values_list("target", "kind", "fire_at")
    )


def test_new_ticket_gets_policy_deadlines_and_timers(customer):
    ticket = _ticket(customer)  # deposit/withdrawal: high → 1 h / 24 h, warning at 80 %
    assert ticket.sla_policy.name == "High"
    assert ticket.first_response_due == T0 + timedelta(hours=1)
    assert ticket.resolution_due == T0 + timedelta(hours=24)
    assert ticket.sla_due == ticket.first_response_due
    assert _timers(ticket) == [
        ("first_response", "breach", T0 + timedelta(hours=1)),
        ("first_response", "warning", T0 + timedelta(minutes=48)),
        ("resolution", "breach", T0 + timedelta(hours=24)),
        ("resolution", "warning", T0 + timedelta(hours=24) * 0.8),
    ]


def test_first_agent_reply_meets_first_response_and_cancels_its_timers(customer, agent):
    ticket = _ticket(customer)
    services.ticket_reply(ticket=ticket, author=agent, body="On it", now=T0 + timedelta(minutes=5))
    ticket.refresh_from_db()
    assert [t[0] for t in _timers(ticket)] == ["resolution", "resolution"]
    assert ticket.sla_due == ticket.resolution_due
    assert ticket.first_response_due == T0 + timedelta(hours=1)  # the promise stays on record


def test_customer_message_rearms_next_response_until_an_agent_answers(customer, agent):
    ticket = _ticket(customer)
    services.ticket_reply(ticket=ticket, author=agent, body="TXID please", now=T0 + timedelta(minutes=5))
    services.ticket_reply(ticket=ticket, author=customer, body="here", now=T0 + timedelta(minutes=30))
    ticket.refresh_from_db()
    assert ticket.next_response_due == T0 + timedelta(minutes=30) + timedelta(hours=2)
    assert ticket.sla_due == ticket.next_response_due
    services.ticket_reply(ticket=ticket, author=agent, body="thanks", now=T0 + timedelta(minutes=40))
    ticket.refresh_from_db()
    assert "next_response" not in ticket.sla_clocks
    assert [t[0] for t in _timers(ticket)] == ["resolution", "resolution"]


def test_pending_pauses_and_paused_time_never_counts(customer, agent):
    ticket = _ticket(customer)
    services.ticket_reply(ticket=ticket, author=agent, body="TXID please", now=T0 + timedelta(minutes=10))
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.PENDING, now=T0 + timedelta(hours=2))
    ticket.refresh_from_db()
    assert ticket.sla_paused_at == T0 + timedelta(hours=2)
    assert ticket.sla_due is None and ticket.resolution_due is None and _timers(ticket) == []
    assert ticket.sla_clocks["resolution"]["left"] == 22 * 3600

    # The customer answers five hours later: the clock resumes with the 22 hours it had left.
    services.ticket_reply(ticket=ticket, author=customer, body="here it is", now=T0 + timedelta(hours=7))
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN and ticket.sla_paused_at is None
    assert ticket.resolution_due == T0 + timedelta(hours=29)
    kinds = list(ticket.events.values_list("kind", flat=True))
    assert TicketEvent.Kind.SLA_PAUSED in kinds and TicketEvent.Kind.SLA_RESUMED in kinds


def test_on_hold_pauses_only_when_the_policy_says_so(customer, agent):
    SlaPolicy.objects.filter(name="High").update(pause_on_hold=False)
    refdata.invalidate()  # .update() sends no signal
    ticket = _ticket(customer)
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.ON_HOLD, now=T0 + timedelta(minutes=5))
    ticket.refresh_from_db()
    assert ticket.sla_paused_at is None and ticket.sla_due == T0 + timedelta(hours=1)

    SlaPolicy.objects.filter(name="High").update(pause_on_hold=True)
    refdata.invalidate()  # .update() sends no signal
    other = _ticket(customer)
    services.ticket_change_status(ticket=other, actor=agent, status=Status.ON_HOLD, now=T0 + timedelta(minutes=5))
    other.refresh_from_db()
    assert other.sla_paused_at is not None and other.sla_due is None


def test_solved_meets_resolution_and_reopen_rearms_it(customer, agent):
    ticket = _ticket(customer)
    services.ticket_reply(ticket=ticket, author=agent, body="fixed", now=T0 + timedelta(minutes=10))
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.SOLVED, now=T0 + timedelta(hours=1))
    ticket.refresh_from_db()
    assert ticket.sla_clocks == {} and ticket.sla_due is None and _timers(ticket) == []

    services.ticket_reply(ticket=ticket, author=customer, body="still not there", now=T0 + timedelta(hours=3))
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.resolution_due == T0 + timedelta(hours=3) + timedelta(hours=24)


def test_priority_change_moves_deadlines_and_keeps_time_already_used(customer, agent):
    ticket = _ticket(customer)  # high: 1 h first response
    services.ticket_set_priority(ticket=ticket, actor=agent, priority="urgent", now=T0 + timedelta(minutes=10))
    ticket.refresh_from_db()
    assert ticket.sla_policy.name == "Urgent"
    # 10 minutes of the 15-minute urgent target are used: 5 left.
    assert ticket.first_response_due == T0 + timedelta(minutes=15)
    assert ticket.resolution_due == T0 + timedelta(hours=4)


def test_type_change_recomputes_too(customer, agent):
    ticket = _ticket(customer, type_slug="other")  # low: 24 h
    services.ticket_set_type(ticket=ticket, actor=agent, ticket_type=TicketType.objects.get(slug="trading"), now=T0)
    ticket.refresh_from_db()
    assert ticket.type.slug == "trading"
    assert ticket.sla_policy.name == "Low"  # the priority stays; only a priority/type policy would differ


def test_policies_match_in_order_with_type_and_customer_tier(customer):
    vip_policy = SlaPolicy.objects.create(
        name="VIP deposits",
        position=0,
        customer_tiers=["vip1", "vip2", "vip3"],
        first_response_target=timedelta(minutes=5),
        resolution_target=timedelta(hours=1),
    )
    vip_policy.ticket_types.add(TicketType.objects.get(slug="deposit_withdrawal"))
    assert _ticket(customer).sla_policy.name == "High"
    customer.tier = "vip1"
    customer.save()
    ticket = _ticket(customer)
    assert ticket.sla_policy == vip_policy
    assert ticket.priority == "urgent"  # high, raised one level for a VIP
    assert ticket.first_response_due == T0 + timedelta(minutes=5)


def test_theft_keywords_route_to_security_urgent(customer):
    ticket = _ticket(customer, type_slug="trading", title="My account was hacked and BTC withdrawn")
    assert (ticket.priority, ticket.tier, ticket.team.slug, ticket.type.slug) == (
        "urgent",
        3,
        "security",
        "account_security",
    )
    assert ticket.events.filter(kind=TicketEvent.Kind.RULE).exists()
    zh = _ticket(customer, type_slug="other", title="账户被盗，资产被转走")
    assert (zh.priority, zh.tier) == ("urgent", 3)


def test_emergency_ticket_is_urgent_tier_3_and_alerts_security(customer):
    from django.core import mail

    ticket = services.ticket_create(
        data=TicketInput(
            title="Freeze my account",
            description="I think someone has my password",
            type=TicketType.objects.get(slug="account_security"),
            contact_email=customer.email,
        ),
        requester=customer,
        emergency=True,
    )
    deliver_outbox()
    assert (ticket.priority, ticket.tier, ticket.team.slug) == ("urgent", 3, "security")
    alert = next(m for m in mail.outbox if m.to == ["security@supportdesk.example"])
    assert "EMERGENCY" in alert.subject


def test_manual_escalation_needs_a_reason_and_stops_at_the_ends(customer, agent):
    from tickets.exceptions import DomainError

    ticket = _ticket(customer)
    with pytest.raises(DomainError):
        services.ticket_escalate(ticket=ticket, actor=agent, reason="  ")
    services.ticket_escalate(ticket=ticket, actor=agent, reason="needs chain analysis")
    ticket.refresh_from_db()
    assert (ticket.tier, ticket.team.slug) == (2, "specialists")
    services.ticket_escalate(ticket=ticket, actor=agent, reason="possible fraud")
    with pytest.raises(DomainError):
        services.ticket_escalate(ticket=ticket, actor=agent, reason="again")
    services.ticket_deescalate(ticket=ticket, actor=agent, reason="cleared by security")
    ticket.refresh_from_db()
    assert ticket.tier == 2
    reasons = list(ticket.events.filter(kind__in=["escalated", "deescalated"]).values_list("after__reason", flat=True))
    assert reasons == ["needs chain analysis", "possible fraud", "cleared by security"]


def test_an_edited_policy_moves_the_deadlines_of_its_open_tickets(customer, agent, admin_client):
    ticket = _ticket(customer)  # High: 1 h first response
    policy = SlaPolicy.objects.get(name="High")
    policy.first_response_target = timedelta(minutes=30)
    policy.save()
    admin_client.post(
        "/admin/tickets/slapolicy/", {"action": "recompute_open_tickets", "_selected_action": [policy.pk]}
    )
    from tickets.tasks import sla_recompute_policy_task

    sla_recompute_policy_task(policy.pk)  # what the admin queued after commit
    ticket.refresh_from_db()
    # The time already used still counts: the deadline is 30 minutes after the ticket's start.
    assert abs((ticket.first_response_due - (T0 + timedelta(minutes=30))).total_seconds()) < 1
    assert ticket.events.filter(kind="sla").count() == 2
