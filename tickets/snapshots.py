"""Values loaded from the database and kept per process for ``REFERENCE_DATA_TTL`` seconds.

For tables that change rarely and are read on every request (ticket types, teams, the staff list
of the queue's sidebar). A save in this process drops the snapshot at once (each owner connects
``invalidate`` to the signals of the tables it reads); other processes reload within the TTL.
"""

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings

T = TypeVar("T")
_ALL: list["Snapshot"] = []


class Snapshot(Generic[T]):
    def __init__(self, load: Callable[[], T]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._current: tuple[float, T] | None = None
        _ALL.append(self)

    def get(self) -> T:
        """The current value, reloaded when older than the TTL."""
        current = self._current
        if current is not None and time.monotonic() - current[0] < settings.REFERENCE_DATA_TTL:
            return current[1]
        with self._lock:
            if self._current is current:  # nobody reloaded while we waited
                self._current = (time.monotonic(), self._load())
            return self._current[1]

    def invalidate(self, **signal_kwargs) -> None:
        """Drop the value; the next ``get()`` reloads. Has a signal receiver's signature."""
        self._current = None


def invalidate_all() -> None:
    """Every snapshot of this process (tests: each has its own rows and ids)."""
    for snapshot in _ALL:
        snapshot.invalidate()
