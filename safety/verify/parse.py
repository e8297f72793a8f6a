"""What was pasted: a link, a bare host, an e-mail address, a phone number or an account name.

Links are read the way a browser reads them (WHATWG URL): a backslash ends the host like a slash, the
part before the last ``@`` of the authority is a user name the browser ignores, the host is
percent-decoded. Platform links (``t.me/…``, ``x.com/…``) become accounts on that platform; ``wa.me/…``
becomes a phone number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from . import platforms
from .hosts import Host, parse_host
from .normalize import InvalidChannelValue, phone_e164
from .types import Kind

MAX_LENGTH = 500

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]{0,30}):", re.IGNORECASE)
_WEB_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss", "hxxp", "hxxps"})
_PHONE = re.compile(r"(?:tel:)?\s*(?:\+\s*[0-9][0-9\s().\-/]{0,30}|\(?\s*[0-9][0-9\s().\-/]{5,30})", re.IGNORECASE)
_HANDLE = re.compile(r"@?([\w.\-]{1,64})")
_PLATFORM_BEFORE = re.compile(r"([^\s@:：]{1,20})\s*[:：]?\s*(@[\w.\-]{1,64})", re.UNICODE)
_PLATFORM_AFTER = re.compile(
    r"(@?[\w.\-]{1,64})\s*(?:(?:on|at|in|@|的)\s*)?[(（\[]?\s*([^\s()（）\[\]]{1,20})\s*[)）\]]?", re.UNICODE
)
_HOSTLIKE = re.compile(r"[^\s/@]+[.。．｡][^\s/@]+(?:[/?#\\].*)?", re.UNICODE)
_ANGLE_ADDRESS = re.compile(r"<([^<>]+)>")


@dataclass(frozen=True, slots=True)
class Parsed:
    kind: str
    text: str  # the value as read (trimmed)
    host: Host | None = None  # web: the host; email: the domain
    userinfo: str = ""  # web: what came before "@" in the authority
    local: str = ""  # email: the part before "@"
    phone: str = ""  # E.164
    phone_digits: str = ""  # the digits as written (country code first), also when not a valid number
    handle: str = ""
    platform: str = ""
    via: str = ""  # "whatsapp" for wa.me links
    assumed_plus: bool = False  # phone: written without "+" or "00"; read as international
    problem: str = ""  # why it cannot be judged: too_long, empty, unreadable, invalid_phone, invite_link ...


def _guess(text: str) -> str:
    if text.startswith("+") and any(ch.isdigit() for ch in text[:3]):
        return Kind.PHONE
    if "@" in text and not text.startswith("@"):
        return Kind.EMAIL
    if sum(ch.isdigit() for ch in text) >= max(6, len(text) // 2):
        return Kind.PHONE
    if "." in text or "/" in text:
        return Kind.WEB
    return Kind.HANDLE


def _url(text: str) -> Parsed:
    """A link with or without a scheme."""
    rest = text
    scheme = _SCHEME.match(text)
    if scheme and scheme.group(1).lower() in _WEB_SCHEMES:
        rest = text[scheme.end() :]
    rest = rest.replace("\\", "/").lstrip("/")
    # Browsers drop tabs and newlines inside a URL before reading it.
    rest = re.sub(r"[\t\n\r]", "", rest)
    end = re.search(r"[/?#]", rest)
    authority, tail = (rest[: end.start()], rest[end.start() :]) if end else (rest, "")
    path = re.split(r"[?#]", tail, maxsplit=1)[0]
    userinfo, _, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        host = parse_host(hostport.split("]", 1)[0] + "]")
    else:
        host = parse_host(unquote(re.sub(r":[0-9]*$", "", hostport)))
    if not host.valid and not host.is_ip:
        return Parsed(Kind.WEB, text, host=host, userinfo=userinfo, problem="invalid_host")
    if not userinfo and not host.is_ip:
        platform = platforms.link_platform(host.ascii)
        if platform:
            if platforms.is_invite_path(platform, path):
                return Parsed(Kind.HANDLE, text, platform=platform, problem="invite_link")
            name = platforms.account_from_path(platform, path)
            if name:
                return Parsed(Kind.HANDLE, text, handle=name, platform=platform)
        if platforms.is_whatsapp(host.ascii):
            digits = re.search(r"(?:^|[/=])(?:\+|%2[bB])?([0-9]{6,15})(?:$|[/?&#])", tail)
            if digits:
                return _phone("+" + digits.group(1), text, via="whatsapp")
    return Parsed(Kind.WEB, text, host=host, userinfo=userinfo, problem="ip_address" if host.is_ip else "")


def _email(text: str, address: str) -> Parsed:
    local, _, domain = address.strip().rpartition("@")
    host = parse_host(domain)
    if not local or not host.valid:
        return Parsed(Kind.EMAIL, text, host=host, local=local, problem="invalid_email")
    return Parsed(Kind.EMAIL, text, host=host, local=local)


def _phone(number: str, text: str, *, via: str = "") -> Parsed:
    number = unicodedata.normalize("NFKC", number).strip()
    # Without "+" or "00" the country is a guess: read the digits as international only when that gives a
    # valid number (14155550100 → +1 415 555 0100), and say so.
    assumed = not number.startswith(("+", "00"))
    digits = re.sub(r"\D", "", number.removeprefix("tel:"))
    digits = digits[2:] if number.startswith("00") else digits
    try:
        e164 = phone_e164(number, strict=assumed)
    except InvalidChannelValue:
        return Parsed(Kind.PHONE, text, via=via, phone_digits=digits, assumed_plus=assumed, problem="invalid_phone")
    return Parsed(Kind.PHONE, text, phone=e164, phone_digits=e164[1:], via=via, assumed_plus=assumed)


def _handle(text: str) -> Parsed | None:
    match = _HANDLE.fullmatch(text)
    if match:
        return Parsed(Kind.HANDLE, text, handle=match.group(1))
    for pattern, name_group, platform_group in ((_PLATFORM_BEFORE, 2, 1), (_PLATFORM_AFTER, 1, 2)):
        match = pattern.fullmatch(text)
        if match:
            platform = platforms.platform_from_word(match.group(platform_group))
            if platform:
                return Parsed(Kind.HANDLE, text, handle=match.group(name_group).removeprefix("@"), platform=platform)
    return None


def parse(value: str) -> Parsed:
    text = value.strip()
    if not text:
        return Parsed(Kind.HANDLE, text, problem="empty")
    if len(text) > MAX_LENGTH:
        return Parsed(_guess(text[:MAX_LENGTH]), text, problem="too_long")
    lowered = text.lower()
    scheme = _SCHEME.match(text)
    if lowered.startswith("mailto:"):
        return _email(text, text[len("mailto:") :].split("?", 1)[0])
    if lowered.startswith("tel:"):
        return _phone(text[len("tel:") :], text)
    if scheme and scheme.group(1).lower() in _WEB_SCHEMES:
        return _url(text)
    angle = _ANGLE_ADDRESS.search(text)
    if angle and "@" in angle.group(1):  # "Supportdesk <support@evil.io>"
        return _email(text, angle.group(1).removeprefix("mailto:"))
    if "@" in text and not text.startswith("@") and not re.search(r"\s", text):
        # "a@b/..." or "a@b:8080" is a link with a user name; "a@b.c" is an e-mail address.
        if re.search(r"@[^@]*[/?#\\:]", text):
            return _url(text)
        return _email(text, text)
    if _PHONE.fullmatch(unicodedata.normalize("NFKC", text)):  # full-width digits too
        return _phone(text, text)
    handle = _handle(text)
    if handle and not _HOSTLIKE.fullmatch(text):
        return handle
    if _HOSTLIKE.fullmatch(text) and not re.search(r"\s", text):
        return _url(text)
    if handle:
        return handle
    return Parsed(_guess(text), text, problem="unreadable")
