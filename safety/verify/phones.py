"""Phone numbers: ours exactly (E.164), or a number a digit or two away from ours."""

from __future__ import annotations

from dataclasses import dataclass

from . import diffs
from .index import ChannelIndex
from .parse import Parsed
from .types import Channel, Reason

MAX_DIGITS_OFF = 2


@dataclass(frozen=True, slots=True)
class PhoneOutcome:
    verdict: str
    channel: Channel | None
    reasons: list[Reason]


def check(parsed: Parsed, index: ChannelIndex) -> PhoneOutcome:
    """Ours, near ours, or unknown. A number that is not valid (``parsed.problem``) is still compared by its
    digits: "+1 415 555 01000" (one digit too many) is a look-alike of ours."""
    notes: list[Reason] = []
    if parsed.problem:
        notes.append(Reason(f"problem_{parsed.problem}"))
    if parsed.via == "whatsapp":
        notes.append(Reason("whatsapp_link", {"number": parsed.phone}))
    if parsed.assumed_plus and parsed.phone:
        notes.append(Reason("country_code_assumed", {"number": parsed.phone}))
    exact = index.phones.get(parsed.phone) if parsed.phone else None
    if exact is None and parsed.assumed_plus:
        # "(415) 555-0100" has no country code: it is ours when it is our number as dialled at home.
        exact = next(
            (ref for ref in index.phones.values() if ref.national and ref.national == parsed.phone_digits), None
        )
        if exact is not None:
            notes = [r for r in notes if r.code != "problem_invalid_phone"]
            notes.append(Reason("country_code_assumed", {"number": exact.channel.display}))
    if exact is not None:
        return PhoneOutcome(
            "official", exact.channel, [Reason("official_phone", {"number": exact.channel.display}), *notes]
        )
    digits = parsed.phone_digits
    best = None
    for ref in index.phones.values():
        # Without a country code the digits may be the national number: compare with that too.
        written_as = (ref.digits, ref.national) if parsed.assumed_plus else (ref.digits,)
        for official in written_as:
            distance = diffs.edit_distance(digits, official, cutoff=MAX_DIGITS_OFF) if digits and official else 99
            if distance <= MAX_DIGITS_OFF and (best is None or distance < best[0]):
                best = (distance, ref)
    if best is not None:
        ref = best[1]
        return PhoneOutcome(
            "lookalike",
            ref.channel,
            [Reason("phone_near", {"official": ref.channel.display, "count": best[0]}), *notes],
        )
    return PhoneOutcome("unknown", None, notes)
