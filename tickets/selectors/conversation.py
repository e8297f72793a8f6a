"""Reads of one ticket's conversation and what an agent works it with."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from tickets import roles
from tickets.models import CannedResponse, Message, Screenshot, Ticket, TicketEvent, TicketType


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
