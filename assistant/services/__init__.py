"""Writes: every change to a conversation goes through one of these functions."""

from .feedback import NotAnAnswer, message_feedback
from .handoff import HandoffResult, conversation_handoff
from .retention import conversations_close_idle, conversations_purge
from .transitions import agent_available, conversation_move
from .turns import (
    Turn,
    conversation_agent_reply,
    conversation_answer,
    conversation_open,
    conversation_start,
    conversation_visitor_message,
)

__all__ = [
    "HandoffResult",
    "NotAnAnswer",
    "Turn",
    "agent_available",
    "conversation_agent_reply",
    "conversation_answer",
    "conversation_handoff",
    "conversation_move",
    "conversation_open",
    "conversation_start",
    "conversation_visitor_message",
    "conversations_close_idle",
    "conversations_purge",
    "message_feedback",
]
