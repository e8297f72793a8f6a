"""A visitor's turn: guard, store, understand, answer, and hand over when a person is needed.

The visitor's message is stored first, in its own transaction, after the secret guard and before
anything else reads it: whatever happens next, nothing typed is lost and no secret is kept. Any
error while understanding or answering hands the conversation over instead of failing (Chatwoot
Captain's rule), and once an agent has joined (``waiting_for_agent``, ``with_agent``) the assistant
says nothing more: messages go to the person.
"""

import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assistant.answers.respond import Reply, respond
from assistant.answers.stored_facts import facts_from_json, facts_to_json
from assistant.answers.triage import triage
from assistant.exceptions import ContactNeeded, ConversationClosed, InvalidTransition
from assistant.models import Conversation, Message
from assistant.understanding import classify, extract, intents
from safety import guard
from supportdesk.languages import Language, is_chinese
from supportdesk.text import excerpt
from tickets.services import ticket_declare_emergency

from .handoff import HandoffResult, conversation_handoff
from .transitions import conversation_move

logger = logging.getLogger(__name__)
State = Conversation.State
SHANGHAI = ZoneInfo("Asia/Shanghai")  # "昨天下午3点" is read in China's time; English in UTC
TRIAGE_CHARS = 4000  # the visitor's recent words the type and priority are read from
EMERGENCY_REASON_CHARS = 500  # of the visitor's message, in the escalation the security team reads


@dataclass
class Turn:
    conversation: Conversation
    visitor_message: Message
    reply: Reply | None  # None while a person has the conversation
    reply_message: Message | None
    warnings: list[dict] = field(default_factory=list)
    handoff: HandoffResult | None = None
    needs_contact: bool = False  # a person is needed and we have no e-mail yet

    @property
    def handed_over(self) -> bool:
        return self.reply is None or (self.reply.handoff) or self.handoff is not None


def conversation_start(
    *, language: str, user=None, visitor_hash: str = "", now: datetime | None = None
) -> Conversation:
    now = now or timezone.now()
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    return Conversation.objects.create(
        language=language if language in Language.values else Language.EN,
        customer=user if signed_in else None,
        visitor_hash=visitor_hash,
        created_at=now,
        last_activity_at=now,
    )


def _store_visitor_message(conversation: Conversation, text: str, now: datetime) -> Message:
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation, author=Message.Author.VISITOR, body=text, created_at=now
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_activity_at=now)
    return message


def conversation_open(
    *, language: str, message: str, user=None, visitor_hash: str = "", now: datetime | None = None
) -> Turn:
    """A new conversation with its first message (guarded), stored in one transaction, and the answer.

    A first message is most of the assistant's traffic: one commit instead of two, and no reading
    back of a conversation that has only this message."""
    now = now or timezone.now()
    with transaction.atomic():
        conversation = conversation_start(language=language, user=user, visitor_hash=visitor_hash, now=now)
        said, warnings = _guarded(conversation, message)
        visitor = Message.objects.create(
            conversation=conversation, author=Message.Author.VISITOR, body=said.text, created_at=now
        )
    return _answer(Turn(conversation, visitor, None, None, warnings), said.text, user=user, now=now, first=True)


def conversation_answer(*, conversation: Conversation, message: str, user=None, now: datetime | None = None) -> Turn:
    """Store ``message`` (guarded) and answer it. ConversationClosed for a closed conversation."""
    now = now or timezone.now()
    if conversation.state == State.CLOSED:
        raise ConversationClosed()
    said, warnings = _guarded(conversation, message)
    turn = Turn(conversation, _store_visitor_message(conversation, said.text, now), None, None, warnings)
    if conversation.state in (State.WAITING_FOR_AGENT, State.WITH_AGENT):
        return turn
    return _answer(turn, said.text, user=user, now=now, first=False)


def _guarded(conversation: Conversation, message: str) -> tuple[guard.GuardResult, list[dict]]:
    said = guard.scan(message)
    with translation.override(conversation.language):
        return said, guard.warnings_for(said.kinds)


def _answer(turn: Turn, text: str, *, user, now: datetime, first: bool) -> Turn:
    """The assistant's reply to the visitor's message just stored, and the handover it calls for."""
    conversation = turn.conversation
    try:
        reply = _think(conversation, text, user=user, now=now, first=first)
    except Exception:
        logger.exception("assistant failed to answer conversation %s; handing over", conversation.pk)
        with translation.override(conversation.language):
            reply = Reply(
                text=_("Sorry, I could not work that out. I am passing this conversation to a person."),
                intent="error",
                handoff=True,
            )
    turn.reply, turn.reply_message = reply, _store_reply(conversation, reply, now)
    if reply.handoff and conversation.state in (State.BOT, State.TICKET):
        _hand_over(turn, user=user, now=now)  # already a ticket: the panel shows it again
    return turn


def _think(conversation: Conversation, text: str, *, user, now: datetime, first: bool) -> Reply:
    """Understand ``text`` in the light of the turns before it (none when ``first``), and decide the reply."""
    tz = SHANGHAI if is_chinese(conversation.language) else None
    facts = facts_from_json(conversation.facts).merge(extract(text, now=now, tz=tz))
    intent = classify(text, facts=facts)
    recent = text[-TRIAGE_CHARS:]
    if not first:
        earlier = Message.objects.filter(conversation=conversation, author=Message.Author.VISITOR).order_by("-id")
        recent = "\n".join(reversed([body for body in earlier.values_list("body", flat=True)[:10]]))[-TRIAGE_CHARS:]
    customer_tier = getattr(user, "tier", "standard") if user is not None else "standard"
    found = triage(recent or text, customer_tier=customer_tier or "standard", emergency=intent.emergency)
    conversation.facts = facts_to_json(facts)  # stored with the reply (_store_reply)
    conversation.suggested_type = found.type_slug
    conversation.urgent = conversation.urgent or found.urgent  # once urgent, it stays urgent
    reply = respond(
        text,
        intent=intent,
        facts=conversation.facts,
        type_slug=found.type_slug,
        language=conversation.language,
        user=user,
    )
    if found.urgent and not reply.handoff and intent.kind not in ("thanks", "goodbye", "greeting"):
        reply.offer_person = True  # the rules call it urgent: a person is one click away
    return reply


def _store_reply(conversation: Conversation, reply: Reply, now: datetime) -> Message:
    """The reply and what this turn learnt (facts, type, urgency), in one transaction."""
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(
            facts=conversation.facts, suggested_type=conversation.suggested_type, urgent=conversation.urgent
        )
        return Message.objects.create(
            conversation=conversation,
            author=Message.Author.ASSISTANT,
            body=reply.text,
            articles=reply.articles,
            intent=reply.intent[:20],
            query=reply.query[:200],
            low_confidence=reply.low_confidence,
            created_at=now,
        )


def _hand_over(turn: Turn, *, user, now: datetime) -> None:
    """In the same turn: a ticket at once when we know where to answer (a signed-in customer),
    otherwise the panel asks for an e-mail address (``needs_contact``)."""
    try:
        turn.handoff = conversation_handoff(conversation=turn.conversation, user=user, now=now)
        turn.conversation = turn.handoff.conversation  # re-read under its lock: the state moved
    except ContactNeeded:
        turn.needs_contact = True
    except (ConversationClosed, InvalidTransition):
        raise
    except Exception:
        logger.exception("handing over conversation %s failed", turn.conversation.pk)
        turn.needs_contact = True
    if turn.reply.intent == intents.EMERGENCY and turn.handoff is not None and turn.handoff.ticket is not None:
        _declare_emergency(turn, now=now)


def _declare_emergency(turn: Turn, *, now: datetime) -> None:
    """An emergency told after the ticket was filed makes that ticket one too (a ticket filed in
    this turn already is: ``ticket_declare_emergency`` then changes nothing). The ticket exists
    whatever happens here, so a failure is logged, not turned into a request for an address."""
    with translation.override(turn.conversation.language):
        reason = _("The customer told the assistant: %(message)s") % {
            "message": excerpt(turn.visitor_message.body, EMERGENCY_REASON_CHARS)
        }
    try:
        ticket = ticket_declare_emergency(ticket=turn.handoff.ticket, actor=None, reason=reason, now=now)
    except Exception:
        logger.exception("raising the ticket of conversation %s to an emergency failed", turn.conversation.pk)
        return
    turn.handoff = dataclasses.replace(turn.handoff, ticket=ticket)


def conversation_visitor_message(*, conversation: Conversation, body: str, now: datetime | None = None):
    """A visitor's message while a person has (or is about to have) the conversation: stored, guarded,
    never answered by the assistant. InvalidTransition in any other state."""
    now = now or timezone.now()
    if conversation.state not in (State.WAITING_FOR_AGENT, State.WITH_AGENT):
        raise InvalidTransition()
    said, warnings = _guarded(conversation, body)
    return _store_visitor_message(conversation, said.text, now), warnings


def conversation_agent_reply(*, conversation: Conversation, agent, body: str, now: datetime | None = None) -> Message:
    """An agent's message: the first one moves the conversation to ``with_agent``, after which the
    assistant never answers it again."""
    now = now or timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if conversation.state == State.WAITING_FOR_AGENT:
            conversation_move(conversation, State.WITH_AGENT, now=now)
        elif conversation.state != State.WITH_AGENT:
            raise InvalidTransition()
        message = Message.objects.create(
            conversation=conversation, author=Message.Author.AGENT, agent=agent, body=guard.redact(body), created_at=now
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_activity_at=now)
    return message
