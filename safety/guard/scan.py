"""``scan`` and ``redact``: run every detector over a text and replace what they find."""

from __future__ import annotations

from .credentials import find_credentials
from .keys import find_private_keys
from .prepared import prepare
from .result import PRIVATE_KEY, SEED_PHRASE, Finding, GuardResult, replace, resolve
from .seeds import find_seed_phrases


def scan(text: str) -> GuardResult:
    """Find seed phrases, private keys, passwords and one-time codes in ``text``.

    Pure (no I/O, no database, no settings) and total: any ``str`` gives a result.
    """
    prep = prepare(text)
    candidates = [Finding(SEED_PHRASE, start, end) for start, end in find_seed_phrases(prep)]
    candidates += [Finding(PRIVATE_KEY, start, end) for start, end in find_private_keys(prep)]
    candidates += [Finding(kind, start, end) for start, end, kind in find_credentials(prep)]
    if not candidates:
        return GuardResult(text=text, findings=())
    findings = resolve(candidates)
    return GuardResult(text=replace(text, findings), findings=findings)


def redact(text: str) -> str:
    return scan(text).text
