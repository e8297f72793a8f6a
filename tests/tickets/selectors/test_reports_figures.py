"""The reports' figures, aggregated in SQL: SLA, first response, resolution, volume, backlog, escalations, ratings."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.tickets.selectors._reports_helpers import (
    NOW,
    PERIOD,
    REPORTS_URL,
    at,
    by_key,
    make_event,
    make_ticket,
    superuser,
)
from tickets.models import Feedback, Status, Team, Ticket, TicketType
from tickets.selectors import reports

# --- Figures -----------------------------------------------------------------------------------------


def test_sla_attainment_counts_only_tickets_with_a_policy_in_the_range(hand_made):
    sla = reports.report_build(period=PERIOD, now=NOW)["sla"]

    priorities = by_key(sla["by_priority"])
    assert list(priorities) == ["urgent", "high"]  # low has no policy; t5 (urgent) is outside
    assert priorities["urgent"] | {"label": None} == {
        "key": "urgent",
        "label": None,
        "total": 2,
        "met": 1,
        "breached": 1,
        "percent": 50.0,
    }
    assert (priorities["high"]["total"], priorities["high"]["met"], priorities["high"]["percent"]) == (1, 1, 100.0)
    assert str(priorities["urgent"]["label"]) == "Urgent"

    teams = by_key(sla["by_team"])
    assert list(teams) == ["frontline", "specialists"]
    assert (teams["frontline"]["met"], teams["frontline"]["total"]) == (1, 2)
    assert teams["frontline"]["label"] == "Front line"
    assert (teams["specialists"]["met"], teams["specialists"]["total"]) == (1, 1)
    assert sla["overall"] == {"total": 3, "met": 2, "breached": 1, "percent": 66.7}


def test_first_response_and_resolution_buckets_averages_and_median(hand_made):
    report = reports.report_build(period=PERIOD, now=NOW)

    first = report["first_response"]
    assert {key: row["count"] for key, row in by_key(first["buckets"]).items()} == {
        "lt_15m": 1,
        "15m_1h": 1,
        "1h_4h": 1,
        "4h_24h": 0,
        "gt_24h": 0,
        "none": 1,  # t4
    }
    assert (first["total"], first["measured"]) == (4, 3)
    assert first["average"] == timedelta(minutes=(10 + 30 + 120) / 3)

    resolution = report["resolution"]
    assert {key: row["count"] for key, row in by_key(resolution["buckets"]).items()} == {
        "lt_15m": 0,
        "15m_1h": 0,
        "1h_4h": 1,
        "4h_24h": 0,
        "gt_24h": 1,
        "none": 2,
    }
    assert resolution["average"] == timedelta(hours=16)

    if connection.vendor == "postgresql":
        assert first["median_supported"] is True
        assert first["median"] == timedelta(minutes=30)
        assert resolution["median"] == timedelta(hours=16)
    else:
        assert first["median_supported"] is False
        assert first["median"] is None


def test_a_ticket_closed_without_being_solved_is_resolved_when_closed(reference_data):
    make_ticket(created_at=at(2, 10), status=Status.CLOSED, closed_at=at(2, 10, 20))
    make_ticket(created_at=at(2, 10), status=Status.CLOSED, solved_at=at(2, 11), closed_at=at(5, 10))

    resolution = reports.report_build(period=PERIOD, now=NOW)["resolution"]

    counts = {key: row["count"] for key, row in by_key(resolution["buckets"]).items()}
    assert (counts["15m_1h"], counts["1h_4h"], counts["none"]) == (1, 1, 0)  # solved_at wins over closed_at
    assert resolution["average"] == timedelta(minutes=40)


def test_bucket_edges_are_half_open(reference_data):
    make_ticket(created_at=at(2, 10), first_responded_at=at(2, 10, 15))  # exactly 15 min: the second bucket
    make_ticket(created_at=at(2, 10), first_responded_at=at(2, 10, 14, 59))
    make_ticket(created_at=at(2, 10), first_responded_at=at(3, 10))  # exactly 24 h: over 24 hours

    buckets = by_key(reports.report_build(period=PERIOD, now=NOW)["first_response"]["buckets"])

    assert (buckets["lt_15m"]["count"], buckets["15m_1h"]["count"], buckets["gt_24h"]["count"]) == (1, 1, 1)


def test_volume_by_type_and_day_fills_every_day_of_the_range(hand_made):
    volume = reports.report_build(period=PERIOD, now=NOW)["volume"]

    assert volume["days"] == [date(2026, 3, d) for d in range(1, 8)]
    types = by_key(volume["types"])
    assert list(types) == ["deposit_withdrawal", "trading"]  # the types' own order
    assert types["deposit_withdrawal"]["counts"] == [2, 0, 0, 0, 0, 0, 0]
    assert types["trading"]["counts"] == [0, 1, 0, 0, 0, 0, 1]  # t4 at 23:59:59 on the last day
    assert volume["per_day"] == [2, 1, 0, 0, 0, 0, 1]
    assert volume["total"] == 4


def test_backlog_counts_active_tickets_by_age_whatever_the_range(hand_made):
    backlog = reports.report_build(period=PERIOD, now=NOW)["backlog"]

    counts = {key: row["count"] for key, row in by_key(backlog["buckets"]).items()}
    # Active: t2 (open, 7 d 1 h), t4 (new, 12 h), t5 (pending, 8 d), t6 (new, 12 h); t1/t3 solved, t7 closed.
    assert counts == {"lt_1d": 2, "1d_3d": 0, "3d_7d": 0, "gt_7d": 2}
    assert backlog["total"] == 4


def test_escalations_per_day_and_tier_reached(hand_made):
    escalations = reports.report_build(period=PERIOD, now=NOW)["escalations"]

    tiers = by_key(escalations["tiers"])
    assert list(tiers) == ["2", "3", "unknown"]
    assert tiers["2"]["counts"] == [0, 2, 0, 0, 0, 0, 0]
    assert str(tiers["2"]["label"]) == "Tier 2: specialists"
    assert tiers["3"]["counts"] == [0, 0, 1, 0, 0, 0, 0]
    assert tiers["unknown"]["counts"] == [0, 0, 0, 0, 1, 0, 0]
    assert escalations["total"] == 4  # the de-escalation and the February escalation are not counted


def test_satisfaction_distribution_and_average(hand_made):
    satisfaction = reports.report_build(period=PERIOD, now=NOW)["satisfaction"]

    assert satisfaction["count"] == 2  # t7's rating belongs to a ticket created after the range
    assert satisfaction["average"] == 4.0
    assert [row["count"] for row in satisfaction["distribution"]] == [0, 0, 1, 0, 1]
    assert satisfaction["distribution"][4]["percent"] == 50.0


def test_empty_period_has_no_percentages_and_no_averages(reference_data):
    report = reports.report_build(period=PERIOD, now=NOW)

    assert report["sla"]["overall"] == {"total": 0, "met": 0, "breached": 0, "percent": None}
    assert report["first_response"]["average"] is None
    assert report["satisfaction"] == {
        "count": 0,
        "average": None,
        "distribution": [{"rating": r, "count": 0, "percent": None} for r in range(1, 6)],
    }


def _tickets(count: int) -> None:
    types = list(TicketType.objects.all())
    teams = [*Team.objects.all(), None]
    priorities = ["urgent", "high", "normal", "low"]
    statuses = [Status.NEW, Status.OPEN, Status.SOLVED, Status.CLOSED]
    for n in range(count):
        ticket = make_ticket(
            created_at=at(1 + n % 7, n % 24),
            type_slug=types[n % len(types)].slug,
            team=teams[n % len(teams)].slug if teams[n % len(teams)] else None,
            priority=priorities[n % 4],
            status=statuses[n % 4],
            first_responded_at=at(1 + n % 7, n % 24) + timedelta(minutes=7 * n),
            solved_at=at(1 + n % 7, n % 24) + timedelta(hours=n) if n % 2 else None,
            sla_breached_at=at(1 + n % 7, 23) if n % 3 == 0 else None,
        )
        make_event(ticket, when=at(1 + n % 7, 12), after={"tier": 2 + n % 2})
        if statuses[n % 4] == Status.SOLVED:
            Feedback.objects.create(ticket=ticket, rating=1 + n % 5)


def _queries_for_report() -> int:
    with CaptureQueriesContext(connection) as captured:
        reports.report_build(period=PERIOD, now=NOW)
    return len(captured.captured_queries)


def test_report_query_count_does_not_grow_with_tickets(reference_data):
    _tickets(5)
    few = _queries_for_report()
    _tickets(45)
    many = _queries_for_report()

    assert Ticket.objects.count() == 50
    assert few == many
    assert many <= 8  # one query per section (two for SLA attainment)


def test_reports_page_query_count_does_not_grow_with_tickets(reference_data, client):
    client.force_login(superuser())
    url = f"{REPORTS_URL}?start=2026-03-01&end=2026-03-07"
    _tickets(5)
    client.get(url)  # warm the per-process caches (content types, sessions) before counting
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _tickets(45)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(few.captured_queries) == len(many.captured_queries)
