import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from safety.verify import MAX_LENGTH


def reject_control_characters(value: str) -> None:
    """Tabs, newlines, NUL and other control characters have no place in one link, address or name.
    Format characters (zero-width spaces, bidi marks) are allowed: finding them is part of the verdict."""
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        raise ValidationError(_("Remove the control characters (such as line breaks) and try again."), code="control")


class VerifyForm(forms.Form):
    value = forms.CharField(
        label=_("Link, e-mail address, phone number or account"),
        max_length=MAX_LENGTH,
        validators=[reject_control_characters],
        error_messages={"required": _("Paste what you want to check.")},
    )
