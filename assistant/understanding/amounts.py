"""Amounts with their asset: "500 USDT", "USDT 500", "300 U", "1.5万 USDT", "三百U", "$200", "sent 300".

A number counts as an amount only when an asset or a money sign touches it, or a verb of moving
money stands right before it ("sent 300", "充了300"); durations, counts and clock times are not
amounts ("2 hours", "3 confirmations", "3点").
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from .assets import Mention
from .numbers import ARABIC, MULTIPLIERS, ZH_NUMERAL, parse_number

_MULT = "".join(MULTIPLIERS)
# A Chinese numeral counts only before what can be money (an asset name, U, a currency), so the
# lookahead keeps the everywhere-numerals of 一直, 一下, 十分 out of the Python loop.
_MONEY_NEXT = "(?=\\s*(?:个|枚|颗)?\\s*[A-Za-z$比以泰瑞狗莱波币柴艾雪恒姨二大美人元块刀欧])"
_NUMBER = rf"(?:(?:{ARABIC})(?:\s?[{_MULT}](?![A-Za-z]))?|{ZH_NUMERAL}{_MONEY_NEXT})"
# Not after a letter, digit, separator or sign of a date/time/version ("ERC20", "2024-05", "v1.2").
# What may not stand right before a number ("ERC20", "2024-05", "v1.2", "#3") is checked in Python:
# a look-behind here stops the engine from skipping ahead to digits and made the scan ~5x slower.
_NUMBER_RE = re.compile(rf"({_NUMBER})(?![\d]|[:/\-]\d|\.\d)")
_NOT_BEFORE_NUMBER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.:/-_#")
_MEASURE = re.compile(r"\s*(?:个|枚|颗)?\s*")
_U_AFTER = re.compile(r"\s*(?:个|枚)?\s*[Uu](?![A-Za-z0-9]|盘|盾)")
_FIAT_AFTER = re.compile(
    r"\s*(?:(usd|dollars?|bucks|美元|美金|刀)|(rmb|cny|人民币|元|块钱?)|(eur|euros?|欧元))(?![A-Za-z])", re.IGNORECASE
)
_FIAT_BEFORE = re.compile(r"(?:(US\$|\$)|([¥￥])|(€))\s*$")
_ASSET_GAP = re.compile(r"^\s*[:=]?\s*$")
# What follows a number that is not an amount: a duration, a count, an hour.
_UNIT_AFTER = re.compile(
    r"^\s*(?:hours?|hrs?|h\b|minutes?|mins?|m\b|seconds?|secs?|s\b|days?|d\b|weeks?|months?|years?|times?|"
    r"confirmations?|confs?|blocks?|%|x\b|am\b|pm\b|st\b|nd\b|rd\b|th\b|"
    r"个?小时|钟头|分钟|分|秒|天|日|号|周|星期|个月|月|年|次|笔|个?确认|个?区块|点|倍|岁|%)",
    re.IGNORECASE,
)
_VERB_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:sent|send|sending|deposit(?:ed)?|depositing|withdr[ae]w(?:n)?|withdrawing|withdrawal of|"
    r"transferr?(?:ed)?|transferring|paid|pay|lost|received|bought|sold|amount(?: of)?|worth|total(?:ing)?)"
    r"\s*[:=]?\s*(?:about|around|approx\.?|roughly|~)?\s*"
    r"|(?:充值?了?|充币了?|提现了?|提币了?|提了|转账?了|转入了?|转出了?|打了|付了|支付了|买了|卖了|损失了?|丢了|"
    r"金额(?:是|为)?|数量(?:是|为)?|一共|总共|共)\s*[:=]?\s*(?:约|大概|大约|差不多)?\s*)$"
)  # searched in the lower-cased 28 characters before a number: a "$"-anchored search tries every start
# "only 1990 arrived", "1990到账了": the number is what moved.
_ARRIVED_AFTER = re.compile(r"\s*(?:arrived|was credited|got credited|showed up|came in|到账|到了)", re.IGNORECASE)
FIAT_CODES = ("USD", "CNY", "EUR")


@dataclass(frozen=True)
class AmountMatch:
    start: int
    end: int
    value: Decimal
    asset: str | None


def scan(text: str, mentions: list[Mention], *, sole_asset: str | None) -> list[AmountMatch]:
    """Amounts in reading order. A bare amount ("sent 300") takes the message's only asset when
    there is exactly one (`sole_asset`), else no asset."""
    assets_at = {m.start: m for m in mentions if m.kind == "asset"}
    assets_ending = {m.end: m for m in mentions if m.kind == "asset"}
    used_assets: set[int] = set()
    found: list[AmountMatch] = []
    for m in _NUMBER_RE.finditer(text):
        if _continues_something(text, m.start()):
            continue
        raw = m.group(1)
        is_chinese = not raw[0].isdigit() and raw[0] != "."
        after = m.end()
        gap = _MEASURE.match(text, after)
        nxt = gap.end() if gap else after
        # Chinese numerals are everywhere (一直, 一下): only one touching an asset or U can be money.
        if (
            is_chinese
            and nxt not in assets_at
            and not _U_AFTER.match(text, after)
            and not _FIAT_AFTER.match(text, after)
        ):
            continue
        value = parse_number(raw)
        if value is None or value <= 0:
            continue
        # number, then asset: "500 USDT", "0.5btc", "两个比特币"
        if nxt in assets_at and nxt not in used_assets and (nxt - after <= 2 or (gap and gap.group().strip())):
            used_assets.add(nxt)
            found.append(AmountMatch(m.start(), assets_at[nxt].end, value, assets_at[nxt].value))
            continue
        currency = _currency_after(text, m.start(), after, value, is_chinese=is_chinese)
        if currency is not None:
            found.append(currency)
            continue
        if is_chinese or _UNIT_AFTER.match(text[after : after + 8]):
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        sign = _FIAT_BEFORE.search(before[-4:])
        if sign:
            found.append(
                AmountMatch(m.start(), m.end(), value, FIAT_CODES[next(i for i in range(3) if sign.group(i + 1))])
            )
            continue
        # asset, then number: "USDT 500", "usdt:500"
        prior = _asset_right_before(before, m.start(), assets_ending)
        if prior is not None and prior.start not in used_assets:
            used_assets.add(prior.start)
            found.append(AmountMatch(prior.start, m.end(), value, prior.value))
            continue
        if _VERB_BEFORE.search(before[-28:].lower()) or _ARRIVED_AFTER.match(text, after):
            found.append(AmountMatch(m.start(), m.end(), value, sole_asset))
    return _unique(found)


def _continues_something(text: str, start: int) -> bool:
    """Digits glued to a word, a decimal point or a thousands group are not a number of their own."""
    if not start:
        return False
    before = text[start - 1]
    return before in _NOT_BEFORE_NUMBER or (before == "," and text[max(0, start - 2) : start - 1].isdigit())


def _currency_after(text: str, start: int, after: int, value, *, is_chinese: bool) -> AmountMatch | None:
    """A currency written after the number: "300 U" is USDT, "300 美元" or "300 dollars" a fiat amount."""
    u = _U_AFTER.match(text, after)
    if u:
        return AmountMatch(start, u.end(), value, "USDT")
    fiat = _FIAT_AFTER.match(text, after)
    # Chinese numerals take only the written currencies: "三百块" is too loose to call money.
    if fiat and (not is_chinese or fiat.group(0).strip() in ("美元", "美金", "人民币", "元", "欧元")):
        return AmountMatch(start, fiat.end(), value, FIAT_CODES[next(i for i in range(3) if fiat.group(i + 1))])
    return None


def _asset_right_before(before: str, start: int, assets_ending: dict[int, Mention]) -> Mention | None:
    for end, mention in assets_ending.items():
        if end <= start and start - end <= 3 and _ASSET_GAP.match(before[len(before) - (start - end) :]):
            return mention
    return None


def _unique(found: list[AmountMatch]) -> list[AmountMatch]:
    seen, out = set(), []
    for a in found:
        key = (a.value.normalize(), a.asset)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out
