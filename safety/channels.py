"""The active official channels, kept per process and indexed for the verdict.

Read on every verdict, changed a few times a year: each process keeps a snapshot for
``settings.REFERENCE_DATA_TTL`` seconds (30 when unset), and drops it at once when this process saves or
deletes an ``OfficialChannel`` (the receivers below). A verdict therefore costs no query in the common case,
and an admin edit reaches every process within the TTL.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from safety.verify import ChannelIndex

DEFAULT_TTL = 30.0

_lock = threading.Lock()
_current: tuple[float, ChannelIndex] | None = None


def _ttl() -> float:
    return float(getattr(settings, "REFERENCE_DATA_TTL", DEFAULT_TTL))


def _load() -> ChannelIndex:
    from safety.models import OfficialChannel

    rows = OfficialChannel.objects.filter(active=True).order_by("kind", "platform", "value")
    return ChannelIndex(row.as_channel() for row in rows)


def official_channels() -> ChannelIndex:
    """The active official channels, indexed (iterate it for the channels themselves)."""
    global _current
    current = _current
    if current is not None and time.monotonic() - current[0] < _ttl():
        return current[1]
    with _lock:
        if _current is current:  # nobody reloaded while we waited
            _current = (time.monotonic(), _load())
        return _current[1]


def invalidate(**signal_kwargs) -> None:
    """Drop the snapshot; the next ``official_channels()`` reloads. Has a signal receiver's signature."""
    global _current
    _current = None


def connect_signals() -> None:
    from safety.models import OfficialChannel

    post_save.connect(invalidate, sender=OfficialChannel, dispatch_uid="safety.channels.saved")
    post_delete.connect(invalidate, sender=OfficialChannel, dispatch_uid="safety.channels.deleted")
