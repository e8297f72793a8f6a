"""Phone numbers are stored in E.164. We serve customers in every country, so there is no
sensible default region: a number must carry its ``+`` country code."""

import phonenumbers


class PhoneError(ValueError):
    """``code`` is "no_country_code" or "invalid", for interfaces to word the message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def to_e164(value: str) -> str:
    """``"+44 20 7946 0958"`` → ``"+442079460958"``; the empty string stays empty."""
    value = (value or "").strip()
    if not value:
        return ""
    if not value.startswith("+"):
        raise PhoneError("no_country_code")
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        raise PhoneError("invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise PhoneError("invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
