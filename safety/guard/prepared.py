"""A text prepared once per scan: the cheap facts every detector gates on before any regex runs.

Python's regex engine pays per starting position, so scanning 2,000 characters with a dozen
patterns costs milliseconds. Lower-casing, replacing characters, splitting on white space, set
look-ups over a whole token list and byte-string searches run in C at a few microseconds; the
detectors use them to skip the text, or to run a pattern only where it can match.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .wordlists import CHINESE_CHARS, ENGLISH_WORDS

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
# What may stand between the words of a pasted phrase besides white space (see seeds/layout.py);
# in ``spaced`` each becomes a space.
SEPARATORS = tuple(dict.fromkeys(".,;:!?()[]{}<>#|/\\-–—_·•*'\"“”‘’、，。：；（）【】「」"))
# ASCII separators are replaced on the UTF-8 bytes with bytes.translate (in UTF-8 a byte below
# 0x80 is always an ASCII character, so offsets survive the round trip); the dozen others with
# str.replace. Both run in C; a regex substitution costs three times more.
_ASCII_SEPARATORS = bytes(ord(separator) for separator in SEPARATORS if separator.isascii())
_TO_SPACES = bytes.maketrans(_ASCII_SEPARATORS, b" " * len(_ASCII_SEPARATORS))
_OTHER_SEPARATORS = tuple(separator for separator in SEPARATORS if not separator.isascii())

# What each word of ``spaced`` can be in a phrase, looked up for all words at once in prepare().
ENGLISH_WORD, CHINESE_CHARACTER, NUMBERING = 1, 2, 3
_WORD_CLASSES = {
    **dict.fromkeys(ENGLISH_WORDS, ENGLISH_WORD),
    **dict.fromkeys(CHINESE_CHARS, CHINESE_CHARACTER),
    **dict.fromkeys([str(n) for n in range(100)] + [f"0{n}" for n in range(10)], NUMBERING),
}
ENGLISH_RUNS = bytes.maketrans(bytes([ENGLISH_WORD, NUMBERING]), b"\x01\x01").translate(
    bytes.maketrans(bytes([CHINESE_CHARACTER]), b"\x00")
)
CHINESE_RUNS = bytes.maketrans(bytes([CHINESE_CHARACTER, NUMBERING, ENGLISH_WORD]), b"\x01\x01\x00")


@dataclass(frozen=True, slots=True)
class Prepared:
    text: str
    lower: str  # lower case, with every character at the same offset as in ``text``
    spaced: str  # ``lower`` with every separator replaced by a space (same offsets)
    words: list[str]  # ``spaced`` split on white space: words, numbers, runs of Chinese
    word_classes: bytes  # per word: ENGLISH_WORD, CHINESE_CHARACTER, NUMBERING or 0
    has_cjk: bool


def prepare(text: str) -> Prepared:
    lower = text.lower()
    if len(lower) != len(text):  # "İ" lowers to two characters: keep the offsets, lower ASCII only
        lower = text.translate(_ASCII_LOWER)
    spaced = _spaced(lower)
    words = spaced.split()
    return Prepared(
        text=text,
        lower=lower,
        spaced=spaced,
        words=words,
        word_classes=bytes(map(_WORD_CLASSES.get, words, itertools.repeat(0))),
        has_cjk=not text.isascii() and _CJK_CHAR.search(text) is not None,  # isascii() reads a flag
    )


def _spaced(lower: str) -> str:
    """``lower`` with every separator replaced by a space, one character for one."""
    if lower.isascii():
        return lower.encode("ascii").translate(_TO_SPACES).decode("ascii")
    spaced = lower.encode("utf-8", "surrogatepass").translate(_TO_SPACES).decode("utf-8", "surrogatepass")
    for separator in _OTHER_SEPARATORS:
        if separator in spaced:
            spaced = spaced.replace(separator, " ")
    return spaced


def runs_of_words(prep: Prepared, classes: bytes, *, minimum: int, breaks: int) -> list[tuple[int, int]]:
    """Character ranges of runs of ``prep.words`` of the ``classes`` (ENGLISH_RUNS, CHINESE_RUNS):
    at least ``minimum`` of them with at most ``breaks`` other words inside. All in C: the word
    classes become 0/1 flags with bytes.translate, and the runs come from splitting the flags."""
    flags = prep.word_classes.translate(classes)
    if flags.count(1) < minimum:
        return []
    lengths = [*map(len, flags.split(b"\x00")), *([0] * breaks)]  # runs of found words
    totals: Iterable[int] = lengths
    for k in range(1, breaks + 1):  # each run plus the next ``breaks`` ones (map(add) stays in C)
        totals = map(operator.add, totals, lengths[k:])
    totals = list(totals)
    if max(totals) < minimum:
        return []
    # The word number where each run starts (map and accumulate stay in C).
    run_starts = [0, *itertools.accumulate(map(operator.add, lengths, itertools.repeat(1)))]
    last_word = len(prep.words) - 1
    word_ranges = [
        (run_starts[k], min(run_starts[k + breaks + 1] - 2, last_word))
        for k, total in enumerate(totals)
        if total >= minimum
    ]
    return _char_ranges(prep, word_ranges)


def _char_ranges(prep: Prepared, word_ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    starts = []
    position = 0
    for word in prep.words[: max(last for _, last in word_ranges) + 1]:
        position = prep.spaced.find(word, position)
        starts.append(position)
        position += len(word)
    merged: list[tuple[int, int]] = []  # neighbouring windows of runs overlap: scan each stretch once
    for first, last in word_ranges:
        start, end = starts[first], starts[last] + len(prep.words[last])
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def positions_of(text: str, needles: Iterable[str]) -> set[int]:
    """Every offset where one of ``needles`` starts (str.find: a C search per needle)."""
    found = set()
    for needle in needles:
        position = text.find(needle)
        while position != -1:
            found.add(position)
            position = text.find(needle, position + 1)
    return found


def is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"
