"""Personal data in free text that must not leave a customer's case (a help-article draft written
from a ticket): addresses and transaction IDs of any chain, e-mail addresses, phone numbers,
account numbers and dates of birth. Pure.

``personal_values(text)`` returns the values found, for the caller to blank out. Account numbers
and dates are found only next to words that say what they are ("UID 12345678", "DOB 1990-01-02",
"账号 6222…", "出生日期 1990年1月2日"): an amount or an order date is not personal data.
"""

import re

import phonenumbers

from . import identifiers

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ACCOUNT = re.compile(
    r"(?:\baccount(?:\s*(?:number|no\.?|#))?|\bacct\.?|\bUID|\buser\s*id|\bIBAN|\bcard(?:\s*(?:number|no\.?))?|"
    r"账号|账户号|卡号|银行卡|用户\s*ID|用户编号)\s*[:：#=]?\s*"
    r"(?P<value>[A-Z]{2}\d{2}[A-Z0-9 ]{8,30}\d|\d[\d -]{4,30}\d)",
    re.IGNORECASE,
)
_BIRTH = re.compile(
    r"(?:\b(?:date\s+of\s+birth|DOB|born(?:\s+on)?|birthday)|出生日期|出生于|生日)\s*[:：]?\s*"
    r"(?P<value>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|"
    r"\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4}|[A-Za-z]{3,9}\s+\d{1,2},?\s+\d{4})",
    re.IGNORECASE,
)


def personal_values(text: str) -> list[str]:
    """Every piece of personal data in ``text``, longest first (so a value inside another is blanked
    with it)."""
    found = set(_EMAIL.findall(text))
    scan = identifiers.scan(text)
    found.update(scan.transaction_ids)
    found.update(address.value for address in scan.addresses)
    found.update(scan.invalid_addresses)
    for pattern in (_ACCOUNT, _BIRTH):
        found.update(match.group("value").strip() for match in pattern.finditer(text))
    for match in phonenumbers.PhoneNumberMatcher(text, None, leniency=phonenumbers.Leniency.VALID):
        found.add(match.raw_string)
    return sorted(found, key=len, reverse=True)
