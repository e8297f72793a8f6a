"""Ticket data: tables, constraints, choices and the allowed status transitions. No I/O here.

A package of small modules (Zulip's ``zerver/models/``), every model re-exported here so
``from tickets.models import Ticket`` and the migrations' ``tickets.models.new_reference`` keep working.
"""

from supportdesk.languages import Language

from .choices import (
    ACTIVE_STATUSES,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    REFERENCE_PREFIX,
    REFERENCE_REGEX,
    STATUS_TRANSITIONS,
    Channel,
    Priority,
    Status,
    StructuredField,
    Tier,
    can_transition,
    new_reference,
)
from .conversation import CannedResponse, CustomerNote, Feedback, Message, Screenshot, TicketEvent, screenshot_path
from .delivery import IdempotencyRecord, Notification, SlaTimer
from .holding import HeldScreenshot
from .reference import (
    BilingualName,
    BusinessCalendar,
    BusinessHours,
    Holiday,
    PriorityRule,
    SlaPolicy,
    Team,
    TicketType,
    validate_timezone,
)
from .ticket import Tag, Ticket

__all__ = [
    "ACTIVE_STATUSES",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "REFERENCE_PREFIX",
    "REFERENCE_REGEX",
    "STATUS_TRANSITIONS",
    "BilingualName",
    "BusinessCalendar",
    "BusinessHours",
    "CannedResponse",
    "Channel",
    "CustomerNote",
    "Feedback",
    "HeldScreenshot",
    "Holiday",
    "IdempotencyRecord",
    "Language",
    "Message",
    "Notification",
    "Priority",
    "PriorityRule",
    "Screenshot",
    "SlaPolicy",
    "SlaTimer",
    "Status",
    "StructuredField",
    "Tag",
    "Team",
    "Ticket",
    "TicketEvent",
    "TicketType",
    "Tier",
    "can_transition",
    "new_reference",
    "screenshot_path",
    "validate_timezone",
]
