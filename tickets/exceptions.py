"""Domain errors raised by the ticket services; interfaces turn them into 400/404/409 responses or form
errors. The base class is the project's one (``supportdesk.exceptions``)."""

from django.utils.translation import gettext_lazy as _

from supportdesk.exceptions import DomainError

__all__ = ["DomainError"]  # re-exported: ticket code raises and catches it from here


class InvalidTransition(DomainError):
    http_status = 409
    field = "status"
    default_message = _("That status change is not allowed.")


class InvalidScreenshot(DomainError):
    field = "screenshots"
    default_message = _("That file is not an accepted image.")


class TooManyScreenshots(InvalidScreenshot):
    default_message = _("Too many screenshots.")


class IdempotencyConflict(DomainError):
    http_status = 422
    field = "idempotency_key"
    default_message = _("This Idempotency-Key was already used with a different request.")


class TicketClosed(DomainError):
    http_status = 409
    field = "ticket"
    default_message = _("This ticket is closed. Please open a new ticket.")


class FeedbackNotAllowed(DomainError):
    http_status = 409
    field = "ticket"
    default_message = _("Feedback can be given once the ticket is solved, and only once.")


class MissingFacts(DomainError):
    """The ticket type asks for facts the request did not give."""

    default_message = _("This type of request needs this information.")

    def __init__(self, fields: list[str]):
        self.fields = fields
        super().__init__()

    def as_dict(self) -> dict:
        return {name: [str(self.message)] for name in self.fields}


class FreezeHeldBack(DomainError):
    """Too many new emergency tickets from one network address in the window."""

    http_status = 429
    field = "contact_email"

    def __init__(self, wait: int):
        self.wait = wait
        super().__init__(
            _("Many freeze requests came from your network just now. Wait %(minutes)d minutes, then send yours again.")
            % {"minutes": max(1, -(-wait // 60))}
        )
