"""Signed, expiring links that prove someone reads mail at an account's address."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing

_VERIFY_SALT = "accounts.verify-email"


def email_verification_token(user) -> str:
    # The address is part of the payload: a link mailed to an old address proves nothing about a new one.
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=_VERIFY_SALT, compress=True)


def email_verification_user(token: str):
    """The account a verification token was made for, or None (forged, expired, or the address changed)."""
    if not isinstance(token, str) or len(token) > 300:
        return None
    try:
        payload = signing.loads(token, salt=_VERIFY_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int) or not isinstance(payload.get("e"), str):
        return None
    user = get_user_model().objects.filter(pk=payload["u"], is_active=True).first()
    if user is None or user.email.lower() != payload["e"]:
        return None
    return user
