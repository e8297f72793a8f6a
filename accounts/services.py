"""Writes about accounts."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction


class EmailTaken(Exception):
    """Another account already uses this e-mail address (checked again here: two sign-ups can race)."""


def customer_sign_up(*, email: str, password: str, name: str = "", language: str = "en"):
    """Create a customer account whose username is the lower-cased e-mail address.

    The password must already have passed the configured validators. Raises EmailTaken when the
    address is in use, including when a concurrent sign-up wins the unique constraint.
    """
    email = email.strip().lower()
    users = get_user_model()
    try:
        with transaction.atomic():
            if users.objects.filter(username__iexact=email).exists():
                raise EmailTaken
            return users.objects.create_user(
                username=email, email=email, password=password, first_name=name.strip(), language=language
            )
    except IntegrityError:
        raise EmailTaken from None
