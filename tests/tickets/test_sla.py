"""SLA arithmetic: exact cases and properties over random calendars (no database)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tickets import sla

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = sla.Calendar(
    tz="Europe/Berlin", hours={d: ((time(9), time(17)),) for d in range(5)}, holidays=frozenset({date(2026, 12, 25)})
)

zones = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Shanghai", "Australia/Sydney"])
moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC))
# A calendar may be open one hour a week; three days of business time then take 72 weeks.
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3))


@st.composite
def spans(draw):
    start = draw(st.integers(min_value=0, max_value=22))
    end = draw(st.integers(min_value=start + 1, max_value=24))
    return (time(start), time(0) if end == 24 else time(end))


@st.composite
def calendars(draw):
    if draw(st.booleans()):
        return sla.Calendar(tz=draw(zones))
    hours = draw(
        st.dictionaries(st.integers(0, 6), st.lists(spans(), min_size=1, max_size=1).map(tuple), min_size=1, max_size=7)
    )
    holidays = draw(st.frozensets(st.dates(min_value=date(2025, 1, 1), max_value=date(2029, 1, 1)), max_size=20))
    return sla.Calendar(tz=draw(zones), hours=hours, holidays=holidays)


@settings(max_examples=200, deadline=None)
@given(start=moments, duration=durations, calendar=calendars())
def test_a_deadline_is_never_before_its_start(start, duration, calendar):
    assert sla.add_business_time(start, duration, calendar) >= start


@settings(max_examples=200, deadline=None)
@given(start=moments, duration=durations, calendar=calendars())
def test_business_time_to_the_deadline_is_the_duration(start, duration, calendar):
    due = sla.add_business_time(start, duration, calendar)
    assert sla.business_time_between(start, due, calendar) == duration


@settings(max_examples=200, deadline=None)
@given(
    start=moments,
    duration=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=3)),
    pause_after=durations,
    pause_for=durations,
    calendar=calendars(),
)
def test_pausing_never_brings_a_deadline_earlier(start, duration, pause_after, pause_for, calendar):
    due = sla.add_business_time(start, duration, calendar)
    paused_at = start + pause_after
    left = sla.remaining_at(now=paused_at, due=due, calendar=calendar)
    resumed_at = paused_at + pause_for
    new_due = sla.add_business_time(resumed_at, max(left, timedelta(0)), calendar)
    if left > timedelta(0):
        assert new_due >= due
        # and the business time that was left is exactly what remains after resuming
        assert sla.business_time_between(resumed_at, new_due, calendar) == left


@settings(max_examples=100, deadline=None)
@given(start=moments, duration=durations, tz=zones)
def test_on_a_24_7_calendar_a_deadline_is_plain_addition(start, duration, tz):
    local_start = start.astimezone(ZoneInfo(tz))
    assert sla.add_business_time(local_start, duration, sla.Calendar(tz=tz)) == start + duration


def test_daylight_saving_change_in_the_calendars_zone():
    # Berlin springs forward on Sunday 2026-03-29; office hours are in local time on both sides.
    friday_4pm = datetime(2026, 3, 27, 16, 0, tzinfo=BERLIN)
    due = sla.add_business_time(friday_4pm, timedelta(hours=2), OFFICE)
    assert due == datetime(2026, 3, 30, 10, 0, tzinfo=BERLIN)
    assert due.astimezone(UTC) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # CEST: UTC+2 after the change


def test_around_the_clock_in_a_dst_zone_counts_real_hours_not_wall_clock():
    calendar = sla.Calendar(tz="Europe/Berlin")
    saturday_noon = datetime(2026, 3, 28, 12, 0, tzinfo=BERLIN)
    due = sla.add_business_time(saturday_noon, timedelta(hours=24), calendar)
    assert due.astimezone(UTC) - saturday_noon.astimezone(UTC) == timedelta(hours=24)
    assert due.astimezone(BERLIN).hour == 13  # the wall clock moved an hour forward overnight


def test_holidays_and_weekends_are_skipped():
    christmas_eve_4pm = datetime(2026, 12, 24, 16, 0, tzinfo=BERLIN)  # Thursday; Friday the 25th is a holiday
    due = sla.add_business_time(christmas_eve_4pm, timedelta(hours=2), OFFICE)
    assert due == datetime(2026, 12, 28, 10, 0, tzinfo=BERLIN)


def test_a_deadline_started_out_of_hours_counts_from_the_next_opening():
    saturday = datetime(2026, 5, 16, 11, 0, tzinfo=BERLIN)
    assert sla.add_business_time(saturday, timedelta(minutes=15), OFFICE) == datetime(2026, 5, 18, 9, 15, tzinfo=BERLIN)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        sla.add_business_time(datetime(2026, 1, 1), timedelta(hours=1))


def test_calendar_without_any_hours_in_reach_fails_loudly():
    closed = sla.Calendar(
        tz="UTC",
        hours={0: ((time(9), time(10)),)},
        holidays=frozenset(date(2026, 1, 1) + timedelta(days=n) for n in range(4 * 366)),
    )
    with pytest.raises(ValueError):
        sla.add_business_time(datetime(2026, 1, 1, tzinfo=UTC), timedelta(hours=1), closed)


@pytest.mark.parametrize(
    ("warning", "expected_minutes"),
    [
        (sla.WarningPoint(percent=80), 48),
        (sla.WarningPoint(before=timedelta(minutes=10)), 50),
        (sla.WarningPoint(), None),
    ],
)
def test_warning_points(warning, expected_minutes):
    start = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    deadline = sla.lay_out(
        target=sla.FIRST_RESPONSE,
        start=start,
        remaining=timedelta(hours=1),
        full=timedelta(hours=1),
        calendar=sla.ALWAYS_OPEN,
        warning=warning,
    )
    assert deadline.due == start + timedelta(hours=1)
    if expected_minutes is None:
        assert deadline.warn_at is None
    else:
        assert deadline.warn_at == start + timedelta(minutes=expected_minutes)


def test_a_warning_already_passed_at_resume_fires_at_once():
    # Resumed with 5 minutes left of a 4-hour target whose warning lead is 48 minutes.
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    deadline = sla.lay_out(
        target=sla.RESOLUTION,
        start=now,
        remaining=timedelta(minutes=5),
        full=timedelta(hours=4),
        calendar=sla.ALWAYS_OPEN,
        warning=sla.WarningPoint(percent=80),
    )
    assert deadline.due == now + timedelta(minutes=5)
    assert deadline.warn_at == now


@pytest.mark.parametrize(
    ("status", "pause_on_hold", "paused"),
    [
        ("pending", False, True),
        ("on_hold", True, True),
        ("on_hold", False, False),
        ("open", True, False),
    ],
)
def test_which_statuses_pause(status, pause_on_hold, paused):
    assert sla.is_paused(status=status, pause_on_hold=pause_on_hold) is paused
