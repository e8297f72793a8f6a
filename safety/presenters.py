"""A verdict shaped for people and for the API: reason texts in the active language, platform names,
and the value defanged when it is not ours."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from safety.verify import PLATFORM_NAMES, Channel, Verdict, defang, reason_text


def channel_payload(channel: Channel) -> dict:
    return {
        "kind": channel.kind,
        "platform": channel.platform,
        "value": channel.value,
        "display": channel.display,
        "label": gettext(channel.label) if channel.label else "",
    }


def verdict_payload(result: Verdict) -> dict:
    """The API's shape (the contract's): reasons as ``{"code", "message"}`` in the active language."""
    return {
        "value": result.value,
        "kind": result.kind,
        "official": result.official,
        "verdict": result.verdict,
        "channel": channel_payload(result.channel) if result.channel else None,
        "lookalike_of": result.lookalike_of,
        "reasons": [{"code": r.code, "message": reason_text(r)} for r in result.reasons],
    }


@dataclass(frozen=True)
class ChannelView:
    channel: Channel
    display: str
    platform_name: str
    label: str


def channel_view(channel: Channel) -> ChannelView:
    return ChannelView(
        channel=channel,
        display=channel.display,
        platform_name=PLATFORM_NAMES.get(channel.platform, channel.platform),
        label=gettext(channel.label) if channel.label else "",
    )


@dataclass(frozen=True)
class VerdictView:
    verdict: Verdict
    shown_value: str  # defanged unless official: a scammer's link must not become clickable here
    reasons: list[str]
    channel: ChannelView | None


def verdict_view(result: Verdict) -> VerdictView:
    return VerdictView(
        verdict=result,
        shown_value=result.value if result.official else defang(result.value),
        reasons=[reason_text(r) for r in result.reasons],
        channel=channel_view(result.channel) if result.channel else None,
    )
