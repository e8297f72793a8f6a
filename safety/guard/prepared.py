"""A text prepared once per scan: the cheap facts every detector gates on before any regex runs.

Python's regex engine pays per starting position, so scanning 2,000 characters with a dozen
patterns costs milliseconds. Lower-casing, replacing characters, splitting on white space, set
look-ups over a whole token list and byte-string searches run in C at a few microseconds; the
detectors use them to skip the text, or to run a pattern only where it can match.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}
# What may stand between the words of a pasted phrase besides white space (see seeds/layout.py);
# in ``spaced`` each becomes a space.
SEPARATORS = tuple(dict.fromkeys(".,;:!?()[]{}<>#|/\\-–—_·•*'\"“”‘’、，。：；（）【】「」"))


@dataclass(frozen=True, slots=True)
class Prepared:
    text: str
    lower: str  # lower case, with every character at the same offset as in ``text``
    spaced: str  # ``lower`` with every separator replaced by a space (same offsets)
    words: list[str]  # ``spaced`` split on white space: words, numbers, runs of Chinese
    has_cjk: bool


def prepare(text: str) -> Prepared:
    lower = text.lower()
    if len(lower) != len(text):  # "İ" lowers to two characters: keep the offsets, lower ASCII only
        lower = text.translate(_ASCII_LOWER)
    spaced = lower
    for separator in SEPARATORS:
        if separator in spaced:
            spaced = spaced.replace(separator, " ")
    return Prepared(
        text=text,
        lower=lower,
        spaced=spaced,
        words=spaced.split(),
        has_cjk=not text.isascii() and _CJK_CHAR.search(text) is not None,
    )


def runs_of_words(prep: Prepared, vocabulary: frozenset[str], *, minimum: int, breaks: int) -> list[tuple[int, int]]:
    """Character ranges of runs of ``prep.words`` found in ``vocabulary``: at least ``minimum`` of
    them with at most ``breaks`` other words inside. Looked up in one pass with ``map`` over the
    word list; the runs come from splitting the resulting byte string."""
    flags = bytes(map(vocabulary.__contains__, prep.words))
    if flags.count(1) < minimum:
        return []
    lengths = [*map(len, flags.split(b"\x00")), *([0] * breaks)]  # runs of found words
    totals = list(map(sum, zip(*(lengths[k:] for k in range(breaks + 1)), strict=False)))
    if max(totals) < minimum:
        return []
    run_starts = [0, *itertools.accumulate(length + 1 for length in lengths)]  # word number of each run
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
    return [(starts[first], starts[last] + len(prep.words[last])) for first, last in word_ranges]


def is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"
