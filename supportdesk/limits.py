"""Rate limits for writes, counted in the cache (Redis in production).

One mechanism for every limit: the pages and services apply it themselves, and the REST API's
throttles (``supportdesk.api.throttling``) count through it, all at the rates of
``THROTTLE_RATES``. A limit is a fixed window per scope and key (an account, an address, an
e-mail): one atomic ``incr`` per request, whatever the rate, and for the rates used here (a few to
a few hundred per window) as good as a sliding log.

If the cache cannot be reached, every limit lets the request through (and logs it): a Redis
outage must never stop a customer from writing to support.
"""

import contextlib
import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """DRF's notation: ``"30/min"``, ``"10/hour"``, ``"5/15m"`` (a number before the unit multiplies it)."""
        count, _sep, period = text.partition("/")
        digits = "".join(ch for ch in period if ch.isdigit())
        unit = period[len(digits) :][:1].lower()
        if unit not in _PERIODS or not count.strip().isdigit():
            raise ValueError(f"not a rate: {text!r}")
        return cls(count=int(count), seconds=_PERIODS[unit] * (int(digits) if digits else 1))


def rate_for(scope: str) -> Rate:
    """The configured rate of ``scope`` (``settings.THROTTLE_RATES``; tests override them)."""
    rates = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES") or settings.THROTTLE_RATES
    return Rate.parse(rates.get(scope) or settings.THROTTLE_RATES[scope])


def client_address(request) -> str:
    """The client's address as every limit sees it: ``TRUSTED_PROXY_COUNT`` hops deep in
    X-Forwarded-For, else REMOTE_ADDR (the same rule as DRF's throttles)."""
    if request is None:
        return "unknown"
    return BaseThrottle().get_ident(request) or "unknown"


def key_of(*parts) -> str:
    """A cache-safe key from anything identifying (an e-mail is hashed: the cache never holds a list of them)."""
    raw = "|".join(str(part).strip().lower() for part in parts)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _window(rate: Rate, now: float) -> tuple[int, float]:
    start = int(now // rate.seconds) * rate.seconds
    return start, start + rate.seconds - now


def hit(scope: str, *parts, rate: Rate | None = None, now: float | None = None) -> int | None:
    """Count one request against ``scope`` for the key made of ``parts``.

    Returns None when it is allowed, else the whole seconds to wait (at least 1). A refused
    request is counted too, so hammering past the limit does not shorten the wait.
    """
    rate = rate or rate_for(scope)
    now = time.time() if now is None else now
    start, left = _window(rate, now)
    count = _count(f"limit:{scope}:{key_of(*parts)}:{start}", rate.seconds + 1)
    if count is None:
        logger.warning("rate limit %s not counted: the cache cannot be reached", scope)
        return None
    if count <= rate.count:
        return None
    return max(1, math.ceil(left))


def _count(key: str, timeout: int) -> int | None:
    """One more for ``key`` (a window's counter), or None if the cache cannot be reached.

    ``incr`` is atomic, so two requests at once are two counts (a read-then-write would let both
    through), and it is one round trip for every request but a window's first, whose key ``add``
    creates with its expiry (``incr`` keeps it). A cache that hides its errors (django-redis with
    IGNORE_EXCEPTIONS) answers None instead of raising: both mean "not counted".
    """
    try:
        with contextlib.suppress(ValueError):  # ValueError: the window's first request, no counter yet
            return cache.incr(key)
        cache.add(key, 0, timeout)
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1
    except Exception:
        return None


def exceeded(scope: str, *parts, rate: Rate | None = None, now: float | None = None) -> int | None:
    """Like ``hit`` but without counting: the wait if ``scope`` is already used up for this key."""
    rate = rate or rate_for(scope)
    now = time.time() if now is None else now
    start, left = _window(rate, now)
    try:
        count = cache.get(f"limit:{scope}:{key_of(*parts)}:{start}", 0)
    except Exception:
        logger.warning("rate limit %s not read: the cache cannot be reached", scope, exc_info=True)
        return None
    return max(1, math.ceil(left)) if count >= rate.count else None


def writer_key(request) -> str:
    """Whose allowance a write draws on: the signed-in account, else the network address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return client_address(request)
