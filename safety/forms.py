from django import forms
from django.utils.translation import gettext_lazy as _

from safety.verify import MAX_LENGTH
from supportdesk.text import reject_control_codes


class VerifyForm(forms.Form):
    value = forms.CharField(
        label=_("Link, e-mail address, phone number or account"),
        max_length=MAX_LENGTH,
        validators=[reject_control_codes],
        error_messages={"required": _("Paste what you want to check.")},
    )
