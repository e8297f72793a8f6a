"""The look-alike verdict: is a pasted link, e-mail address, phone number or account one of ours?

Pure and offline: no database, no network. ``verdict(value, channels)`` takes the official channels as
an argument (``safety.channels.official_channels()`` gives the current ones, already indexed).
"""

from .defang import defang
from .engine import verdict
from .identity import channel_key
from .index import ChannelIndex, as_index
from .normalize import InvalidChannelValue, channel_value, display_value
from .parse import MAX_LENGTH
from .platforms import PLATFORM_NAMES, PLATFORMS
from .reasons import reason_text
from .types import Channel, ChannelLike, Kind, Outcome, Reason, Verdict

__all__ = [
    "MAX_LENGTH",
    "PLATFORMS",
    "PLATFORM_NAMES",
    "Channel",
    "ChannelIndex",
    "ChannelLike",
    "InvalidChannelValue",
    "Kind",
    "Outcome",
    "Reason",
    "Verdict",
    "as_index",
    "channel_key",
    "channel_value",
    "defang",
    "display_value",
    "reason_text",
    "verdict",
]
