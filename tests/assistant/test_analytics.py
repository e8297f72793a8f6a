"""Containment the way Zendesk counts it, and the assistant's section of the editors' analytics page."""

from datetime import UTC, datetime, timedelta

import pytest

from assistant.models import Conversation, Message
from assistant.selectors import containment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def conversation(visitor: str, *, hours_ago: float, **fields) -> Conversation:
    return Conversation.objects.create(
        visitor_hash=visitor, created_at=NOW - timedelta(hours=hours_ago), last_activity_at=NOW, **fields
    )


def test_containment_excludes_handoffs_tickets_and_returns_within_72_hours(reference_data):
    conversation("a", hours_ago=100)  # contained
    conversation("b", hours_ago=100, handed_over_at=NOW - timedelta(hours=99))  # handed over
    conversation("c", hours_ago=100)  # came back within 72 h
    conversation("c", hours_ago=90)
    conversation("d", hours_ago=200)  # came back, but after 72 h: both count
    conversation("d", hours_ago=100)
    conversation("e", hours_ago=10)  # too young to judge
    figures = containment(since=NOW - timedelta(days=30), now=NOW)
    # counted: a, b, c(100), c(90), d(200), d(100) = 6; contained: a, c(90), d(200), d(100)
    assert figures.conversations == 6 and figures.contained == 4
    assert figures.rate == pytest.approx(4 / 6)


def test_empty_period_has_no_rate(reference_data):
    assert containment(since=NOW - timedelta(days=7), now=NOW).rate is None


def test_the_analytics_page_shows_containment_and_assistant_gaps(client, reference_data):
    old = Conversation.objects.create(visitor_hash="z", language="en")
    Conversation.objects.filter(pk=old.pk).update(created_at=datetime.now(UTC) - timedelta(days=4))
    Message.objects.create(
        conversation=old, author="assistant", body="unsure", query="purple marmalade", low_confidence=True
    )
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get("/admin/knowledgebase/article/analytics/").content.decode()
    assert 'id="assistant"' in page and 'data-figure="containment-rate"' in page
    assert "purple marmalade" in page and "100%" in page
