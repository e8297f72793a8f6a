"""The official channels, with everything the checks compare against computed once.

Build one ``ChannelIndex`` per snapshot of the channel table (``safety.channels.official_channels`` does)
and pass it to ``verdict``; a plain list of channels is indexed on the fly (and the last few such lists
are remembered), which is what tests and one-off callers do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from . import text
from .hosts import Host, parse_host
from .types import Channel, ChannelLike, Kind

# Names shorter than this are only matched exactly or visually (skeleton), never by edit distance or as a
# part of a longer name: "abc" is inside too many unrelated words.
MIN_FUZZY = 5


def typo_budget(name: str) -> int:
    """How many edits still make a look-alike of ``name`` (its visual form without separators)."""
    if len(name) >= 9:
        return 2
    if len(name) >= MIN_FUZZY:
        return 1
    return 0


@dataclass(frozen=True, slots=True)
class DomainRef:
    """An official domain (of a web channel, or the domain of an official e-mail address)."""

    channel: Channel
    host: Host
    brand: str  # the registrable label as written: "supportdesk"
    brand_compact: str  # its visual form without hyphens: what look-alikes are compared with
    budget: int


@dataclass(frozen=True, slots=True)
class HandleRef:
    channel: Channel
    folded: str  # case-folded name
    compact: str  # visual form without "_", "." and "-"
    budget: int


@dataclass(frozen=True, slots=True)
class EmailRef:
    channel: Channel
    local: str
    local_compact: str
    domain: str  # A-label


@dataclass(frozen=True, slots=True)
class PhoneRef:
    channel: Channel
    digits: str  # E.164 without "+"
    national: str  # without the country code: what people dial at home


class ChannelIndex:
    """Iterable over its channels (in the order given), with per-kind lookup structures."""

    def __init__(self, channels: Iterable[ChannelLike]) -> None:
        self.channels: tuple[Channel, ...] = tuple(Channel.of(c) for c in channels)
        self.web: list[DomainRef] = []
        self.domains: list[DomainRef] = []  # web and e-mail domains, one entry per domain
        self.emails: dict[str, EmailRef] = {}
        self.emails_by_domain: dict[str, list[EmailRef]] = {}
        self.handles: list[HandleRef] = []
        self.phones: dict[str, PhoneRef] = {}
        seen_domains: set[str] = set()

        def add_domain(channel: Channel, name: str) -> DomainRef:
            host = parse_host(name)
            brand = host.domain or host.unicode
            compact = text.compact(brand)
            ref = DomainRef(channel, host, brand, compact, typo_budget(compact))
            if host.ascii not in seen_domains:
                seen_domains.add(host.ascii)
                self.domains.append(ref)
            return ref

        for channel in self.channels:
            if channel.kind == Kind.WEB:
                self.web.append(add_domain(channel, channel.value))
        for channel in self.channels:
            if channel.kind == Kind.EMAIL:
                local, _, domain = channel.value.rpartition("@")
                add_domain(channel, domain)
                ref = EmailRef(channel, local, text.compact(local), parse_host(domain).ascii)
                self.emails[channel.value] = ref
                self.emails_by_domain.setdefault(ref.domain, []).append(ref)
            elif channel.kind == Kind.HANDLE:
                compact = text.compact(channel.value)
                self.handles.append(HandleRef(channel, channel.value.casefold(), compact, typo_budget(compact)))
            elif channel.kind == Kind.PHONE:
                self.phones[channel.value] = PhoneRef(
                    channel, channel.value.removeprefix("+"), _national(channel.value)
                )
        # Brand names that should not appear inside someone else's name: registrable labels of our domains
        # and our account names, longest first so the most specific one is reported.
        brands = {ref.brand_compact: ref for ref in self.domains if len(ref.brand_compact) >= MIN_FUZZY}
        self.brands: list[tuple[str, DomainRef]] = sorted(brands.items(), key=lambda item: -len(item[0]))

    def __iter__(self) -> Iterator[Channel]:
        return iter(self.channels)

    def __len__(self) -> int:
        return len(self.channels)

    def of_kind(self, kind: str) -> list[Channel]:
        return [c for c in self.channels if c.kind == kind]

    def handles_on(self, platform: str) -> list[Channel]:
        return [ref.channel for ref in self.handles if ref.channel.platform == platform]

    def official_domain(self, host: Host) -> DomainRef | None:
        """The official web domain ``host`` is, or is a subdomain of."""
        for ref in self.web:
            if host.is_within(ref.host.ascii):
                return ref
        return None

    def our_mail_domain(self, host: Host) -> DomainRef | None:
        """Our domain (web or e-mail) that ``host`` is or is under: mail from there is ours or spoofed."""
        for ref in self.domains:
            if host.is_within(ref.host.ascii):
                return ref
        return None


def _national(e164: str) -> str:
    try:
        return str(phonenumbers.parse(e164, None).national_number)
    except phonenumbers.NumberParseException:
        return ""


@lru_cache(maxsize=8)
def _index_of(channels: tuple[Channel, ...]) -> ChannelIndex:
    return ChannelIndex(channels)


def as_index(channels: ChannelIndex | Iterable[ChannelLike]) -> ChannelIndex:
    if isinstance(channels, ChannelIndex):
        return channels
    return _index_of(tuple(Channel.of(c) for c in channels))
