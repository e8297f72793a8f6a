"""Handing a conversation to a person: a live agent when one of the right team is free (state
``waiting_for_agent``), otherwise a ticket made through the tickets services, with the transcript
as its description, the extracted facts in their fields and the rules' type and priority."""

import dataclasses
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assistant.answers.stored_facts import facts_from_json
from assistant.exceptions import ContactNeeded, ConversationClosed, InvalidTransition
from assistant.models import Conversation, Message
from assistant.selectors import conversation_transcript
from supportdesk.text import excerpt
from tickets import intake, refdata
from tickets.access import ticket_url
from tickets.intake import TicketInput
from tickets.models import Channel, Ticket
from tickets.services import ticket_create

from .transitions import agent_available, conversation_move

logger = logging.getLogger(__name__)
State = Conversation.State
TITLE_CHARS = 120
FALLBACK_TYPE = "other"
CLAIM_STALE = timedelta(minutes=5)


@dataclass(frozen=True)
class HandoffResult:
    conversation: Conversation
    state: str
    ticket: Ticket | None = None
    message: str = ""

    @property
    def reference(self) -> str | None:
        return self.ticket.reference if self.ticket else None

    def as_dict(self) -> dict:
        ticket = self.ticket
        return {
            "conversation": self.conversation.public_id,
            "state": self.state,
            "reference": ticket.reference if ticket else None,
            "url": ticket_url(ticket) if ticket else None,
            "first_response_due": ticket.first_response_due.isoformat()
            if ticket and ticket.first_response_due
            else None,
            "priority": ticket.priority if ticket else None,
            "message": self.message,
        }


def conversation_handoff(
    *,
    conversation: Conversation,
    contact_email: str = "",
    contact_phone: str = "",
    user=None,
    now: datetime | None = None,
) -> HandoffResult:
    """Hand ``conversation`` to a person. Idempotent: a conversation already a ticket returns it.
    ContactNeeded when nobody signed in and no e-mail was given; ConversationClosed when closed."""
    now = now or timezone.now()
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    email = contact_email or (user.email if signed_in else "")
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if conversation.state == State.CLOSED:
            raise ConversationClosed()
        if conversation.state == State.TICKET and conversation.ticket_id:
            return HandoffResult(
                conversation, conversation.state, conversation.ticket, _promise(conversation.ticket, now)
            )
        if conversation.state in (State.WAITING_FOR_AGENT, State.WITH_AGENT):
            return HandoffResult(conversation, conversation.state)
        ticket_type = _ticket_type(conversation.suggested_type)
        if agent_available(ticket_type.default_team if ticket_type else None):
            conversation_move(conversation, State.WAITING_FOR_AGENT, now=now)
            return HandoffResult(conversation, conversation.state)
        if not email:
            raise ContactNeeded()
        _claim(conversation, now=now)
    # ticket_create is a durable transaction of its own, so the claim above (not the row lock) is
    # what keeps a double-clicked "talk to a person" from filing two tickets.
    try:
        ticket = _file_ticket(conversation, email=email, phone=contact_phone, user=user if signed_in else None, now=now)
    except BaseException:
        Conversation.objects.filter(pk=conversation.pk, state=State.BOT).update(handed_over_at=None)
        raise
    conversation_move(conversation, State.TICKET, now=now, ticket=ticket)
    message = _promise(ticket, now)
    Message.objects.create(conversation=conversation, author=Message.Author.ASSISTANT, body=message, created_at=now)
    return HandoffResult(conversation, conversation.state, ticket, message)


def _claim(conversation: Conversation, *, now: datetime) -> None:
    """Mark the handover as begun, once: a second request while the first files the ticket is a 409.
    A claim older than CLAIM_STALE (its process died between claim and ticket) may be taken again."""
    unclaimed = Q(handed_over_at__isnull=True) | Q(handed_over_at__lt=now - CLAIM_STALE)
    claimed = Conversation.objects.filter(unclaimed, pk=conversation.pk).update(handed_over_at=now)
    if not claimed:
        raise InvalidTransition()
    conversation.handed_over_at = now


def _ticket_type(slug: str):
    types = refdata.get().types_by_slug
    return types.get(slug) or types.get(FALLBACK_TYPE)


def _file_ticket(conversation: Conversation, *, email: str, phone: str, user, now: datetime) -> Ticket:
    facts = facts_from_json(conversation.facts)
    messages = list(conversation_transcript(conversation=conversation))
    with translation.override(conversation.language):
        first = next((m.body for m in messages if m.author == Message.Author.VISITOR), "")
        data = TicketInput(
            title=_("From the assistant: %(question)s") % {"question": excerpt(first, TITLE_CHARS)},
            description=_transcript(messages),
            type=_ticket_type(conversation.suggested_type),
            contact_email=email,
            contact_phone=phone,
            language=conversation.language,
            transaction_id=facts.transaction_ids[0][:128] if facts.transaction_ids else "",
            asset=facts.assets[0][:20] if facts.assets else "",
            network=facts.networks[0][:40] if facts.networks else "",
            amount=_amount(facts),
            occurred_at=facts.occurred_at if facts.occurred_at and facts.occurred_at <= now else None,
        )
    problems = intake.problems(data, now=now)
    if problems and set(problems) - {"title", "description", "contact_email", "contact_phone"}:
        # A structured field the type requires is unknown: file it as "other" rather than lose it.
        data = dataclasses.replace(data, type=_ticket_type(FALLBACK_TYPE))
    return ticket_create(data=data, requester=user, channel=Channel.ASSISTANT, emergency=conversation.urgent, now=now)


def _amount(facts):
    preferred = facts.assets[0] if facts.assets else None
    for amount in facts.amounts:
        if amount.asset in (None, preferred) and amount.value > 0:
            return amount.value
    return None


def _transcript(messages: list[Message]) -> str:
    labels = {
        Message.Author.VISITOR: _("Customer"),
        Message.Author.ASSISTANT: _("Assistant"),
        Message.Author.AGENT: _("Agent"),
    }
    lines = [f"[{m.created_at:%Y-%m-%d %H:%M} UTC] {labels[m.author]}: {m.body}" for m in messages]
    return "\n\n".join(lines)[:10000]


def _promise(ticket: Ticket, now: datetime) -> str:
    with translation.override(ticket.language):
        due = ticket.first_response_due
        if due is None:
            return _("Your ticket %(reference)s is open. We will answer by e-mail.") % {"reference": ticket.reference}
        return _("Your ticket %(reference)s is open. A person will answer within %(wait)s (by %(due)s UTC).") % {
            "reference": ticket.reference,
            "wait": _duration(due - now),
            "due": f"{due:%Y-%m-%d %H:%M}",
        }


def _duration(delta: timedelta) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 120:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = round(minutes / 60)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
