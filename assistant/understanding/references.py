"""Ticket references (SD-7K3QX9) in any case, with or without the hyphen, and without the prefix
only where the text calls it a ticket, case or reference."""

import re

from tickets.models import REFERENCE_ALPHABET, REFERENCE_LENGTH, REFERENCE_PREFIX, REFERENCE_REGEX

# tickets.models.REFERENCE_REGEX is the canonical form; customers also type "sd 7k3qx9", "SD7K3QX9".
# Matched on text.upper() (same positions) without re.IGNORECASE, which would disable the fast scan.
_BODY = f"[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}"
_PREFIXED = re.compile(rf"(?<![0-9A-Z])SD[-–—_\s]?({_BODY})(?![0-9A-Z])")
_BARE = re.compile(rf"(?<![0-9A-Z])({_BODY})(?![0-9A-Z])")
_CONTEXT = re.compile(
    r"(?<![a-z])(?:ticket|case|reference|ref|request)(?:\s*(?:no\.?|number|id|#))?\s*[:#]?\s*$"
    r"|(?:工单|单号|编号|参考号|工单号|案件号)\s*(?:号|编号)?\s*(?:是|为)?\s*[:#]?\s*$"
)
_CONTEXT_WORD = re.compile(r"ticket|case|ref|request|工单|单号|编号|参考号|案件号")
_CANONICAL = re.compile(rf"^{REFERENCE_REGEX}$")


def scan(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """(references upper-cased as SD-XXXXXX, spans they occupy)."""
    upper, lowered = text.upper(), text.lower()
    if len(upper) != len(text) or len(lowered) != len(text):  # "ß" → "SS": fall back to ASCII-only folding
        upper = "".join(c.upper() if c.isascii() else c for c in text)
        lowered = "".join(c.lower() if c.isascii() else c for c in text)
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for m in _PREFIXED.finditer(upper) if "SD" in upper else ():
        found.append((m.start(), m.group(1)))
        spans.append(m.span())
    # Without the prefix a reference needs a word saying so, right before it: look only there.
    for context in _CONTEXT_WORD.finditer(lowered):
        for m in _BARE.finditer(upper, context.end(), context.end() + 24):
            if any(s <= m.start() < e for s, e in spans):
                continue
            body = text[m.start(1) : m.end(1)]
            # A word such as "CHANGE" fits the alphabet, so ask for a digit and a letter, or capitals.
            if not (any(c.isdigit() for c in body) and any(c.isalpha() for c in body)) and not body.isupper():
                continue
            if body.isdigit() or not _CONTEXT.search(lowered[max(0, m.start() - 30) : m.start()]):
                continue
            found.append((m.start(), body))
            spans.append(m.span())
    refs: list[str] = []
    for _, body in sorted(found):
        _add(refs, body)
    return refs, spans


def _add(refs: list[str], body: str) -> None:
    reference = REFERENCE_PREFIX + body.upper()
    if _CANONICAL.match(reference) and reference not in refs:
        refs.append(reference)
