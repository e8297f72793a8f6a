"""The reports' CSV export: bad dates refused, an attachment named after the range, formula injection neutralised."""

import csv
import io

import pytest

from tests.tickets.selectors._reports_helpers import EXPORT_URL, at, make_ticket
from tickets.admin.reports import csv_safe
from tickets.models import Team, TicketType


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
