"""E-mail addresses: exactly one of ours, a stranger at our domain, or a look-alike domain or local part."""

from __future__ import annotations

from dataclasses import dataclass

from . import diffs, text, web
from .index import MIN_FUZZY, ChannelIndex, EmailRef, typo_budget
from .parse import Parsed
from .types import Channel, Reason


@dataclass(frozen=True, slots=True)
class EmailOutcome:
    verdict: str  # official / lookalike / unknown
    channel: Channel | None
    reasons: list[Reason]


def _closest_local(local: str, refs: list[EmailRef]) -> EmailRef | None:
    """The official address whose part before "@" this one imitates (same, or a typo away, or inside)."""
    compact = text.compact(local)
    best: tuple[int, EmailRef] | None = None
    for ref in refs:
        budget = typo_budget(ref.local_compact)
        distance = diffs.edit_distance(compact, ref.local_compact, cutoff=budget + 1)
        imitates = distance <= budget or (len(ref.local_compact) >= MIN_FUZZY and ref.local_compact in compact)
        if imitates and (best is None or distance < best[0]):
            best = (distance, ref)
    return best[1] if best else None


def check(parsed: Parsed, index: ChannelIndex) -> EmailOutcome:
    host = parsed.host
    assert host is not None
    local = parsed.local
    address = f"{local.lower()}@{host.ascii}"
    tricks = [*web.host_trick_reasons(host), *web.char_reasons(local), *web.char_reasons(host.unicode)]

    ours = index.our_mail_domain(host)
    if ours is not None:
        exact = index.emails.get(address)
        if exact is not None and not tricks:
            return EmailOutcome(
                "official", exact.channel, [Reason("official_email", {"address": exact.channel.display})]
            )
        at_domain = (
            index.emails_by_domain.get(host.ascii)
            or index.emails_by_domain.get(ours.host.ascii)
            or list(index.emails.values())
        )
        near = exact or _closest_local(local, at_domain)
        if near is not None:
            reasons = [*tricks]
            if near.local != local.lower():
                reasons.append(
                    Reason(
                        "local_lookalike",
                        {
                            "official": near.channel.display,
                            "count": max(1, diffs.difference_count(local, near.local)),
                            "changes": diffs.changes(local, near.local),
                        },
                    )
                )
            reasons.append(_not_ours(address, at_domain))
            return EmailOutcome("lookalike", near.channel, reasons)
        return EmailOutcome("lookalike" if tricks else "unknown", None, [*tricks, _not_ours(address, at_domain)])

    finding = web.domain_lookalike(host, index)
    if finding is not None:
        refs = index.emails_by_domain.get(finding.ref.host.ascii, [])
        same_local = next((r for r in refs if r.local == local.lower()), None) or _closest_local(local, refs)
        channel = same_local.channel if same_local else finding.ref.channel
        reasons = [
            Reason("email_domain", {"domain": host.unicode, "official_domain": finding.ref.host.unicode}),
            *finding.reasons,
        ]
        return EmailOutcome("lookalike", channel, reasons)

    compact_local = text.compact(local)
    for brand, ref in index.brands:
        if brand in compact_local:
            refs = index.emails_by_domain.get(ref.host.ascii, [])
            return EmailOutcome(
                "lookalike",
                refs[0].channel if refs else ref.channel,
                [Reason("brand_in_local", {"domain": host.unicode, "official_domain": ref.host.unicode})],
            )
    return EmailOutcome("unknown", None, [])


def _not_ours(address: str, refs: list[EmailRef]) -> Reason:
    return Reason("not_our_address", {"address": address, "addresses": [r.channel.display for r in refs]})
