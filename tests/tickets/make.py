"""Tickets for tests, made the one way a ticket is made: ``ticket_create`` (the SLA clocks and timers,
the events and the outbox rows included). Handling fields (priority, status, team, assignee) are then
set through their services, as an agent's actions would set them."""

from tickets import services
from tickets.models import Ticket, TicketType

_HANDLING = ("priority", "status", "team", "assignee")


def make_ticket(
    requester=None, *, type_slug: str = "deposit_withdrawal", email: str | None = None, now=None, actor=None, **fields
) -> Ticket:
    """A ticket filed by ``requester`` (None: a guest) with any ``TicketInput`` field in ``fields``;
    ``priority``, ``status``, ``team`` (a Team) and ``assignee`` go through the agent's services."""
    handling = {name: fields.pop(name) for name in _HANDLING if name in fields}
    ticket_type = TicketType.objects.get(slug=type_slug)
    data = {
        "title": "Withdrawal stuck",
        "description": "Pending since yesterday.",
        "contact_email": email or getattr(requester, "email", "") or "guest@example.com",
        **({"asset": "USDT"} if "asset" in ticket_type.required_fields else {}),
        **fields,
    }
    data["screenshots"] = list(data.get("screenshots", ()))
    ticket = services.ticket_create(data=services.TicketInput(type=ticket_type, **data), requester=requester, now=now)
    if "team" in handling:
        ticket = services.ticket_set_team(ticket=ticket, actor=actor, team=handling["team"])
    if "priority" in handling:
        ticket = services.ticket_set_priority(ticket=ticket, actor=actor, priority=handling["priority"], now=now)
    if "assignee" in handling:
        ticket = services.ticket_assign(ticket=ticket, actor=actor, assignee=handling["assignee"])
    if "status" in handling and handling["status"] != ticket.status:
        ticket = services.ticket_change_status(ticket=ticket, actor=actor, status=handling["status"], now=now)
    return Ticket.objects.get(pk=ticket.pk)


def make_canned_responses() -> None:
    """The demo's canned responses (``tickets.demo``), which are content, not reference data: tests
    of the reply box load them themselves."""
    from tickets.demo import CANNED_RESPONSES, CANNED_TITLES_ZH
    from tickets.models import CannedResponse

    for position, (title, language, body) in enumerate(CANNED_RESPONSES):
        CannedResponse.objects.get_or_create(
            title=title,
            language=language,
            defaults={"body": body, "position": position // 2 * 10, "title_zh_hans": CANNED_TITLES_ZH[title]},
        )
