"""Form fields every app's forms share."""

from django import forms
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import phones, text


class OneLineField(forms.CharField):
    """One line of text by the project's one rule (``supportdesk.text.one_line``): line breaks fold
    into spaces, other control characters are refused, as in the API."""

    def to_python(self, value):
        return text.one_line(super().to_python(value))


class SecretGuardMixin:
    """The fields named in ``guarded_fields`` warn while someone types a secret into them
    (``static/js/secret-guard.js`` asks ``safety.guard`` through ``/api/v1/guard/check/``); the
    server removes it on sending either way."""

    guarded_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        url = reverse("api-guard-check")
        for name in self.guarded_fields:
            self.fields[name].widget.attrs["data-secret-guard"] = url


def normalise_phone(value: str, region: str = "") -> str:
    """A number in E.164 (international, or local to ``region``), or ValidationError with a reason
    a person understands; ``supportdesk.phones`` holds the rule."""
    try:
        return phones.to_e164(value, region)
    except phones.PhoneError as exc:
        if exc.code == "no_country_code":
            raise forms.ValidationError(
                _("Choose your country, or start with + and your country code, for example +44 20 7946 0958."),
                code="no_country_code",
            ) from None
        raise forms.ValidationError(_("This does not look like a valid phone number."), code="invalid") from None


def phone_country_field() -> forms.ChoiceField:
    """The country of a local phone number; its choices are set per request (``LocalPhoneMixin``)."""
    return forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_("For a number without +; ignored when you write +."),
        widget=forms.Select(attrs={"autocomplete": "tel-country-code"}),
    )


class LocalPhoneMixin:
    """A phone field (``phone_field``, default ``contact_phone``) with ``<phone_field>_country``
    declared before it: a local number is read in that country, which is preset from the page's
    language (``phone_region``, see ``phones.region_for``) until the person picks one."""

    phone_field = "contact_phone"

    def _set_up_phone_country(self, region: str) -> None:
        field = self.fields[f"{self.phone_field}_country"]
        field.choices = [("", _("Choose…")), *phones.region_choices(get_language() or "en")]
        field.initial = region

    def cleaned_local_phone(self) -> str:
        data = self.cleaned_data
        return normalise_phone(data.get(self.phone_field, ""), data.get(f"{self.phone_field}_country") or "")

    def clean_contact_phone(self):
        return self.cleaned_local_phone()
