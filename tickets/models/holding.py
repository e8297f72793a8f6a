"""Screenshots held for a retry: a ticket form the server refused keeps what was uploaded."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def held_path(instance, filename: str) -> str:
    # Random, never the client's name, beside (not inside) the ticket screenshots.
    return f"held/{instance.batch.hex[:2]}/{instance.batch.hex}-{instance.position}.img"


class HeldScreenshot(models.Model):
    """One re-encoded image of a refused ticket form, kept for ``SCREENSHOT_HOLD_MINUTES`` for the
    browser session that sent it (``holder``: a hash of its session key), then purged."""

    batch = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    holder = models.CharField(max_length=64, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=held_path, max_length=200)
    image_format = models.CharField(_("image format"), max_length=4)
    original_name = models.CharField(_("file name"), max_length=100, blank=True)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    created_at = models.DateTimeField(_("created"), db_index=True)

    class Meta:
        ordering = ["batch", "position"]
        verbose_name = _("held screenshot")
        verbose_name_plural = _("held screenshots")

    def __str__(self) -> str:
        return self.original_name or str(self.batch)
