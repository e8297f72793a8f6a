"""Reads for the interfaces: the verdict against the current official channels."""

from __future__ import annotations

from safety.channels import official_channels
from safety.verify import Channel, Verdict, verdict


def channel_verdict(*, value: str) -> Verdict:
    """Is ``value`` one of our active official channels? No query while the snapshot is fresh."""
    return verdict(value, official_channels())


def official_channel_list() -> list[Channel]:
    """The active official channels, for showing: websites, e-mail, phone, then accounts."""
    order = {"web": 0, "email": 1, "phone": 2, "handle": 3}
    return sorted(official_channels(), key=lambda c: (order.get(c.kind, 9), c.platform, c.value.casefold()))
