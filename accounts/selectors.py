"""Reads about accounts."""

from django.contrib.auth import get_user_model
from django.db.models import Q


def email_in_use(email: str) -> bool:
    """True if any account signs in with this address, ignoring case (the username is the e-mail)."""
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()
