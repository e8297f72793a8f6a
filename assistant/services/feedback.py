"""The visitor's verdict on one assistant reply: an unhelpful one is a content gap for the editors."""

from django.db import transaction

from assistant.models import Conversation, Message
from supportdesk.exceptions import DomainError


class NotAnAnswer(DomainError):
    field = "message"


def message_feedback(*, conversation: Conversation, message_id: int, helpful: bool) -> Message:
    """Record ``helpful`` on the assistant's reply ``message_id`` of ``conversation`` (a changed mind
    replaces the earlier verdict). NotAnAnswer for any other message."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(conversation=conversation, pk=message_id, author=Message.Author.ASSISTANT)
            .first()
        )
        if message is None:
            raise NotAnAnswer()
        message.helpful = helpful
        message.save(update_fields=["helpful"])
    return message
