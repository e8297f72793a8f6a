"""Signed links that let a guest (no account) open their own ticket."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

GUEST_LINK_SALT = "tickets.guest-link"
GUEST_LINK_MAX_AGE = 60 * 60 * 24 * 180  # six months: a ticket can take a while to settle


def guest_token(reference: str) -> str:
    return signing.dumps(reference, salt=GUEST_LINK_SALT)


def guest_token_reference(token: str) -> str | None:
    """The reference a token was made for, or None if it is forged or expired."""
    try:
        value = signing.loads(token, salt=GUEST_LINK_SALT, max_age=GUEST_LINK_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return value if isinstance(value, str) else None


def ticket_url(ticket, *, signed: bool = False, absolute: bool = False) -> str:
    with translation.override(ticket.language):
        path = reverse("tickets:detail", kwargs={"reference": ticket.reference})
    if signed:
        path += "?token=" + guest_token(ticket.reference)
    return settings.SUPPORT_SITE_URL.rstrip("/") + path if absolute else path


# A guest proves once (signed link, or by filing the ticket in this browser) and the session
# remembers; the list is capped so a session cannot grow without bound.
_SESSION_KEY = "guest_ticket_references"
_SESSION_MAX = 50


def guest_references(request) -> tuple[str, ...]:
    session = getattr(request, "session", None)
    if session is None:
        return ()
    return tuple(session.get(_SESSION_KEY, ()))


def remember_guest_ticket(request, reference: str) -> None:
    refs = [r for r in request.session.get(_SESSION_KEY, []) if r != reference]
    refs.append(reference)
    request.session[_SESSION_KEY] = refs[-_SESSION_MAX:]
