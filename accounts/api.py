"""``GET``/``PATCH /api/v1/me/``: the signed-in customer's own profile."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from supportdesk import phones
from supportdesk.api.schema import error_responses
from supportdesk.languages import Language
from supportdesk.text import one_line

from . import anti_phishing
from .services import account_update


class MeSerializer(serializers.Serializer):
    name = serializers.CharField(source="first_name", max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(read_only=True, help_text="Changing it needs the new address proven: not here.")
    email_verified = serializers.BooleanField(read_only=True)
    phone = serializers.CharField(
        max_length=32, required=False, allow_blank=True, help_text="E.164, e.g. +14155550123."
    )
    language = serializers.ChoiceField(
        choices=Language.choices, required=False, help_text="The language of our e-mails."
    )
    anti_phishing_code = serializers.CharField(
        max_length=anti_phishing.MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="4-20 characters of your choosing, shown at the top of every e-mail we send you; never shown to "
        "anyone else. Empty: no code.",
    )

    def validate_name(self, value):
        try:
            return one_line(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def validate_phone(self, value):
        try:
            return phones.to_e164(value)
        except phones.PhoneError:
            raise serializers.ValidationError(
                _("Start with + and your country code, for example +44 20 7946 0958.")
            ) from None

    def validate_anti_phishing_code(self, value):
        if value:
            try:
                anti_phishing.validate_code(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from None
        return value


class MeApi(APIView):
    @extend_schema(operation_id="me_retrieve", responses={200: MeSerializer, **error_responses(401, 429)})
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        operation_id="me_partial_update",
        request=MeSerializer,
        responses={200: MeSerializer, **error_responses(400, 401, 429)},
        description="Change your name, phone, e-mail language or anti-phishing code (any of them).",
    )
    def patch(self, request):
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        account_update(user=request.user, **serializer.validated_data)
        return Response(MeSerializer(request.user).data)
