"""The one normal form of an official channel's value, shared by the model (on save) and the engine.

web: the lower-cased host in A-label form, without scheme, path or ``www.`` (a web entry covers its
subdomains); email: lower-cased; phone: E.164; handle: without ``@``, case kept for display (matching is
case-insensitive).
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from .hosts import parse_host
from .types import Kind

_EMAIL = re.compile(r"([^@\s]{1,64})@([^@\s]{1,253})")
_HANDLE = re.compile(r"[A-Za-z0-9_.]{1,64}")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)


class InvalidChannelValue(ValueError):
    """The value cannot be a channel of this kind. ``code`` names the problem."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def web_host(value: str) -> str:
    text = _SCHEME.sub("", value.strip())
    text = re.split(r"[/?#\\]", text, maxsplit=1)[0].rpartition("@")[2]
    text = re.sub(r":\d*$", "", text)
    host = parse_host(text)
    if not host.valid or host.is_ip or not host.ascii:
        raise InvalidChannelValue("invalid_host")
    return host.ascii.removeprefix("www.")


def email_address(value: str) -> str:
    match = _EMAIL.fullmatch(value.strip().removeprefix("mailto:"))
    if not match:
        raise InvalidChannelValue("invalid_email")
    host = parse_host(match.group(2))
    if not host.valid or not host.ascii:
        raise InvalidChannelValue("invalid_email")
    return f"{match.group(1).lower()}@{host.ascii}"


def phone_e164(value: str, *, strict: bool = False) -> str:
    """E.164 from an international number in any layout: ``+1 (415) 555-0100``, ``001 415 555 0100``,
    ``+14155550100``. Digits without ``+``/``00`` are read as international too; ``strict`` then asks for a
    number valid in its country's plan, not merely possible."""
    text = value.strip().removeprefix("tel:")
    digits = re.sub(r"[\s().\-/]", "", text)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif not digits.startswith("+"):
        digits = "+" + digits
    if not re.fullmatch(r"\+[0-9]{4,17}", digits):
        raise InvalidChannelValue("invalid_phone")
    try:
        number = phonenumbers.parse(digits, None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidChannelValue("invalid_phone") from exc
    check = phonenumbers.is_valid_number if strict else phonenumbers.is_possible_number
    if not check(number):
        raise InvalidChannelValue("invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def handle_name(value: str) -> str:
    name = value.strip().removeprefix("@")
    if not _HANDLE.fullmatch(name):
        raise InvalidChannelValue("invalid_handle")
    return name


def channel_value(kind: str, value: str) -> str:
    """The normal form of ``value`` for ``kind``; raises ``InvalidChannelValue``."""
    normalisers = {Kind.WEB: web_host, Kind.EMAIL: email_address, Kind.PHONE: phone_e164, Kind.HANDLE: handle_name}
    normaliser = normalisers.get(kind)
    if normaliser is None:
        raise InvalidChannelValue("invalid_kind")
    return normaliser(value)


@lru_cache(maxsize=1024)
def display_value(kind: str, value: str) -> str:
    if kind == Kind.HANDLE:
        return "@" + value
    if kind == Kind.PHONE:
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            return value
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if kind == Kind.WEB:
        return parse_host(value).unicode
    return value
