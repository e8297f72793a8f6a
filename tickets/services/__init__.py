"""Writes: every state change of a ticket goes through one of these functions.

Each is one business operation in one transaction (durable where it is an entry point, so a
service called inside another's transaction fails loudly instead of committing half of a change),
leaves a ``TicketEvent`` naming its actor and queues its side effects in the notification outbox.
The pieces they share are in ``primitives``.
"""

from tickets.intake import TicketInput

from .conversation import ticket_add_screenshots, ticket_reply
from .emergency import FreezeRequest, FreezeResult, ticket_emergency_freeze
from .escalation import ticket_declare_emergency, ticket_deescalate, ticket_escalate
from .feedback import ticket_feedback_give
from .follow import ticket_seen_by_requester, tickets_close_solved
from .handling import (
    ticket_assign,
    ticket_change_status,
    ticket_set_priority,
    ticket_set_team,
    ticket_set_type,
    ticket_sla_recompute,
)
from .identity import guest_tickets_join, ticket_contact_prove, ticket_guest_links_revoke
from .intake import ticket_create
from .phishing import ChannelReport, ChannelReportResult, OfficialChannelReported, ticket_report_fake_channel
from .sweep import SweepResult, sla_sweep
from .workspace import customer_note_add, tag_name_clean, ticket_merge, ticket_tags_change

__all__ = [
    "ChannelReport",
    "ChannelReportResult",
    "FreezeRequest",
    "FreezeResult",
    "OfficialChannelReported",
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
    "ticket_declare_emergency",
    "ticket_deescalate",
    "ticket_emergency_freeze",
    "ticket_escalate",
    "ticket_feedback_give",
    "ticket_guest_links_revoke",
    "ticket_merge",
    "ticket_reply",
    "ticket_report_fake_channel",
    "ticket_seen_by_requester",
    "ticket_set_priority",
    "ticket_set_team",
    "ticket_set_type",
    "ticket_sla_recompute",
    "ticket_tags_change",
    "tickets_close_solved",
]
