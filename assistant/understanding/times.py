"""When it happened: "yesterday at 3pm", "2 hours ago", "昨天下午3点", "两个小时前", "上周五", ISO dates.

Everything is relative to `now`, read in `tz`. The first expression in the text that gives a moment
not in the future wins. Defaults, so a day alone still gives a moment: a day without a time is 12:00
(the smallest worst-case error); parts of the day are their middle (morning 09:00, afternoon 15:00,
evening 19:00, night 22:00; 凌晨 03:00, 早上 08:00, 上午 10:00, 中午 12:00, 下午 15:00, 傍晚 18:00,
晚上 20:00); an hour 1–6 with no am/pm or part of the day is taken as afternoon (people say "at 3"
for 15:00). A weekday ("on Monday", "周五") is the latest such day before today; "上周五" is Friday
of the previous calendar week (weeks start on Monday).
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from .numbers import parse_number
from .text import ascii_lower
from .time_patterns import (
    _AFTERNOON_PARTS,
    _DAY_OFFSETS,
    _DAY_PARTS,
    _EARLY_PARTS,
    _EN_CLOCK,
    _EN_PART,
    _EN_WORD_NUMBERS,
    _MONTHS,
    _PART_HOURS,
    _PATTERNS,
    _UNIT_SECONDS,
    _WEEKDAYS_EN,
    _WEEKDAYS_ZH,
    _ZH_CLOCK,
    _ZH_PART,
    _find,
)


@dataclass(frozen=True)
class _Clock:
    hour: int
    minute: int
    explicit: bool  # said as a time, not only as a part of the day


def parse(text: str, *, now: datetime, tz: tzinfo | None = None) -> datetime | None:
    """The moment the text says something happened, or None when it says nothing confident."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    tz = tz or UTC
    local_now = now.astimezone(tz)
    original, text = text, ascii_lower(text)  # patterns are lower case; the original keeps "May" vs "may"
    candidates: list[tuple[int, str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        candidates.extend((m.start(), kind, m) for m in _find(kind, pattern, text))
    # A time of day alone ("at 3pm") only counts when no day word is anywhere: "at 3pm yesterday".
    candidates.sort(key=lambda c: (c[1] in ("clock", "zh_clock"), c[0]))
    for _, kind, match in candidates:
        moment = _resolve(kind, match, text, local_now, original=original)
        if moment is not None and moment <= local_now:
            return moment
    return None


def _resolve(kind: str, m: re.Match[str], text: str, now: datetime, *, original: str) -> datetime | None:
    today = now.date()
    if kind in ("ago", "since"):
        count, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return _minus(now, _en_count(count), unit)
    if kind in ("zh_ago", "zh_since"):
        groups = m.groups()
        if kind == "zh_since" and groups[0] is None:
            groups = groups[3:]
        count = 0.5 if groups[0] == "半" else parse_number(groups[0])
        if count is None:
            return None
        count = float(count) + (0.5 if groups[1] else 0)
        return _minus(now, count, groups[2])
    if kind == "now":
        return now
    if kind == "iso":
        return _iso(m, text, now)
    if kind == "zh_date":
        return _on_day(_dated(today, m.group(1), m.group(2), m.group(3)), text, m, now)
    if kind == "en_date":
        month_group = 1 if m.group(1) else 5
        month = m.group(month_group)
        day, year = (m.group(2), m.group(3)) if month_group == 1 else (m.group(4), m.group(6))
        if month == "may" and not original[m.start(month_group)].isupper():
            return None  # the verb "may", not the month
        return _on_day(_dated(today, year, str(_MONTHS.index(month.lower()[:3]) + 1), day), text, m, now)
    if kind == "en_day" or kind == "zh_day":
        word = m.group(0).lower()
        if word in _DAY_PARTS:
            offset, part = _DAY_PARTS[word]
            return _on_day(today + timedelta(days=offset), text, m, now, part=part)
        return _on_day(today + timedelta(days=_DAY_OFFSETS[word]), text, m, now)
    if kind == "en_weekday":
        qualifier = (m.group(1) or "").lower()
        weekday = _WEEKDAYS_EN.index(m.group(2).lower())
        day = _this_week(today, weekday) if qualifier == "this" else _latest_before(today, weekday)
        return _on_day(day, text, m, now)
    if kind == "zh_weekday":
        weekday = _WEEKDAYS_ZH[m.group(2)]
        week = {"上": -1, "上上": -2, "这": 0, "本": 0}.get(m.group(1) or "")
        if week is None:
            day = _latest_before(today, weekday)
        else:
            day = today - timedelta(days=today.weekday()) + timedelta(weeks=week, days=weekday)
        return _on_day(day, text, m, now)
    if kind in ("clock", "zh_clock"):
        clock = _clock_near(text, m.start(), m.end(), m.start())
        if clock is None:
            return None
        return _at(today, clock, now)
    return None


def _minus(now: datetime, count: float | None, unit: str) -> datetime | None:
    if not count:
        return None
    unit = unit.lower()
    key = {"分": "m", "小": "h", "钟": "h", "天": "d", "周": "w", "星": "w", "礼": "w"}.get(unit[0], unit[0])
    if key not in _UNIT_SECONDS:
        return None
    return now - timedelta(seconds=float(count) * _UNIT_SECONDS[key])


def _en_count(text: str) -> float | None:
    text = text.lower().strip()
    if text in _EN_WORD_NUMBERS:
        return float(_EN_WORD_NUMBERS[text])
    try:
        return float(text)
    except ValueError:
        return None


def _iso(m: re.Match[str], text: str, now: datetime) -> datetime | None:
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        the_day = date(year, month, day)
    except ValueError:
        return None
    if m.group(4) is None:
        return _on_day(the_day, text, m, now)
    try:
        moment = datetime(year, month, day, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
    except ValueError:
        return None
    zone = m.group(7)
    if zone is None:
        return moment.replace(tzinfo=now.tzinfo)
    if zone in ("Z", "UTC"):
        return moment.replace(tzinfo=UTC).astimezone(now.tzinfo)
    return datetime.fromisoformat(moment.isoformat() + zone).astimezone(now.tzinfo)


def _dated(today: date, year: str | None, month: str, day: str) -> date | None:
    try:
        candidate = date(int(year) if year else today.year, int(month), int(day))
    except ValueError:
        return None
    if year is None and candidate > today:  # "12月30日" said in January is last year's
        try:
            candidate = candidate.replace(year=today.year - 1)
        except ValueError:
            return None
    return candidate


def _latest_before(today: date, weekday: int) -> date:
    return today - timedelta(days=(today.weekday() - weekday) % 7 or 7)


def _this_week(today: date, weekday: int) -> date:
    return today - timedelta(days=today.weekday()) + timedelta(days=weekday)


def _on_day(
    day: date | None, text: str, m: re.Match[str], now: datetime, *, part: str | None = None
) -> datetime | None:
    if day is None:
        return None
    clock = _clock_near(text, m.end(), m.end() + 24, m.start(), part=part)
    return _at(day, clock, now)


def _at(day: date, clock: _Clock | None, now: datetime) -> datetime | None:
    hour, minute = (clock.hour, clock.minute) if clock else (12, 0)
    moment = datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)
    if moment > now and not (clock and clock.explicit) and day == now.date():
        return now  # "this morning" said at 08:00, "today" before noon: it has happened, so not later than now
    return moment


def _clock_near(text: str, start: int, end: int, anchor_start: int, *, part: str | None = None) -> _Clock | None:
    """The time of day written right after a day word (or just before it: "at 3pm yesterday")."""
    window = text[start:end]
    before = text[max(0, anchor_start - 16) : anchor_start]
    part_match = _EN_PART.search(window) or _ZH_PART.search(window) or _ZH_PART.search(before[-4:])
    if part_match and part is None:
        part = part_match.group(0).lower()
    clock = _zh_clock(window) or _en_clock(window) or _en_clock_before(before)
    if clock is None:
        return _Clock(_PART_HOURS[part], 0, explicit=False) if part else None
    hour, minute, meridiem = clock
    if meridiem:
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    elif (part in _AFTERNOON_PARTS and hour < 12) or (part in ("中午", "noon") and 1 <= hour <= 3):
        hour += 12
    elif part in _EARLY_PARTS and hour == 12:
        hour = 0
    elif part is None and 1 <= hour <= 6:
        hour += 12
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return _Clock(hour, minute, explicit=True)


def _zh_clock(window: str) -> tuple[int, int, str | None] | None:
    m = _ZH_CLOCK.search(window)
    if m is None:
        return None
    if m.group(6):
        return int(m.group(6)), int(m.group(7)), None
    hour = parse_number(m.group(1))
    if hour is None:
        return None
    minute = 30 if m.group(2) else 15 if m.group(3) else 45 if m.group(4) else 0
    if m.group(5):
        parsed = parse_number(m.group(5))
        minute = int(parsed) if parsed is not None else 0
    return int(hour), minute, None


def _en_clock(window: str) -> tuple[int, int, str | None] | None:
    m = _EN_CLOCK.search(window)
    if m is None:
        return None
    if m.group(1):
        return int(m.group(1)), int(m.group(2) or 0), m.group(3).lower().replace(".", "")
    if m.group(4):
        return int(m.group(4)), int(m.group(5) or 0), None
    return int(m.group(6)), int(m.group(7)), None


def _en_clock_before(before: str) -> tuple[int, int, str | None] | None:
    # "at 3pm yesterday": only a time written with am/pm or after "at" right before the day word.
    m = re.search(
        r"(?:at|around|about)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*$|(\d{1,2})(?::(\d{2}))?\s*(am|pm)\s*$", before
    )
    if m is None:
        return None
    if m.group(1):
        return int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower() or None
    return int(m.group(4)), int(m.group(5) or 0), m.group(6).lower()
