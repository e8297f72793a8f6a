"""The supervisors' reports page: figures aggregated in SQL, the date range, permissions, CSV."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_ticket as shared_make_ticket
from tickets.admin.reports import csv_safe
from tickets.models import Feedback, SlaPolicy, Status, Team, Ticket, TicketEvent, TicketType
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


def by_key(rows, field="key"):
    return {row[field]: row for row in rows}


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


# --- Permissions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [REPORTS_URL, EXPORT_URL])
def test_anonymous_is_sent_to_the_admin_sign_in(client, reference_data, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [REPORTS_URL, EXPORT_URL])
def test_a_plain_agent_may_not_see_the_reports(client, agent, url):
    client.force_login(agent)

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [REPORTS_URL, EXPORT_URL])
def test_a_customer_is_sent_to_the_admin_sign_in(client, customer, url):
    client.force_login(customer)

    assert client.get(url).status_code == 302


@pytest.mark.parametrize("make_user", [supervisor, superuser], ids=["supervisor", "admin"])
@pytest.mark.parametrize("url", [REPORTS_URL, EXPORT_URL])
def test_supervisors_and_admins_see_the_reports(client, reference_data, make_user, url):
    client.force_login(make_user())

    assert client.get(url).status_code == 200


def test_urls_are_named_in_the_admin_namespace():
    assert reverse("admin:tickets_ticket_reports") == REPORTS_URL
    assert reverse("admin:tickets_ticket_reports_export") == EXPORT_URL


# --- The page ------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client_(client, reference_data):
    client.force_login(superuser())
    return client


def test_page_shows_every_section_as_a_table_in_the_admin_look(admin_client_, hand_made):
    response = admin_client_.get(REPORTS_URL, {"start": "2026-03-01", "end": "2026-03-07"})
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["period"] == PERIOD
    assert 'class="breadcrumbs"' in html
    assert 'id="report-data"' in html
    for heading in (
        "SLA attainment",
        "First-response time",
        "Resolution time",
        "Ticket volume by type and day",
        "Backlog by age",
        "Escalations",
        "Satisfaction",
    ):
        assert heading in html
    assert "66.7% met (2 of 3)" in html
    assert "Average 4.0 out of 5 from 2 ratings" in html
    assert "No ratings in this period" not in html
    main = html[html.index('id="content-main"') :]
    assert main.count("<table") == 8  # one per figure: the charts' data readable without JavaScript
    assert reverse("admin:tickets_ticket_reports_export") + "?start=2026-03-01&amp;end=2026-03-07" in html


def test_page_says_when_there_are_no_ratings(admin_client_):
    html = admin_client_.get(REPORTS_URL).content.decode()

    assert "No ratings in this period." in html


def test_page_loads_the_vendored_chart_library_and_no_cdn(admin_client_):
    html = admin_client_.get(REPORTS_URL).content.decode()

    assert f'src="{settings.STATIC_URL}vendor/chartjs/chart.umd.min.js"' in html
    assert f'src="{settings.STATIC_URL}tickets/reports.js"' in html
    assert 'src="http' not in html and 'src="//' not in html


def test_the_vendored_chart_library_is_in_static_with_its_licence():
    vendor = Path(settings.BASE_DIR) / "static" / "vendor" / "chartjs"

    library = (vendor / "chart.umd.min.js").read_text(encoding="utf-8")
    assert library.startswith("/*!\n * Chart.js v4.")
    assert "sourceMappingURL" not in library  # the map is not vendored; collectstatic would miss it
    assert "MIT License" in (vendor / "LICENSE.md").read_text(encoding="utf-8")
    assert "Chart.js 4." in (vendor / "VERSION").read_text(encoding="utf-8")
    assert (Path(settings.BASE_DIR) / "static" / "tickets" / "reports.js").exists()


def test_page_in_chinese_uses_the_chinese_names(admin_client_, hand_made):
    html = admin_client_.get(
        REPORTS_URL, {"start": "2026-03-01", "end": "2026-03-07"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert "一线支持" in html
    assert "/zh-hans/jsi18n/" in html


def test_default_range_is_the_last_thirty_days(admin_client_):
    response = admin_client_.get(REPORTS_URL)
    today = timezone.localdate()

    assert response.status_code == 200
    assert response.context["period"] == reports.DateRange(start=today - timedelta(days=29), end=today)
    assert response.context["form"]["start"].value() == today - timedelta(days=29)


def test_only_start_given_runs_to_today(admin_client_):
    today = timezone.localdate()
    response = admin_client_.get(REPORTS_URL, {"start": (today - timedelta(days=3)).isoformat()})

    assert response.status_code == 200
    assert response.context["period"] == reports.DateRange(start=today - timedelta(days=3), end=today)


def test_a_full_year_is_allowed(admin_client_):
    response = admin_client_.get(REPORTS_URL, {"start": "2024-01-01", "end": "2024-12-31"})  # 366 days

    assert response.status_code == 200
    assert response.context["period"] == reports.DateRange(start=date(2024, 1, 1), end=date(2024, 12, 31))


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-02-30"},
        {"start": "yesterday"},
        {"start": "2026-13-01", "end": "2026-13-02"},
        {"start": "<script>alert(1)</script>"},
        {"start": "1" * 5000},
        {"start": "2026-03-07", "end": "2026-03-01"},  # reversed
        {"start": "2024-01-01", "end": "2025-01-01"},  # 367 days
        {"start": "0001-01-01", "end": "0001-01-02"},
        {"start": "9999-12-30", "end": "9999-12-31"},  # the day after would overflow
        {"end": "1999-12-31"},
        {"start": "2026-03-01\x00", "end": "2026-03-07"},
        {"start": "２０２６-０３-０１"},  # full-width digits
    ],
)
def test_bad_dates_are_explained_and_the_default_range_shown(admin_client_, params):
    response = admin_client_.get(REPORTS_URL, params)
    today = timezone.localdate()

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errornote"' in html and 'class="errorlist' in html
    assert "<script>alert(1)</script>" not in html
    assert response.context["period"] == reports.DateRange(start=today - timedelta(days=29), end=today)


def test_export_refuses_bad_dates(admin_client_):
    response = admin_client_.get(EXPORT_URL, {"start": "2026-03-07", "end": "2026-03-01"})

    assert response.status_code == 400
    assert "start date must not be after the end date" in response.content.decode()


# --- CSV ---------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_export_is_a_csv_attachment_named_after_the_range(admin_client_, hand_made):
    response = admin_client_.get(EXPORT_URL, {"start": "2026-03-01", "end": "2026-03-07"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="supportdesk-reports-2026-03-01-to-2026-03-07.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == ["report", "group", "label", "value", "total", "percent"]
    assert ["sla_attainment", "priority", "Urgent", "1", "2", "50.0"] in rows
    assert ["sla_attainment", "overall", "", "2", "3", "66.7"] in rows
    assert ["first_response_time", "bucket", "No response yet", "1", "4", ""] in rows
    assert ["volume", "2026-03-01", "Deposits and withdrawals", "2", "", ""] in rows
    assert ["escalations", "total", "Tier 2: specialists", "2", "4", ""] in rows
    assert ["satisfaction", "average", "", "4.0", "2", ""] in rows
    # The view's backlog is as of the real clock: all four active tickets are months old by now.
    assert ["backlog_age", "bucket", "Over 7 days", "4", "4", ""] in rows


def test_export_neutralises_formula_injection_in_names(admin_client_, reference_data):
    Team.objects.filter(slug="frontline").update(name_en='=HYPERLINK("http://evil","x")')
    TicketType.objects.filter(slug="trading").update(name_en="@SUM(1)")
    TicketType.objects.filter(slug="api").update(name_en="-5")
    TicketType.objects.filter(slug="other").update(name_en="+cmd|' /C calc'!A0")
    make_ticket(created_at=at(2, 10), team="frontline", type_slug="trading")
    make_ticket(created_at=at(2, 10), type_slug="api")
    make_ticket(created_at=at(2, 10), type_slug="other")

    rows = read_csv(admin_client_.get(EXPORT_URL, {"start": "2026-03-01", "end": "2026-03-07"}))
    cells = [cell for row in rows for cell in row]

    assert '\'=HYPERLINK("http://evil","x")' in cells
    assert "'@SUM(1)" in cells
    assert "'-5" in cells  # a number that arrives as text is text: quoted
    assert "'+cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    # Real numbers stay numbers.
    assert ["volume", "total", "'@SUM(1)", "1", "3", ""] in rows


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Front line", "Front line"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),
        (-2.5, -2.5),
        (7, 7),
    ],
)
def test_csv_safe_quotes_only_strings_a_spreadsheet_would_run(value, expected):
    assert csv_safe(value) == expected
