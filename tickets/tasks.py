"""Thin Celery wrappers. Tasks take ids, re-read rows and are safe to run twice."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Notification
from .notifications import render

logger = logging.getLogger(__name__)

# A worker holds a notification this long while sending it.
CLAIM_SECONDS = 300
# A dispatched notification that is still unsent after this long (the broker lost it, the send
# failed) is dispatched again.
REDISPATCH_SECONDS = 60
MAX_ATTEMPTS = 10
DISPATCH_BATCH = 1000
DELIVERY_CHUNK = 100


def _deliver(notification_id: int) -> bool:
    """Render and send one notification unless it was sent or another worker holds it."""
    now = timezone.now()
    # Claim the row with a conditional update: of two workers, only one sends.
    claimed = Notification.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), pk=notification_id, sent_at__isnull=True
    ).update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    if not claimed:
        return False
    notification = Notification.objects.select_related("ticket__type", "ticket__team", "recipient").get(
        pk=notification_id
    )
    try:
        # Rendered at each attempt: a guest's signed link is a credential, so it is sent but never
        # stored (the stored body, shown in the workspace, has the plain link instead).
        rendered = render(notification)
        if not notification.body:
            Notification.objects.filter(pk=notification_id).update(subject=rendered.subject, body=rendered.stored_body)
        if notification.to_email:  # no address: shown in the workspace only
            send_mail(rendered.subject, rendered.body, None, [notification.to_email], fail_silently=False)
    except Exception as exc:
        Notification.objects.filter(pk=notification_id).update(claimed_until=None, last_error=str(exc)[:500])
        logger.warning("notification %s failed: %s", notification_id, exc)
        raise
    Notification.objects.filter(pk=notification_id).update(sent_at=timezone.now(), claimed_until=None, last_error="")
    return True


@shared_task(name="tickets.deliver_notifications", time_limit=300, soft_time_limit=280)
def deliver_notifications_task(notification_ids: list[int]) -> int:
    """A chunk at a time; one that fails is dispatched again later, the rest go on."""
    sent = 0
    for notification_id in notification_ids:
        try:
            sent += _deliver(notification_id)
        except Exception:  # noqa: S112 - logged in _deliver; redispatched after REDISPATCH_SECONDS
            continue
    return sent


@shared_task(name="tickets.notifications_dispatch", time_limit=60, soft_time_limit=50)
def notifications_dispatch_task() -> int:
    """The outbox relay: hand unsent notifications to the workers, in chunks.

    Beat runs it every NOTIFICATION_DISPATCH_SECONDS. Rows are marked dispatched in the same
    statement that picks them (SKIP LOCKED), so two beats never hand out the same row twice;
    a row still unsent a minute later is handed out again.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
            .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - timedelta(seconds=REDISPATCH_SECONDS)))
            .order_by("created_at")
            .values_list("pk", flat=True)[:DISPATCH_BATCH]
        )
        Notification.objects.filter(pk__in=ids).update(dispatched_at=now)
    for start in range(0, len(ids), DELIVERY_CHUNK):
        deliver_notifications_task.delay(ids[start : start + DELIVERY_CHUNK])
    return len(ids)


@shared_task(name="tickets.sla_sweep", time_limit=600, soft_time_limit=570)
def sla_sweep_task() -> dict:
    """Beat runs this every SLA_SWEEP_SECONDS; concurrent runs split the work (SKIP LOCKED)."""
    from .services import sla_sweep

    result = sla_sweep(now=timezone.now(), batch_size=settings.SLA_SWEEP_BATCH)
    if result.warnings or result.breaches:
        logger.info("SLA sweep: %s", result.as_dict())
    return result.as_dict()


RECOMPUTE_CHUNK = 500


@shared_task(name="tickets.sla_recompute_policy", time_limit=3600, soft_time_limit=3500)
def sla_recompute_policy_task(policy_id: int, after_id: int = 0) -> int:
    """After an admin edited a policy: move the deadlines of its open tickets, a chunk per task.

    Each ticket is re-matched (an edited condition may send it to another policy) with the time
    already used kept. The chain continues from the last id, so a restart loses nothing.
    """
    from . import refdata
    from .models import ACTIVE_STATUSES, Ticket
    from .services import ticket_sla_recompute

    refdata.invalidate()  # this worker may hold a snapshot from before the edit
    ids = list(
        Ticket.objects.filter(sla_policy_id=policy_id, status__in=ACTIVE_STATUSES, pk__gt=after_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:RECOMPUTE_CHUNK]
    )
    for pk in ids:
        ticket_sla_recompute(ticket=Ticket(pk=pk))
    if len(ids) == RECOMPUTE_CHUNK:
        sla_recompute_policy_task.delay(policy_id, ids[-1])
    return len(ids)


@shared_task(name="tickets.close_solved", time_limit=600, soft_time_limit=570)
def close_solved_task() -> int:
    """Beat runs this hourly: solved tickets past their reopen window (SOLVED_REOPEN_DAYS) close."""
    from .services import tickets_close_solved

    return tickets_close_solved(now=timezone.now())


@shared_task(name="tickets.held_screenshots_purge", time_limit=600, soft_time_limit=570)
def held_screenshots_purge_task() -> int:
    """Beat runs this hourly: screenshots kept for a retry nobody made (SCREENSHOT_HOLD_MINUTES) go."""
    from .services.holding import held_screenshots_purge

    return held_screenshots_purge(now=timezone.now())
