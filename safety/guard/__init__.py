"""The secret guard: find and redact seed phrases, private keys, passwords and one-time codes.

scan(text) -> GuardResult        redact(text) -> str
asks_for_secret(text) -> kind | None   (agent replies and canned responses)
warning_message(kind) after sending, caution_message(kind) before, refusal_message(kind) for agents
"""

from .agent_requests import asks_for_secret
from .messages import WARNING_CODE, caution_message, refusal_message, warning_message, warnings_for
from .result import KINDS, Finding, GuardResult
from .scan import redact, scan

__all__ = [
    "KINDS",
    "WARNING_CODE",
    "Finding",
    "GuardResult",
    "asks_for_secret",
    "caution_message",
    "redact",
    "refusal_message",
    "scan",
    "warning_message",
    "warnings_for",
]
