"""Reads. Every permission decision about a ticket is made here, once."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from .models import Message, Screenshot, Ticket, TicketType

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


def tickets_visible_to(user) -> QuerySet[Ticket]:
    """Agents see the queue; a signed-in customer sees only their own tickets; guests none."""
    if user_is_agent(user):
        return Ticket.objects.all()
    if user is not None and getattr(user, "is_authenticated", False):
        return Ticket.objects.filter(requester=user)
    return Ticket.objects.none()


def tickets_requested_by(user) -> QuerySet[Ticket]:
    """Tickets ``user`` filed themselves, newest first: an agent's own requests, never the queue."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Ticket.objects.none()
    return Ticket.objects.filter(requester=user).select_related("type").order_by("-created_at", "-id")


def ticket_get_for_user(*, reference: str, user, guest_references=()) -> Ticket:
    """The ticket if ``user`` may see it, else Http404 (never 403: references must not leak).

    ``guest_references`` are references a guest proved they hold (a signed link).
    """
    reference = (reference or "").upper()
    base = Ticket.objects.select_related("type", "team", "requester", "assignee", "sla_policy")
    ticket = base.filter(reference=reference).first()
    if ticket is None:
        raise Http404
    if user_is_agent(user):
        return ticket
    if user is not None and getattr(user, "is_authenticated", False) and ticket.requester_id == user.pk:
        return ticket
    if ticket.requester_id is None and reference in guest_references:
        return ticket
    raise Http404


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


def screenshot_get_for_user(*, public_id, user, guest_references=()) -> Screenshot:
    shot = Screenshot.objects.select_related("ticket", "message").filter(public_id=public_id).first()
    if shot is None:
        raise Http404
    # The ticket permission decides; internal-note screenshots are for agents only.
    ticket_get_for_user(reference=shot.ticket.reference, user=user, guest_references=guest_references)
    if shot.message_id and shot.message.internal and not user_is_agent(user):
        raise Http404
    return shot


def ticket_types_active() -> QuerySet[TicketType]:
    return TicketType.objects.filter(active=True).order_by("position", "slug")
