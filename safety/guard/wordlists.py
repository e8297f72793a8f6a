"""The BIP39 word lists, loaded once at import into the lookups the seed detector needs.

The lists come from trezor's ``mnemonic`` package (the reference implementation's own files),
so they are byte-for-byte the lists wallets use. Its ``Mnemonic.check()`` is not used: it splits
on one ASCII space and cannot read the layouts people paste. Also here: jieba's two-character
Chinese words (the prose test) and the typo test for English list words. Importing this module
costs about 0.3 s (most of it reading jieba's dictionary), once per process.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from mnemonic import Mnemonic

ENGLISH = "english"
CHINESE_SIMPLIFIED = "chinese_simplified"
CHINESE_TRADITIONAL = "chinese_traditional"
CHINESE = (CHINESE_SIMPLIFIED, CHINESE_TRADITIONAL)


def _index(language: str) -> dict[str, int]:
    words = Mnemonic(language).wordlist
    if len(words) != 2048:  # a broken install must fail loudly, not guard nothing
        raise RuntimeError(f"BIP39 list {language!r} has {len(words)} words, expected 2048")
    return {word: position for position, word in enumerate(words)}


INDEX: dict[str, dict[str, int]] = {language: _index(language) for language in (ENGLISH, *CHINESE)}
ENGLISH_INDEX = INDEX[ENGLISH]
ENGLISH_WORDS = frozenset(ENGLISH_INDEX)
CHINESE_CHARS = frozenset(INDEX[CHINESE_SIMPLIFIED]) | frozenset(INDEX[CHINESE_TRADITIONAL])
# A character's index in each Chinese list (None where it is not in one): one look-up for both.
CHINESE_INDICES: dict[str, tuple[int | None, ...]] = {
    char: tuple(INDEX[language].get(char) for language in CHINESE) for char in CHINESE_CHARS
}

# The Chinese lists are ordered by how common the character is (的 一 是 在 不 ...). Ordinary
# prose is dominated by the first couple of hundred; a random phrase draws evenly from all 2,048.
COMMON_CHINESE_RANK = 256


def _jieba_dictionary() -> Path:
    """jieba's bundled word list (jieba is already a pinned dependency: the help-centre search uses
    it). Located without importing jieba, which would cost 0.2 s for nothing we need."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("the secret guard needs jieba's dictionary (pip install jieba)")
    path = Path(spec.origin).parent / "dict.txt"
    if not path.is_file():
        raise RuntimeError(f"jieba's dictionary is missing: {path}")
    return path


JIEBA_DICTIONARY = _jieba_dictionary()


def chinese_word_pairs() -> frozenset[str]:
    """Two-character Chinese words whose characters are both list characters (85,000 of them).

    In prose, most neighbouring characters form words (in the help centre, 12 characters hold 4
    words on average and fewer than 2 only 0.6 % of the time); in a random phrase they rarely do
    (97.6 % of 12-character phrases hold at most one). Reading them costs about 0.2 s, once, at
    import, so that no request pays it."""
    words = re.findall(r"^(\S\S) ", JIEBA_DICTIONARY.read_text(encoding="utf-8"), re.MULTILINE)
    return frozenset(word for word in words if word[0] in CHINESE_CHARS and word[1] in CHINESE_CHARS)


WORD_PAIRS = chinese_word_pairs()


def english_deletions() -> frozenset[str]:
    """Every English list word with one letter removed: one half of an edit-distance-1 test."""
    return frozenset(word[:i] + word[i + 1 :] for word in ENGLISH_WORDS for i in range(len(word)))


ENGLISH_DELETIONS = english_deletions()


# Common short English words that are not list words but sit one letter from one ("the" ->
# "they", "your" -> "hour"): read as typos, they would join prose into runs. Typos of short
# list words that happen to spell one of these are missed; ones that spell nothing are caught.
SHORT_ENGLISH_WORDS = """
    the and you your for are was were our not but can all has had his her its him she they them
    this that with from have been will what when then than into also only some such each more most
    very just does did out how why who whom whose which there here these those any may might must
    shall should would could per via yes off own too let lets get got yet nor one two ten six via
    ago use used uses able upon onto over done dont cant wont isnt ive we us me
    my mine ours hers he her if in is it of on or so to up as at be by do go no ok an am
    day days week hour hours time app web page link code fee fees pay paid sent send tag tags memo
    usdt btc eth trx sol xrp bnb usd usdc kyc api otp pin sms faq tip tips
"""
SHORT_ENGLISH = frozenset(SHORT_ENGLISH_WORDS.split()) - ENGLISH_WORDS


def near_english_word(token: str) -> bool:
    """True when ``token`` (lower case, not itself a list word) is one typo away from a list word:
    a letter missing, extra, changed, or two neighbours swapped. Many ordinary words are one letter
    from a short list word, so callers accept a typo only between list words, one in six at most,
    and a common short English word never counts."""
    if len(token) < 3 or len(token) > 9 or token in SHORT_ENGLISH:
        return False
    if token in ENGLISH_DELETIONS:  # a letter missing
        return True
    for i in range(len(token)):
        shorter = token[:i] + token[i + 1 :]
        if shorter in ENGLISH_WORDS or shorter in ENGLISH_DELETIONS:  # extra, changed or swapped
            return True
    return False
