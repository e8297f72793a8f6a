"""The timeline's change text: stored machine values read as words, in the page's language."""

import pytest
from django.utils import translation

from tickets.timeline import event_change_text

pytestmark = pytest.mark.django_db


def test_status_and_priority_read_as_their_labels():
    assert event_change_text({"status": "new"}, {"status": "open"}) == "Status: New → Open"
    assert event_change_text(None, {"priority": "urgent"}) == "Priority: Urgent"


def test_escalation_names_the_tier_team_and_reason(reference_data):
    text = event_change_text(
        {"tier": 1, "team": "frontline"}, {"tier": 2, "team": "specialists", "reason": "sla_breach"}
    )
    assert text == (
        "Tier: Tier 1: front line → Tier 2: specialists · Team: Front line → Specialists · Reason: SLA breached"
    )


def test_deadlines_lists_booleans_and_ids():
    text = event_change_text(
        None,
        {"target": "first_response", "due": "2026-11-24T09:30:00+00:00", "paused": False, "message": 42},
    )
    assert text == "Target: first response · Due: 2026-11-24 09:30 UTC · Clock paused: no"
    assert event_change_text({"tags": []}, {"tags": ["kyc", "vip"]}) == "Tags: — → kyc, vip"


def test_unknown_keys_and_values_are_shown_as_stored():
    assert event_change_text(None, {"mystery": "x", "status": "gone"}) == "mystery: x · Status: gone"
    assert event_change_text(None, {"due": "not a date"}) == "Due: not a date"


def test_in_chinese(reference_data):
    with translation.override("zh-hans"):
        text = event_change_text({"status": "new", "team": "frontline"}, {"status": "open", "team": "specialists"})
    assert "→" in text and "Status" not in text and "frontline" not in text
