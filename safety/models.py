"""Official channels: the websites, e-mail addresses, phone numbers and social accounts that are ours.

The value is stored in one normal form (``safety.verify.normalize``) so that the verdict compares like
with like and the unique constraint means what it says.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from safety.verify import PLATFORMS, Channel, InvalidChannelValue, channel_value, display_value

_INVALID = {
    "invalid_host": _("Enter a host name such as supportdesk.com (a web entry covers its subdomains)."),
    "invalid_email": _("Enter an e-mail address such as support@supportdesk.com."),
    "invalid_phone": _("Enter a phone number with its country code, such as +1 415 555 0100."),
    "invalid_handle": _("Enter an account name of letters, digits, dots and underscores, with or without @."),
    "invalid_kind": _("Choose a kind."),
}


class OfficialChannel(models.Model):
    class Kind(models.TextChoices):
        WEB = "web", _("Website")
        EMAIL = "email", _("E-mail address")
        PHONE = "phone", _("Phone number")
        HANDLE = "handle", _("Social account")

    # Platform names are brand names, the same in every language.
    PLATFORM_CHOICES = list(PLATFORMS)

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    platform = models.CharField(
        _("platform"),
        max_length=20,
        choices=PLATFORM_CHOICES,
        blank=True,
        help_text=_("For social accounts only: where the account is."),
    )
    value = models.CharField(
        _("value"),
        max_length=254,
        help_text=_(
            "Website: the host (supportdesk.com; covers its subdomains). E-mail: the address. Phone: with the "
            "country code. Account: the name, with or without @."
        ),
    )
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("Shown to customers, e.g. “Help centre”.")
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Internal: who owns it, since when."))
    active = models.BooleanField(_("active"), default=True, help_text=_("Only active channels count as official."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("official channel")
        verbose_name_plural = _("official channels")
        ordering = ["kind", "platform", "value"]
        constraints = [
            # Account names match whatever the case, so "SupportdeskHelp" and "supportdeskhelp" are one.
            models.UniqueConstraint(
                "kind",
                "platform",
                Lower("value"),
                name="safety_official_channel_unique_value",
                violation_error_message=_("This channel is already listed."),
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="handle") & ~models.Q(platform=""))
                | (~models.Q(kind="handle") & models.Q(platform="")),
                name="safety_official_channel_platform_for_handles_only",
                violation_error_message=_("Social accounts need a platform; other kinds have none."),
            ),
        ]

    def __str__(self) -> str:
        return self.display

    def save(self, *args, **kwargs) -> None:
        self.normalise()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.normalise()
        if self.kind == self.Kind.HANDLE and not self.platform:
            raise ValidationError({"platform": _("Choose the platform the account is on.")})

    @property
    def display(self) -> str:
        return display_value(self.kind, self.value)

    def normalise(self) -> None:
        """Put ``value`` in its normal form; raises ``ValidationError`` when it cannot be one of this kind."""
        try:
            self.value = channel_value(self.kind, self.value or "")
        except InvalidChannelValue as exc:
            raise ValidationError({"value": _INVALID.get(exc.code, _INVALID["invalid_kind"])}, code=exc.code) from exc
        if self.kind != self.Kind.HANDLE:
            self.platform = ""

    def as_channel(self) -> Channel:
        return Channel(kind=self.kind, value=self.value, platform=self.platform, label=self.label)
