"""The ticket and its tags."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supportdesk.languages import Language

from .choices import ACTIVE_STATUSES, Channel, Priority, Status, Tier, new_reference
from .reference import SlaPolicy, Team, TicketType


class Ticket(models.Model):
    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_reference, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    # The foreign keys that lead a composite index below have no index of their own (tests/test_indexes.py).
    type = models.ForeignKey(
        TicketType, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("type"), db_index=False
    )

    transaction_id = models.CharField(_("transaction ID"), max_length=128, blank=True)
    asset = models.CharField(_("asset"), max_length=20, blank=True)
    network = models.CharField(_("network"), max_length=40, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=38, decimal_places=18, null=True, blank=True)
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    attempted_steps = models.TextField(_("what was tried"), max_length=2000, blank=True)

    # Blank only for a fake-channel report whose sender left no address (every form asks for one).
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    # The typed address is a claim. A guest proves it for this ticket by opening a signed link we
    # mailed to it (tickets.identity); a requester account is an identity in itself.
    contact_verified_at = models.DateTimeField(_("contact e-mail proven"), null=True, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=Language, default=Language.EN)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.WEB)
    # A fake channel reported to security (``safety.verify.channel_key``): one open ticket per channel.
    reported_channel = models.CharField(_("reported channel"), max_length=255, blank=True, editable=False)
    # "Freeze my account": at most one open emergency ticket per address (repeats fold into it).
    emergency = models.BooleanField(_("emergency freeze"), default=False)
    # Part of every signed guest link (tickets.access): raising it revokes every link sent so far.
    guest_link_version = models.PositiveIntegerField(default=0, editable=False)

    priority = models.CharField(_("priority"), max_length=10, choices=Priority, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier, default=Tier.FRONT_LINE)
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        verbose_name=_("team"),
        db_index=False,
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        verbose_name=_("requester"),
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
        db_index=False,
    )
    tags = models.ManyToManyField("Tag", blank=True, related_name="tickets", verbose_name=_("tags"))
    # A duplicate merged into another ticket: closed, its conversation moved to ``merged_into``.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged", verbose_name=_("merged into")
    )

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    first_responded_at = models.DateTimeField(_("first responded"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # When the requester last had the conversation in front of them: agent replies after it are unread.
    requester_seen_at = models.DateTimeField(_("requester last read"), null=True, blank=True, editable=False)

    # SLA state, set only by tickets.services.clocks through the pure tickets.sla. ``sla_clocks`` holds
    # the running targets ({"first_response": {"full": seconds, "left": seconds-while-paused}});
    # the *_due columns are what was promised; ``sla_due`` is the nearest running deadline, stored
    # so the queue can order by it through an index (empty while paused or done).
    sla_policy = models.ForeignKey(
        SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("SLA policy")
    )
    sla_clocks = models.JSONField(default=dict, blank=True, editable=False)
    sla_paused_at = models.DateTimeField(_("SLA paused since"), null=True, blank=True)
    sla_breached_at = models.DateTimeField(_("first SLA breach"), null=True, blank=True)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    next_response_due = models.DateTimeField(_("next response due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    sla_due = models.DateTimeField(_("SLA due"), null=True, blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["sla_due"], name="ticket_open_sla_due", condition=Q(status__in=ACTIVE_STATUSES)),
            # The queue's default order (nearest deadline first, id to make pages stable).
            models.Index(fields=["sla_due", "id"], name="ticket_queue_order"),
            # The queue's common filter (open + urgent, …) in its order: no bitmap merge, no sort;
            # team and assignee included for an agent's scope and the capped count (index only).
            models.Index(
                fields=["status", "priority", "sla_due", "id"],
                include=["team", "assignee"],
                name="ticket_queue_status_prio_cover",
            ),
            # "Unassigned in my teams", in the queue's order: a scan that stops at the page's last
            # row (a team-first index needed a sort of every unassigned ticket of the team: 9 ms at
            # 100,000 tickets, 0.3 ms this way). Team and assignee included, so the agent's scope is
            # checked and the capped count made from the index alone (PostgreSQL).
            models.Index(
                fields=["sla_due", "id"],
                include=["team", "assignee"],
                name="ticket_queue_unassigned_due",
                condition=Q(assignee__isnull=True, status__in=ACTIVE_STATUSES),
            ),
            # The queue's search looks e-mails up case-insensitively, phones and transaction IDs exactly.
            models.Index(Upper("contact_email"), name="ticket_contact_email_ci"),
            models.Index(fields=["contact_phone"], name="ticket_contact_phone"),
            models.Index(fields=["transaction_id"], name="ticket_transaction_id"),
            models.Index(fields=["status", "sla_due"], name="ticket_status_sla_due"),
            models.Index(fields=["priority", "sla_due"], name="ticket_priority_sla_due"),
            models.Index(fields=["team", "sla_due"], name="ticket_team_sla_due"),
            models.Index(fields=["assignee", "sla_due"], name="ticket_assignee_sla_due"),
            models.Index(fields=["type", "sla_due"], name="ticket_type_sla_due"),
            models.Index(fields=["requester", "-created_at"], name="ticket_requester_created"),
            models.Index(fields=["-created_at"], name="ticket_created"),
            # The queue read as "Recently updated".
            models.Index(fields=["updated_at", "id"], name="ticket_updated"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(tier__gte=1, tier__lte=3), name="ticket_tier_1_to_3"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="ticket_status_known"),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="ticket_priority_known"),
            # The same rule as tickets.intake: an amount, when given, is more than zero.
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0), name="ticket_amount_positive"),
            # One open emergency ticket per address: a repeated (or concurrent) freeze request folds
            # into it instead of opening another and mailing everyone again.
            models.UniqueConstraint(
                Upper("contact_email"),
                name="ticket_one_open_emergency",
                condition=Q(emergency=True, status__in=ACTIVE_STATUSES),
            ),
            # One open report per fake channel: a second report of it adds to the first.
            models.UniqueConstraint(
                fields=["reported_channel"],
                name="ticket_one_open_report_per_channel",
                condition=~Q(reported_channel="") & Q(status__in=ACTIVE_STATUSES),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class Tag(models.Model):
    """A free label agents put on tickets ("chargeback", "trc20-outage") to group and filter them."""

    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name
