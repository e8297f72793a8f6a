"""How one name differs from another, in pieces a person can check by eye: "1 instead of l", "an extra _"."""

from __future__ import annotations

import difflib

from rapidfuzz.distance import OSA, Levenshtein

from .text import WILDCARD

MAX_CHANGES = 3  # more than this and the list stops helping


def edit_distance(a: str, b: str, *, cutoff: int | None = None) -> int:
    return Levenshtein.distance(a, b, score_cutoff=cutoff)


def name_distance(written: str, official: str, *, cutoff: int) -> int:
    """Edits between two visual forms, a ``text.WILDCARD`` in ``written`` matching any one character.

    Wildcards stand for exotic Latin letters (``ƿ``); at most a third of the name may be wildcards, or
    any name would match. Returns ``cutoff + 1`` when over the cutoff.
    """
    if abs(len(written) - len(official)) > cutoff:  # each extra or missing character is one edit
        return cutoff + 1
    wildcards = written.count(WILDCARD)
    if not wildcards:
        return Levenshtein.distance(written, official, score_cutoff=cutoff)
    if wildcards > max(1, len(official) // 3):
        return cutoff + 1
    previous = list(range(len(official) + 1))
    for i, a in enumerate(written, 1):
        current = [i]
        for j, b in enumerate(official, 1):
            same = a in (b, WILDCARD)
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (0 if same else 1)))
        previous = current
    return min(previous[-1], cutoff + 1)


def changes(written: str, official: str) -> list[dict[str, str]]:
    """The differences of ``written`` from ``official``, ignoring letter case (``I``/``l`` still differ).

    Each is ``{"op": "replace", "new": "1", "old": "l"}``, ``{"op": "insert", "new": "_"}``,
    ``{"op": "delete", "old": "p"}`` or ``{"op": "swap", "new": "ro", "old": "or"}``.
    """
    a, b = written.lower(), official.lower()
    if len(a) != len(written) or len(b) != len(official):  # lower() changed the length (rare scripts)
        a, b = written, official
    if len(a) == len(b):
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]]
            and a[differ[1]] == b[differ[0]]
        ):
            i = differ[0]
            return [{"op": "swap", "new": written[i : i + 2], "old": official[i : i + 2]}]
    found: list[dict[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        new, old = written[i1:i2], official[j1:j2]
        if op == "equal" or new == old:
            continue
        if op == "replace":
            found.append({"op": "replace", "new": new, "old": old})
        elif op == "insert":
            found.append({"op": "delete", "old": old})  # in ``official``, missing from ``written``
        else:
            found.append({"op": "insert", "new": new})
    return found[:MAX_CHANGES]


def difference_count(written: str, official: str) -> int:
    """Edits between the two, ignoring case; swapping two neighbours counts as one."""
    return OSA.distance(written.lower(), official.lower())
