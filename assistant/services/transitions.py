"""The one write path for a conversation's state: a conditional UPDATE on the state it was read in,
so two requests racing (a handoff and the idle sweep) cannot both win."""

from datetime import datetime

from django.utils import timezone

from assistant.exceptions import InvalidTransition
from assistant.models import TRANSITIONS, Conversation

State = Conversation.State


def agent_available(team) -> bool:
    """Whether an agent of ``team`` can take a live chat now. There is no presence for live chat
    yet, so every handoff becomes a ticket; the live-chat issue answers this from agents' presence."""
    return False


def conversation_move(conversation: Conversation, to: str, *, now: datetime | None = None, **changes) -> Conversation:
    """Move ``conversation`` to state ``to`` (with ``changes`` to other fields) if the table allows
    it and nobody moved it first; InvalidTransition otherwise. Updates the instance in place."""
    now = now or timezone.now()
    current = conversation.state
    if to not in TRANSITIONS[current]:
        raise InvalidTransition()
    fields = {"state": to, "last_activity_at": now, **changes}
    if to == State.CLOSED:
        fields["closed_at"] = now
    if to in (State.WAITING_FOR_AGENT, State.TICKET) and conversation.handed_over_at is None:
        fields["handed_over_at"] = now
    updated = Conversation.objects.filter(pk=conversation.pk, state=current).update(**fields)
    if updated != 1:
        raise InvalidTransition()
    for name, value in fields.items():
        setattr(conversation, name, value)
    return conversation
