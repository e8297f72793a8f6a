"""Fixtures shared by the reports' test modules: a hand-made week of tickets, and a client signed in as an admin."""

import pytest

from tests.tickets.selectors._reports_helpers import at, make_event, make_ticket, superuser
from tickets.models import Feedback, Status, TicketEvent


@pytest.fixture
def hand_made(reference_data):
    """Seven tickets around the first week of March 2026 (two of them outside it)."""
    t1 = make_ticket(
        created_at=at(1, 10),
        priority="urgent",
        status=Status.SOLVED,
        first_responded_at=at(1, 10, 10),  # 10 min
        solved_at=at(1, 12),  # 2 h
    )
    t2 = make_ticket(
        created_at=at(1, 11),
        priority="urgent",
        status=Status.OPEN,
        first_responded_at=at(1, 11, 30),  # 30 min
        sla_breached_at=at(1, 11, 20),
    )
    t3 = make_ticket(
        created_at=at(2, 9),
        type_slug="trading",
        team="specialists",
        priority="high",
        status=Status.SOLVED,
        first_responded_at=at(2, 11),  # 2 h
        solved_at=at(3, 15),  # 30 h
    )
    t4 = make_ticket(created_at=at(7, 23, 59, 59), type_slug="trading", team=None, policy=False, priority="low")
    # Outside the range on both sides: only the backlog (which ignores the range) sees them.
    t5 = make_ticket(
        created_at=at(28, 12, month=2), priority="urgent", status=Status.PENDING, sla_breached_at=at(28, 13, month=2)
    )
    t6 = make_ticket(created_at=at(8, 0), priority="normal", status=Status.NEW)
    t7 = make_ticket(created_at=at(8, 6), priority="normal", status=Status.CLOSED)

    make_event(t2, when=at(2, 8), after={"tier": 2, "team": "specialists", "reason": "sla_breach"})
    make_event(t3, when=at(2, 18), after={"tier": 2, "team": "specialists", "reason": "crypto expert needed"})
    make_event(t3, when=at(3, 9), after={"tier": 3, "team": "security", "reason": "possible fraud"})
    make_event(t3, when=at(4, 9), kind=TicketEvent.Kind.DEESCALATED, after={"tier": 2})
    make_event(t5, when=at(28, 14, month=2), after={"tier": 2})  # before the range
    make_event(t4, when=at(5, 1), after=None)  # an odd row: counted, tier unknown

    Feedback.objects.create(ticket=t1, rating=5)
    Feedback.objects.create(ticket=t3, rating=3)
    Feedback.objects.create(ticket=t7, rating=1)  # created outside the range
    return {"t1": t1, "t2": t2, "t3": t3, "t4": t4, "t5": t5, "t6": t6, "t7": t7}


@pytest.fixture
def admin_client_(client, reference_data):
    client.force_login(superuser())
    return client
