"""Reference data: teams, ticket types, business calendars, SLA policies and keyword rules (what
``tickets.reference_data`` loads and admins edit)."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from supportdesk.languages import is_chinese

from .choices import Priority, StructuredField, Tier


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
    # "holiday_calendar_date_unique" leads with the calendar: no index of its own (tests/test_indexes.py).
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="holidays", db_index=False)
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
