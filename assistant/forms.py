"""The plain assistant page's forms (no JavaScript needed): a message, and where to answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from assistant.api.serializers import MAX_MESSAGE, reject_hidden_controls


class MessageForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        max_length=MAX_MESSAGE,
        validators=[reject_hidden_controls],
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_MESSAGE}),
    )


class HandoffForm(forms.Form):
    contact_email = forms.EmailField(label=_("Your e-mail address"), required=False, max_length=254)
    contact_phone = forms.RegexField(
        r"^\+[1-9]\d{6,14}$",
        label=_("Phone (optional, international format)"),
        required=False,
        max_length=16,
        error_messages={"invalid": _("Enter the number in international format, for example +14155550100.")},
    )
