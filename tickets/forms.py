"""Browser forms: parse and check what a person typed; the services decide what happens.

A customer can only describe a problem. The forms have no priority, status, assignee, team,
tier or requester field, so extra POST keys by those names fall on the floor.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from supportdesk.forms import LocalPhoneMixin, OneLineField, SecretGuardMixin, phone_country_field

from . import images, intake
from .exceptions import InvalidScreenshot
from .intake import TicketInput
from .models import StructuredField, TicketType
from .services import FreezeRequest

STRUCTURED_FIELDS = tuple(StructuredField.values)
ACCEPTED_IMAGE_TYPES = "image/png,image/jpeg,image/webp"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; per-file checks are left to ``tickets.images``."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        single = super().clean
        return [cleaned for cleaned in (single(f, initial) for f in files if f) if cleaned]


class AssetField(OneLineField):
    """A ticker symbol, upper-cased before its validators run so "usdt" is accepted as USDT."""

    def to_python(self, value):
        return super().to_python(value).upper()


class UtcDateTimeField(forms.DateTimeField):
    """A ``datetime-local`` value read as UTC, whatever time zone is active.

    The browser sends no offset, and guessing the customer's zone on the server is wrong more
    often than not; the help text says UTC and the form shows the current UTC time.
    """

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def to_python(self, value):
        with timezone.override(dt.UTC):
            return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
        return value


def clean_screenshot_files(files) -> list[images.CleanImage]:
    """Decode and re-encode every upload, or raise ValidationError naming the first bad one."""
    try:
        return images.clean_uploads(files)
    except InvalidScreenshot as exc:
        raise forms.ValidationError(str(exc.message), code="invalid_screenshot") from None


def _screenshots_help_text() -> str:
    return _("Up to %(count)d images (PNG, JPEG or WebP), at most %(mb)d MB each. Hide private keys and codes.") % {
        "count": settings.SCREENSHOT_MAX_PER_REQUEST,
        "mb": settings.SCREENSHOT_MAX_BYTES // (1024 * 1024),
    }


def screenshots_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Screenshots"),
        required=False,
        # Lazy: the field is built at import time, the text must follow each request's language.
        help_text=lazy(_screenshots_help_text, str)(),
        widget=MultipleFileInput(
            attrs={
                "accept": ACCEPTED_IMAGE_TYPES,
                "data-screenshots": "",
                "data-max-files": settings.SCREENSHOT_MAX_PER_REQUEST,
                "data-max-bytes": settings.SCREENSHOT_MAX_BYTES,
            }
        ),
    )


class TicketForm(LocalPhoneMixin, SecretGuardMixin, forms.Form):
    """Step two: the ticket for one type. Structured fields the type does not ask for stay in
    the form, disabled and hidden, so the page can switch types without a reload; a disabled
    field ignores whatever is posted for it."""

    title = OneLineField(
        label=_("Subject"),
        max_length=200,
        help_text=_("One line, for example “USDT withdrawal pending for 3 hours”."),
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("What happened, what you expected, and any error message you saw."),
    )
    transaction_id = OneLineField(
        label=StructuredField.TRANSACTION_ID.label,
        max_length=128,
        required=False,
        help_text=_("The TxID / hash from your transaction history or the blockchain explorer."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    asset = AssetField(
        label=StructuredField.ASSET.label,
        max_length=20,
        required=False,
        help_text=_("The coin or token, for example USDT or BTC."),
        validators=[
            RegexValidator(r"^[A-Z0-9]+$", _("Use letters and digits only, for example USDT."), code="invalid_asset")
        ],
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    network = OneLineField(
        label=StructuredField.NETWORK.label,
        max_length=40,
        required=False,
        help_text=_("For example TRC20, ERC20 or BEP20."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    amount = forms.DecimalField(
        label=StructuredField.AMOUNT.label,
        required=False,
        max_digits=38,
        decimal_places=18,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    occurred_at = UtcDateTimeField(
        label=StructuredField.OCCURRED_AT.label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "60"}),
    )
    attempted_steps = forms.CharField(
        label=StructuredField.ATTEMPTED_STEPS.label,
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: waited 2 hours, checked the address, restarted the app."),
    )
    screenshots = screenshots_field()
    contact_email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send the reference and our replies here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone_country = phone_country_field()
    contact_phone = OneLineField(
        label=_("Phone (optional)"),
        max_length=32,
        required=False,
        help_text=_("Local, or with + and the country code, for example +44 20 7946 0958."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )

    guarded_fields = ("title", "description", "transaction_id", "attempted_steps")

    def __init__(self, *args, ticket_type: TicketType, held=(), phone_region: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket_type = ticket_type
        self.held = list(held)  # screenshots kept from a refused try (tickets.services.holding)
        self._set_up_phone_country(phone_region)
        asked = set(ticket_type.fields)
        required = set(ticket_type.required_fields)
        for name in STRUCTURED_FIELDS:
            field = self.fields[name]
            field.disabled = name not in asked
            field.required = name in required and name in asked
        now = timezone.now().astimezone(dt.UTC)
        self.fields["occurred_at"].help_text = _("In UTC (it is now %(now)s UTC).") % {
            "now": now.strftime("%Y-%m-%d %H:%M")
        }

    def structured_bound_fields(self):
        return [self[name] for name in STRUCTURED_FIELDS]

    def clean_screenshots(self):
        """The kept screenshots first, then the new ones; together within the per-request limit."""
        new = self.cleaned_data["screenshots"]
        if len(self.held) + len(new) > settings.SCREENSHOT_MAX_PER_REQUEST:
            raise forms.ValidationError(
                _("At most %(limit)d screenshots per message.") % {"limit": settings.SCREENSHOT_MAX_PER_REQUEST},
                code="too_many",
            )
        return self.held + clean_screenshot_files(new)

    def screenshots_to_keep(self) -> list[images.CleanImage]:
        """What to hold for the retry after a refusal: every accepted image, or the kept ones when
        the new uploads themselves were refused."""
        return self.cleaned_data.get("screenshots", self.held) if hasattr(self, "cleaned_data") else self.held

    def clean(self):
        cleaned = super().clean()
        if not self.errors:  # the domain's rules (tickets.intake), reported next to their fields
            for name, messages in intake.problems(self.ticket_input(language="en"), now=timezone.now()).items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, message)
        return cleaned

    def ticket_input(self, *, language: str) -> TicketInput:
        data = self.cleaned_data
        return TicketInput(
            title=data["title"],
            description=data["description"],
            type=self.ticket_type,
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            language=language,
            transaction_id=data.get("transaction_id") or "",
            asset=data.get("asset") or "",
            network=data.get("network") or "",
            amount=data.get("amount"),
            occurred_at=data.get("occurred_at"),
            attempted_steps=data.get("attempted_steps") or "",
            screenshots=data["screenshots"],
        )


class ReplyForm(SecretGuardMixin, forms.Form):
    """Words, screenshots or both: a screenshot alone is a reply (the service holds the rule)."""

    guarded_fields = ("body",)

    body = forms.CharField(
        label=_("Your reply"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Write a reply, add a screenshot, or both."),
    )
    screenshots = screenshots_field()

    def clean_screenshots(self):
        return clean_screenshot_files(self.cleaned_data["screenshots"])


RATING_CHOICES = [
    (1, _("Very poor")),
    (2, _("Poor")),
    (3, _("Okay")),
    (4, _("Good")),
    (5, _("Very good")),
]


class RatingForm(SecretGuardMixin, forms.Form):
    """The requester's 1-5 rating of a solved ticket, with an optional comment (guarded on sending)."""

    guarded_fields = ("comment",)

    rating = forms.TypedChoiceField(
        label=_("How did we do?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "rating-input"}),
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EmergencyFreezeForm(LocalPhoneMixin, SecretGuardMixin, forms.Form):
    """The "freeze my account" request: as little to fill in as possible, because every minute counts."""

    contact_email = forms.EmailField(
        label=_("The e-mail of your exchange account"),
        max_length=254,
        help_text=_("We use it to find the account to freeze."),
    )
    contact_phone_country = phone_country_field()
    contact_phone = OneLineField(
        label=_("Phone (optional)"),
        max_length=32,
        required=False,
        help_text=_("The security team may call you. Local, or with + and the country code."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    what_happened = forms.CharField(
        label=_("What happened (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: an unknown login, a withdrawal you did not make, a changed e-mail."),
    )
    guarded_fields = ("what_happened",)

    confirm = forms.BooleanField(
        label=_("Yes, freeze my account: block trading, withdrawals and API keys until I confirm my identity."),
    )

    def __init__(self, *args, phone_region: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_phone_country(phone_region)

    def freeze_request(self, *, language: str) -> FreezeRequest:
        return FreezeRequest(
            contact_email=self.cleaned_data["contact_email"],
            contact_phone=self.cleaned_data["contact_phone"],
            what_happened=self.cleaned_data["what_happened"],
            language=language,
        )
