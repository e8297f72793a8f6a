"""What a term typed in the queue's search box means.

Each kind of term maps to one indexed lookup, so a search stays fast at a million tickets:
a reference → the unique index; an e-mail → the case-insensitive e-mail index; a phone number
with its country code → the phone index (normalised to E.164 first, as stored); anything else →
words of the title (a trigram index on PostgreSQL) or an exact transaction ID.
"""

import re

from django.db.models import Q

from supportdesk.phones import PhoneError, to_e164

from .models import REFERENCE_REGEX

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Transaction IDs and hashes: long runs of letters and digits, sometimes 0x-prefixed.
TRANSACTION_ID = re.compile(r"[0-9A-Za-z:_-]{16,128}")
MAX_TERM = 200


def ticket_search_filter(term: str) -> Q:
    term = term.strip()[:MAX_TERM]
    if re.fullmatch(REFERENCE_REGEX, term.upper()):
        return Q(reference=term.upper())
    if EMAIL.fullmatch(term):
        return Q(contact_email__iexact=term)
    if term.startswith("+"):
        try:
            return Q(contact_phone=to_e164(term))
        except PhoneError:
            pass
    query = Q(title__icontains=term)
    if TRANSACTION_ID.fullmatch(term):
        query |= Q(transaction_id=term)
    return query
