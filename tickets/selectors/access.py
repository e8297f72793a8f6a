"""Who may see which ticket: every permission decision about a ticket is made here, once.

Someone else's ticket is a 404, never a 403: a reference must not leak whether it exists.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from tickets import roles
from tickets.models import Screenshot, Ticket


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
    if roles.is_agent(user):
        if roles.is_supervisor(user):
            return Ticket.objects.all()
        return Ticket.objects.filter(_agent_scope(user))
    if user is not None and getattr(user, "is_authenticated", False):
        return Ticket.objects.filter(requester=user)
    return Ticket.objects.none()


def rows_of_visible_tickets(queryset: QuerySet, user, *, field: str = "ticket") -> QuerySet:
    """Rows that belong to a ticket (its notifications, the assistant's conversation) as far as
    ``user`` may see that ticket; rows of no ticket only for supervisors. The admins of those rows
    scope their ``get_queryset`` with it, so their lists and change pages agree with the ticket's."""
    if roles.is_supervisor(user):
        return queryset
    return queryset.filter(**{f"{field}__in": tickets_visible_to(user)})


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
    if roles.is_agent(user) and agent_may_see(user, ticket):
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


def screenshot_get_for_user(*, public_id, user, guest_grants=None) -> Screenshot:
    shot = Screenshot.objects.select_related("ticket", "message").filter(public_id=public_id).first()
    if shot is None:
        raise Http404
    # The ticket permission decides; internal-note screenshots are for agents only.
    ticket_get_for_user(reference=shot.ticket.reference, user=user, guest_grants=guest_grants)
    if shot.message_id and shot.message.internal and not roles.is_agent(user):
        raise Http404
    return shot


def agent_ticket(user, pk) -> Ticket | None:
    """One ticket for the workspace's ticket page, if ``user`` may see it."""
    return (
        tickets_visible_to(user)
        .select_related("type", "team", "assignee", "requester", "sla_policy", "merged_into")
        .filter(pk=pk)
        .first()
    )
