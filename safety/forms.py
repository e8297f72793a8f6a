from django import forms
from django.utils.translation import gettext_lazy as _

from safety.verify import MAX_LENGTH
from supportdesk.forms import OneLineField, SecretGuardMixin
from supportdesk.text import reject_control_codes


class VerifyForm(forms.Form):
    value = forms.CharField(
        label=_("Link, e-mail address, phone number or account"),
        max_length=MAX_LENGTH,
        validators=[reject_control_codes],
        error_messages={"required": _("Paste what you want to check.")},
    )


class FakeChannelReportForm(SecretGuardMixin, forms.Form):
    """ "Report a fake channel", under a verdict that is not official. The page that receives it
    belongs to the app that opens the ticket (the URL ``verify-report``); this app only shows it."""

    guarded_fields = ("description",)

    value = OneLineField(label=_("The fake link, address, number or account"), max_length=500)
    where = OneLineField(
        label=_("Where did you see it?"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("For example: a Telegram message, a search advert")}),
    )
    description = forms.CharField(
        label=_("What happened?"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Optional: only if you want an answer."),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)
