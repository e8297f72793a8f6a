"""Throttles that read their rates when they run.

DRF's throttles copy ``DEFAULT_THROTTLE_RATES`` into a class attribute at import time, so a rate
changed later (``override_settings`` in tests, or a settings reload) is silently ignored. These
subclasses look the rates up on every request instead.
"""

from rest_framework import throttling
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings

from supportdesk import limits


class _LiveRatesMixin:
    @property
    def THROTTLE_RATES(self):  # the attribute name DRF reads
        return api_settings.DEFAULT_THROTTLE_RATES


class AnonRateThrottle(_LiveRatesMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_LiveRatesMixin, throttling.UserRateThrottle):
    """The ``user`` rate, for signed-in accounts only.

    DRF's counts a guest too, by address, which ``AnonRateThrottle`` already does at the guests'
    own rate: a second count of the same requests under another name, and two more cache round
    trips on every guest's API call (the assistant's widget, the help centre's search).
    """

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class ScopedRateThrottle(_LiveRatesMixin, throttling.ScopedRateThrottle):
    pass


class TicketCreateThrottle(_LiveRatesMixin, throttling.SimpleRateThrottle):
    """The ``ticket_create`` allowance for the browser's ticket form: the same cache key as the
    API's (per account, or per address for guests), so both channels draw on one allowance."""

    scope = "ticket_create"

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ScopedWriteRateThrottle(ScopedRateThrottle):
    """The view's ``throttle_scope``, counted on writes only.

    A list and a create share one URL; reading the list must not use up the create allowance.
    """

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class LimitThrottle(throttling.BaseThrottle):
    """A ``supportdesk.limits`` scope (``scope``, else the view's ``throttle_scope``) as a DRF
    throttle, counted on writes, per account or address: an API endpoint and the page doing the
    same thing draw on one allowance."""

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
