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


class AssistantTranscriptQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(required=False, min_value=0, max_value=2**62)


class AssistantHandoffSerializer(serializers.Serializer):
    contact_email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    contact_phone = serializers.RegexField(
        r"^\+[1-9]\d{6,14}$",
        required=False,
        allow_blank=True,
        max_length=16,
        error_messages={"invalid": _("Enter the number in international format, for example +14155550100.")},
    )


class AssistantVisitorMessageSerializer(serializers.Serializer):
    body = MessageField()


class AssistantFeedbackSerializer(serializers.Serializer):
    message = serializers.IntegerField(min_value=1, max_value=2**62)
    helpful = serializers.BooleanField()


# --- Output, for the schema (the presenters shape the responses) ---------------------------------


class ArticleOutSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField()


class ExtractedSerializer(serializers.Serializer):
    transaction_ids = serializers.ListField(child=serializers.CharField())
    addresses = serializers.ListField(child=serializers.DictField(), help_text="`{value, chain}` each.")
    assets = serializers.ListField(child=serializers.CharField())
    networks = serializers.ListField(child=serializers.CharField())
    amounts = serializers.ListField(child=serializers.DictField(), help_text="`{value, asset}` each.")
    references = serializers.ListField(child=serializers.CharField())


class WarningOutSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    message = serializers.CharField()


class AssistantHandoffOutSerializer(serializers.Serializer):
    conversation = serializers.CharField()
    state = serializers.CharField()
    reference = serializers.CharField(allow_null=True)
    url = serializers.CharField(allow_null=True)
    first_response_due = serializers.DateTimeField(allow_null=True)
    priority = serializers.CharField(allow_null=True)
    message = serializers.CharField(help_text="What the panel tells the visitor: the reference and the promise.")


class AssistantReplySerializer(serializers.Serializer):
    conversation = serializers.CharField(help_text="The conversation's key: send it with the next message.")
    reply = serializers.CharField(help_text="Empty while a person has the conversation.")
    articles = ArticleOutSerializer(many=True)
    extracted = ExtractedSerializer()
    suggested_type = serializers.CharField(allow_null=True)
    urgent = serializers.BooleanField()
    handoff = serializers.BooleanField()
    warnings = WarningOutSerializer(many=True)
    state = serializers.CharField()
    message_id = serializers.IntegerField(allow_null=True)
    visitor_message_id = serializers.IntegerField()
    intent = serializers.CharField(allow_null=True)
    passage = serializers.DictField(allow_null=True, help_text="`{article, heading, text}`: the part that answers.")
    prepare = serializers.ListField(child=serializers.CharField(), help_text="What to have ready for a person.")
    low_confidence = serializers.BooleanField()
    offer_person = serializers.BooleanField()
    freeze_url = serializers.CharField(allow_null=True)
    verdict = serializers.DictField(allow_null=True, help_text="The `/verify/` verdict on the value quoted.")
    needs_contact = serializers.BooleanField(help_text="A person is needed: ask for an e-mail and POST handoff/.")
    ticket = AssistantHandoffOutSerializer(allow_null=True)


class TranscriptMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.ChoiceField(choices=["visitor", "assistant", "agent"])
    body = serializers.CharField()
    articles = ArticleOutSerializer(many=True)
    created_at = serializers.DateTimeField()


class AssistantTranscriptSerializer(serializers.Serializer):
    conversation = serializers.CharField()
    state = serializers.ChoiceField(choices=["bot", "waiting_for_agent", "with_agent", "ticket", "closed"])
    language = serializers.CharField()
    reference = serializers.CharField(allow_null=True)
    messages = TranscriptMessageSerializer(many=True)
