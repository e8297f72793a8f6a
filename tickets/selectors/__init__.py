"""Reads. Every permission decision about a ticket is made in ``access``, once; every list of
tickets comes from ``queue.ticket_queue``; ``reports`` holds the supervisors' aggregates."""

from .access import (
    agent_may_see,
    agent_ticket,
    rows_of_visible_tickets,
    screenshot_get_for_user,
    ticket_for_guest_link,
    ticket_get_for_user,
    tickets_requested_by,
    tickets_visible_to,
)
from .conversation import (
    canned_responses_for,
    staff_assignable,
    ticket_attachments,
    ticket_messages,
    ticket_screenshots,
    ticket_thread,
    ticket_timeline,
    ticket_types_active,
)
from .customers import (
    CUSTOMER_TICKETS_SHOWN,
    CustomerProfile,
    customer_notes_visible_to,
    customer_profile,
    identity_notes_q,
    identity_tickets_q,
)
from .queue import DEFAULT_SORT, SORTS, VIEWS, QueueFilters, ticket_queue
from .requester import REQUESTER_FILTERS, requester_tickets, ticket_public_messages_after

__all__ = [
    "CUSTOMER_TICKETS_SHOWN",
    "DEFAULT_SORT",
    "REQUESTER_FILTERS",
    "SORTS",
    "VIEWS",
    "CustomerProfile",
    "QueueFilters",
    "agent_may_see",
    "agent_ticket",
    "canned_responses_for",
    "customer_notes_visible_to",
    "customer_profile",
    "identity_notes_q",
    "identity_tickets_q",
    "requester_tickets",
    "rows_of_visible_tickets",
    "screenshot_get_for_user",
    "staff_assignable",
    "ticket_attachments",
    "ticket_for_guest_link",
    "ticket_get_for_user",
    "ticket_messages",
    "ticket_public_messages_after",
    "ticket_queue",
    "ticket_screenshots",
    "ticket_thread",
    "ticket_timeline",
    "ticket_types_active",
    "tickets_requested_by",
    "tickets_visible_to",
]
