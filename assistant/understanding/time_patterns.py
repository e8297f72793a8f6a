"""Vocabulary of `times`: the patterns of time expressions and where each can match.

Split from times.py to keep each module small; `times` imports every name it uses from here.
"""

import re

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
