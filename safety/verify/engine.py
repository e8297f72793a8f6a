"""``verdict(value, channels)``: read what was pasted, then ask the check for its kind."""

from __future__ import annotations

from collections.abc import Iterable

from . import emails, handles, phones, web
from .hosts import Host, parse_host
from .index import ChannelIndex, as_index
from .parse import MAX_LENGTH, Parsed, parse
from .types import Channel, ChannelLike, Kind, Outcome, Reason, Verdict

# Problems that leave nothing to compare: the verdict is "unknown" with this reason.
_UNJUDGED = frozenset({"empty", "too_long", "unreadable", "invalid_email", "invite_link"})
# Reasons that already say why nothing matched; "not_listed" would only repeat them.
_UNKNOWN_EXPLAINED = frozenset(
    {
        "not_our_address",
        *(f"problem_{p}" for p in _UNJUDGED),
        "problem_ip_address",
        "problem_invalid_host",
        "problem_invalid_phone",
    }
)


def _make(parsed: Parsed, outcome: str, channel: Channel | None, reasons: Iterable[Reason], *, value: str) -> Verdict:
    reasons = tuple(reasons)
    if outcome == Outcome.UNKNOWN and not any(r.code in _UNKNOWN_EXPLAINED for r in reasons):
        reasons = (*reasons, Reason("not_listed", {"kind": str(parsed.kind)}))
    return Verdict(
        value=value,
        kind=str(parsed.kind),
        official=outcome == Outcome.OFFICIAL,
        verdict=str(outcome),
        channel=channel,
        lookalike_of=channel.display if outcome == Outcome.LOOKALIKE and channel is not None else None,
        reasons=reasons,
    )


def _web(parsed: Parsed, index: ChannelIndex) -> tuple[str, Channel | None, list[Reason]]:
    host = parsed.host
    assert host is not None
    reasons: list[Reason] = []
    if parsed.userinfo:
        reasons.append(Reason("userinfo", {"site": host.unicode, "userinfo": parsed.userinfo}))
    if host.is_ip:
        return _userinfo_lookalike(parsed, index, reasons) or (
            Outcome.UNKNOWN,
            None,
            [*reasons, Reason("problem_ip_address")],
        )
    ref = index.official_domain(host)
    if ref is not None:
        tricks = web.host_trick_reasons(host)
        if host.mapped or host.invisible:
            return Outcome.LOOKALIKE, ref.channel, [*reasons, *tricks]
        code = "official_website" if host.ascii == ref.host.ascii else "official_subdomain"
        return Outcome.OFFICIAL, ref.channel, [Reason(code, {"host": host.unicode, "site": ref.host.unicode}), *reasons]
    finding = web.domain_lookalike(host, index)
    if finding is not None:
        return Outcome.LOOKALIKE, finding.ref.channel, [*reasons, *finding.reasons]
    return _userinfo_lookalike(parsed, index, reasons) or (Outcome.UNKNOWN, None, reasons)


def _userinfo_lookalike(
    parsed: Parsed, index: ChannelIndex, reasons: list[Reason]
) -> tuple[str, Channel | None, list[Reason]] | None:
    """``https://supportdesk.com@evil.io/``: the name the reader sees is ours (or a look-alike of ours)."""
    if not parsed.userinfo:
        return None
    shown: Host = parse_host(parsed.userinfo.rpartition(":")[0] or parsed.userinfo)
    ref = index.official_domain(shown) if shown.valid else None
    if ref is not None:
        return Outcome.LOOKALIKE, ref.channel, reasons
    finding = web.domain_lookalike(shown, index) if shown.valid else None
    if finding is not None:
        return Outcome.LOOKALIKE, finding.ref.channel, [*reasons, *finding.reasons]
    return None


def verdict(value: str, channels: ChannelIndex | Iterable[ChannelLike]) -> Verdict:
    """Is ``value`` (a link, host, e-mail address, phone number or account, as pasted) one of ``channels``?

    Pure: no database, no network, no clock. ``channels`` is a ``ChannelIndex`` (precomputed, as
    ``safety.channels.official_channels()`` returns) or any iterable of channel-like objects.
    """
    index = as_index(channels)
    value = value if isinstance(value, str) else str(value)
    parsed = parse(value)
    shown = parsed.text[:MAX_LENGTH]
    if parsed.problem in _UNJUDGED or (parsed.problem == "invalid_host" and parsed.host is None):
        params = {"limit": MAX_LENGTH} if parsed.problem == "too_long" else {}
        if parsed.problem == "invite_link":
            params = {"handles": [c.display for c in index.handles_on(parsed.platform)], "platform": parsed.platform}
        return _make(parsed, Outcome.UNKNOWN, None, [Reason(f"problem_{parsed.problem}", params)], value=shown)
    if parsed.kind == Kind.WEB:
        outcome, channel, reasons = _web(parsed, index)
    elif parsed.kind == Kind.EMAIL:
        result = emails.check(parsed, index)
        outcome, channel, reasons = result.verdict, result.channel, result.reasons
    elif parsed.kind == Kind.PHONE:
        result = phones.check(parsed, index)
        outcome, channel, reasons = result.verdict, result.channel, result.reasons
    else:
        result = handles.check(parsed, index)
        outcome, channel, reasons = result.verdict, result.channel, result.reasons
    if parsed.problem == "invalid_host" and outcome == Outcome.UNKNOWN:
        reasons = [*reasons, Reason("problem_invalid_host")]
    return _make(parsed, Outcome(outcome), channel, reasons, value=shown)
