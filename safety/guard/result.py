"""What a scan returns: the findings and the text with each one replaced."""

from __future__ import annotations

from dataclasses import dataclass

SEED_PHRASE = "seed_phrase"
PRIVATE_KEY = "private_key"
PASSWORD = "password"
OTP = "otp"
KINDS = (SEED_PHRASE, PRIVATE_KEY, PASSWORD, OTP)


def placeholder(kind: str) -> str:
    return f"[redacted: {kind}]"


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    start: int  # span in the ORIGINAL text
    end: int


@dataclass(frozen=True)
class GuardResult:
    text: str  # the text with each finding replaced by "[redacted: <kind>]"
    findings: tuple[Finding, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The distinct kinds found, in order of first appearance."""
        return tuple(dict.fromkeys(finding.kind for finding in self.findings))


def resolve(candidates: list[Finding]) -> tuple[Finding, ...]:
    """Non-overlapping findings in text order: overlapping candidates become one finding over their
    union, of the kind of the longest (a phrase wins over a "password" inside it)."""
    merged: list[Finding] = []
    longest: list[int] = []
    for finding in sorted(candidates, key=lambda f: (f.start, -f.end)):
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            kind = finding.kind if finding.end - finding.start > longest[-1] else last.kind
            longest[-1] = max(longest[-1], finding.end - finding.start)
            merged[-1] = Finding(kind=kind, start=last.start, end=max(last.end, finding.end))
            continue
        merged.append(finding)
        longest.append(finding.end - finding.start)
    return tuple(merged)


def replace(text: str, findings: tuple[Finding, ...]) -> str:
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts += [text[position : finding.start], placeholder(finding.kind)]
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
