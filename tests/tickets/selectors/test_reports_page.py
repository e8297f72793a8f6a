"""The supervisors' reports page: who may see it, its sections and chart library, its language, and the date range."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.tickets.selectors._reports_helpers import EXPORT_URL, PERIOD, REPORTS_URL, superuser, supervisor
from tickets.selectors import reports

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
