"""Writes about accounts: sign-up, proving the e-mail address, password reset."""

import logging
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from supportdesk import limits

from .emails import send_account_email
from .signals import email_verified
from .tokens import email_verification_token

logger = logging.getLogger(__name__)


def _verification_url(user) -> str:
    with translation.override(user.language):
        return reverse("accounts:verify_email", kwargs={"token": email_verification_token(user)})


def email_verification_send(*, user) -> bool:
    """Mail ``user`` a link that proves the address (the sign-up confirmation, or "send it again")."""
    return send_account_email(
        to=user.email,
        template="verify_email",
        context={"user": user, "path": _verification_url(user)},
        language=user.language,
    )


def customer_sign_up(*, email: str, password: str, name: str = "", language: str = "en"):
    """Open an account for ``email`` and mail a link that proves the address; returns the account.

    The caller answers the same whatever happens here: if the address already has an account, its
    owner gets a mail saying so (at most one per ``signup_existing`` window) and None is returned.
    The password must already have passed the configured validators.
    """
    email = email.strip().lower()
    users = get_user_model()
    try:
        with transaction.atomic():
            taken = users.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists()
            user = None
            if not taken:
                user = users.objects.create_user(
                    username=email, email=email, password=password, first_name=name.strip(), language=language
                )
    except IntegrityError:  # a concurrent sign-up won the unique constraint
        user = None
    if user is None:
        # As costly as creating one (no timing difference); the owner hears of it instead.
        make_password(password)
        _tell_owner_of_sign_up_attempt(email=email, language=language)
        return None
    email_verification_send(user=user)
    return user


def _tell_owner_of_sign_up_attempt(*, email: str, language: str) -> None:
    owner = get_user_model().objects.filter(email__iexact=email).first()
    if owner is None or limits.hit("signup_existing", email) is not None:
        return  # a staff username without an address, or already told within the window
    send_account_email(
        to=owner.email,
        template="signup_existing",
        context={"user": owner},
        language=owner.language or language,
    )


def email_verify(*, user, now: datetime) -> bool:
    """Record that ``user`` proved its address; True the first time. Apps above hear of it
    (``accounts.signals.email_verified``) in the same transaction: guest tickets join the account."""
    users = get_user_model()
    with transaction.atomic():
        locked = users.objects.select_for_update().get(pk=user.pk)
        if locked.email_verified_at is not None or not locked.email:
            return False
        locked.email_verified_at = now
        locked.save(update_fields=["email_verified_at"])
        user.email_verified_at = now
        email_verified.send(sender=users, user=locked, now=now)
    logger.info("account %s verified its e-mail address", user.pk)
    return True


def password_reset_completed(*, user, now: datetime) -> None:
    """After a reset through a mailed link: the address is proven, and API tokens made with the old
    password stop working (sessions end by themselves: Django checks the password hash on each)."""
    email_verify(user=user, now=now)
    Token.objects.filter(user=user).delete()


ACCOUNT_FIELDS = ("first_name", "phone", "language", "anti_phishing_code")


def account_update(*, user, **changes) -> list[str]:
    """Change the account's own profile fields (``ACCOUNT_FIELDS``); returns the names changed.
    The e-mail address is not among them: changing it needs the new address proven first."""
    unknown = set(changes) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValueError(f"not a profile field: {sorted(unknown)}")
    changed = [name for name, value in changes.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, changes[name])
    if changed:
        user.save(update_fields=changed)
    return changed
