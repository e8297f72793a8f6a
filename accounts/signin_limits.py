"""Failed sign-ins, counted per account and per address, so passwords cannot be guessed by trying.

After ``PER_ACCOUNT`` failures for one e-mail or username within ``WINDOW``, or ``PER_ADDRESS``
from one IP address, the sign-in forms (the site's and the admin's) refuse without checking the
password until the window has passed; a successful sign-in clears its account's count. The counts
live in the cache: if it cannot be reached, sign-in works without the limit (and says so in the
log) rather than not at all.
"""

import hashlib
import logging

from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)

WINDOW = 15 * 60  # seconds
PER_ACCOUNT = 5
PER_ADDRESS = 30  # an office behind one address has several people signing in


def _keys(request, username: str) -> tuple[str, str]:
    # The account is hashed: the cache never holds a list of e-mail addresses that were tried.
    account = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    # The client's address as the API's throttles see it (TRUSTED_PROXY_COUNT deep in X-Forwarded-For).
    address = (BaseThrottle().get_ident(request) or "unknown") if request is not None else "unknown"
    return f"signin-failures:account:{account}", f"signin-failures:address:{address}"


def blocked(request, username: str) -> bool:
    account, address = _keys(request, username)
    try:
        counts = cache.get_many([account, address])
    except Exception:  # an unreachable cache must not stop anyone signing in
        logger.warning("sign-in limits unavailable: the cache cannot be read", exc_info=True)
        return False
    return counts.get(account, 0) >= PER_ACCOUNT or counts.get(address, 0) >= PER_ADDRESS


def record_failure(request, username: str) -> None:
    for key in _keys(request, username):
        try:
            # add() starts the window once; incr() keeps its expiry.
            cache.add(key, 0, WINDOW)
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, WINDOW)
        except Exception:
            logger.warning("sign-in limits unavailable: a failure was not counted", exc_info=True)


def clear(request, username: str) -> None:
    account, _address = _keys(request, username)
    try:
        cache.delete(account)
    except Exception:
        logger.warning("sign-in limits unavailable: a count was not cleared", exc_info=True)
