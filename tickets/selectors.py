"""Reads. Every permission decision about a ticket is made here, once."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from . import roles
from .identity import Identity, ticket_identity
from .models import CannedResponse, CustomerNote, Feedback, Message, Screenshot, Ticket, TicketEvent, TicketType

# Orderings the API and pages accept; anything else is an error, never a raw order_by().
TICKET_ORDERINGS = {
    "sla_due": ("sla_due", "id"),
    "-sla_due": ("-sla_due", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}


def user_is_agent(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_agent)


def _agent_scope(user) -> Q:
    """An agent's tickets: their teams', those assigned to them, and unrouted ones (so nothing
    falls between teams)."""
    return Q(team_id__in=roles.team_ids(user)) | Q(assignee_id=user.pk) | Q(team__isnull=True)


def agent_may_see(user, ticket: Ticket) -> bool:
    if roles.is_supervisor(user):
        return True
    return ticket.team_id is None or ticket.team_id in roles.team_ids(user) or ticket.assignee_id == user.pk


def tickets_visible_to(user) -> QuerySet[Ticket]:
    """Supervisors and admins see every ticket, agents their teams' (see ``_agent_scope``); a
    signed-in customer sees only their own tickets; guests none."""
    if user_is_agent(user):
        if roles.is_supervisor(user):
            return Ticket.objects.all()
        return Ticket.objects.filter(_agent_scope(user))
    if user is not None and getattr(user, "is_authenticated", False):
        return Ticket.objects.filter(requester=user)
    return Ticket.objects.none()


def tickets_requested_by(user) -> QuerySet[Ticket]:
    """Tickets ``user`` filed themselves, newest first: an agent's own requests, never the queue."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Ticket.objects.none()
    return Ticket.objects.filter(requester=user).select_related("type").order_by("-created_at", "-id")


def ticket_get_for_user(*, reference: str, user, guest_grants=None) -> Ticket:
    """The ticket if ``user`` may see it, else Http404 (never 403: references must not leak).

    ``guest_grants`` (reference → link version) are what a browser session proved it holds: a
    signed link, or having filed the ticket; they count while the ticket's link version is the same.
    """
    reference = (reference or "").upper()
    base = Ticket.objects.select_related("type", "team", "requester", "assignee", "sla_policy")
    ticket = base.filter(reference=reference).first()
    if ticket is None:
        raise Http404
    if user_is_agent(user) and agent_may_see(user, ticket):
        return ticket
    if user is not None and getattr(user, "is_authenticated", False) and ticket.requester_id == user.pk:
        return ticket
    if guest_grants and _guest_may_open(ticket, guest_grants.get(reference)):
        return ticket
    raise Http404


def _guest_may_open(ticket: Ticket, version: int | None) -> bool:
    """A guest grant (a link, or having filed the ticket) opens a guest's ticket, or one that joined
    an account because its link holder proved the address; never once revoked (a new version)."""
    if version is None or version != ticket.guest_link_version:
        return False
    return ticket.requester_id is None or ticket.contact_verified_at is not None


def ticket_for_guest_link(*, reference: str, version: int) -> Ticket | None:
    """The ticket a verified guest link (reference and link version) opens, or None."""
    ticket = Ticket.objects.filter(reference=(reference or "").upper()).first()
    return ticket if ticket is not None and _guest_may_open(ticket, version) else None


def ticket_messages(*, ticket: Ticket, include_internal: bool) -> QuerySet[Message]:
    messages = ticket.messages.select_related("author").prefetch_related(
        Prefetch("screenshots", queryset=Screenshot.objects.order_by("created_at", "id"))
    )
    return messages if include_internal else messages.filter(internal=False)


def ticket_attachments(*, ticket: Ticket) -> QuerySet[Screenshot]:
    """Screenshots attached to the ticket itself (when it was filed), not to one message."""
    return ticket.screenshots.filter(message__isnull=True).order_by("created_at", "id")


def ticket_screenshots(*, ticket: Ticket, include_internal: bool) -> QuerySet[Screenshot]:
    """All screenshots of a ticket; without ``include_internal``, none attached to an internal note."""
    shots = ticket.screenshots.order_by("created_at", "id")
    return shots if include_internal else shots.exclude(message__internal=True)


def ticket_list(
    *,
    user,
    status=None,
    priority=None,
    type=None,
    team=None,
    assignee=None,
    breached=None,
    ordering: str = "-created",
    now=None,
) -> QuerySet[Ticket]:
    qs = tickets_visible_to(user).select_related("type", "team", "assignee", "sla_policy")
    if status:
        qs = qs.filter(status=status)
    if priority:
        qs = qs.filter(priority=priority)
    if type:
        qs = qs.filter(type__slug=type)
    if team:
        qs = qs.filter(team__slug=team)
    if assignee:
        qs = qs.filter(assignee__username=assignee)
    if breached is not None:
        from django.utils import timezone

        now = now or timezone.now()
        qs = qs.filter(sla_due__lt=now) if breached else qs.exclude(sla_due__lt=now)
    return qs.order_by(*TICKET_ORDERINGS[ordering])


def screenshot_get_for_user(*, public_id, user, guest_grants=None) -> Screenshot:
    shot = Screenshot.objects.select_related("ticket", "message").filter(public_id=public_id).first()
    if shot is None:
        raise Http404
    # The ticket permission decides; internal-note screenshots are for agents only.
    ticket_get_for_user(reference=shot.ticket.reference, user=user, guest_grants=guest_grants)
    if shot.message_id and shot.message.internal and not user_is_agent(user):
        raise Http404
    return shot


def ticket_types_active() -> QuerySet[TicketType]:
    return TicketType.objects.filter(active=True).order_by("position", "slug")


def staff_assignable():
    """Who tickets can be assigned to: active staff in a support team, supervisors and admins."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(support_teams__isnull=False) | Q(groups__name=roles.SUPERVISORS_GROUP) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "username")
    )


def agent_queue(user) -> QuerySet[Ticket]:
    """The workspace queue: what ``user`` may see, nearest SLA deadline first (no deadline last).
    The queue page reads its columns as plain values (``tickets.admin.queue_page``)."""
    return tickets_visible_to(user).order_by(F("sla_due").asc(nulls_last=True), "id")


def agent_ticket(user, pk) -> Ticket | None:
    """One ticket for the workspace's ticket page, if ``user`` may see it."""
    return (
        tickets_visible_to(user)
        .select_related("type", "team", "assignee", "requester", "sla_policy", "merged_into")
        .filter(pk=pk)
        .first()
    )


def ticket_thread(*, ticket: Ticket) -> QuerySet[Message]:
    """Every message of a ticket for the agent's conversation view, authors and screenshots joined."""
    return ticket_messages(ticket=ticket, include_internal=True).order_by("created_at", "id")


def ticket_timeline(*, ticket: Ticket) -> QuerySet[TicketEvent]:
    return ticket.events.select_related("actor").order_by("created_at", "id")


def canned_responses_for(*, ticket: Ticket, agent) -> QuerySet[CannedResponse]:
    """Active canned responses in the ticket's language, for everyone or the agent's teams."""
    return CannedResponse.objects.filter(
        Q(team__isnull=True) | Q(team_id__in=roles.team_ids(agent)), active=True, language=ticket.language
    ).order_by("position", "title")


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
