"""Phone numbers are stored in E.164. We serve customers in every country, so a number carries its
``+`` country code, or is local to a country the person chose (a picker on the forms, preset from
the page's language): the one place either is turned into E.164."""

from functools import lru_cache

import phonenumbers
from babel import Locale

# The country a page's language suggests for a local number; none where the language spans many.
LANGUAGE_REGIONS = {"zh-hans": "CN"}


class PhoneError(ValueError):
    """``code`` is "no_country_code" or "invalid", for interfaces to word the message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def to_e164(value: str, region: str | None = None) -> str:
    """``"+44 20 7946 0958"`` → ``"+442079460958"``; with ``region="CN"`` also ``"138 0013 8000"`` →
    ``"+8613800138000"``. The empty string stays empty; a ``+`` number ignores the region."""
    value = (value or "").strip()
    if not value:
        return ""
    region = (region or "").upper()
    if not value.startswith("+") and region not in phonenumbers.SUPPORTED_REGIONS:
        raise PhoneError("no_country_code")
    try:
        number = phonenumbers.parse(value, None if value.startswith("+") else region)
    except phonenumbers.NumberParseException:
        raise PhoneError("invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneError("invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def region_for(language: str, accept_language: str = "") -> str:
    """The country to preset for a local number: the page language's (zh-hans → CN), else the first
    country named in ``Accept-Language`` ("en-GB,en;q=0.8" → GB), else none."""
    preset = LANGUAGE_REGIONS.get((language or "").lower())
    if preset:
        return preset
    for part in (accept_language or "")[:200].split(","):
        tag = part.split(";")[0].strip().replace("_", "-")
        region = tag.rsplit("-", 1)[-1].upper() if "-" in tag else ""
        if region in phonenumbers.SUPPORTED_REGIONS:
            return region
    return ""


@lru_cache(maxsize=8)
def region_choices(language: str) -> tuple[tuple[str, str], ...]:
    """Every country with a dialling code, named in ``language`` and sorted by that name:
    (("GB", "United Kingdom (+44)"), …)."""
    locale = Locale.parse((language or "en").replace("-", "_"))
    names = locale.territories
    choices = [
        (region, f"{names.get(region, region)} (+{phonenumbers.country_code_for_region(region)})")
        for region in phonenumbers.SUPPORTED_REGIONS
    ]
    return tuple(sorted(choices, key=lambda choice: choice[1]))
