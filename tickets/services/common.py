"""Small pieces every ticket service shares."""

from tickets.models import Ticket, TicketEvent


def record_event(ticket: Ticket, actor, kind: str, before=None, after=None) -> TicketEvent:
    """One row of the timeline and the audit log; ``actor`` None means the system."""
    return TicketEvent.objects.create(
        ticket=ticket,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        before=before,
        after=after,
    )
