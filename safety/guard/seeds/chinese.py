"""Chinese phrases: characters set apart one by one, or written solid next to a context word."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..bip39 import LENIENT, MAX_WORDS, MIN_WORDS, PHRASE_LENGTHS, STRICT, valid_chinese
from ..prepared import CHINESE_RUNS, CJK, Prepared, is_cjk, positions_of, runs_of_words
from ..wordlists import CHINESE_CHARS, WORD_PAIRS
from .layout import GAP, with_numbering

# Single CJK characters, each set apart, 12 or more times; the first and the last may be glued to
# the words around them ("我的助记词是极 晨 压 …").
_SEPARATED = re.compile(rf"[{CJK}](?:{GAP}[{CJK}](?![{CJK}])){{10,}}{GAP}[{CJK}]")
_CHAR = re.compile(f"[{CJK}]")
# Near a context word: a run of 12-24 Chinese characters, and runs joined by spaces.
_CLAUSE = re.compile(rf"(?<![{CJK}])[{CJK}]{{{MIN_WORDS},{MAX_WORDS}}}(?![{CJK}])")
# Look-behinds start them only where a run starts; possessive repeats never backtrack inside a run.
_SPACED_GROUP = re.compile(rf"(?<![{CJK}])[{CJK}]++(?:[ \t\u3000]++[{CJK}]++)+")
_RUN = re.compile(f"[{CJK}]+")
_SPACE_BETWEEN = re.compile(rf"[{CJK}][ \t\u3000]+[{CJK}]")
# Up to 24 characters right after a context word, maybe in groups split by spaces on one line.
_FOLLOWING = re.compile(rf"(?:[{CJK}][ \t\u3000]*){{1,{MAX_WORDS}}}")
_GLUE_REACH = 20  # characters around a prefilter hit where a glued first or last character may be

# The context words: the Chinese ones found with one pass of a pattern of literals; the English
# ones first tested against the set of words (hashed already), then matched where they stand.
_CONTEXT_CHINESE = re.compile("助记词|助記詞|记忆词|恢复短语|恢復短語|恢复词|种子|種子|私钥短语|钱包短语|密语")
CONTEXT_ENGLISH = frozenset(("seed", "mnemonic", "recovery", "secret", "backup", "wallet", "words"))
# The English context words, run on the lower-cased text.
CONTEXT = re.compile(
    r"seed|mnemonic|recovery\s*(?:phrase|words?)|secret\s*(?:recovery\s*)?phrase|backup\s*phrase|"
    r"wallet\s*(?:words|phrase)|(?:12|24)\s*words"
)
# What may join a context word to the phrase: 助记词是…, 助记词如下：…, seed phrase is …
_FILLER = re.compile(r"\s*(?:短语|词|phrase|words?)?\s*(?:是|为|為|如下|就是|is|are)?\s*[:：=]?\s*")
_REGION_BEFORE = 30  # characters before a context word searched for a solid phrase
_REGION_AFTER = 80  # ... and after it


def find_chinese_separated(prep: Prepared) -> list[tuple[int, int]]:
    spans = []
    # Ten single list characters in a row (the words of ``spaced``): where a phrase set apart may be.
    for start, end in runs_of_words(prep, CHINESE_RUNS, minimum=MIN_WORDS - 2, breaks=0):
        window_end = min(len(prep.text), end + _GLUE_REACH)
        for candidate in _SEPARATED.finditer(prep.text, max(0, start - _GLUE_REACH), window_end):
            run: list[int] = []
            for char in _CHAR.finditer(prep.text, candidate.start(), candidate.end()):
                if char.group() in CHINESE_CHARS:
                    run.append(char.start())
                    continue
                spans += _separated_run(prep.text, run)
                run = []
            spans += _separated_run(prep.text, run)
    return spans


def _separated_run(text: str, run: list[int]) -> Iterable[tuple[int, int]]:
    """12 or more characters set apart are a phrase. A first or last one glued to the text around
    it ("助记词是极 晨 …") joins the phrase only with a valid checksum."""
    if len(run) < MIN_WORDS - 1:
        return
    glued_first = run[0] > 0 and is_cjk(text[run[0] - 1])
    glued_last = run[-1] + 1 < len(text) and is_cjk(text[run[-1] + 1])
    core = run[int(glued_first) : len(run) - int(glued_last)]
    if len(core) >= MIN_WORDS:
        yield with_numbering(text, core[0]), core[-1] + 1
    for glued, windows in (
        (glued_first, (run[:length] for length in PHRASE_LENGTHS if length <= len(run))),
        (glued_last, (run[-length:] for length in PHRASE_LENGTHS if length <= len(run))),
    ):
        if glued:
            for window in windows:
                if valid_chinese([text[p] for p in window], prose_test=None):
                    yield window[0], window[-1] + 1


def find_chinese_solid(prep: Prepared) -> list[tuple[int, int]]:
    lower = prep.lower
    contexts = list(_CONTEXT_CHINESE.finditer(lower))  # literal alternatives: one pass in C
    english = set(CONTEXT_ENGLISH.intersection(prep.words))
    if english:
        if "words" in english:
            english.update(("12", "24"))  # "12 words": the pattern matches from the number
        for position in positions_of(lower, english):
            context = CONTEXT.match(lower, position)
            if context is not None:  # "recovery" alone, "words" alone are not context words
                contexts.append(context)
    if not contexts:
        return []
    text = prep.text
    regions: list[list[int]] = []
    after_context: set[int] = set()  # where a phrase may begin right after a context word
    for context in sorted(contexts, key=lambda match: match.start()):
        # After the filler only: a phrase glued to 助记词 that itself starts with 是/为 is missed.
        after_context.add(_FILLER.match(lower, context.end()).end())
        start, end = max(0, context.start() - _REGION_BEFORE), min(len(text), context.end() + _REGION_AFTER)
        if regions and start <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], end)
        else:
            regions.append([start, end])
    spans = []
    for position in sorted(after_context):
        spans += _after_context(text, position)
    spans += _whole_groups(text, regions)
    return spans


def _after_context(text: str, start: int) -> Iterable[tuple[int, int]]:
    """A phrase right after a context word (groups split by white space allowed): one that ends
    where the text breaks needs a valid checksum and not to be made of words; one that runs on
    into more Chinese must not read like prose at all."""
    following = _FOLLOWING.match(text, start)
    if following is None or following.end() - start < MIN_WORDS:
        return
    span = following.group()
    solid = "".join(span.split())  # the characters without the spaces between groups
    if len(solid) < MIN_WORDS:
        return
    if len(solid) == len(span):
        positions: Sequence[int] = range(start, start + len(span))
    else:
        positions = [start + i for i, char in enumerate(span) if not char.isspace()]
    # Prose is the common case here. Two words among the first 12 characters already rule out
    # every window that runs on into more text (the strict test): what is left are the windows
    # that end where the text breaks, for which valid_chinese() tries the checksum first.
    strict_possible = _fewer_than_two_words(solid[:MIN_WORDS])
    for length in PHRASE_LENGTHS:
        if length > len(positions):
            break
        last = positions[length - 1]
        ends_at_break = last + 1 >= len(text) or not is_cjk(text[last + 1])
        if not (ends_at_break or strict_possible):
            continue
        if valid_chinese(solid[:length], prose_test=LENIENT if ends_at_break else STRICT):
            yield positions[0], last + 1


def _fewer_than_two_words(chars: str) -> bool:
    found = 0
    for i in range(len(chars) - 1):
        if chars[i : i + 2] in WORD_PAIRS:
            found += 1
            if found == 2:  # prose usually gets here within a few characters
                return False
    return True


def _whole_groups(text: str, regions: list[list[int]]) -> Iterable[tuple[int, int]]:
    """Near a context word, runs of characters (joined only by spaces) that together are exactly
    a phrase long: a clause of 12 characters, or "极晨压按 冻刘捐曲 工泽对理"."""
    for start, end in regions:
        for clause in _CLAUSE.finditer(text, start, end):  # the common shape, found in C
            if len(clause.group()) in PHRASE_LENGTHS and valid_chinese(clause.group(), prose_test=STRICT):
                yield clause.span()
        if _SPACE_BETWEEN.search(text, start, end) is None:
            continue  # Chinese prose rarely puts spaces between characters
        for group in _SPACED_GROUP.finditer(text, start, end):
            runs = [m.span() for m in _RUN.finditer(text, group.start(), group.end())]
            for i, (first_start, _) in enumerate(runs):
                total = 0
                for j in range(i, len(runs)):
                    total += runs[j][1] - runs[j][0]
                    if total > MAX_WORDS:
                        break
                    if total in PHRASE_LENGTHS and j > i:
                        chars = [c for s, e in runs[i : j + 1] for c in text[s:e]]
                        if valid_chinese(chars, prose_test=STRICT):
                            yield first_start, runs[j][1]
