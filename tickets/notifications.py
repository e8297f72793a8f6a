"""What to tell whom when a ticket changes.

A change writes Notification rows in its own transaction (the outbox): who, which template,
the few values the template needs. Beat's dispatcher (tickets.tasks) hands them to the workers,
which render and send them: a request or a sweep never pays for rendering or for the broker.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime

from accounts import anti_phishing

from .access import ticket_url
from .models import Message, Notification, Ticket

STAFF_LANGUAGE = "en"


class Batch:
    """Collects notifications and writes them with one INSERT."""

    def __init__(self) -> None:
        self.rows: list[Notification] = []

    def add(
        self,
        *,
        kind: str,
        ticket: Ticket,
        template: str,
        language: str,
        to_email: str = "",
        recipient=None,
        team=None,
        **context,
    ) -> None:
        self.rows.append(
            Notification(
                kind=kind,
                ticket=ticket,
                recipient=recipient,
                team=team,
                to_email=to_email or "",
                template=template,
                language=language,
                context=context,
            )
        )

    def to_customer(self, *, kind: str, ticket: Ticket, template: str, customer_of: Ticket | None = None, **context):
        """The customer of ``customer_of`` (default: ``ticket``), by e-mail and on their account,
        in that ticket's language."""
        asked = customer_of or ticket
        self.add(
            kind=kind,
            ticket=ticket,
            template=template,
            language=asked.language,
            to_email=asked.contact_email,
            recipient=asked.requester,
            **context,
        )

    def to_staff(
        self,
        *,
        kind: str,
        ticket: Ticket,
        template: str,
        include_assignee: bool = True,
        include_team: bool = True,
        **context,
    ) -> None:
        """The assignee if there is one, and the ticket's team (its shared inbox)."""
        if include_assignee and ticket.assignee_id:
            self.add(
                kind=kind,
                ticket=ticket,
                template=template,
                language=STAFF_LANGUAGE,
                to_email=ticket.assignee.email,
                recipient=ticket.assignee,
                **context,
            )
        if include_team and ticket.team_id:
            self.add(
                kind=kind,
                ticket=ticket,
                template=template,
                language=STAFF_LANGUAGE,
                to_email=ticket.team.email,
                team=ticket.team,
                **context,
            )

    def sla_warning(self, ticket: Ticket, *, target: str, due: datetime) -> None:
        # Warn the owner first; only an unassigned ticket warns the whole team.
        self.to_staff(
            kind=Notification.Kind.SLA_WARNING,
            ticket=ticket,
            template="sla_warning",
            include_team=not ticket.assignee_id,
            target=target,
            due=due.isoformat(),
        )

    def sla_breach(self, ticket: Ticket) -> None:
        self.to_staff(kind=Notification.Kind.SLA_BREACH, ticket=ticket, template="sla_breach")

    def flush(self) -> int:
        if not self.rows:
            return 0
        Notification.objects.bulk_create(self.rows, batch_size=1000)
        count, self.rows = len(self.rows), []
        return count


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str  # what is sent
    stored_body: str  # what is kept: the same without the guest's signed link (a credential)


def render(notification: Notification) -> Rendered:
    """Subject and body of a notification, in its language, from the ticket as it is now."""
    ticket = notification.ticket
    context = dict(notification.context)
    if "due" in context:
        context["due"] = parse_datetime(context["due"])
    if "message_id" in context:
        context["message"] = Message.objects.filter(pk=context.pop("message_id")).first()
    customer_facing = notification.template.endswith("_customer")
    plain_url = ticket_url(ticket, absolute=True) if customer_facing else admin_url(ticket)
    url = plain_url
    if customer_facing and ticket.requester_id is None:
        url = ticket_url(ticket, signed=True, absolute=True)
    with translation.override(notification.language):
        rendered = render_to_string(
            f"tickets/email/{notification.template}.txt", {"ticket": ticket, **context, "url": url}
        )
    subject, _, body = rendered.strip().partition("\n")
    body = body.strip()
    # The customer's anti-phishing code goes out on top, but is never stored: agents read stored bodies.
    code_line = anti_phishing.mail_line(notification.recipient, notification.to_email) if customer_facing else ""
    return Rendered(subject=subject.strip()[:200], body=code_line + body, stored_body=body.replace(url, plain_url))


def ticket_created(ticket: Ticket, *, emergency: bool = False) -> None:
    batch = Batch()
    batch.to_customer(kind=Notification.Kind.CREATED, ticket=ticket, template="created_customer")
    batch.to_staff(
        kind=Notification.Kind.CREATED,
        ticket=ticket,
        template="created_team",
        include_assignee=False,
        emergency=emergency,
    )
    batch.flush()


def ticket_replied(ticket: Ticket, message: Message) -> None:
    batch = Batch()
    if message.author_role == Message.AuthorRole.AGENT:
        batch.to_customer(
            kind=Notification.Kind.REPLIED, ticket=ticket, template="replied_customer", message_id=message.pk
        )
    else:
        batch.to_staff(
            kind=Notification.Kind.REPLIED,
            ticket=ticket,
            template="replied_agent",
            include_team=not ticket.assignee_id,
            message_id=message.pk,
        )
    batch.flush()


def ticket_escalated(ticket: Ticket, *, reason: str, automatic: bool) -> None:
    batch = Batch()
    batch.to_staff(
        kind=Notification.Kind.ESCALATED, ticket=ticket, template="escalated", reason=reason, automatic=automatic
    )
    batch.flush()


def ticket_assigned(ticket: Ticket) -> None:
    """Tell an agent a colleague gave them a ticket."""
    batch = Batch()
    batch.to_staff(kind=Notification.Kind.ASSIGNED, ticket=ticket, template="assigned", include_team=False)
    batch.flush()


def ticket_merged(source: Ticket, target: Ticket) -> None:
    """Tell the customer where the conversation of their duplicate request went."""
    batch = Batch()
    batch.to_customer(
        kind=Notification.Kind.MERGED,
        ticket=target,
        template="merged_customer",
        customer_of=source,
        source_reference=source.reference,
    )
    batch.flush()


def admin_url(ticket: Ticket) -> str:
    return settings.SUPPORT_SITE_URL.rstrip("/") + reverse("admin:tickets_ticket_change", args=[ticket.pk])
