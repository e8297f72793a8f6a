"""Ticket data: tables, constraints, choices and the allowed status transitions. No I/O here."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from supportdesk.languages import Language, is_chinese

# Crockford-style alphabet without look-alikes (0/O, 1/I/L, U): easy to read out on the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 6
REFERENCE_PREFIX = "SD-"
REFERENCE_REGEX = rf"SD-[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}"


def new_reference() -> str:
    """A random public reference (29^6 ≈ 600 million): one reveals nothing about another."""
    return REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending (waiting on customer)")
    ON_HOLD = "on_hold", _("On hold (waiting on a third party)")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


# The one table of legal status changes; services consult it, nothing else sets a status.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.OPEN: frozenset({Status.PENDING, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.PENDING: frozenset({Status.OPEN, Status.ON_HOLD, Status.SOLVED, Status.CLOSED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.PENDING, Status.SOLVED, Status.CLOSED}),
    Status.SOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
ACTIVE_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)


def can_transition(current: str, target: str) -> bool:
    return target in STATUS_TRANSITIONS.get(current, frozenset())


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    EMAIL = "email", _("E-mail")
    ASSISTANT = "assistant", _("Assistant")
    SYSTEM = "system", _("System")


class Tier(models.IntegerChoices):
    FRONT_LINE = 1, _("Tier 1: front line")
    SPECIALISTS = 2, _("Tier 2: specialists")
    SECURITY = 3, _("Tier 3: security and management")


class StructuredField(models.TextChoices):
    """The facts of a problem a ticket type may ask for, beyond title and description."""

    TRANSACTION_ID = "transaction_id", _("Transaction ID")
    ASSET = "asset", _("Asset")
    NETWORK = "network", _("Network")
    AMOUNT = "amount", _("Amount")
    OCCURRED_AT = "occurred_at", _("When it happened")
    ATTEMPTED_STEPS = "attempted_steps", _("What you have tried")


class BilingualName(models.Model):
    """Names stored per language; ``name`` picks the active one and falls back to English."""

    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if is_chinese(get_language()) and self.name_zh_hans:
            return self.name_zh_hans
        return self.name_en


class Team(BilingualName):
    slug = models.SlugField(_("slug"), unique=True)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier, default=Tier.FRONT_LINE)
    email = models.EmailField(_("team e-mail"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="support_teams", blank=True, verbose_name=_("members")
    )

    class Meta:
        ordering = ["tier", "slug"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")


class TicketType(BilingualName):
    slug = models.SlugField(_("slug"), unique=True)
    description_en = models.CharField(_("description (English)"), max_length=300, blank=True)
    description_zh_hans = models.CharField(_("description (Simplified Chinese)"), max_length=300, blank=True)
    fields = models.JSONField(
        _("structured fields"), default=list, blank=True, help_text=_("Which facts this type asks for.")
    )
    required_fields = models.JSONField(_("required structured fields"), default=list, blank=True)
    default_priority = models.CharField(_("default priority"), max_length=10, choices=Priority, default=Priority.NORMAL)
    default_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("default team")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("ticket type")
        verbose_name_plural = _("ticket types")

    @property
    def description(self) -> str:
        if is_chinese(get_language()) and self.description_zh_hans:
            return self.description_zh_hans
        return self.description_en

    def clean(self):
        from django.core.exceptions import ValidationError

        known = set(StructuredField.values)
        unknown = [f for f in [*self.fields, *self.required_fields] if f not in known]
        if unknown:
            raise ValidationError({"fields": _("Unknown structured fields: %s") % ", ".join(unknown)})
        if not set(self.required_fields) <= set(self.fields):
            raise ValidationError({"required_fields": _("Required fields must also be asked for.")})


def validate_timezone(value: str) -> None:
    import zoneinfo

    from django.core.exceptions import ValidationError

    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value})


class BusinessCalendar(models.Model):
    """Opening hours in a time zone, minus holidays. A calendar without hours is open 24/7."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_timezone])

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name


class BusinessHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("00:00 means midnight at the end of the day."))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self):
        from datetime import time

        from django.core.exceptions import ValidationError

        if self.closes != time(0) and self.closes <= self.opens:
            raise ValidationError({"closes": _("Closing time must be after opening time.")})


class Holiday(models.Model):
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="holiday_calendar_date_unique")]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class SlaPolicy(models.Model):
    """Targets for the tickets that match its conditions. Policies are tried in ``position``
    order and the first match wins; a policy with no conditions matches everything (the fallback)."""

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    priorities = models.JSONField(_("priorities"), default=list, blank=True, help_text=_("Empty: any priority."))
    ticket_types = models.ManyToManyField(
        TicketType,
        blank=True,
        related_name="sla_policies",
        verbose_name=_("ticket types"),
        help_text=_("Empty: any type."),
    )
    customer_tiers = models.JSONField(
        _("customer tiers"), default=list, blank=True, help_text=_("Empty: any customer tier.")
    )
    first_response_target = models.DurationField(
        _("first response target"), help_text=_("hh:mm:ss, or 'd hh:mm:ss' for days.")
    )
    next_response_target = models.DurationField(
        _("next response target"),
        null=True,
        blank=True,
        help_text=_("Armed by each customer message once the first response was given. Empty: none."),
    )
    resolution_target = models.DurationField(_("resolution target"))
    calendar = models.ForeignKey(
        BusinessCalendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("business calendar"),
        help_text=_("Empty: 24/7."),
    )
    warning_percent = models.PositiveSmallIntegerField(
        _("warn at this percentage of the target"),
        null=True,
        blank=True,
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    warning_before = models.DurationField(_("or warn this long before the deadline"), null=True, blank=True)
    pause_on_hold = models.BooleanField(
        _("pause while on hold"), default=True, help_text=_("Pending (waiting on the customer) always pauses.")
    )
    escalate_on_breach = models.BooleanField(_("escalate to the next tier on a breach"), default=True)
    raise_priority_on_breach = models.BooleanField(_("raise the priority on a breach"), default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(warning_percent__isnull=True) | Q(warning_percent__gte=1, warning_percent__lte=99),
                name="slapolicy_warning_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(first_response_target__gt=timedelta(0), resolution_target__gt=timedelta(0)),
                name="slapolicy_targets_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        from accounts.models import CustomerTier

        errors = {}
        if not isinstance(self.priorities, list) or not set(self.priorities) <= set(Priority.values):
            errors["priorities"] = _("Choose from: %s") % ", ".join(Priority.values)
        if not isinstance(self.customer_tiers, list) or not set(self.customer_tiers) <= set(CustomerTier.values):
            errors["customer_tiers"] = _("Choose from: %s") % ", ".join(CustomerTier.values)
        if self.warning_percent is not None and self.warning_before is not None:
            errors["warning_before"] = _("Warn either at a percentage or a time before the deadline, not both.")
        for name in ("first_response_target", "next_response_target", "resolution_target"):
            value = getattr(self, name)
            if value is not None and value.total_seconds() <= 0:
                errors[name] = _("A target must be longer than zero.")
        if errors:
            raise ValidationError(errors)


class PriorityRule(models.Model):
    """Keywords in a new ticket's title or description that change its routing (e.g. theft → urgent).

    Keywords are matched case-insensitively: whole words for Latin script, substrings for Chinese.
    """

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    keywords = models.TextField(_("keywords"), help_text=_("One keyword or phrase per line."))
    priority = models.CharField(_("set priority"), max_length=10, choices=Priority, blank=True)
    ticket_type = models.ForeignKey(
        TicketType, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("set type"), related_name="+"
    )
    tier = models.PositiveSmallIntegerField(_("set tier"), choices=Tier, null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("priority rule")
        verbose_name_plural = _("priority rules")

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class Ticket(models.Model):
    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_reference, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10000)
    type = models.ForeignKey(TicketType, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("type"))

    transaction_id = models.CharField(_("transaction ID"), max_length=128, blank=True)
    asset = models.CharField(_("asset"), max_length=20, blank=True)
    network = models.CharField(_("network"), max_length=40, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=38, decimal_places=18, null=True, blank=True)
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    attempted_steps = models.TextField(_("what was tried"), max_length=2000, blank=True)

    contact_email = models.EmailField(_("contact e-mail"))
    # The typed address is a claim. A guest proves it for this ticket by opening a signed link we
    # mailed to it (tickets.identity); a requester account is an identity in itself.
    contact_verified_at = models.DateTimeField(_("contact e-mail proven"), null=True, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=Language, default=Language.EN)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.WEB)
    # "Freeze my account": at most one open emergency ticket per address (repeats fold into it).
    emergency = models.BooleanField(_("emergency freeze"), default=False)
    # Part of every signed guest link (tickets.access): raising it revokes every link sent so far.
    guest_link_version = models.PositiveIntegerField(default=0, editable=False)

    priority = models.CharField(_("priority"), max_length=10, choices=Priority, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NEW)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier, default=Tier.FRONT_LINE)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets", verbose_name=_("team")
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        verbose_name=_("requester"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
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

    # SLA state, set only by tickets.services.sla through the pure tickets.sla. ``sla_clocks`` holds
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
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="ticket_amount_not_negative"
            ),
            # One open emergency ticket per address: a repeated (or concurrent) freeze request folds
            # into it instead of opening another and mailing everyone again.
            models.UniqueConstraint(
                Upper("contact_email"),
                name="ticket_one_open_emergency",
                condition=Q(emergency=True, status__in=ACTIVE_STATUSES),
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


class CannedResponse(models.Model):
    """A reply agents insert and adapt. ``{{ placeholder }}`` names are filled per ticket
    (see ``tickets.canned.PLACEHOLDERS``); one row per language."""

    title = models.CharField(_("title"), max_length=100)
    language = models.CharField(_("language"), max_length=10, choices=Language, default=Language.EN)
    body = models.TextField(_("text"), max_length=5000)
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="canned_responses",
        verbose_name=_("team"),
        help_text=_("Empty: offered to every team."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        constraints = [models.UniqueConstraint(fields=["title", "language"], name="canned_response_title_per_language")]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"


class CustomerNote(models.Model):
    """What agents should know about a customer ("prefers Chinese", "confirmed identity on ...").

    About an identity (``tickets.identity``), never a typed address: the customer's account, or
    for a guest an e-mail address they proved. A note that says "identity confirmed" must never
    show beside a ticket whose sender only typed the same address.
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="customer_notes",
        verbose_name=_("customer account"),
    )
    email = models.EmailField(_("customer e-mail"), db_index=True)
    body = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("customer note")
        verbose_name_plural = _("customer notes")

    def __str__(self) -> str:
        return f"{self.email}: {self.body[:40]}"


class Message(models.Model):
    """A public reply or an internal note on a ticket."""

    class AuthorRole(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        AGENT = "agent", _("Agent")
        SYSTEM = "system", _("System")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("author")
    )
    author_role = models.CharField(_("author role"), max_length=10, choices=AuthorRole)
    body = models.TextField(_("message"), max_length=10000)
    internal = models.BooleanField(_("internal note"), default=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.WEB)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_created")]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        # Translators: the inline header of a message in the agent workspace; "ticket" is its database id.
        return _("%(role)s on %(ticket)s") % {"role": self.get_author_role_display(), "ticket": self.ticket_id}


def screenshot_path(instance, filename: str) -> str:
    # A random name with the extension of the re-encoded format; the client's name is never used.
    return f"screenshots/{instance.public_id.hex[:2]}/{instance.public_id.hex}.{instance.extension}"


class Screenshot(models.Model):
    FORMAT_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
    FORMAT_CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="screenshots")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="screenshots")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("uploaded by")
    )
    file = models.FileField(upload_to=screenshot_path, max_length=200)
    image_format = models.CharField(_("image format"), max_length=4, choices=[(k, k) for k in FORMAT_EXTENSIONS])
    original_name = models.CharField(_("file name"), max_length=100, blank=True)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("screenshot")
        verbose_name_plural = _("screenshots")

    def __str__(self) -> str:
        return self.original_name or str(self.public_id)

    @property
    def extension(self) -> str:
        return self.FORMAT_EXTENSIONS[self.image_format]

    @property
    def content_type(self) -> str:
        return self.FORMAT_CONTENT_TYPES[self.image_format]


class TicketEvent(models.Model):
    """Every change to a ticket, with who made it: the timeline and the audit log in one."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        STATUS = "status", _("Status changed")
        PRIORITY = "priority", _("Priority changed")
        ASSIGNED = "assigned", _("Assignee changed")
        TEAM = "team", _("Team changed")
        TIER = "tier", _("Tier changed")
        REPLIED = "replied", _("Public reply")
        NOTE = "note", _("Internal note")
        SCREENSHOTS = "screenshots", _("Screenshots added")
        TYPE = "type", _("Type changed")
        SLA = "sla", _("SLA deadlines set")
        SLA_PAUSED = "sla_paused", _("SLA clock paused")
        SLA_RESUMED = "sla_resumed", _("SLA clock resumed")
        SLA_WARNING = "sla_warning", _("SLA warning")
        SLA_BREACH = "sla_breach", _("SLA breached")
        ESCALATED = "escalated", _("Escalated")
        DEESCALATED = "deescalated", _("De-escalated")
        RULE = "rule", _("Priority rule applied")
        FEEDBACK = "feedback", _("Satisfaction rating")
        TAGS = "tags", _("Tags changed")
        MERGED = "merged", _("Merged")
        CONTACT_PROVEN = "contact_proven", _("Contact e-mail proven")
        JOINED_ACCOUNT = "joined_account", _("Joined the customer's account")
        LINKS_REVOKED = "links_revoked", _("Guest links revoked")
        FREEZE_REPEATED = "freeze_repeated", _("Freeze requested again")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("actor")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_ticket_created")]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")

    def __str__(self) -> str:
        # Translators: the inline header of a timeline event in the agent workspace; "ticket" is its database id.
        return _("%(kind)s on %(ticket)s") % {"kind": self.get_kind_display(), "ticket": self.ticket_id}


class Feedback(models.Model):
    """The requester's satisfaction rating, given once the ticket is solved."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5")]
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.rating}/5"


class SlaTimer(models.Model):
    """One moment the sweep must act on: the warning point or the deadline of one SLA target.

    A timer fires once: the sweep claims it with a conditional UPDATE, and the unique constraint
    means a deadline re-armed at the same moment cannot be warned or breached twice. Services
    delete a ticket's unfired timers whenever its deadlines change (reply, pause, priority).
    """

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        BREACH = "breach", _("Breach")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="sla_timers")
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

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
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
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications", verbose_name=_("team")
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
