"""Passwords and one-time codes given in so many words: "my password is X", "密码：X", "2FA code 123456".

Only the value is redacted; the lead-in stays so the sentence still reads ("my password is
[redacted: password]"). Questions and complaints about a password or a code give no value, or a
word that describes instead of a value ("my password is wrong", "验证码收不到"): those are left.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .prepared import Prepared, positions_of
from .result import OTP, PASSWORD

# Patterns run on the lower-cased text (same offsets); values are read from the original.
_EN_PASSWORD = re.compile(
    r"(?<![a-z])(?P<word>pass(?:word|wd|code|phrase)s?|pwd|pw|pass)(?![a-z])"
    r"(?:(?P<explicit>\s*[:=：]\s*|\s+-\s+)"
    r"|(?P<is>\s+(?:(?:for|of|on|to)\s+(?:(?:my|the|our|this)\s+)?[\w.@-]+(?:\s+account)?\s+)?"
    r"(?:is|was|will\s+be|would\s+be)\s*[:=：]?\s*)"
    r"|(?P<bare>[ \t]+))"
)
_EN_PASSWORD_HINTS = ("pass", "pw")  # every English lead word contains one
# Two patterns, not one: an alternation of both loses the literal prefix the engine skips to in C
# and costs three times more.
_ZH_PASSWORD = re.compile(
    r"(?P<word>密码|密碼|口令)(?:(?P<explicit>\s*(?:是|为|為|：|:|=)\s*)|(?P<bare>[ \t\u3000]+))",
)
_ZH_PASSWORD_HINTS = ("密码", "密碼", "口令")
# A code: 4-8 digits ("739104", "5521") or 3 + 3 ("482 913"), not part of a longer number (the
# look-behind refuses a digit run that continues a word or a number: "0x5e80", "a1234").
_CODE = re.compile(r"\d(?<![0-9a-z]\d)(?:\d{3,7}|\d\d[ -]\d{3})(?!\d)")
# What an English code follows ("2FA code", "my google authenticator code is", "SMS code:"); searched
# in the few characters before each code.
_EN_OTP_LEAD = re.compile(
    r"(?<![a-z])(?:"
    r"(?:2fa|mfa|two[-\s]?factor(?:\s+auth(?:entication)?)?|google\s+authenticator|authenticator(?:\s+app)?|"
    r"g-?auth|ga|otp|totp|one[-\s]?time)(?:\s+(?:code|pin|passcode|token|password|number))?"
    r"|(?:sms|text(?:\s+message)?|e-?mail|phone|verification|confirmation|security|log-?in|sign[-\s]?in|auth)"
    r"\s+(?:verification\s+)?(?:code|pin|passcode|otp)"
    r"|code\s+from\s+(?:my\s+|the\s+)?(?:google\s+)?(?:authenticator|sms|text|e-?mail|phone|app)(?:\s+app)?"
    r")(?:\s*(?:is|was|[:=：-])\s*|\s+)\Z"
)
_EN_OTP_LOOK_BACK = 48
# Every lead above ends with one of these, once its "is"/"was"/colon is taken off.
_EN_OTP_LEAD_ENDINGS = (
    "code",
    "pin",
    "passcode",
    "token",
    "password",
    "number",
    "otp",
    "app",
    "2fa",
    "mfa",
    "factor",
    "auth",
    "authentication",
    "authenticator",
    "ga",
    "time",
    "message",
)
_LINK_CHARS = " \t\n\r\u3000:=：-"
# Chinese codes: a lead may be glued to its code (验证码582916).
_ZH_OTP = re.compile(
    r"(?:验证码|驗證碼|校验码|动态码|动态口令|安全码|确认码|谷歌验证器|身份验证器|验证器|2fa码|ga码)"
    r"\s*(?:是|为|為|：|:|=)?\s*(?P<code>\d{4,8}|\d{3}[ -]\d{3})(?!\d)"
)
_ZH_OTP_HINTS = ("码", "碼", "验证器", "口令")
# A number that is a length, a duration or a date, not a code: "code 6 digits", "验证码 30 分钟".
_NOT_A_CODE_AFTER = re.compile(
    r"[-/.:]\d|\s*(?:digits?|numbers?|characters?|chars?|letters?|minutes?|mins?|seconds?|secs?|hours?|hrs?|"
    r"days?|times?|attempts?|tries)(?![a-z])|\s*(?:位|个|分钟|秒|小时|天|次|年|月|日|号)"
)

_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "`": "`", "《": "》"}
_BARE_VALUE = re.compile(r"[^\s\"“”‘’「」`]{1,64}")
_ASCII_VALUE = re.compile(r"[!-~]{1,64}")
# Stripped from a bare value's ends: sentence punctuation and brackets around it. "!" and "?" stay
# (common in passwords; redacting a sentence's last mark too costs nothing).
_TRAILING = ".,;:)]}>。，；：！？）】」"
_LEADING = "*_([{<（【「"
_MIN_LENGTH = 4
# Words that describe a password instead of being one: "my password is not working / wrong / reset".
_DESCRIBING_WORDS = """
    not no never nothing none wrong incorrect invalid expired expiring forgotten forgot lost missing reset
    changed correct right too very so still being been locked blocked weak strong long short the a an same
    different case sensitive case-sensitive required working broken fine ok okay compromised stolen leaked hacked
    saved stored set empty blank now also definitely probably really just always in on at for from with without
    under of to there here what which that this it its my your his her their our old new and or but because
    please updated simple complex complicated secure safe unsafe rejected accepted denied failing failed known
    unknown fake real sent shown hidden visible mine yours something anything below above attached following as
    like only exactly actually supposed encrypted hashed asked needed mandatory optional unchanged gone useless
    ignored disabled enabled active inactive shared exposed
"""
_DESCRIBING = frozenset(_DESCRIBING_WORDS.split())
_DESCRIBING_SUFFIXES = ("ed", "ing", "ly")
_UNITS_AFTER = re.compile(r"\s*(?:characters?|chars?|digits?|letters?|symbols?|位|个字符)", re.IGNORECASE)


def find_credentials(prep: Prepared) -> Iterable[tuple[int, int, str]]:
    """(start, end, kind) of each password or one-time code value given in the text."""
    lower = prep.lower
    for start, end in _code_spans(prep):
        window_start = max(0, start - _EN_OTP_LOOK_BACK)
        # The word before the code (and its "is" or colon) must end a lead: decided in C for the
        # amounts, dates and order numbers that are most numbers.
        before = lower[window_start:start].rstrip(_LINK_CHARS)
        if before.endswith((" is", " was")):
            before = before.rsplit(" ", 1)[0].rstrip(_LINK_CHARS)
        if not before.endswith(_EN_OTP_LEAD_ENDINGS):
            continue
        lead = _EN_OTP_LEAD.search(lower, window_start, start)
        if lead is not None and not _NOT_A_CODE_AFTER.match(lower, end):
            yield start, end, OTP
    if any(hint in lower for hint in _ZH_OTP_HINTS):
        for match in _ZH_OTP.finditer(lower):
            if not _NOT_A_CODE_AFTER.match(lower, match.end("code")):
                yield match.start("code"), match.end("code"), OTP
    if any(hint in lower for hint in _EN_PASSWORD_HINTS):
        for position in sorted(positions_of(lower, _EN_PASSWORD_HINTS)):
            match = _EN_PASSWORD.match(lower, position)
            span = match and _password_value(prep.text, match, ascii_only=False)
            if span:
                yield span[0], span[1], PASSWORD
    if any(hint in lower for hint in _ZH_PASSWORD_HINTS):
        for match in _ZH_PASSWORD.finditer(lower):
            span = _password_value(prep.text, match, ascii_only=True)
            if span:
                yield span[0], span[1], PASSWORD


def _code_spans(prep: Prepared) -> Iterable[tuple[int, int]]:
    """Where an English code may stand: a number of 4-8 digits, or 3 + 3 ("482 913"), that is a
    word of ``spaced`` (an English lead is always set apart from its code; Chinese leads, which
    may be glued to it, have their own pattern). Found from the word list in C, so the pattern
    runs only at those few places instead of over the whole text."""
    numbers = {word for word in filter(str.isdigit, prep.words) if 3 <= len(word) <= 8}
    if not numbers:
        return
    for position in sorted(positions_of(prep.lower, numbers)):
        code = _CODE.match(prep.lower, position)
        if code is not None:
            yield code.span()


def _password_value(text: str, lead: re.Match[str], *, ascii_only: bool) -> tuple[int, int] | None:
    start = lead.end()
    bare = lead.group("bare") is not None
    if lead.group("word").lower() in ("pass", "pw") and lead.group("explicit") is None:
        return None  # "pass the test", "my pass is valid": only "pass: X" / "pw=X" give one
    quote = text[start : start + 1]
    if quote in _QUOTES and not bare:
        close = text.find(_QUOTES[quote], start + 1, start + 66)
        if close > start + 1 and "\n" not in text[start + 1 : close]:
            return start + 1, close
        return None
    match = (_ASCII_VALUE if ascii_only else _BARE_VALUE).match(text, start)
    if match is None:
        return None
    value_start, value_end = match.span()
    while value_end > value_start and text[value_end - 1] in _TRAILING:
        value_end -= 1
    while value_start < value_end and text[value_start] in _LEADING:
        value_start += 1
    value = text[value_start:value_end]
    if not _looks_like_a_password(value, strong=bare):
        return None
    if value.isdigit() and _UNITS_AFTER.match(text, value_end):
        return None  # "my password is 12 characters long"
    return value_start, value_end


def _looks_like_a_password(value: str, *, strong: bool) -> bool:
    if len(value) < _MIN_LENGTH or "://" in value or value.lower().startswith("www."):
        return False
    lower = value.lower().rstrip("!?")  # "my password is wrong!!"
    if lower in _DESCRIBING:
        return False
    if lower.endswith("n't") or (value.isalpha() and lower.endswith(_DESCRIBING_SUFFIXES)):
        return False
    if any("\u3400" <= char <= "\u9fff" for char in value):
        return False  # "密码是错的": Chinese words describe, passwords are typed in ASCII
    if strong:  # no "is" or colon: only a value shaped like a password counts ("password Abc12345")
        has_digit = any(char.isdigit() for char in value)
        has_other = any(not char.isdigit() for char in value)
        return len(value) >= 6 and has_digit and has_other and not re.fullmatch(r"[\d\-/.:]+", value)
    return True
