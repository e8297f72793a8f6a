"""The reports page of the agent workspace and its CSV export (supervisors and admins only).

Both views parse the date range, call ``reports.report_build`` and shape its result: the page as
charts plus plain tables, the export as CSV rows. ``TicketAdmin.get_urls`` wires them inside
``admin_site.admin_view``, so staff sign-in is already enforced here; the role check is ours.
"""

import csv
from datetime import date, timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tickets.models import Ticket
from tickets.roles import is_supervisor
from tickets.selectors import reports

# Outside this window a date is a typo or a probe; it also keeps ``end + 1 day`` clear of date.max.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)


class ReportRangeForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, input_formats=["%Y-%m-%d"])
    end = forms.DateField(label=_("To"), required=False, input_formats=["%Y-%m-%d"])

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for field in self.fields.values():
            field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        end = cleaned.get("end") or self.today
        start = cleaned.get("start") or end - timedelta(days=reports.DEFAULT_RANGE_DAYS - 1)
        for value in (start, end):
            if not EARLIEST_DATE <= value <= LATEST_DATE:
                raise forms.ValidationError(
                    _("Choose dates between %(earliest)s and %(latest)s."),
                    code="out_of_bounds",
                    params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
                )
        if start > end:
            raise forms.ValidationError(_("The start date must not be after the end date."), code="reversed")
        if (end - start).days + 1 > reports.MAX_RANGE_DAYS:
            raise forms.ValidationError(
                _("Choose at most %(days)d days."), code="too_long", params={"days": reports.MAX_RANGE_DAYS}
            )
        cleaned["period"] = reports.DateRange(start=start, end=end)
        return cleaned


def _period(request: HttpRequest) -> tuple[ReportRangeForm, reports.DateRange]:
    """The form bound to the query string and the range to report on: the default when invalid."""
    today = timezone.localdate()
    data = {key: request.GET[key] for key in ("start", "end") if key in request.GET}
    form = ReportRangeForm(data or None, today=today)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["period"]
    period = reports.default_range(today=today)
    if not form.is_bound:
        form = ReportRangeForm(initial={"start": period.start, "end": period.end}, today=today)
    return form, period


def _require_supervisor(request: HttpRequest) -> None:
    if not is_supervisor(request.user):
        raise PermissionDenied(gettext("Only supervisors and admins see the reports."))


def reports_view(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    form, period = _period(request)
    report = reports.report_build(period=period, now=timezone.now())
    query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
    context = {
        **admin.site.each_context(request),
        "title": _("Reports"),
        "opts": Ticket._meta,
        "form": form,
        "period": period,
        "report": report,
        "time_zone": timezone.get_current_timezone_name(),
        "sla_groups": [
            {
                "key": "sla_priority",
                "title": gettext("By priority"),
                "caption": gettext("SLA attainment by priority"),
                "heading": gettext("Priority"),
                "rows": report["sla"]["by_priority"],
            },
            {
                "key": "sla_team",
                "title": gettext("By team"),
                "caption": gettext("SLA attainment by team"),
                "heading": gettext("Team"),
                "rows": report["sla"]["by_team"],
            },
        ],
        "durations": [
            _duration_section("first_response", gettext("First-response time"), report["first_response"]),
            _duration_section("resolution", gettext("Resolution time"), report["resolution"]),
        ],
        "volume_rows": _day_rows(report["volume"], "types"),
        "escalation_rows": _day_rows(report["escalations"], "tiers"),
        "chart_data": _chart_data(report),
        "export_url": f"{reverse('admin:tickets_ticket_reports_export')}?{query}",
    }
    # Invalid dates: say so, show the default range, and answer 400 like any other bad input.
    status = 400 if form.is_bound and form.errors else 200
    return TemplateResponse(request, "admin/tickets/reports.html", context, status=status)


def format_duration(value: timedelta | None) -> str:
    """``2 h 05 min`` style, coarse on purpose: a report reader compares, they do not time."""
    if value is None:
        return "–"
    minutes = max(0, round(value.total_seconds() / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return gettext("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return gettext("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return gettext("%(minutes)d min") % {"minutes": minutes}


def _duration_section(key: str, title: str, figures: dict) -> dict:
    return {
        "key": key,
        "title": title,
        "figures": figures,
        "average": format_duration(figures["average"]),
        "median": format_duration(figures["median"]),
    }


def _day_rows(section: dict, series: str) -> list[dict]:
    """Table rows for a per-day section; days without any count are left out to keep the table short."""
    return [
        {"day": day, "counts": [entry["counts"][n] for entry in section[series]], "total": section["per_day"][n]}
        for n, day in enumerate(section["days"])
        if section["per_day"][n]
    ]


def _chart_data(report: dict) -> dict:
    """Only what reports.js draws, with every label already translated."""
    sla = report["sla"]
    satisfaction = report["satisfaction"]
    return {
        "labels": {
            "met": gettext("Met"),
            "breached": gettext("Breached"),
            "tickets": gettext("Tickets"),
            "ratings": gettext("Ratings"),
        },
        "sla_priority": [_bar(row) for row in sla["by_priority"]],
        "sla_team": [_bar(row) for row in sla["by_team"]],
        "first_response": [_bucket(b) for b in report["first_response"]["buckets"]],
        "resolution": [_bucket(b) for b in report["resolution"]["buckets"]],
        "volume": {
            "days": [day.isoformat() for day in report["volume"]["days"]],
            "series": [{"label": str(t["label"]), "counts": t["counts"]} for t in report["volume"]["types"]],
        },
        "backlog": [_bucket(b) for b in report["backlog"]["buckets"]],
        "escalations": {
            "days": [day.isoformat() for day in report["escalations"]["days"]],
            "series": [{"label": str(t["label"]), "counts": t["counts"]} for t in report["escalations"]["tiers"]],
        },
        "satisfaction": [{"label": str(row["rating"]), "count": row["count"]} for row in satisfaction["distribution"]]
        if satisfaction["count"]
        else [],
    }


def _bar(row: dict) -> dict:
    return {"label": str(row["label"]), "met": row["met"], "breached": row["breached"]}


def _bucket(row: dict) -> dict:
    return {"label": str(row["label"]), "count": row["count"]}


# --- CSV ---------------------------------------------------------------------------------------------

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Neutralise a cell a spreadsheet would run as a formula by prefixing ``'``.

    Only *strings* are touched: real numbers (ints, floats) stay numbers, so a spreadsheet can sum
    them, and a negative number is harmless as a number. A number that arrives as text ("-5") is
    text, so it is quoted like any other string: the CSV cannot tell the reader it was meant as one.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def reports_export_view(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    form, period = _period(request)
    if form.is_bound and form.errors:
        messages = [str(message) for errors in form.errors.values() for message in errors]
        return HttpResponse(" ".join(messages), status=400, content_type="text/plain; charset=utf-8")
    report = reports.report_build(period=period, now=timezone.now())
    filename = f"supportdesk-reports-{period.start.isoformat()}-to-{period.end.isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte order mark, so spreadsheet programs read the Chinese names as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in report_csv_rows(report):
        writer.writerow([csv_safe(cell) for cell in row])
    return response


def report_csv_rows(report: dict):
    """One file, one row per figure: ``report, group, label, value, total, percent``."""
    yield ["report", "group", "label", "value", "total", "percent"]
    yield ["range", "", "start", report["range"]["start"].isoformat(), "", ""]
    yield ["range", "", "end", report["range"]["end"].isoformat(), "", ""]

    sla = report["sla"]
    for group, rows in (("priority", sla["by_priority"]), ("team", sla["by_team"])):
        for row in rows:
            yield ["sla_attainment", group, str(row["label"]), row["met"], row["total"], _cell(row["percent"])]
    overall = sla["overall"]
    yield ["sla_attainment", "overall", "", overall["met"], overall["total"], _cell(overall["percent"])]

    for name in ("first_response", "resolution"):
        figures = report[name]
        for bucket in figures["buckets"]:
            yield [f"{name}_time", "bucket", str(bucket["label"]), bucket["count"], figures["total"], ""]
        yield [f"{name}_time", "average_seconds", "", _seconds(figures["average"]), figures["measured"], ""]
        if figures["median_supported"]:
            yield [f"{name}_time", "median_seconds", "", _seconds(figures["median"]), figures["measured"], ""]

    volume = report["volume"]
    for entry in volume["types"]:
        for day, count in zip(volume["days"], entry["counts"], strict=True):
            if count:
                yield ["volume", day.isoformat(), str(entry["label"]), count, "", ""]
        yield ["volume", "total", str(entry["label"]), entry["total"], volume["total"], ""]

    backlog = report["backlog"]
    for bucket in backlog["buckets"]:
        yield ["backlog_age", "bucket", str(bucket["label"]), bucket["count"], backlog["total"], ""]

    escalations = report["escalations"]
    for entry in escalations["tiers"]:
        for day, count in zip(escalations["days"], entry["counts"], strict=True):
            if count:
                yield ["escalations", day.isoformat(), str(entry["label"]), count, "", ""]
        yield ["escalations", "total", str(entry["label"]), entry["total"], escalations["total"], ""]

    satisfaction = report["satisfaction"]
    for row in satisfaction["distribution"]:
        yield ["satisfaction", "rating", row["rating"], row["count"], satisfaction["count"], _cell(row["percent"])]
    yield ["satisfaction", "average", "", _cell(satisfaction["average"]), satisfaction["count"], ""]


def _cell(value):
    return "" if value is None else value


def _seconds(value: timedelta | None):
    return "" if value is None else round(value.total_seconds())
