"""occurred_at from relative and absolute times, with a fixed now (Wednesday 12 March 2025)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assistant.understanding import extract

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)  # 18:00 in Shanghai, a Wednesday in both
SHANGHAI = ZoneInfo("Asia/Shanghai")


def utc(text):
    return extract(text, now=NOW).occurred_at


def sh(text):
    return extract(text, now=NOW, tz=SHANGHAI).occurred_at


def at(day, hour, minute=0, tz=UTC):
    return datetime(2025, 3, day, hour, minute, tzinfo=tz)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", at(11, 12)),
        ("yesterday at 3pm", at(11, 15)),
        ("yesterday around 15:30", at(11, 15, 30)),
        ("at 3pm yesterday", at(11, 15)),
        ("yesterday morning", at(11, 9)),
        ("2 hours ago", NOW - timedelta(hours=2)),
        ("an hour ago", NOW - timedelta(hours=1)),
        ("half an hour ago", NOW - timedelta(minutes=30)),
        ("3 days ago", NOW - timedelta(days=3)),
        ("this morning", at(12, 9)),
        ("last night", at(11, 22)),
        ("on Monday", at(10, 12)),
        ("last Friday at 9am", at(7, 9)),
        ("the day before yesterday", at(10, 12)),
        ("on 2025-03-01", at(1, 12)),
        ("2025-03-01 14:30", at(1, 14, 30)),
        ("2025-03-01T14:30:00Z", at(1, 14, 30)),
        ("March 3rd", at(3, 12)),
        ("pending for 3 days", NOW - timedelta(days=3)),
        ("just now", NOW),
    ],
)
def test_english_times_in_utc(text, expected):
    assert utc(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昨天下午3点", at(11, 15, tz=SHANGHAI)),
        ("昨天下午三点半", at(11, 15, 30, tz=SHANGHAI)),
        ("昨天晚上8点", at(11, 20, tz=SHANGHAI)),
        ("昨晚", at(11, 20, tz=SHANGHAI)),
        ("两个小时前", NOW - timedelta(hours=2)),
        ("2小时前", NOW - timedelta(hours=2)),
        ("半小时前", NOW - timedelta(minutes=30)),
        ("一个半小时前", NOW - timedelta(minutes=90)),
        ("三天前", NOW - timedelta(days=3)),
        ("今天早上", at(12, 8, tz=SHANGHAI)),
        ("前天", at(10, 12, tz=SHANGHAI)),
        ("大前天上午10点", at(9, 10, tz=SHANGHAI)),
        ("上周五", at(7, 12, tz=SHANGHAI)),
        ("上星期一凌晨2点", at(3, 2, tz=SHANGHAI)),
        ("周一", at(10, 12, tz=SHANGHAI)),
        ("3月1日下午2点", at(1, 14, tz=SHANGHAI)),
        ("充了 300 U 两个小时还没到账", NOW - timedelta(hours=2)),
        ("刚刚充值", NOW),
    ],
)
def test_chinese_times_in_shanghai(text, expected):
    assert sh(text) == expected


def test_the_same_words_read_in_another_zone_give_another_moment():
    # 18:00 in Shanghai is still the 12th; "昨天" is the 11th there, at noon local = 04:00 UTC.
    assert sh("昨天") == at(11, 12, tz=SHANGHAI)
    assert sh("昨天").astimezone(UTC) == at(11, 4)


@pytest.mark.parametrize(
    "text",
    [
        "my deposit is missing",  # no time at all
        "a few hours ago",  # too vague to be a moment
        "tomorrow at 3pm",  # the future
        "today at 11pm",  # later today: has not happened
        "I may 2 times try",  # the verb "may", not the month
        "快一点",  # "a bit faster", not one o'clock
        "2 hours",  # a duration, not a moment
    ],
)
def test_no_confident_time(text):
    assert utc(text) is None


def test_a_part_of_today_not_yet_reached_is_clamped_to_now():
    early = datetime(2025, 3, 12, 7, 0, tzinfo=UTC)
    assert extract("this morning", now=early).occurred_at == early
