"""Strict input fields for the ticket API.

DRF's defaults are lenient in ways that matter at a trust boundary: a naive datetime is silently
put in the server's time zone, and a single-line field happily takes CR/LF (which would end up
in e-mail subjects and logs). These fields say no instead.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from supportdesk import phones, text
from tickets import refdata


def no_control_characters(value: str) -> None:
    # A plain function rather than an inverse RegexValidator, which drf-spectacular would
    # document as the opposite ``pattern``.
    if text.has_control_characters(value):
        raise serializers.ValidationError(text.ONE_LINE_MESSAGE)


class SingleLineCharField(serializers.CharField):
    """A one-line text value by the project's one rule (``supportdesk.text.one_line``): line breaks
    fold into spaces, other control characters are refused, as in the browser's forms."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return text.one_line(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class SingleLineEmailField(serializers.EmailField):
    def __init__(self, **kwargs):
        # Surrounding whitespace is trimmed by default; a CR/LF *inside* must fail, not be trimmed away.
        super().__init__(**kwargs)
        self.validators.append(no_control_characters)


class PhoneNumberField(SingleLineCharField):
    """An international phone number, returned in E.164 (``+14155550123``)."""

    default_error_messages = {
        "invalid_phone": _("Enter an international phone number starting with + and the country code."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return phones.to_e164(value)
        except phones.PhoneError:
            self.fail("invalid_phone")


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an explicit offset: a bare local time means nothing for a global exchange."""

    default_error_messages = {"naive": _("Include a time zone, for example 2024-05-01T13:45:00+08:00.")}

    def enforce_timezone(self, value):
        if timezone.is_naive(value):
            self.fail("naive")
        return super().enforce_timezone(value)


@extend_schema_field(OpenApiTypes.STR)
class TicketTypeField(serializers.Field):
    """The slug of an active ticket type, looked up in the per-process reference data (no query)."""

    default_error_messages = {
        "invalid": _("Enter a ticket type slug."),
        "unknown": _("Unknown ticket type. See /api/v1/ticket-types/."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Slug of an active ticket type.")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data or len(data) > 50:
            self.fail("invalid")
        ticket_type = refdata.get().types_by_slug.get(data)
        if ticket_type is None or not ticket_type.active:
            self.fail("unknown")
        return ticket_type

    def to_representation(self, value):
        return value.slug
