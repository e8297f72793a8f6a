"""Contact channels quoted in a message: web addresses, e-mail addresses, phone numbers, @handles.

Used to mask them before reading tickers (so "bitcoin.org" is not BTC) and to pick the value a
customer asks us to vouch for ("is support-desk.help yours?").
"""

import re

from .text import ascii_lower

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Matched against ascii_lower(text) (same positions), so no re.IGNORECASE: see text.ascii_lower.
URL = re.compile(
    r"(?<![\w@.-])(?:https?://[^\s<>\"'，。]+|(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|net|org|io|co|app|xyz|top|info|"
    r"help|support|site|online|link|me|cc|vip|pro|cn|hk|sg|uk|us|gg|ai|exchange|finance|live|biz|club|shop|ru|tk)"
    r"(?::\d+)?(?:/[^\s<>\"'，。]*)?)(?![\w-])"
)
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{3,32}(?![\w@])")
PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s\-.]?(?:\(\d{1,4}\)[\s\-.]?)?\d{2,4}(?:[\s\-.]?\d{2,4}){1,3}|1[3-9]\d{9}"
    r"|\(\d{3}\)\s?\d{3}[\s\-.]\d{4}|\d{3}[\s\-.]\d{3,4}[\s\-.]\d{4})(?![\w])"
)
_TRAILING = ".,;:!?)]}>'\"。，"


def spans(text: str) -> list[tuple[int, int]]:
    """Where links and e-mail addresses are (phones and handles are left: they hold no tickers)."""
    return [m.span() for m in EMAIL.finditer(text)] + [m.span() for m in URL.finditer(ascii_lower(text))]


def quoted_value(text: str) -> str | None:
    """The first channel value in the text (web address, e-mail, handle, then phone), trimmed."""
    found: list[tuple[int, str]] = []
    emails = list(EMAIL.finditer(text))
    found += [(m.start(), m.group()) for m in emails]
    for m in URL.finditer(ascii_lower(text)):
        if not any(e.start() <= m.start() < e.end() for e in emails):
            found.append((m.start(), text[m.start() : m.end()].rstrip(_TRAILING)))
    found += [(m.start(), m.group()) for m in HANDLE.finditer(text)]
    if not found:
        found += [(m.start(), m.group().strip()) for m in PHONE.finditer(text)]
    return min(found)[1] if found else None
