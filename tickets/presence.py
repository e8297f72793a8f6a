"""Who else has a ticket open in the workspace, for the collision warning.

Advisory only, so it lives in the cache (Redis in production): each agent's ticket page and its
poll refresh a timestamp; an entry older than ``PRESENCE_SECONDS`` no longer counts. A lost
update between two agents refreshing at once only delays a warning by one poll, and a cache
outage (the cache ignores Redis errors) means no warning, never a failed page. The check that
matters, "has someone replied since you loaded the page", is made from the database on send.
"""

from django.core.cache import cache

from accounts.names import display_name

PRESENCE_SECONDS = 45  # the page polls every 15 s
POLL_SECONDS = 15


def _key(ticket_id: int) -> str:
    return f"ticket-presence:{ticket_id}"


def presence_touch(*, ticket_id: int, user, now: float) -> None:
    viewers = _fresh(cache.get(_key(ticket_id)) or {}, now=now)
    viewers[str(user.pk)] = {"name": display_name(user), "seen": now}
    cache.set(_key(ticket_id), viewers, timeout=PRESENCE_SECONDS * 2)


def other_viewers(*, ticket_id: int, user, now: float) -> list[str]:
    viewers = _fresh(cache.get(_key(ticket_id)) or {}, now=now)
    return sorted(entry["name"] for pk, entry in viewers.items() if pk != str(user.pk))


def _fresh(viewers: dict, *, now: float) -> dict:
    return {pk: entry for pk, entry in viewers.items() if now - entry.get("seen", 0) <= PRESENCE_SECONDS}
