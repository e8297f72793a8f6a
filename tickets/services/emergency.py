""" "Freeze my account": the one way an emergency ticket is opened, from the page and the API alike."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models.functions import Upper
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safety import guard
from tickets import refdata
from tickets.exceptions import FreezeHeldBack
from tickets.intake import TicketInput
from tickets.models import ACTIVE_STATUSES, Channel, Message, Ticket, TicketEvent

from .intake import ticket_create
from .primitives import record_event, secrets_removed_record, ticket_lock

# A repeat folds into the open ticket; within this long of the last repeat it writes nothing at all.
REPEAT_QUIET = timedelta(minutes=10)
EMERGENCY_TYPE = "account_security"


@dataclass(frozen=True)
class FreezeRequest:
    contact_email: str
    contact_phone: str = ""
    what_happened: str = ""
    language: str = "en"


@dataclass(frozen=True)
class FreezeResult:
    ticket: Ticket
    folded: bool  # True: an emergency ticket for this address was already open


def _open_emergency(email: str) -> Ticket | None:
    return (
        Ticket.objects.annotate(email_upper=Upper("contact_email"))
        .filter(emergency=True, status__in=ACTIVE_STATUSES, email_upper=email.upper())
        .first()
    )


def ticket_emergency_freeze(
    *,
    data: FreezeRequest,
    requester=None,
    channel: str = Channel.WEB,
    admit: Callable[[], int | None] = lambda: None,
    now: datetime | None = None,
) -> FreezeResult:
    """Open an urgent tier-3 ticket that alerts security at once, or fold into the open one.

    At most one emergency ticket is open per address (a unique constraint, so two requests at the
    same moment fold too): a repeat adds what it says as an internal note, mails nobody, and writes
    nothing if the last repeat was under ``REPEAT_QUIET`` ago. ``admit`` is asked only before a
    *new* ticket (the edge's per-address allowance; it returns the seconds to wait, or None):
    FreezeHeldBack when it refuses. Repeats for an address already being frozen never are.
    """
    now = now or timezone.now()
    existing = _open_emergency(data.contact_email)
    if existing is None:
        wait = admit()
        if wait is not None:
            raise FreezeHeldBack(wait)
        try:
            return FreezeResult(ticket=_create(data, requester=requester, channel=channel, now=now), folded=False)
        except IntegrityError:
            existing = _open_emergency(data.contact_email)  # a concurrent request opened it first
            if existing is None:
                raise
    return FreezeResult(ticket=_fold(existing, data, now=now), folded=True)


def _create(data: FreezeRequest, *, requester, channel: str, now: datetime) -> Ticket:
    with translation.override(data.language):
        ticket_input = TicketInput(
            title=_("Emergency: freeze my account"),
            description=data.what_happened or _("No details given: freeze first, ask later."),
            type=refdata.get().types_by_slug[EMERGENCY_TYPE],
            contact_email=data.contact_email,
            contact_phone=data.contact_phone,
            language=data.language,
        )
    return ticket_create(data=ticket_input, requester=requester, channel=channel, emergency=True, now=now)


def _fold(ticket: Ticket, data: FreezeRequest, *, now: datetime) -> Ticket:
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        last = ticket.events.filter(kind=TicketEvent.Kind.FREEZE_REPEATED).order_by("-created_at").first()
        if last is not None and now - last.created_at < REPEAT_QUIET:
            return ticket
        # Internal: whoever repeats the request may not be the customer the ticket belongs to.
        if data.what_happened:
            said = guard.scan(data.what_happened)
            Message.objects.create(
                ticket=ticket,
                author_role=Message.AuthorRole.SYSTEM,
                internal=True,
                body=_("Freeze requested again (the sender is not verified): %(text)s") % {"text": said.text},
            )
            secrets_removed_record(ticket, None, said.kinds)
        record_event(ticket, None, TicketEvent.Kind.FREEZE_REPEATED, after={"phone": data.contact_phone or None})
        ticket.save(update_fields=["updated_at"])
        return ticket
