"""Characters: Unicode TR39 skeletons, the scripts letters come from, invisible characters.

``skeleton`` follows UTS #39 (NFKD, map each character to its prototype, NFD again) and then drops the
combining marks and lower-cases, so ``supportdеsk`` (Cyrillic ``е``), ``ѕupportdesk``, ``suppórtdesk`` and
``SupportdeskHeIp`` (capital ``I``) meet their originals. Latin letters that the table does not list keep
the letter their Unicode name gives (``ⱪ``, LATIN SMALL LETTER K WITH DESCENDER, → ``k``).

``visual`` also folds the ASCII sequences that read as one letter in small type (``rn`` → ``m``,
``vv`` → ``w``, ``cl`` → ``d``: dnstwist's list), so a name built from several of them is still a short
edit distance away.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).with_name("data") / "confusables.json"

# Multi-letter ASCII look-alikes (after the skeleton, which already turned "m" into "rn").
_ASCII_SEQUENCES = (
    ("rn", "m"),
    ("nn", "m"),
    ("vv", "w"),
    ("cl", "d"),
    ("dl", "d"),
    ("lb", "b"),
    ("lh", "h"),
    ("lc", "k"),
)
_ASCII_SEQUENCE = re.compile("|".join(source for source, _ in _ASCII_SEQUENCES))
_ASCII_TARGET = dict(_ASCII_SEQUENCES)
_SEPARATORS = re.compile(r"[-_.]+")

# The first word of a letter's Unicode name, for the scripts a reason can name; others are "other".
_SCRIPTS = {
    "LATIN": "latin",
    "CYRILLIC": "cyrillic",
    "GREEK": "greek",
    "ARMENIAN": "armenian",
    "CHEROKEE": "cherokee",
    "FULLWIDTH": "fullwidth",
    "MATHEMATICAL": "mathematical",
}
# Characters a reader cannot see that UTS 46 drops silently, on top of the format characters (Cf).
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0")


# "LATIN SMALL LETTER K WITH DESCENDER", "LATIN SMALL LETTER U BAR", "LATIN LETTER SMALL CAPITAL R": letters
# that keep the shape of one ASCII letter but have no decomposition and no entry in the confusables table.
_DECORATED_LATIN = re.compile(r"LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL )?([A-Z])(?: .*)?")
# What a Latin letter with no ASCII shape at all becomes (wynn ƿ, kra ĸ, ezh ʒ ...): it matches any letter
# when names are compared (``diffs.name_distance``).
WILDCARD = "*"


@cache
def confusables() -> dict[str, str]:
    """Source character → prototype (NFD), loaded once per process."""
    return json.loads(_DATA.read_text(encoding="utf-8"))["map"]


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@cache
def _latin_base(ch: str) -> str:
    if ch.isascii() or not unicodedata.category(ch).startswith("L"):
        return ch
    name = unicodedata.name(ch, "")
    decorated = _DECORATED_LATIN.fullmatch(name)
    if decorated:
        return decorated.group(1).lower()
    return WILDCARD if name.startswith("LATIN ") else ch


def skeleton(text: str) -> str:
    table = confusables()
    # NFKD rather than UTS 39's NFD: full-width and mathematical letters (ｓ, 𝐬), which the confusables
    # table leaves to compatibility normalisation, become their ASCII letter too.
    mapped = "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFKD", text))
    stripped = _strip_marks(unicodedata.normalize("NFD", mapped))
    if not stripped.isascii():
        stripped = "".join(_latin_base(ch) for ch in stripped)
    return stripped.lower()


def visual(text: str) -> str:
    return _ASCII_SEQUENCE.sub(lambda m: _ASCII_TARGET[m.group()], skeleton(text))


def compact(text: str) -> str:
    """``visual`` without hyphens, underscores and dots: ``Support_Desk`` and ``support-desk`` meet ``supportdesk``."""
    return _SEPARATORS.sub("", visual(text))


def script_of(ch: str) -> str | None:
    """The script a letter belongs to (``None`` for digits, punctuation and other shared characters)."""
    if not unicodedata.category(ch).startswith("L"):
        return None
    if ch.isascii():
        return "latin"
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    return _SCRIPTS.get(first, "other")


def scripts(text: str) -> list[str]:
    """The scripts of the letters in ``text``, in order of appearance."""
    found: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        script = script_of(ch)
        if script and script not in found:
            found.append(script)
    return found


@dataclass(frozen=True, slots=True)
class LookalikeChar:
    char: str
    looks_like: str
    script: str | None  # None: an accented letter (``é``), not a letter of another script
    accented: bool


def lookalike_chars(text: str, *, limit: int = 3) -> list[LookalikeChar]:
    """Non-ASCII characters in ``text`` that read as ASCII ones, first ``limit`` distinct."""
    found: list[LookalikeChar] = []
    seen: set[str] = set()
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii() or ch in seen:
            continue
        seen.add(ch)
        looks_like = skeleton(ch)
        if not looks_like or not looks_like.isascii() or not looks_like.isalnum():
            continue
        # A Latin letter with a mark, hook, bar or stroke is "accented"; a letter of another script (or a
        # full-width or mathematical form) is named by its script.
        script = script_of(ch) or "other"
        accented = script == "latin"
        found.append(LookalikeChar(ch, looks_like, None if accented else script, accented))
        if len(found) >= limit:
            break
    return found


def invisible_chars(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cf" or ch in _INVISIBLE]
