"""English phrases: 12 or more list words in a row, whatever separates them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from ..bip39 import MIN_WORDS, PHRASE_LENGTHS, checksum_ok
from ..prepared import ENGLISH_RUNS, Prepared, runs_of_words
from ..wordlists import ENGLISH_INDEX, near_english_word
from .layout import GAP, with_numbering

# Word-shaped tokens (2-9 letters: list words are 3-8, a typo adds or drops one) 12 or more times.
_CANDIDATE = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z]{{2,9}}(?![A-Za-z])(?:{GAP}[A-Za-z]{{2,9}}(?![A-Za-z])){{11,}}")
_WORD = re.compile(r"[A-Za-z]+")
_STRONG_GAP = re.compile(r"[:：.!?。！？]")  # a colon or a sentence end (numbering aside: "1. word")
_DIGIT = re.compile(r"\d")
_MAX_LEFT_OVER = 6  # list words outside a checksum-valid phrase that may stay unredacted
_ALLOWED_BREAKS = 2  # unknown words inside a run (typos) that the prefilter lets through


def find_english(prep: Prepared) -> Iterable[tuple[int, int]]:
    # Runs of 10 list words (or numbering) with up to 2 others: where 12 list words, two of them
    # typos, may be. English prose breaks its runs every few words, so this is usually empty.
    runs = runs_of_words(prep, ENGLISH_RUNS, minimum=MIN_WORDS - _ALLOWED_BREAKS, breaks=_ALLOWED_BREAKS)
    for start, end in runs:
        for candidate in _CANDIDATE.finditer(prep.text, start, end):
            yield from _runs(prep.text, candidate.start(), candidate.end())


def _runs(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    run: list[tuple[int, int, bool]] = []  # (start, end, is a typo) of list words
    for token in _WORD.finditer(text, start, end):
        word = token.group().lower()
        if word in ENGLISH_INDEX:
            run.append((token.start(), token.end(), False))
            continue
        # A typo only counts inside a run (a run starts on a real list word): the costlier test
        # is skipped for the prose before a phrase.
        if run and near_english_word(word):
            run.append((token.start(), token.end(), True))
            continue
        yield from _phrase(text, run)
        run = []
    yield from _phrase(text, run)


def _phrase(text: str, run: list[tuple[int, int, bool]]) -> Iterable[tuple[int, int]]:
    """A run of list words (and typos) is a phrase when it has 12 words, at most one typo in six,
    and starts and ends on real list words (a typo-shaped prose word must not extend it)."""
    while run and run[0][2]:
        run = run[1:]
    while run and run[-1][2]:
        run = run[:-1]
    if len(run) < MIN_WORDS:
        return
    typos = [i for i, (_, _, typo) in enumerate(run) if typo]
    if len(typos) > len(run) // 6:
        # Too many typos for one phrase: judge the stretches between them on their own.
        previous = 0
        for i in [*typos, len(run)]:
            yield from _phrase(text, [(s, e, False) for s, e, _ in run[previous:i]])
            previous = i + 1
        return
    for piece in _trim_to_checksum(text, run):
        yield with_numbering(text, piece[0][0]), piece[-1][1]


def _trim_to_checksum(text: str, run: list[tuple[int, int, bool]]) -> list[list[tuple[int, int, bool]]]:
    """Keep the lead-in and closing words ("My seed: … . Help!") out of the redaction when the text
    says exactly where the phrase is: pieces of the run set apart by a colon or a sentence end,
    one of which is a checksum-valid phrase. Only the valid pieces are redacted, and only when every
    other piece is short; otherwise the whole run is (a phrase with a typo has no valid piece)."""
    pieces = [[run[0]]]
    for previous, token in itertools.pairwise(run):
        if _STRONG_GAP.search(text, previous[1], token[0]) and not _DIGIT.search(text, previous[1], token[0]):
            pieces.append([])
        pieces[-1].append(token)
    if len(pieces) == 1:
        return [run]
    valid = [piece for piece in pieces if _valid(text, piece)]
    if valid and all(len(piece) <= _MAX_LEFT_OVER for piece in pieces if piece not in valid):
        return valid
    return [run]


def _valid(text: str, piece: list[tuple[int, int, bool]]) -> bool:
    if len(piece) not in PHRASE_LENGTHS or any(typo for _, _, typo in piece):
        return False
    return checksum_ok([ENGLISH_INDEX[text[start:end].lower()] for start, end, _ in piece])
