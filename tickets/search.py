"""What a term typed in the queue's search box means.

Each kind of term maps to one indexed lookup, so a search stays fast at a million tickets:
- a reference, with or without its ``SD-`` prefix (``7K3QX9``) → the unique index (a bare one may
  also be a word of a title, so the title lookup runs beside it);
- a whole e-mail address → the case-insensitive e-mail index; the beginning of one (``lin.wei@``,
  ``lin.w``) → a prefix scan of the same expression (``ticket_contact_email_prefix``, a
  ``text_pattern_ops`` index on PostgreSQL, so LIKE 'lin.w%' is a range scan in any collation);
- a phone number with its country code → the phone index (normalised to E.164 first, as stored);
- anything else → words of the title, each one found anywhere in it, plus an exact transaction ID.
  On PostgreSQL a word of four letters or more also matches with a typo ("withdrawl") through
  ``pg_trgm``'s word similarity on the trigram index of the title. SQLite has no trigrams: there a
  word of six letters or more also matches by its first five ("withdrawl" finds "withdrawal"), which
  catches the commonest slip, a wrong ending, and nothing cleverer.
"""

import re

from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import Upper

from supportdesk.phones import PhoneError, to_e164

from .models import REFERENCE_ALPHABET, REFERENCE_LENGTH, REFERENCE_PREFIX, REFERENCE_REGEX

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# The beginning of an address: "lin.wei@", "lin.wei@exa", or a local part with a dot, plus or
# underscore in it ("lin.w"), which a title word would not have.
EMAIL_START = re.compile(r"[^@\s]+@[^@\s]*")
LOCAL_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*[._+][A-Za-z0-9._+-]*")
BARE_REFERENCE = re.compile(rf"[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}")
# Transaction IDs and hashes: long runs of letters and digits, sometimes 0x-prefixed.
TRANSACTION_ID = re.compile(r"[0-9A-Za-z:_-]{16,128}")
MAX_TERM = 200
MAX_WORDS = 6  # each word is one more index condition; a longer phrase is narrowed by its first six
TYPO_MIN_LETTERS = 4  # shorter words have too few trigrams to tell a typo from another word
SQLITE_STEM_MIN, SQLITE_STEM = 6, 5


def ticket_search_filter(term: str) -> Q:
    term = term.strip()[:MAX_TERM]
    upper = term.upper()
    if re.fullmatch(REFERENCE_REGEX, upper):
        return Q(reference=upper)
    if EMAIL.fullmatch(term):
        return Q(contact_email__iexact=term)
    if EMAIL_START.fullmatch(term):
        return Q(contact_email__istartswith=term)
    if term.startswith("+"):
        try:
            return Q(contact_phone=to_e164(term))
        except PhoneError:
            pass
    query = _title_words(term)
    if BARE_REFERENCE.fullmatch(upper):
        query |= Q(reference=REFERENCE_PREFIX + upper)
    if LOCAL_PART.fullmatch(term):
        query |= Q(contact_email__istartswith=term)
    if TRANSACTION_ID.fullmatch(term):
        query |= Q(transaction_id=term)
    return query


def _title_words(term: str) -> Q:
    """Every word somewhere in the title, in any order; a word may carry a typo (see above)."""
    words = term.split()[:MAX_WORDS] or [term]
    query = Q()
    for word in words:
        query &= _title_word(word)
    return query


def _title_word(word: str) -> Q:
    found = Q(title__icontains=word)
    if not (word.isalpha() and len(word) >= TYPO_MIN_LETTERS):
        return found  # numbers, codes and symbols match as typed ("100%" is not "1000")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramWordSimilar

        # UPPER(title) %> UPPER(word): the word is like some stretch of the title; the left side
        # is the expression the trigram index holds.
        return found | Q(TrigramWordSimilar(Upper("title"), Value(word.upper())))
    if len(word) >= SQLITE_STEM_MIN:
        return found | Q(title__icontains=word[:SQLITE_STEM])
    return found
