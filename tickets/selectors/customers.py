"""The customer panel: who the customer is, by identity (``tickets.identity``), never by a typed address."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from tickets import roles
from tickets.identity import Identity, ticket_identity
from tickets.models import CustomerNote, Feedback, Ticket

from .access import tickets_visible_to


@dataclass(frozen=True)
class CustomerProfile:
    email: str  # the address typed on this ticket
    requester: object  # the account, or None for a guest
    identity: Identity | None  # None: the sender only typed an address (tickets.identity)
    tickets: list  # the same customer's other tickets (those ``user`` may see), newest first
    ticket_count: int
    claimed: list  # other tickets with the same typed address whose sender is not proven to be this customer
    claimed_count: int
    ratings: list  # Feedback rows, newest first
    rating_average: float | None
    rating_count: int
    notes: list


CUSTOMER_TICKETS_SHOWN = 10


def identity_tickets_q(who: Identity | None) -> Q:
    """The tickets of an identity: its account's, and guest tickets whose sender proved its address."""
    if who is None:
        return Q(pk__in=[])
    match = Q(requester_id=who.account_id) if who.account_id is not None else Q(pk__in=[])
    if who.email is not None:
        match |= Q(requester__isnull=True, contact_verified_at__isnull=False, contact_email__iexact=who.email)
    return match


def identity_notes_q(who: Identity | None) -> Q:
    if who is None:
        return Q(pk__in=[])
    match = Q(account_id=who.account_id) if who.account_id is not None else Q(pk__in=[])
    if who.email is not None:
        match |= Q(account__isnull=True, email=who.email)
    return match


def _capped_count(queryset, shown: list) -> int:
    return queryset.count() if len(shown) == CUSTOMER_TICKETS_SHOWN else len(shown)


def customer_profile(*, ticket: Ticket, user) -> CustomerProfile:
    """The CRM panel: who the customer is, their other tickets (those ``user`` may see), their past
    ratings and the notes agents left about them, by identity (``tickets.identity``). Tickets that
    only share the typed address are listed apart: nothing crosses between customers on a claim."""
    who = ticket_identity(ticket)
    email = (ticket.contact_email or "").lower()
    visible = tickets_visible_to(user).exclude(pk=ticket.pk)
    own = visible.filter(identity_tickets_q(who))
    shown = list(own.select_related("type").order_by("-created_at", "-id")[:CUSTOMER_TICKETS_SHOWN])
    claimed_qs = (
        visible.filter(contact_email__iexact=email).exclude(identity_tickets_q(who)) if email else visible.none()
    )
    claimed = list(claimed_qs.select_related("type").order_by("-created_at", "-id")[:CUSTOMER_TICKETS_SHOWN])
    # The average covers every rating the customer gave (how they feel about support); the ratings
    # listed with their comments only those on tickets ``user`` may open.
    theirs = Ticket.objects.filter(identity_tickets_q(who))
    summary = Feedback.objects.filter(ticket__in=theirs).aggregate(average=Avg("rating"), count=Count("id"))
    ratings_qs = Feedback.objects.filter(ticket__in=tickets_visible_to(user).filter(identity_tickets_q(who)))
    return CustomerProfile(
        email=email,
        requester=ticket.requester,
        identity=who,
        tickets=shown,
        ticket_count=_capped_count(own, shown),
        claimed=claimed,
        claimed_count=_capped_count(claimed_qs, claimed),
        ratings=list(ratings_qs.select_related("ticket").order_by("-created_at")[:5]),
        rating_average=summary["average"],
        rating_count=summary["count"],
        notes=list(CustomerNote.objects.filter(identity_notes_q(who)).select_related("author")[:20]),
    )


def customer_notes_visible_to(user) -> QuerySet[CustomerNote]:
    """The notes whose customer has at least one ticket ``user`` may see (for the notes' admin list)."""
    if roles.is_supervisor(user):
        return CustomerNote.objects.all()
    visible = tickets_visible_to(user)
    by_account = visible.filter(requester_id=OuterRef("account_id"))
    by_address = visible.filter(
        requester__isnull=True, contact_verified_at__isnull=False, contact_email__iexact=OuterRef("email")
    )
    return CustomerNote.objects.alias(account_visible=Exists(by_account), address_visible=Exists(by_address)).filter(
        Q(account__isnull=False, account_visible=True) | Q(account__isnull=True, address_visible=True)
    )
