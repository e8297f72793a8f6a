"""What may stand between the words of a pasted phrase, and the numbering before its first word."""

from __future__ import annotations

import re

# Spaces (any: U+3000, new lines, tabs), punctuation, bullets and markup, and at most one number of
# one or two digits (numbering: "1. ", "#2 ", "3) ", "4: ").
PUNCTUATION_CHARS = r"\s,.;:!?()\[\]{}<>#|/\\\-–—_·•*'\"“”‘’、，。：；（）【】「」"
PUNCTUATION = f"[{PUNCTUATION_CHARS}]"
GAP = rf"(?:{PUNCTUATION}{{0,10}}\d{{1,2}}{PUNCTUATION}{{0,6}}|{PUNCTUATION}{{1,10}})"

_NUMBERING_BEFORE = re.compile(r"(?:[#(（]\s*)?\d{1,2}\s*[.):：)）]?\s*\Z")


def with_numbering(text: str, start: int) -> int:
    """Numbering just before a phrase's first word belongs to the phrase: "1. ", "1) ", "#1 ", "(1)"."""
    match = _NUMBERING_BEFORE.search(text, max(0, start - 8), start)
    return match.start() if match else start
