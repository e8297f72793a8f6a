"""Is a host one of ours, or built to look like one of ours?

The rules, strongest first, against every official domain (web channels and the domains of official
e-mail addresses):

1. our whole domain inside someone else's (``supportdesk.com.evil.io``, ``supportdesk.com-login.io``);
2. our name with another public suffix (``supportdesk.net``, ``supportdesk.co``, ``supportdesk.com.cn``);
3. a name that reads the same (TR39 skeleton + ASCII look-alike sequences: ``supportdеsk``, ``suppοrtdesk``,
   ``support-desk``, ``supportdesk`` with full-width letters);
4. a name a typo or two away (``supp0rtdesk``, ``suportdesk``, ``supportdeks``): the edit budget grows with
   the length of our name (``index.typo_budget``);
5. our name inside a longer label (``supportdesk-help``, ``mysupportdesk``, ``supportdeskhelp``; checked
   before rule 4 when it is there exactly), also with one typo for long names;
6. our name spread over the labels before the suffix (``supportdesk.evil.io``, ``supp.ortdesk.com``).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import diffs, text
from .hosts import Host
from .index import MIN_FUZZY, ChannelIndex, DomainRef
from .types import Reason


@dataclass(frozen=True, slots=True)
class Finding:
    ref: DomainRef
    reasons: list[Reason]


def char_reasons(name: str, *, subject: str = "address") -> list[Reason]:
    """Look-alike letters and mixed alphabets in ``name`` (a host in U-label form, or an account name)."""
    reasons: list[Reason] = []
    for found in text.lookalike_chars(name):
        if found.accented:
            reasons.append(
                Reason("accented_char", {"subject": subject, "char": found.char, "looks_like": found.looks_like})
            )
        else:
            reasons.append(
                Reason(
                    "confusable_char",
                    {"subject": subject, "char": found.char, "looks_like": found.looks_like, "script": found.script},
                )
            )
    for label in name.split("."):
        found_scripts = text.scripts(label)
        if len(found_scripts) > 1:
            reasons.append(Reason("mixed_script", {"subject": subject, "scripts": found_scripts}))
            break
    return reasons


def host_trick_reasons(host: Host) -> list[Reason]:
    """Ways of writing a host that hide what it is: punycode, invisible characters, UTS 46 mapping."""
    reasons: list[Reason] = []
    if host.punycode and host.unicode != host.raw:
        reasons.append(Reason("punycode", {"written": host.raw, "reads_as": host.unicode}))
    if host.invisible:
        reasons.append(Reason("invisible_chars", {"count": len(host.invisible)}))
    if host.mapped and not host.invisible:
        reasons.append(Reason("unusual_chars", {"site": host.unicode}))
    return reasons


def _typo(written: str, ref: DomainRef) -> Reason:
    return Reason(
        "typo",
        {
            "official": ref.host.unicode,
            "count": max(1, diffs.difference_count(written, ref.brand)),
            "changes": diffs.changes(written, ref.brand),
        },
    )


def _near_inside(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` appears in ``haystack`` with at most one edit (long needles only)."""
    size = len(needle)
    if size < 9 or len(haystack) <= size + 1:
        return None
    for width in (size, size - 1, size + 1):
        for start in range(len(haystack) - width + 1):
            if diffs.edit_distance(haystack[start : start + width], needle, cutoff=1) <= 1:
                return start, start + width
    return None


def _exactly_inside(haystack: str, needle: str) -> tuple[int, int] | None:
    at = haystack.find(needle) if len(needle) >= MIN_FUZZY and len(haystack) > len(needle) else -1
    return (at, at + len(needle)) if at >= 0 else None


def inside(haystack: str, needle: str) -> tuple[int, int] | None:
    if len(needle) < MIN_FUZZY:
        return None
    at = haystack.find(needle)
    if at >= 0:
        return at, at + len(needle)
    return _near_inside(haystack, needle)


def extra_part(compact: str, span: tuple[int, int]) -> str:
    return (compact[: span[0]] + " " + compact[span[1] :]).strip().replace(" ", "…") or compact


def _suffix_reason(host: Host, ref: DomainRef) -> Reason:
    return Reason(
        "other_suffix",
        {
            "official": ref.host.unicode,
            "site": host.registrable,
            "suffix": host.suffix,
            "official_suffix": ref.host.suffix,
        },
    )


def _rule_official_inside(host: Host, index: ChannelIndex, compact: str) -> Finding | None:
    shown = text.visual(host.unicode)
    for ref in index.domains:
        if compact == ref.brand_compact:
            continue  # supportdesk.com.cn is our name under another suffix (rule 2), not our domain inside
        official = text.visual(ref.host.unicode)
        if shown.startswith(official + ".") or shown.startswith(official + "-") or f".{official}." in shown:
            return Finding(
                ref, [Reason("official_as_subdomain", {"official": ref.host.unicode, "site": host.registrable})]
            )
    return None


def _rule_same_name(host: Host, index: ChannelIndex, compact: str) -> Finding | None:
    for ref in index.domains:
        if compact != ref.brand_compact:
            continue
        reasons: list[Reason] = []
        if host.domain != ref.brand:
            reasons = char_reasons(host.domain)
            if host.domain.isascii() or not reasons:
                reasons.append(_typo(host.domain, ref))
        if host.suffix != ref.host.suffix:
            reasons.append(_suffix_reason(host, ref))
        return Finding(ref, reasons)
    return None


def _rule_typo(host: Host, index: ChannelIndex, compact: str) -> Finding | None:
    best: tuple[int, DomainRef] | None = None
    for ref in index.domains:
        if not ref.budget:
            continue
        distance = diffs.name_distance(compact, ref.brand_compact, cutoff=ref.budget)
        if distance <= ref.budget and (best is None or distance < best[0]):
            best = (distance, ref)
    if best is None:
        return None
    ref = best[1]
    reasons = [*char_reasons(host.domain), _typo(host.domain, ref)]
    if host.suffix != ref.host.suffix:
        reasons.append(_suffix_reason(host, ref))
    return Finding(ref, reasons)


def _rule_inside_label(host: Host, index: ChannelIndex, compact: str, *, fuzzy: bool) -> Finding | None:
    for brand, ref in index.brands:
        span = inside(compact, brand) if fuzzy else _exactly_inside(compact, brand)
        if span:
            reasons = [*char_reasons(host.domain)]
            reasons.append(
                Reason(
                    "combosquat",
                    {"official": ref.host.unicode, "site": host.registrable, "extra": extra_part(compact, span)},
                )
            )
            return Finding(ref, reasons)
    return None


def _rule_across_labels(host: Host, index: ChannelIndex) -> Finding | None:
    if not host.subdomain:
        return None
    labels = [text.compact(label) for label in host.labels_before_suffix.split(".")]
    joined = "".join(labels)
    for brand, ref in index.brands:
        for label in labels[:-1]:  # our name as a subdomain of another site
            if label == brand or inside(label, brand):
                return Finding(
                    ref,
                    [
                        *char_reasons(host.subdomain),
                        Reason("brand_as_subdomain", {"official": ref.host.unicode, "site": host.registrable}),
                    ],
                )
        if inside(joined, brand):  # our name cut by dots: supp.ortdesk.com
            return Finding(ref, [Reason("split_name", {"official": ref.host.unicode, "site": host.registrable})])
    return None


def domain_lookalike(host: Host, index: ChannelIndex) -> Finding | None:
    """The official domain ``host`` imitates, with the reasons; None when it imitates none of ours."""
    if host.is_ip or not host.domain:
        return None
    if index.our_mail_domain(host):
        return None  # one of our own domains (e.g. only used for mail): not an imitation
    compact = text.compact(host.domain)
    finding = (
        _rule_official_inside(host, index, compact)
        or _rule_same_name(host, index, compact)
        or _rule_inside_label(host, index, compact, fuzzy=False)
        or _rule_typo(host, index, compact)
        or _rule_inside_label(host, index, compact, fuzzy=True)
        or _rule_across_labels(host, index)
    )
    if finding:
        return Finding(finding.ref, [*host_trick_reasons(host), *finding.reasons])
    return None
