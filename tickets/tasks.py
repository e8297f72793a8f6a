"""Thin Celery wrappers. Tasks take ids, re-read rows and are safe to run twice."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 300


@shared_task(name="tickets.deliver_notification", bind=True, max_retries=5, time_limit=60, soft_time_limit=50)
def deliver_notification_task(self, notification_id: int) -> None:
    now = timezone.now()
    # Claim the row with a conditional update: of two workers, only one sends.
    claimed = Notification.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), pk=notification_id, sent_at__isnull=True
    ).update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    if not claimed:
        return
    notification = Notification.objects.get(pk=notification_id)
    try:
        send_mail(notification.subject, notification.body, None, [notification.to_email], fail_silently=False)
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(claimed_until=None, last_error=str(exc)[:500])
        logger.warning("notification %s failed: %s", notification_id, exc)
        raise self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries)) from exc
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), claimed_until=None, last_error="")


@shared_task(name="tickets.notifications_resend_pending", time_limit=60, soft_time_limit=50)
def notifications_resend_pending_task() -> int:
    """Hand unsent notifications back to the workers (the broker was down, a worker died)."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.NOTIFICATION_RETRY_SECONDS)
    ids = list(
        Notification.objects.filter(sent_at__isnull=True, created_at__lt=cutoff, attempts__lt=10)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        deliver_notification_task.delay(pk)
    return len(ids)
