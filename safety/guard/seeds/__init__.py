"""BIP39 seed phrases in the layouts people paste (English, Chinese simplified and traditional).

* English (english.py): a run of 12 or more list words (a typo or two allowed) separated by
  spaces, commas, new lines or numbering. English prose never has such runs (the shipped help
  centre peaks at 7 list words), so no checksum is needed: a phrase with a typo is still a phrase.
* Chinese one character at a time (chinese.py): 12 or more single list characters each set apart
  by a separator or a number ("极 晨 压 …", "1.极 2.晨 …"). Prose never writes characters apart.
* Chinese written solid ("极晨压按冻刘捐曲工泽对理", chinese.py): almost every common character is a
  list character, so 12 characters of prose pass the checksum 1 time in 16. These are looked for
  only near a context word (助记词, seed, mnemonic …) and need a valid checksum, a window that
  starts and ends where the text breaks, and text that does not read like prose (bip39.py).

Every detector first asks the prepared text (prepared.py) whether it can match at all.
"""

from __future__ import annotations

from ..prepared import Prepared
from .chinese import find_chinese_separated, find_chinese_solid
from .english import find_english


def find_seed_phrases(prep: Prepared) -> list[tuple[int, int]]:
    """Spans of the seed phrases in the text: (start, end), possibly overlapping."""
    spans = list(find_english(prep))
    if prep.has_cjk:
        spans += find_chinese_separated(prep)
        spans += find_chinese_solid(prep)
    return spans
