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
# Cheap tests first: no "@" means no e-mail; no "://" and no ".tld" means no web address.
_TLD_HINT = re.compile(
    r"://|\.(?:com|net|org|io|co|app|xyz|top|info|help|support|site|online|link|me|cc|vip|pro|cn|hk|sg|uk|us|gg|ai|"
    r"exchange|finance|live|biz|club|shop|ru|tk)(?![a-z0-9-])"
)


def _emails(text: str) -> list[re.Match[str]]:
    return list(EMAIL.finditer(text)) if "@" in text else []


def _urls(text: str) -> list[re.Match[str]]:
    lowered = ascii_lower(text)
    return list(URL.finditer(lowered)) if _TLD_HINT.search(lowered) else []


def spans(text: str) -> list[tuple[int, int]]:
    """Where links and e-mail addresses are (phones and handles are left: they hold no tickers)."""
    return [m.span() for m in _emails(text)] + [m.span() for m in _urls(text)]


def quoted_value(text: str) -> str | None:
    """The first channel value in the text (web address, e-mail, handle, then phone), trimmed."""
    found: list[tuple[int, str]] = []
    emails = _emails(text)
    found += [(m.start(), m.group()) for m in emails]
    for m in _urls(text):
        if not any(e.start() <= m.start() < e.end() for e in emails):
            found.append((m.start(), text[m.start() : m.end()].rstrip(_TRAILING)))
    found += [(m.start(), m.group()) for m in HANDLE.finditer(text)]
    if not found:
        found += [(m.start(), m.group().strip()) for m in PHONE.finditer(text)]
    return min(found)[1] if found else None
