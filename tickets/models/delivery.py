"""Work the desk does later: SLA timers for the sweep, idempotency records, the notification outbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .reference import Team
from .ticket import Ticket


class SlaTimer(models.Model):
    """One moment the sweep must act on: the warning point or the deadline of one SLA target.

    A timer fires once: the sweep claims it with a conditional UPDATE, and the unique constraint
    means a deadline re-armed at the same moment cannot be warned or breached twice. Services
    delete a ticket's unfired timers whenever its deadlines change (reply, pause, priority).
    """

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        BREACH = "breach", _("Breach")

    # "slatimer_once_per_deadline" leads with the ticket: no index of its own (tests/test_indexes.py).
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="sla_timers", db_index=False)
    target = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, choices=Kind)
    deadline = models.DateTimeField()
    fire_at = models.DateTimeField()
    fired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["fire_at"], name="slatimer_pending", condition=Q(fired_at__isnull=True))]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "target", "kind", "deadline"], name="slatimer_once_per_deadline")
        ]
        verbose_name = _("SLA timer")
        verbose_name_plural = _("SLA timers")

    def __str__(self) -> str:
        return f"{self.kind} {self.target} {self.ticket_id} @ {self.fire_at:%Y-%m-%d %H:%M}"


class IdempotencyRecord(models.Model):
    """Remembers which ticket an ``Idempotency-Key`` created, so a retry returns it again."""

    # "idempotency_user_key_unique" leads with the user: no index of its own (tests/test_indexes.py).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique")]

    def __str__(self) -> str:
        return self.key


class Notification(models.Model):
    """An outgoing e-mail, written in the same transaction as the change that caused it (the
    transactional outbox). Beat's dispatcher hands unsent rows to the workers every few seconds;
    the worker renders, sends and marks them. Nothing in a request talks to the broker, so a
    Redis outage delays notifications but never fails or loses them, and the delivery claim
    means each goes out once.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("New ticket")
        REPLIED = "replied", _("New reply")
        SLA_WARNING = "sla_warning", _("SLA warning")
        SLA_BREACH = "sla_breach", _("SLA breached")
        ESCALATED = "escalated", _("Escalated")
        ASSIGNED = "assigned", _("Assigned to you")
        MERGED = "merged", _("Merged")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CREATED)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,  # "notification_recipient" leads with it (tests/test_indexes.py)
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        verbose_name=_("team"),
        db_index=False,  # "notification_team" leads with it
    )
    to_email = models.EmailField(_("to"), blank=True, help_text=_("Empty: shown in the workspace only."))
    # Rendered by the worker at delivery, not in the request that caused it: ``template`` and
    # ``context`` say what to render, in ``language``.
    template = models.CharField(max_length=50, blank=True)
    context = models.JSONField(default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["created_at"], name="notification_unsent", condition=Q(sent_at__isnull=True)),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["team", "-created_at"], name="notification_team"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email}"
