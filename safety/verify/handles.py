"""Accounts on social platforms: ours (any letter case, on the right platform), or a name built to pass
for ours: one or two characters off (``l``/``I``/``1``, ``0``/``O``, ``rn``/``m``), separators added
(``Supportdesk_Help``, ``SupportdeskHelp_``), words added (``SupportdeskHelpDesk``, ``RealSupportdesk``),
our name on a platform where we are not, or our brand inside another name."""

from __future__ import annotations

from dataclasses import dataclass

from . import diffs, text, web
from .index import ChannelIndex, HandleRef
from .parse import Parsed
from .platforms import PLATFORM_NAMES
from .types import Channel, Reason


@dataclass(frozen=True, slots=True)
class HandleOutcome:
    verdict: str
    channel: Channel | None
    reasons: list[Reason]


def _platform(code: str) -> str:
    return PLATFORM_NAMES.get(code, code)


def _elsewhere(ref: HandleRef, platform: str) -> Reason:
    return Reason(
        "wrong_platform",
        {
            "handle": ref.channel.display,
            "platform": _platform(platform),
            "official_platform": _platform(ref.channel.platform),
        },
    )


def _typo(name: str, compact: str, ref: HandleRef) -> Reason | None:
    if compact == ref.compact or diffs.name_distance(compact, ref.compact, cutoff=ref.budget) <= ref.budget:
        return Reason(
            "typo",
            {
                "official": ref.channel.display,
                "count": max(1, diffs.difference_count(name, ref.channel.value)),
                "changes": diffs.changes(name, ref.channel.value),
            },
        )
    return None


def _affix(name: str, compact: str, ref: HandleRef) -> Reason | None:
    span = web.inside(compact, ref.compact)
    if span:
        return Reason("handle_affix", {"official": ref.channel.display, "extra": web.extra_part(compact, span)})
    return None


def check(parsed: Parsed, index: ChannelIndex) -> HandleOutcome:
    name, platform = parsed.handle, parsed.platform
    folded = name.casefold()
    exact = [ref for ref in index.handles if ref.folded == folded]
    if exact:
        same = [ref for ref in exact if not platform or ref.channel.platform == platform]
        if same:
            ref = same[0]
            reasons = [
                Reason("official_handle", {"handle": ref.channel.display, "platform": _platform(ref.channel.platform)})
            ]
            if not platform:
                reasons.append(
                    Reason(
                        "platform_assumed", {"handle": ref.channel.display, "platform": _platform(ref.channel.platform)}
                    )
                )
            return HandleOutcome("official", ref.channel, reasons)
        return HandleOutcome("lookalike", exact[0].channel, [_elsewhere(exact[0], platform)])

    compact = text.compact(name)
    # Our account on the same platform first ("SupportdeskHe1p" on Telegram imitates the Telegram account);
    # a near spelling before a longer name; among longer names, the longest account name it contains.
    ordered = sorted(index.handles, key=lambda ref: bool(platform) and ref.channel.platform != platform)
    by_length = sorted(ordered, key=lambda ref: -len(ref.compact))
    for test, refs in ((_typo, ordered), (_affix, by_length)):
        for ref in refs:
            why = test(name, compact, ref)
            if why is not None:
                reasons = [*web.char_reasons(name, subject="name"), why]
                if platform and ref.channel.platform != platform:
                    reasons.append(_elsewhere(ref, platform))
                return HandleOutcome("lookalike", ref.channel, reasons)

    for brand, domain_ref in index.brands:
        if brand in compact:
            same = next((r for r in ordered), None)
            channel = same.channel if same else domain_ref.channel
            return HandleOutcome(
                "lookalike", channel, [Reason("brand_in_name", {"official": channel.display, "name": "@" + name})]
            )
    return HandleOutcome("unknown", None, [])
