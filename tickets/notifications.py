"""What to tell whom when a ticket changes. Rows are written inside the caller's transaction
(the outbox) and handed to Celery only after it commits."""

import logging

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .access import ticket_url
from .models import Message, Notification, Ticket

logger = logging.getLogger(__name__)


def _queue(notification: Notification) -> None:
    def send():
        from .tasks import deliver_notification_task

        try:
            deliver_notification_task.delay(notification.pk)
        except Exception:  # broker down: the periodic resend will deliver it
            logger.warning("could not queue notification %s; it stays in the outbox", notification.pk, exc_info=True)

    transaction.on_commit(send, robust=True)


def _notify(*, ticket: Ticket, to_email: str, template: str, language: str, recipient=None, **context) -> None:
    if not to_email:
        return
    with translation.override(language):
        rendered = render_to_string(f"tickets/email/{template}.txt", {"ticket": ticket, **context})
    subject, _, body = rendered.strip().partition("\n")
    notification = Notification.objects.create(
        ticket=ticket, recipient=recipient, to_email=to_email, subject=subject.strip()[:200], body=body.strip()
    )
    _queue(notification)


def ticket_created(ticket: Ticket) -> None:
    _notify(
        ticket=ticket,
        to_email=ticket.contact_email,
        template="created_customer",
        language=ticket.language,
        recipient=ticket.requester,
        url=ticket_url(ticket, signed=ticket.requester_id is None, absolute=True),
    )
    if ticket.team_id and ticket.team.email:
        _notify(
            ticket=ticket,
            to_email=ticket.team.email,
            template="created_team",
            language="en",
            url=_admin_url(ticket),
        )


def ticket_replied(ticket: Ticket, message: Message) -> None:
    if message.author_role == Message.AuthorRole.AGENT:
        _notify(
            ticket=ticket,
            to_email=ticket.contact_email,
            template="replied_customer",
            language=ticket.language,
            recipient=ticket.requester,
            message=message,
            url=ticket_url(ticket, signed=ticket.requester_id is None, absolute=True),
        )
        return
    to = ticket.assignee.email if ticket.assignee_id and ticket.assignee.email else None
    if to is None and ticket.team_id:
        to = ticket.team.email
    _notify(
        ticket=ticket,
        to_email=to,
        template="replied_agent",
        language="en",
        recipient=ticket.assignee,
        message=message,
        url=_admin_url(ticket),
    )


def _admin_url(ticket: Ticket) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SUPPORT_SITE_URL.rstrip("/") + reverse("admin:tickets_ticket_change", args=[ticket.pk])
