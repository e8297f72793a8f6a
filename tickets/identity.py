"""Who a ticket's customer is, as far as the desk can tell. Pure: no queries.

A typed e-mail address is a claim: anyone can type anyone's. An identity is either
- an account (the ticket's requester), which also owns its address once verified, or
- a guest's address that the guest proved for this ticket by opening a signed link we mailed to it.

Nothing crosses from one customer to another on a claim: only tickets of the same identity merge,
and the customer panel lists same-address tickets that are not proven apart from the customer's own.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Identity:
    account_id: int | None
    email: str | None  # a proven address: the account's verified one, or the guest's proven one

    def matches(self, other: "Identity | None") -> bool:
        if other is None:
            return False
        same_account = self.account_id is not None and self.account_id == other.account_id
        same_address = self.email is not None and self.email == other.email
        return same_account or same_address


def ticket_identity(ticket) -> Identity | None:
    """The identity behind ``ticket``, or None when its sender only typed an address."""
    if ticket.requester_id:
        requester = ticket.requester
        proven = requester.email.lower() if requester.email and requester.email_verified_at else None
        return Identity(account_id=ticket.requester_id, email=proven)
    if ticket.contact_verified_at and ticket.contact_email:
        return Identity(account_id=None, email=ticket.contact_email.lower())
    return None


def merge_refusal(source, target) -> str | None:
    """Why ``source`` may not be merged into ``target`` (a reason for the agent), or None if it may.

    Merging moves one conversation into the other ticket, where the other ticket's customer reads
    it: only the same proven customer may be on both sides.
    """
    for ticket in (source, target):
        if ticket_identity(ticket) is None:
            return _(
                "%(reference)s was sent by a guest who has not proven their e-mail address (they have not "
                "opened a link we mailed to it), so it cannot be merged: anyone can type an address."
            ) % {"reference": ticket.reference}
    if not ticket_identity(source).matches(ticket_identity(target)):
        return _(
            "%(source)s and %(target)s belong to different customers (different accounts or proven addresses). "
            "Only tickets of the same customer can be merged."
        ) % {"source": source.reference, "target": target.reference}
    return None
