"""The engine's values: what an official channel is, and what a verdict says."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class Kind(StrEnum):
    WEB = "web"
    EMAIL = "email"
    PHONE = "phone"
    HANDLE = "handle"


class Outcome(StrEnum):
    OFFICIAL = "official"
    LOOKALIKE = "lookalike"
    UNKNOWN = "unknown"


class ChannelLike(Protocol):
    """Anything with these attributes can be an official channel: ``OfficialChannel`` rows included."""

    kind: str
    platform: str
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Channel:
    """An official channel, its ``value`` already normalised (see ``normalize.channel_value``)."""

    kind: str
    value: str
    platform: str = ""
    label: str = ""

    @classmethod
    def of(cls, channel: ChannelLike) -> Channel:
        if isinstance(channel, Channel):
            return channel
        return cls(kind=channel.kind, value=channel.value, platform=channel.platform or "", label=channel.label or "")

    @property
    def display(self) -> str:
        """How a person should see it: ``@name`` for accounts, a readable international number for phones."""
        from .normalize import display_value  # normalize imports this module

        return display_value(self.kind, self.value)


@dataclass(frozen=True, slots=True)
class Reason:
    """One finding. ``code`` is stable (clients may switch on it); ``params`` fill the words of
    ``reason_text``; both are plain data."""

    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True, slots=True)
class Verdict:
    value: str
    kind: str
    official: bool
    verdict: str
    channel: Channel | None
    lookalike_of: str | None
    reasons: tuple[Reason, ...]
