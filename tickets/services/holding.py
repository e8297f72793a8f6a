"""Screenshots kept across a refused ticket form: the retry need not choose them again.

The form's images are already re-encoded (``tickets.images``); they are stored under a random batch
id for one browser session and reached again only through a signed, expiring token naming that batch,
from the same session. ``held_screenshots_purge`` (beat, hourly) removes what nobody came back for.
"""

import hashlib
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction

from tickets.images import CleanImage
from tickets.models import HeldScreenshot

SALT = "tickets.held-screenshots"


def holder_of(session_key: str) -> str:
    """What a held batch is bound to: the session, never stored in the clear."""
    return hashlib.sha256(f"held:{session_key}".encode()).hexdigest()


def _max_age() -> timedelta:
    return timedelta(minutes=settings.SCREENSHOT_HOLD_MINUTES)


def screenshots_hold(*, images: list[CleanImage], holder: str, now: datetime) -> str:
    """Keep ``images`` for ``holder``; returns the signed token to send back with the retry."""
    batch = uuid.uuid4()
    with transaction.atomic():
        for position, image in enumerate(images):
            held = HeldScreenshot(
                batch=batch,
                holder=holder,
                position=position,
                image_format=image.image_format,
                original_name=image.original_name,
                width=image.width,
                height=image.height,
                created_at=now,
            )
            held.file.save("held", ContentFile(image.content), save=False)
            held.save()
    return signing.dumps(batch.hex, salt=SALT)


def _batch_of(token: str) -> uuid.UUID | None:
    if not token or len(token) > 200:
        return None
    try:
        value = signing.loads(token, salt=SALT, max_age=_max_age())
    except (signing.BadSignature, ValueError, TypeError):
        return None
    try:
        return uuid.UUID(hex=value) if isinstance(value, str) else None
    except ValueError:
        return None


def screenshots_held(*, token: str, holder: str, now: datetime) -> list[CleanImage]:
    """The images held under ``token`` for ``holder``; none for a forged, expired or foreign token."""
    batch = _batch_of(token)
    if batch is None:
        return []
    rows = HeldScreenshot.objects.filter(batch=batch, holder=holder, created_at__gt=now - _max_age())
    images = []
    for row in rows.order_by("position"):
        try:
            with row.file.open("rb") as handle:
                content = handle.read()
        except OSError:  # purged between the query and the read
            continue
        images.append(CleanImage(content, row.image_format, row.width, row.height, row.original_name))
    return images


def screenshots_release(*, token: str, holder: str) -> int:
    """Drop a batch once its ticket is filed (or the person removed the images)."""
    batch = _batch_of(token)
    if batch is None:
        return 0
    return _delete(HeldScreenshot.objects.filter(batch=batch, holder=holder))


def held_screenshots_purge(*, now: datetime) -> int:
    """Remove what was held longer than ``SCREENSHOT_HOLD_MINUTES``, files included. Safe to run twice."""
    return _delete(HeldScreenshot.objects.filter(created_at__lte=now - _max_age()))


def _delete(rows) -> int:
    count = 0
    for row in list(rows):
        row.file.delete(save=False)
        count += HeldScreenshot.objects.filter(pk=row.pk).delete()[0]
    return count
