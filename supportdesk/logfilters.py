"""Logging filters."""

import logging
import re

# Beat runs these every few seconds; Celery's "sent / received / succeeded" lines for them would
# bury everything else. Failures still show (WARNING and above), and a sweep that acted logs its
# own summary through the tickets.tasks logger.
ROUTINE = ("notifications_dispatch", "notifications-dispatch", "tickets.sla_sweep", "sla-sweep")


class QuietRoutineTasks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING or not record.name.startswith("celery"):
            return True
        message = record.getMessage()
        return not any(name in message for name in ROUTINE)


# Credentials that travel in URLs: a guest's signed link (``?token=``), the password-reset and
# address-confirmation links. Access logs must not keep them (anyone who reads the log could open
# the ticket or take the account).
_CREDENTIALS_IN_URLS = (
    (re.compile(r"((?:^|[?&;])token=)[^&\s\"']+"), r"\1[redacted]"),
    (re.compile(r"(/accounts/password/reset/[^/\s\"']+/)(?!set-password/)[^/\s\"'?]+"), r"\1[redacted]"),
    (re.compile(r"(/accounts/verify/)(?!resend/)[^/\s\"'?]+"), r"\1[redacted]"),
)


def scrub_credentials(text: str) -> str:
    for pattern, replacement in _CREDENTIALS_IN_URLS:
        text = pattern.sub(replacement, text)
    return text


class ScrubCredentials(logging.Filter):
    """Removes URL-borne credentials from a log record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = scrub_credentials(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(scrub_credentials(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: scrub_credentials(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True
