"""Choices and the rules that are pure data: priorities, statuses and the one table of allowed
status changes, channels, tiers, the facts a ticket may carry, and references."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

# Crockford-style alphabet without look-alikes (0/O, 1/I/L, U): easy to read out on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 6
REFERENCE_PREFIX = "SD-"
REFERENCE_REGEX = rf"SD-[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}"


def new_reference() -> str:
    """A random public reference (29^6 ≈ 600 million): one reveals nothing about another."""
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending (waiting on customer)")
    ON_HOLD = "on_hold", _("On hold (waiting on a third party)")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


# The one table of legal status changes; services consult it, nothing else sets a status.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.OPEN: frozenset({Status.PENDING, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.PENDING: frozenset({Status.OPEN, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.PENDING, Status.SOLVED, Status.CLOSED}),
    Status.SOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
ACTIVE_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)


def can_transition(current: str, target: str) -> bool:
    return target in STATUS_TRANSITIONS.get(current, frozenset())


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    EMAIL = "email", _("E-mail")
    ASSISTANT = "assistant", _("Assistant")
    SYSTEM = "system", _("System")


class Tier(models.IntegerChoices):
    FRONT_LINE = 1, _("Tier 1: front line")
    SPECIALISTS = 2, _("Tier 2: specialists")
    SECURITY = 3, _("Tier 3: security and management")


class StructuredField(models.TextChoices):
    """The facts of a problem a ticket type may ask for, beyond title and description."""

    TRANSACTION_ID = "transaction_id", _("Transaction ID")
    ASSET = "asset", _("Asset")
    NETWORK = "network", _("Network")
    AMOUNT = "amount", _("Amount")
    OCCURRED_AT = "occurred_at", _("When it happened")
    ATTEMPTED_STEPS = "attempted_steps", _("What you have tried")
