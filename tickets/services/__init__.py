"""Writes: every state change of a ticket goes through one of these functions."""

from .emergency import FreezeRequest, FreezeResult, ticket_emergency_freeze
from .escalation import ticket_deescalate, ticket_escalate
from .feedback import ticket_feedback_give
from .identity import guest_tickets_join, ticket_contact_prove, ticket_guest_links_revoke
from .sweep import SweepResult, sla_sweep
from .tickets import (
    TicketInput,
    ticket_add_screenshots,
    ticket_assign,
    ticket_change_status,
    ticket_create,
    ticket_reply,
    ticket_set_priority,
    ticket_set_team,
    ticket_set_type,
    ticket_sla_recompute,
)
from .workspace import customer_note_add, tag_name_clean, ticket_merge, ticket_tags_change

__all__ = [
    "FreezeRequest",
    "FreezeResult",
    "SweepResult",
    "TicketInput",
    "customer_note_add",
    "guest_tickets_join",
    "sla_sweep",
    "tag_name_clean",
    "ticket_add_screenshots",
    "ticket_assign",
    "ticket_change_status",
    "ticket_contact_prove",
    "ticket_create",
    "ticket_deescalate",
    "ticket_emergency_freeze",
    "ticket_escalate",
    "ticket_feedback_give",
    "ticket_guest_links_revoke",
    "ticket_merge",
    "ticket_reply",
    "ticket_set_priority",
    "ticket_set_team",
    "ticket_set_type",
    "ticket_sla_recompute",
    "ticket_tags_change",
]
