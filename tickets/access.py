"""Signed links that let a guest (no account) open their own ticket, and the session that remembers them.

A link carries the ticket's reference and its ``guest_link_version``: raising the version (an
agent's "revoke guest links", a merge, the ticket joining an account) invalidates every link
mailed so far and every browser session that remembered one. Links expire after
``GUEST_LINK_MAX_AGE_DAYS``; each new e-mail carries a fresh one (it is signed at delivery).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

GUEST_LINK_SALT = "tickets.guest-link"
# The query parameter that carries the token; kept out of access logs (supportdesk.logfilters).
TOKEN_PARAMETER = "token"


@dataclass(frozen=True)
class GuestGrant:
    reference: str
    version: int


def guest_token(ticket) -> str:
    return signing.dumps([ticket.reference, ticket.guest_link_version], salt=GUEST_LINK_SALT, compress=True)


def guest_token_grant(token: str) -> GuestGrant | None:
    """What a token grants, or None if it is forged, expired or malformed (checked against the
    ticket's current version by ``selectors.ticket_get_for_user``)."""
    if not isinstance(token, str) or len(token) > 200:
        return None
    max_age = settings.GUEST_LINK_MAX_AGE_DAYS * 24 * 3600
    try:
        value = signing.loads(token, salt=GUEST_LINK_SALT, max_age=max_age)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and type(value[1]) is int:
        return GuestGrant(reference=value[0], version=value[1])
    return None


def ticket_url(ticket, *, signed: bool = False, absolute: bool = False) -> str:
    with translation.override(ticket.language):
        path = reverse("tickets:detail", kwargs={"reference": ticket.reference})
    if signed:
        path += f"?{TOKEN_PARAMETER}=" + guest_token(ticket)
    return settings.SUPPORT_SITE_URL.rstrip("/") + path if absolute else path


# A guest proves once (signed link, or by filing the ticket in this browser) and the session
# remembers; the list is capped so a session cannot grow without bound.
_SESSION_KEY = "guest_ticket_grants"
_SESSION_MAX = 50


def guest_grants(request) -> dict[str, int]:
    """reference → link version this browser session holds."""
    session = getattr(request, "session", None)
    if session is None:
        return {}
    stored = session.get(_SESSION_KEY)
    if not isinstance(stored, list):
        return {}
    return {ref: version for ref, version in (item for item in stored if _is_grant(item))}


def _is_grant(item) -> bool:
    return isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and type(item[1]) is int


def remember_guest_ticket(request, *, reference: str, version: int) -> None:
    grants = [[ref, ver] for ref, ver in guest_grants(request).items() if ref != reference]
    grants.append([reference, version])
    request.session[_SESSION_KEY] = grants[-_SESSION_MAX:]
