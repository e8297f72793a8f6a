"""A fake channel reported by a customer (from the "Is this really us?" page or the API): a ticket for
the security team, one per channel however it was pasted (``safety.verify.channel_key``), the value
defanged wherever it is shown so nobody clicks it by mistake."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safety import guard
from safety.selectors import channel_verdict
from safety.verify import channel_key, defang, reason_text
from supportdesk.exceptions import DomainError
from tickets import refdata
from tickets.exceptions import ReportHeldBack
from tickets.intake import TicketInput
from tickets.models import ACTIVE_STATUSES, Channel, Message, Ticket, TicketEvent

from .intake import ticket_create
from .primitives import record_event, secrets_removed_record, ticket_lock

REPORT_TYPE = "account_security"
# Within this long of the last repeat, another report of the same channel writes nothing.
REPEAT_QUIET = timedelta(minutes=10)


@dataclass(frozen=True)
class ChannelReport:
    value: str  # as pasted
    where: str = ""  # where the reporter saw it
    description: str = ""
    contact_email: str = ""  # optional: only if they want an answer
    language: str = "en"


@dataclass(frozen=True)
class ChannelReportResult:
    ticket: Ticket
    folded: bool  # the channel was already reported and its ticket is still open
    secrets_removed: tuple[str, ...] = ()  # what the secret guard took out of the reporter's words


class OfficialChannelReported(DomainError):
    default_message = _("This is one of our official channels, not a fake one.")
    field = "value"


def ticket_report_fake_channel(
    *,
    report: ChannelReport,
    reporter=None,
    admit: Callable[[], int | None] = lambda: None,
    now: datetime | None = None,
) -> ChannelReportResult:
    """Open the security team's ticket for a reported channel, or add to the open one.

    An official channel is refused (OfficialChannelReported). ``admit`` is asked before a *new*
    ticket only (the edge's per-address allowance; seconds to wait or None): ReportHeldBack.
    """
    now = now or timezone.now()
    verdict = channel_verdict(value=report.value)
    if verdict.official:
        raise OfficialChannelReported()
    key = channel_key(report.value)
    existing = Ticket.objects.filter(reported_channel=key, status__in=ACTIVE_STATUSES).first()
    if existing is None:
        wait = admit()
        if wait is not None:
            raise ReportHeldBack(wait)
        try:
            ticket = _create(report, verdict, key=key, reporter=reporter, now=now)
            return ChannelReportResult(ticket=ticket, folded=False, secrets_removed=tuple(ticket.secrets_removed))
        except IntegrityError:
            existing = Ticket.objects.filter(reported_channel=key, status__in=ACTIVE_STATUSES).first()
            if existing is None:
                raise
    ticket, removed = _add_to(existing, report, now=now)
    return ChannelReportResult(ticket=ticket, folded=True, secrets_removed=removed)


def _details(report: ChannelReport, verdict) -> str:
    lines = [
        _("Reported channel: %(value)s") % {"value": defang(report.value)},
        _("Our verdict: %(verdict)s") % {"verdict": verdict.verdict},
    ]
    if verdict.lookalike_of:
        lines.append(_("Imitates: %(official)s") % {"official": verdict.lookalike_of})
    lines += [f"- {reason_text(reason)}" for reason in verdict.reasons]
    if report.where:
        lines.append(_("Seen at: %(where)s") % {"where": defang(report.where)})
    if report.description:
        lines += ["", report.description]
    # Every link and address in it, the reasons' included, is defanged: nobody clicks it by mistake.
    return defang("\n".join(lines))


def _create(report: ChannelReport, verdict, *, key: str, reporter, now: datetime) -> Ticket:
    with translation.override(report.language):
        data = TicketInput(
            title=_("Fake channel reported: %(value)s") % {"value": defang(report.value)[:150]},
            description=_details(report, verdict),
            type=refdata.get().types_by_slug[REPORT_TYPE],
            contact_email=report.contact_email or getattr(reporter, "email", ""),
            language=report.language,
        )
    return ticket_create(data=data, requester=reporter, channel=Channel.WEB, reported_channel=key, now=now)


def _add_to(ticket: Ticket, report: ChannelReport, *, now: datetime) -> tuple[Ticket, tuple[str, ...]]:
    """The repeat as an internal note (rate-quiet for REPEAT_QUIET); the kinds of secret removed."""
    said = guard.scan("\n".join(part for part in (report.where, report.description) if part))
    with transaction.atomic(durable=True):
        ticket = ticket_lock(ticket)
        last = ticket.events.filter(kind=TicketEvent.Kind.CHANNEL_REPORTED).order_by("-created_at").first()
        if last is not None and now - last.created_at < REPEAT_QUIET:
            return ticket, tuple(said.kinds)
        if said.text:
            # Internal: the reporter is not this ticket's customer and must not read the others' reports.
            Message.objects.create(
                ticket=ticket,
                author_role=Message.AuthorRole.SYSTEM,
                internal=True,
                body=_("Reported again: %(text)s") % {"text": defang(said.text)},
            )
            secrets_removed_record(ticket, None, said.kinds)
        record_event(ticket, None, TicketEvent.Kind.CHANNEL_REPORTED)
        ticket.save(update_fields=["updated_at"])
        return ticket, tuple(said.kinds)
