"""BIP39 checks over word indices: the checksum, and whether Chinese text reads like prose."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .wordlists import CHINESE_INDICES, COMMON_CHINESE_RANK, WORD_PAIRS

PHRASE_LENGTHS = (12, 15, 18, 21, 24)
MIN_WORDS = PHRASE_LENGTHS[0]
MAX_WORDS = PHRASE_LENGTHS[-1]


def checksum_ok(indices: Sequence[int]) -> bool:
    """BIP39: the words' 11-bit indices are ENT bits of entropy then ENT/32 bits of its SHA-256."""
    count = len(indices)
    if count not in PHRASE_LENGTHS:
        return False
    bits = 0
    for index in indices:
        bits = (bits << 11) | index
    checksum_bits = count // 3
    entropy = (bits >> checksum_bits).to_bytes(count * 4 // 3, "big")
    return hashlib.sha256(entropy).digest()[0] >> (8 - checksum_bits) == bits & ((1 << checksum_bits) - 1)


LENIENT = "lenient"
STRICT = "strict"


def valid_chinese(chars: Sequence[str], *, prose_test: str | None) -> bool:
    """A checksum-valid phrase in one of the Chinese lists that does not read like prose.

    ``prose_test`` is None (the layout alone is evidence enough), LENIENT (a phrase right after a
    context word: reject only text made of words) or STRICT (weaker layouts: also reject text with
    two words in it, or with many of the most common characters).

    In prose most neighbouring characters form words; in a random phrase few do. Of the help
    centre's 12-character windows 99.4 % hold 2 or more words and 78 % hold 3 or more; of random
    12-character phrases 2.4 % hold 2 or more and 0.14 % hold 3 or more."""
    found = list(map(CHINESE_INDICES.get, chars))
    if None in found:
        return False  # a character in neither list
    for indices in zip(*found, strict=True):  # the simplified indices, then the traditional ones
        if None in indices or not checksum_ok(indices):
            continue  # 15 times in 16 for 12 characters of prose: the cheapest test first
        if prose_test is None:
            return True
        words = sum(map(WORD_PAIRS.__contains__, map(str.__add__, chars, chars[1:])))
        if words >= (2 if prose_test == STRICT else max(3, len(chars) // 4)):
            return False  # reads like prose
        if prose_test == STRICT and sum(i < COMMON_CHINESE_RANK for i in indices) > len(indices) // 4:
            continue
        return True
    return False
