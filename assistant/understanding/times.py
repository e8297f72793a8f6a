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

_EN_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "a couple": 2, "a couple of": 2,
    "couple of": 2, "half an": 0.5, "half a": 0.5,
}  # fmt: skip
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_PART_HOURS = {
    "morning": 9, "afternoon": 15, "evening": 19, "night": 22, "noon": 12, "midnight": 0,
    "凌晨": 3, "清晨": 6, "早上": 8, "早晨": 8, "上午": 10, "中午": 12, "下午": 15, "傍晚": 18,
    "晚上": 20, "晚间": 20, "夜里": 22, "夜间": 22, "半夜": 23, "深夜": 23,
}  # fmt: skip
_AFTERNOON_PARTS = {"afternoon", "evening", "night", "下午", "傍晚", "晚上", "晚间", "夜里", "夜间"}
_EARLY_PARTS = {"morning", "凌晨", "清晨", "早上", "早晨", "上午", "midnight", "半夜", "深夜"}

_EN_COUNT = (
    r"\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half an?|(?:a )?couple(?: of)?"
)
_EN_UNIT = r"(minutes?|mins?|hours?|hrs?|h|days?|weeks?)"
_ZH_COUNT = r"\d+(?:\.\d+)?|[一二两三四五六七八九十百]+|半"
_ZH_UNIT = r"(分钟|小时|钟头|天|周|星期|礼拜)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ago", re.compile(rf"(?<![a-z])({_EN_COUNT})\s*{_EN_UNIT}\s+ago(?![a-z])")),
    # "pending for 3 days", "it's been 2 hours", "2 hours and still nothing": since then.
    (
        "since",
        re.compile(
            rf"(?:(?<![a-z])(?:for|been|over)\s+(?:the\s+)?(?:more than\s+|about\s+|almost\s+)?({_EN_COUNT})\s*"
            rf"{_EN_UNIT}(?![a-z])|(?<![a-z])({_EN_COUNT})\s*{_EN_UNIT}\s+(?:and|but|now|already)\s+(?:still|not|no)"
            rf"(?![a-z]))"
        ),
    ),
    ("zh_ago", re.compile(rf"({_ZH_COUNT})\s*个?\s*(半)?\s*{_ZH_UNIT}\s*(?:之|以)?前")),
    (
        "zh_since",
        re.compile(
            rf"(?:已经|过了|等了)\s*({_ZH_COUNT})\s*个?\s*(半)?\s*{_ZH_UNIT}"
            rf"|({_ZH_COUNT})\s*个?\s*(半)?\s*{_ZH_UNIT}\s*了?\s*(?:还|都|仍|仍然|依然|一直)\s*(?:没|未|不)"
        ),
    ),
    ("now", re.compile(r"(?<![a-z])just now(?![a-z])|刚刚|刚才")),
    (
        "iso",
        re.compile(
            r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?"
            r"\s*(Z|[+-]\d{2}:?\d{2}|UTC)?)?(?!\d)"
        ),
    ),
    ("zh_date", re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")),
    (
        "en_date",
        re.compile(
            r"(?<![a-z])(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?"
            r"(?:,?\s+(\d{4}))?|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
            r"[a-z]*\.?(?:,?\s+(\d{4}))?)(?![a-z])"
        ),
    ),
    (
        "en_day",
        re.compile(
            r"(?<![a-z])(the day before yesterday|yesterday|today|tonight|last night|this morning|this afternoon|"
            r"this evening|earlier today)(?![a-z])"
        ),
    ),
    (
        "en_weekday",
        re.compile(
            r"(?<![a-z])(?:(last|on|this past|past|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|"
            r"sunday)(?![a-z])"
        ),
    ),
    ("zh_day", re.compile(r"大前天|前天|昨天|昨日|昨晚|昨夜|今天|今日|今早|今晨|今晚|今儿")),
    ("zh_weekday", re.compile(r"(上上|上|这|本)?个?(?:周|星期|礼拜)([一二三四五六日天])")),
    (
        "clock",
        re.compile(
            r"(?<![a-z])(?:at|around|about)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?![a-z0-9])"
            r"|(?<![\d:])(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])"
        ),
    ),
    (
        "zh_clock",
        re.compile(
            r"(凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜里|夜间|半夜|深夜)\s*\S{0,2}?\s*"
            r"(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*[点點时]|(?<![\d.])(\d{1,2})\s*[点點](?!\d)"
        ),
    ),
]

# Where each pattern can match: near one of its anchor substrings, within (before, after) characters.
# Scanning only those windows instead of the whole message keeps a 2,000-character message cheap:
# each full scan of these patterns costs 0.3-0.9 ms in CPython's engine. Kinds not listed are scanned whole.
_ANCHORS: dict[str, tuple[tuple[str, ...], int, int]] = {
    "ago": (("ago",), 40, 6),
    "since": (("for ", "been ", "over ", "still", "not", "no "), 40, 40),
    "zh_ago": (("前",), 16, 4),
    "zh_since": (("已经", "过了", "等了", "没", "未", "不"), 16, 16),
    "now": (("just now", "刚刚", "刚才"), 2, 10),
    "zh_date": (("月",), 10, 10),
    "en_date": (("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 12, 30),
    "en_day": (
        ("today", "yesterday", "tonight", "last night", "this morning", "this afternoon", "this evening"),
        30,
        20,
    ),
    "en_weekday": (("day",), 24, 4),
    "zh_day": (("天", "日", "晚", "早", "夜", "儿"), 4, 4),
    "zh_weekday": (("周", "星期", "礼拜"), 6, 4),
    "clock": (("am", "pm", "a.m", "p.m", "at ", "around ", "about "), 12, 16),
    "zh_clock": (("点", "點", "时"), 24, 12),
}


def _windows(text: str, anchors: tuple[str, ...], before: int, after: int) -> list[tuple[int, int]]:
    spans = []
    for anchor in anchors:
        at = text.find(anchor)
        while at != -1:
            spans.append((max(0, at - before), min(len(text), at + len(anchor) + after)))
            at = text.find(anchor, at + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _find(kind: str, pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    if kind not in _ANCHORS:
        return list(pattern.finditer(text))
    # finditer(text, pos, endpos) keeps positions absolute and look-behinds still see before pos.
    return [m for lo, hi in _windows(text, *_ANCHORS[kind]) for m in pattern.finditer(text, lo, hi)]


# Time of day near a day word.
_EN_CLOCK = re.compile(
    r"(?<![\d:])(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])"
    r"|(?<![a-z])(?:at|around|about|~)\s*(\d{1,2})(?::(\d{2}))?(?![\d:a-z])"
    r"|(?<![\d:])(\d{1,2}):(\d{2})(?!\d)"
)
_EN_PART = re.compile(r"(?<![a-z])(morning|afternoon|evening|night|noon|midnight)(?![a-z])")
_ZH_PART = re.compile(r"凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚间|夜里|夜间|半夜|深夜")
_ZH_CLOCK = re.compile(
    r"(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*[点點时](?:\s*(半)|\s*(一刻)|\s*(三刻)|\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*分?)?"
    r"|(?<!\d)(\d{1,2})[:：](\d{2})(?!\d)"
)
_DAY_PARTS = {
    "last night": (-1, "night"),
    "tonight": (0, "night"),
    "this morning": (0, "morning"),
    "this afternoon": (0, "afternoon"),
    "this evening": (0, "evening"),
    "昨晚": (-1, "晚上"),
    "昨夜": (-1, "夜里"),
    "今早": (0, "早上"),
    "今晨": (0, "早上"),
    "今晚": (0, "晚上"),
}
_DAY_OFFSETS = {
    "today": 0, "earlier today": 0, "yesterday": -1, "the day before yesterday": -2,
    "今天": 0, "今日": 0, "今儿": 0, "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3,
}  # fmt: skip


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
