"""What a customer may say about a problem, and the rules it must meet: one place for both.

Every way a ticket comes in (the browser's form, the API, the freeze page, the assistant, e-mail)
builds a ``TicketInput`` and the rules here decide whether it can be filed. Edges call ``problems``
to report every fault at once next to the fields; ``ticket_create`` calls ``check`` again, so no
caller can skip a rule. Pure: the time is a parameter.
"""

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from safety import guard
from supportdesk.exceptions import DomainError

from .images import CleanImage
from .models import TicketType

# The customer's clock and ours rarely agree to the second: an "occurred at" this far ahead of ours
# is still their present.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class TicketInput:
    """What a customer may say about their problem; nothing here can set priority or status."""

    title: str
    description: str
    type: TicketType
    contact_email: str
    contact_phone: str = ""
    language: str = "en"
    transaction_id: str = ""
    asset: str = ""
    network: str = ""
    amount: Decimal | None = None
    occurred_at: datetime | None = None
    attempted_steps: str = ""
    screenshots: list[CleanImage] = field(default_factory=list)

    def fingerprint(self) -> str:
        """A stable hash of the request, for Idempotency-Key comparisons."""
        data = {
            "title": self.title,
            "description": self.description,
            "type": self.type.slug,
            "contact_email": self.contact_email.lower(),
            "contact_phone": self.contact_phone,
            "language": self.language,
            "transaction_id": self.transaction_id,
            "asset": self.asset,
            "network": self.network,
            "amount": None if self.amount is None else str(self.amount.normalize()),
            "occurred_at": None if self.occurred_at is None else self.occurred_at.isoformat(),
            "attempted_steps": self.attempted_steps,
            "screenshots": [hashlib.sha256(s.content).hexdigest() for s in self.screenshots],
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class InvalidTicketInput(DomainError):
    """The input breaks a rule of ``problems``: a message per field, all at once."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__(_("Please check the fields below."))

    def as_dict(self) -> dict:
        return {name: [str(message) for message in messages] for name, messages in self.errors.items()}


# What a customer types freely; any of them can hold a pasted seed phrase, key or password.
GUARDED_FIELDS = ("title", "description", "attempted_steps", "transaction_id", "network")


def guarded(data: TicketInput) -> tuple[TicketInput, tuple[str, ...]]:
    """``data`` with every secret replaced (``safety.guard``), and the kinds removed, first seen first."""
    changes: dict[str, str] = {}
    kinds: list[str] = []
    for name in GUARDED_FIELDS:
        value = getattr(data, name)
        if value:
            result = guard.scan(value)
            if result.findings:
                changes[name] = result.text
                kinds.extend(result.kinds)
    return (replace(data, **changes) if changes else data), tuple(dict.fromkeys(kinds))


def problems(data: TicketInput, *, now: datetime) -> dict[str, list[str]]:
    """Every rule ``data`` breaks, as field → messages (empty when it can be filed)."""
    found: dict[str, list[str]] = {}
    for name in data.type.required_fields:
        if getattr(data, name, None) in (None, ""):
            found.setdefault(name, []).append(_("This field is required for this type of ticket."))
    if not data.title.strip():
        found.setdefault("title", []).append(_("Give your request a subject."))
    if not data.description.strip():
        found.setdefault("description", []).append(_("Describe the problem."))
    if data.amount is not None and data.amount <= 0:
        found.setdefault("amount", []).append(_("Enter an amount greater than zero."))
    if data.occurred_at is not None and data.occurred_at > now + CLOCK_SKEW:
        found.setdefault("occurred_at", []).append(
            _("This is in the future. Times are in UTC: please convert your local time.")
        )
    return found


def check(data: TicketInput, *, now: datetime) -> None:
    """InvalidTicketInput unless ``data`` meets every rule."""
    found = problems(data, now=now)
    if found:
        raise InvalidTicketInput(found)
