"""Failed sign-ins, counted so that passwords cannot be guessed and the real user is not locked out.

Counted like django-axes' "username + address" lockout, plus two wider nets:

- one address guessing one account: after ``PER_ACCOUNT_AND_ADDRESS`` failures within ``WINDOW``
  that address may not try that account again until the window has passed;
- one address guessing many accounts: after ``PER_ADDRESS`` failures it may try none;
- many addresses guessing one account: after ``SLOW_AFTER`` failures the account takes one attempt
  per ``SLOW_INTERVAL`` seconds, from anywhere; a browser the account signed in from before (a
  signed "known device" cookie) is not slowed. So a guesser with a thousand addresses gets a try
  every half minute, and cannot keep the real user out.

An account's username and e-mail address are one counter (the account is resolved first). The
counts live in the cache: if it cannot be reached, sign-in works without limits (and says so in
the log) rather than not at all.
"""

import logging
import math
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.db.models import Q

from supportdesk.limits import client_address, key_of

logger = logging.getLogger(__name__)

WINDOW = 15 * 60  # seconds
PER_ACCOUNT_AND_ADDRESS = 5
PER_ADDRESS = 30  # an office behind one address has several people signing in
SLOW_AFTER = 10
SLOW_INTERVAL = 30  # seconds between attempts at a slowed account

DEVICE_COOKIE = "sd_device"
_DEVICE_SALT = "accounts.known-device"
_DEVICE_MAX_AGE = 90 * 24 * 3600
_DEVICE_ACCOUNTS = 5  # accounts one browser remembers


def account_key(username: str) -> str:
    """One key per account however it was typed (username or e-mail, any case, spaces around)."""
    typed = (username or "").strip()
    users = get_user_model()._default_manager
    match = Q(username=typed) | (Q(email__iexact=typed) if "@" in typed else Q(pk__in=[]))
    pk = users.filter(match).values_list("pk", flat=True).first() if typed else None
    return f"user:{pk}" if pk is not None else f"name:{key_of(typed)}"


def _keys(request, account: str) -> dict[str, str]:
    address = key_of(client_address(request))
    account = key_of(account)
    return {
        "pair": f"signin:pair:{account}:{address}",
        "address": f"signin:address:{address}",
        "account": f"signin:account:{account}",
        "last": f"signin:last:{account}",
    }


def known_devices(request) -> list[str]:
    """The accounts (keys) that signed in from this browser before."""
    raw = request.COOKIES.get(DEVICE_COOKIE) if request is not None else None
    if not raw:
        return []
    try:
        value = signing.loads(raw, salt=_DEVICE_SALT, max_age=_DEVICE_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return []
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def remember_device(request, response, account: str) -> None:
    """Mark this browser as one the account signs in from (called on a successful sign-in)."""
    accounts = [account, *(a for a in known_devices(request) if a != account)][:_DEVICE_ACCOUNTS]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(accounts, salt=_DEVICE_SALT),
        max_age=_DEVICE_MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def wait_seconds(request, username: str, *, now: float | None = None) -> int | None:
    """None when this attempt may be checked; otherwise the seconds to wait before trying again."""
    now = time.time() if now is None else now
    account = account_key(username)
    keys = _keys(request, account)
    try:
        counts = cache.get_many(list(keys.values()))
    except Exception:  # an unreachable cache must not stop anyone signing in
        logger.warning("sign-in limits unavailable: the cache cannot be read", exc_info=True)
        return None
    if counts.get(keys["pair"], 0) >= PER_ACCOUNT_AND_ADDRESS or counts.get(keys["address"], 0) >= PER_ADDRESS:
        return WINDOW
    if counts.get(keys["account"], 0) >= SLOW_AFTER and account not in known_devices(request):
        last = counts.get(keys["last"])
        if last is not None and now - last < SLOW_INTERVAL:
            return max(1, math.ceil(SLOW_INTERVAL - (now - last)))
    return None


def record_attempt(request, username: str, *, now: float | None = None) -> None:
    """Every checked attempt at a slowed account takes its slot, right or wrong."""
    keys = _keys(request, account_key(username))
    try:
        cache.set(keys["last"], time.time() if now is None else now, WINDOW)
    except Exception:
        logger.warning("sign-in limits unavailable: an attempt was not recorded", exc_info=True)


def record_failure(request, username: str) -> None:
    keys = _keys(request, account_key(username))
    for name in ("pair", "address", "account"):
        try:
            # add() starts the window once; incr() keeps its expiry.
            cache.add(keys[name], 0, WINDOW)
            cache.incr(keys[name])
        except ValueError:  # expired between the two calls
            cache.set(keys[name], 1, WINDOW)
        except Exception:
            logger.warning("sign-in limits unavailable: a failure was not counted", exc_info=True)


def clear(request, username: str) -> None:
    """A success: this address's count for the account is cleared (the account's own is not: the
    guesses from elsewhere still happened)."""
    keys = _keys(request, account_key(username))
    try:
        cache.delete(keys["pair"])
    except Exception:
        logger.warning("sign-in limits unavailable: a count was not cleared", exc_info=True)
