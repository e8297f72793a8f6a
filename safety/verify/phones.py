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
    notes: list[Reason] = []
    if parsed.via == "whatsapp":
        notes.append(Reason("whatsapp_link", {"number": parsed.phone}))
    if parsed.assumed_plus:
        notes.append(Reason("country_code_assumed", {"number": parsed.phone}))
    exact = index.phones.get(parsed.phone)
    if exact is not None:
        return PhoneOutcome(
            "official", exact.channel, [Reason("official_phone", {"number": exact.channel.display}), *notes]
        )
    digits = parsed.phone.removeprefix("+")
    best = None
    for ref in index.phones.values():
        distance = diffs.edit_distance(digits, ref.digits, cutoff=MAX_DIGITS_OFF)
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
