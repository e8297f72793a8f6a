"""Conversations with the assistant and their messages.

A conversation is addressed only by ``public_id``, a random token that is the visitor's key to it
(the integer primary key never leaves the server). Its ``state`` follows the contract's machine:

    bot ──► waiting_for_agent ──► with_agent ──► closed
     │            │                   │
     └──► ticket ◄┴───────────────────┘  (and any state ──► closed)

``TRANSITIONS`` is the one table of allowed moves; services change ``state`` only through
``assistant.services.transitions.conversation_move``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supportdesk.languages import Language

PUBLIC_ID_BYTES = 24  # 32 URL-safe characters: unguessable, and short enough for a URL


def new_public_id() -> str:
    return secrets.token_urlsafe(PUBLIC_ID_BYTES)


class Conversation(models.Model):
    class State(models.TextChoices):
        BOT = "bot", _("With the assistant")
        WAITING_FOR_AGENT = "waiting_for_agent", _("Waiting for an agent")
        WITH_AGENT = "with_agent", _("With an agent")
        TICKET = "ticket", _("Handed over as a ticket")
        CLOSED = "closed", _("Closed")

    public_id = models.CharField(max_length=64, unique=True, default=new_public_id, editable=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.BOT)
    language = models.CharField(max_length=10, choices=Language.choices, default=Language.EN)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assistant_conversations",
    )
    # A keyed hash of who started it (the account, else address + browser): containment counts a
    # new conversation from the same visitor within 72 hours as a repeat contact.
    visitor_hash = models.CharField(max_length=64, blank=True)
    # The facts extracted so far (Facts.as_dict() plus occurred_at), merged turn by turn.
    facts = models.JSONField(default=dict, blank=True)
    suggested_type = models.CharField(max_length=40, blank=True)
    urgent = models.BooleanField(default=False)
    ticket = models.ForeignKey(
        "tickets.Ticket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assistant_conversations",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The last message from anyone: the idle sweep closes conversations by it.
    last_activity_at = models.DateTimeField(default=timezone.now)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assistant conversation")
        verbose_name_plural = _("assistant conversations")
        indexes = [
            models.Index(fields=["state", "last_activity_at"], name="assistant_conv_idle"),
            models.Index(fields=["created_at"], name="assistant_conv_created"),
            models.Index(fields=["visitor_hash", "created_at"], name="assistant_conv_visitor"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id[:8]}… ({self.state})"


# Allowed state changes (from → to). Closing is allowed from every open state.
TRANSITIONS: dict[str, frozenset[str]] = {
    Conversation.State.BOT: frozenset({"waiting_for_agent", "ticket", "closed"}),
    Conversation.State.WAITING_FOR_AGENT: frozenset({"with_agent", "ticket", "closed"}),
    Conversation.State.WITH_AGENT: frozenset({"ticket", "closed"}),
    Conversation.State.TICKET: frozenset({"closed"}),
    Conversation.State.CLOSED: frozenset(),
}
OPEN_STATES = (
    Conversation.State.BOT,
    Conversation.State.WAITING_FOR_AGENT,
    Conversation.State.WITH_AGENT,
    Conversation.State.TICKET,
)


class Message(models.Model):
    class Author(models.TextChoices):
        VISITOR = "visitor", _("Visitor")
        ASSISTANT = "assistant", _("Assistant")
        AGENT = "agent", _("Agent")

    # "assistant_msg_conversation" leads with the conversation: no index of its own (tests/test_indexes.py).
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages", db_index=False)
    author = models.CharField(max_length=10, choices=Author.choices)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()  # visitor text after the secret guard: never the raw text
    # Assistant replies: the articles shown ([{slug, title, url, score}]), the intent answered,
    # the question searched (guarded, identifiers removed) and whether the answer was confident.
    articles = models.JSONField(default=list, blank=True)
    intent = models.CharField(max_length=20, blank=True)
    query = models.CharField(max_length=200, blank=True)
    low_confidence = models.BooleanField(default=False)
    # The visitor's verdict on an assistant reply: None until they say; False feeds content gaps.
    helpful = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("assistant message")
        verbose_name_plural = _("assistant messages")
        indexes = [
            models.Index(fields=["conversation", "id"], name="assistant_msg_conversation"),
            models.Index(fields=["created_at"], name="assistant_msg_created"),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"
