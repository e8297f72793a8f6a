"""Small text helpers shared by the extractors: folding, masking and CJK detection."""

import re
import unicodedata
from functools import lru_cache

CJK_CHARS = "\u3400-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{CJK_CHARS}]")


# extract(), classify() and suggest_type() of one turn fold the same message: computed once.
@lru_cache(maxsize=32)
def fold(text: str) -> str:
    """NFKC: full-width forms typed with a Chinese IME become ASCII (ＵＳＤＴ３００ → USDT300, ，→ ,),
    so every later pattern sees one spelling. Case is kept: EIP-55 and Base58 depend on it."""
    return nfkc(text or "")


# NFKC maps the full-width block (U+FF01–U+FF5E) and the ideographic space to ASCII. Chinese text
# fails the "already NFKC" check mostly because of full-width punctuation (，！？：), and a full
# NFKC pass over 2,000 Chinese characters costs ~1 ms; mapping those directly and normalising only
# what is left gives the same result, since NFKC is idempotent.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _to_ascii(match: re.Match[str]) -> str:
    ch = match.group()
    return " " if ch == "\u3000" else chr(ord(ch) - 0xFEE0)


def nfkc(text: str) -> str:
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = _FULL_WIDTH.sub(_to_ascii, text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@lru_cache(maxsize=32)
def ascii_lower(text: str) -> str:
    """Lower-cased with every position still lining up with `text`. Patterns then run without
    re.IGNORECASE, which in CPython's engine disables the first-character scan and made a
    2,000-character message several times slower. str.lower() is used when it keeps the length
    (nearly always); it can lengthen a string ("İ" → "i̇"), and then only ASCII is lowered."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans already claimed (an address, a URL) so later extractors cannot read
    numbers or tickers inside them; lengths are kept so positions stay valid."""
    if not spans:
        return text
    parts, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            start = last
        parts.append(text[last:start])
        parts.append(" " * max(0, end - start))
        last = max(last, end)
    parts.append(text[last:])
    return "".join(parts)


def window_before(text: str, start: int, size: int) -> str:
    return text[max(0, start - size) : start]


def window_after(text: str, end: int, size: int) -> str:
    return text[end : end + size]
