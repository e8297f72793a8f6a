"""Logging filters."""

import logging

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
