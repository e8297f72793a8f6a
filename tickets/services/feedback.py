"""Satisfaction ratings from the requester."""

from django.db import IntegrityError, transaction

from safety import guard
from tickets.exceptions import FeedbackNotAllowed
from tickets.models import Feedback, Status, Ticket, TicketEvent

from .primitives import record_event, secrets_removed_record, ticket_lock


def ticket_feedback_give(*, ticket: Ticket, author, rating: int, comment: str = "") -> Feedback:
    """Record the requester's 1-5 rating of a solved or closed ticket; a second one is refused.

    The comment passes the secret guard before it is stored (``feedback.secrets_removed`` names
    what was taken out), as every free text a customer sends does."""
    guarded = guard.scan(comment or "")
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        if ticket.status not in (Status.SOLVED, Status.CLOSED) or Feedback.objects.filter(ticket=ticket).exists():
            raise FeedbackNotAllowed()
        try:
            with transaction.atomic():  # a savepoint, so the constraint's error leaves the outer block usable
                feedback = Feedback.objects.create(ticket=ticket, rating=rating, comment=guarded.text)
        except IntegrityError:  # the one-to-one constraint: a concurrent duplicate
            raise FeedbackNotAllowed() from None
        secrets_removed_record(ticket, author, guarded.kinds)
        record_event(ticket, author, TicketEvent.Kind.FEEDBACK, after={"rating": rating})
        feedback.secrets_removed = guarded.kinds
        return feedback
