"""The REST API's throttles: DRF's classes and scopes, counted by ``supportdesk.limits``.

DRF's ``SimpleRateThrottle`` keeps a list of timestamps per key and reads it, trims it and writes
it back whole on every request. Two requests at once both read the list before either writes it,
so both pass (the limit leaks under exactly the burst it is for), and the list grows with the rate.
Here each throttle keeps DRF's key (whose allowance: an address, an account, a scope) and counts it
the way every other limit does, one atomic ``incr`` in a fixed window (``limits.hit``).

DRF also copies ``DEFAULT_THROTTLE_RATES`` into a class attribute at import time, so a rate changed
later (``override_settings`` in tests, or a settings reload) would be silently ignored; these read
the rates when they run.
"""

from rest_framework import throttling
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings

from supportdesk import limits


class _Counted(throttling.SimpleRateThrottle):
    """DRF's ``allow_request`` and ``wait`` over ``limits.hit``; subclasses keep DRF's keys.

    Listed after a DRF class among the bases (``class X(throttling.AnonRateThrottle, _Counted)``):
    DRF's ``ScopedRateThrottle`` picks its scope and rate first, then calls this."""

    @property
    def THROTTLE_RATES(self):  # the attribute name DRF reads
        return api_settings.DEFAULT_THROTTLE_RATES

    def parse_rate(self, rate):
        if rate is None:
            return (None, None)
        parsed = limits.Rate.parse(rate)  # one notation for every limit ("5/15m" included)
        return (parsed.count, parsed.seconds)

    def allow_request(self, request, view):
        self._wait = None
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self._wait = limits.hit(self.scope, key, rate=limits.Rate(self.num_requests, self.duration))
        return self._wait is None

    def wait(self):
        return self._wait


class AnonRateThrottle(throttling.AnonRateThrottle, _Counted):
    pass


class UserRateThrottle(throttling.UserRateThrottle, _Counted):
    """The ``user`` rate, for signed-in accounts only.

    DRF's counts a guest too, by address, which ``AnonRateThrottle`` already does at the guests'
    own rate: a second count of the same requests under another name, and one more cache round
    trip on every guest's API call (the assistant's widget, the help centre's search).
    """

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class ScopedRateThrottle(throttling.ScopedRateThrottle, _Counted):
    pass


class LimitThrottle(throttling.BaseThrottle):
    """A ``supportdesk.limits`` scope (``scope``, else the view's ``throttle_scope``) as a DRF
    throttle, counted on writes, per account or address (``limits.writer_key``, the key the pages
    count with): an API endpoint and the page doing the same thing draw on one allowance, and a
    list that shares its URL with a create does not use up the create's."""

    scope: str | None = None

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        self._wait = limits.hit(self.scope or view.throttle_scope, limits.writer_key(request))
        return self._wait is None

    def wait(self):
        return getattr(self, "_wait", None)


class ReplyLimitThrottle(LimitThrottle):
    """Replies through the API and the conversation page share the ``reply`` allowance."""

    scope = "reply"
