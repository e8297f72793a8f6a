"""Input validation for the assistant's API: sizes, languages, control codes. No business rules."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assistant.selectors import MAX_ID_LENGTH

MAX_MESSAGE = 2000
LANG_PATTERN = r"^(?:en|zh-hans)$"
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def reject_hidden_controls(value: str) -> None:
    """Line breaks and tabs are part of a message; NUL and other control codes are not."""
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in _ALLOWED_CONTROLS for ch in value):
        raise ValidationError(_("Remove the control characters and try again."), code="control")


class MessageField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_MESSAGE, validators=[reject_hidden_controls], **kwargs)


class AssistantMessageSerializer(serializers.Serializer):
    message = MessageField(help_text="What the visitor wrote, up to 2,000 characters.")
    conversation = serializers.CharField(
        max_length=MAX_ID_LENGTH,
        required=False,
        allow_blank=True,
        validators=[reject_hidden_controls],
        help_text="Omitted on the first message; then the id the first answer returned.",
    )
    lang = serializers.RegexField(
        LANG_PATTERN, max_length=10, required=False, error_messages={"invalid": _("Choose en or zh-hans.")}
    )


class TranscriptQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(required=False, min_value=0, max_value=2**62)


class HandoffSerializer(serializers.Serializer):
    contact_email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    contact_phone = serializers.RegexField(
        r"^\+[1-9]\d{6,14}$",
        required=False,
        allow_blank=True,
        max_length=16,
        error_messages={"invalid": _("Enter the number in international format, for example +14155550100.")},
    )


class VisitorMessageSerializer(serializers.Serializer):
    body = MessageField()


class FeedbackSerializer(serializers.Serializer):
    message = serializers.IntegerField(min_value=1, max_value=2**62)
    helpful = serializers.BooleanField()
