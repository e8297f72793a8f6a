"""Domain errors raised by the ticket services; interfaces turn them into 400/404/409 responses or form
errors. The base class is the project's one (``supportdesk.exceptions``)."""

from django.utils.translation import gettext_lazy as _

from safety.guard import refusal_message
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


class EmptyReply(DomainError):
    field = "body"
    default_message = _("Write a reply or add a screenshot.")


class FeedbackNotAllowed(DomainError):
    http_status = 409
    field = "ticket"
    default_message = _("Feedback can be given once the ticket is solved, and only once.")


class HeldBack(DomainError):
    """Too many new tickets of one kind from one network address in the window: wait ``wait`` seconds."""

    http_status = 429

    def __init__(self, wait: int, message=None):
        self.wait = wait
        super().__init__(message)


class FreezeHeldBack(HeldBack):
    field = "contact_email"

    def __init__(self, wait: int):
        super().__init__(
            wait,
            _("Many freeze requests came from your network just now. Wait %(minutes)d minutes, then send yours again.")
            % {"minutes": max(1, -(-wait // 60))},
        )


class ReportHeldBack(HeldBack):
    field = "value"

    def __init__(self, wait: int):
        super().__init__(
            wait,
            _("Many reports came from your network just now. Wait %(minutes)d minutes, then send yours again.")
            % {"minutes": max(1, -(-wait // 60))},
        )


class AsksForSecret(DomainError):
    """An agent's reply or a canned response asks the customer for a secret (``safety.guard``)."""

    field = "body"

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(refusal_message(kind))
