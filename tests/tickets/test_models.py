import re

import pytest

from tickets.models import (
    REFERENCE_REGEX,
    STATUS_TRANSITIONS,
    Status,
    can_transition,
    new_reference,
)


def test_references_match_the_public_shape_and_rarely_repeat():
    """2,000 draws from 29^6 ≈ 594 million: a repeat happens about once in 300 runs (the birthday bound),
    three or more about once in ten million. A repeat is not a bug: ticket_create draws again on the
    unique constraint (test_reference_collision_draws_a_new_reference)."""
    draws = [new_reference() for _ in range(2000)]
    assert len(set(draws)) >= len(draws) - 2
    assert all(re.fullmatch(REFERENCE_REGEX, r) for r in draws)


def test_references_avoid_look_alike_characters():
    joined = "".join(new_reference()[3:] for _ in range(500))
    assert not set(joined) & set("01OIL")


@pytest.mark.parametrize("status", list(Status))
def test_every_status_has_a_transition_row(status):
    assert status in STATUS_TRANSITIONS
    assert status not in STATUS_TRANSITIONS[status]


def test_closed_is_final_and_solved_can_reopen():
    assert not any(can_transition(Status.CLOSED, s) for s in Status)
    assert can_transition(Status.SOLVED, Status.OPEN)
    assert not can_transition(Status.SOLVED, Status.PENDING)
    assert not can_transition("nonsense", Status.OPEN)
