"""Numbers as customers write them: 1,250.75, 1.5万, 2k, 1w, and simple Chinese numerals (三百, 两千五)."""

import re
from decimal import Decimal, InvalidOperation

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
ZH_NUMERAL_CHARS = "".join(ZH_DIGITS) + "".join(ZH_UNITS) + "".join(ZH_BIG_UNITS)
# "w" is Chinese internet shorthand for 万 ("1w U" = 10,000 USDT); "k" is the English thousand.
MULTIPLIERS = {"万": 10_000, "w": 10_000, "W": 10_000, "千": 1000, "k": 1000, "K": 1000, "亿": 100_000_000}

# Arabic: grouped thousands or plain, optional decimals, optional multiplier right after.
ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
ZH_NUMERAL = f"[{ZH_NUMERAL_CHARS}]+"


def parse_arabic(text: str, multiplier: str | None = None) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    if multiplier:
        value *= MULTIPLIERS[multiplier]
    return value


def parse_chinese(text: str) -> Decimal | None:
    """三百 → 300, 两千五百 → 2500, 一万五 → 15000 (colloquial: the trailing digit is one unit
    below the last unit), 十二 → 12, 三点五 is not handled (rare in money)."""
    if not text or any(ch not in ZH_NUMERAL_CHARS for ch in text):
        return None
    total, section, digit = 0, 0, None
    last_unit = None
    for ch in text:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        elif ch in ZH_UNITS:
            unit = ZH_UNITS[ch]
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:  # 万, 亿
            big = ZH_BIG_UNITS[ch]
            section += digit or 0
            total = (total + section) * big if big > 10_000 else total + section * big
            section, digit, last_unit = 0, None, big
    if digit is not None:
        # "一万五" means 15000 and "两千五" 2500: a lone trailing digit counts in the next unit down.
        if last_unit is not None and last_unit >= 100 and len(text) >= 2 and text[-2] in "万千百亿":
            section += digit * (last_unit // 10)
        else:
            section += digit
    return Decimal(total + section)


_NUMBER_ONLY = re.compile(rf"^(?:{ARABIC})$")


def parse_number(text: str) -> Decimal | None:
    """Arabic digits (with an optional trailing multiplier) or Chinese numerals."""
    text = text.strip()
    if not text:
        return None
    if text[-1] in MULTIPLIERS and _NUMBER_ONLY.match(text[:-1].strip()):
        return parse_arabic(text[:-1].strip(), text[-1])
    if _NUMBER_ONLY.match(text):
        return parse_arabic(text)
    return parse_chinese(text)
