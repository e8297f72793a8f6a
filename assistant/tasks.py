"""Thin Celery wrappers around the retention services. Safe to run twice: both are set-based."""

import logging

from celery import shared_task
from django.utils import timezone

from assistant.services import conversations_close_idle, conversations_purge

logger = logging.getLogger(__name__)


@shared_task(name="assistant.conversations_retention", ignore_result=True, time_limit=120, soft_time_limit=100)
def conversations_retention() -> dict:
    """Close idle conversations and purge those past retention (beat, every five minutes)."""
    now = timezone.now()
    result = {"closed": conversations_close_idle(now=now), "purged": conversations_purge(now=now)}
    if result["closed"] or result["purged"]:
        logger.info("assistant retention: %(closed)d closed, %(purged)d purged", result)
    return result
