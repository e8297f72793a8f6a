"""``POST /api/v1/verify/report/``: report a fake channel (a ticket for the security team)."""

from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from safety import guard
from safety.api import WarningSerializer
from safety.verify import defang
from supportdesk.api.schema import error_responses
from supportdesk.api.throttling import LimitThrottle
from supportdesk.languages import Language
from tickets import services

from .fields import SingleLineCharField, SingleLineEmailField


class FakeChannelReportApi(APIView):
    """Anyone may report (a victim may have no account); every report counts against ``verify_report``
    per account or address, and a channel already reported adds to its open ticket."""

    permission_classes = [AllowAny]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, LimitThrottle]
    throttle_scope = "verify_report"

    class ReportSerializer(serializers.Serializer):
        value = SingleLineCharField(max_length=500, help_text="The fake link, e-mail address, number or account.")
        where = SingleLineCharField(max_length=200, required=False, allow_blank=True, default="")
        description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
        contact_email = SingleLineEmailField(max_length=254, required=False, allow_blank=True, default="")
        language = serializers.ChoiceField(choices=Language.choices, required=False, default=Language.EN)

    class ReceivedSerializer(serializers.Serializer):
        received = serializers.BooleanField()
        folded = serializers.BooleanField(help_text="The channel had been reported already: this adds to it.")
        value = serializers.CharField(help_text="What was reported, defanged (`hxxps://evil[.]io`).")
        warnings = WarningSerializer(many=True, help_text="Secrets removed from `where` or `description`.")

    @extend_schema(
        operation_id="verify_report_create",
        request=ReportSerializer,
        responses={201: ReceivedSerializer, **error_responses(400, 429)},
        description="Report a channel that pretends to be us: a ticket for the security team, one per channel "
        "however it was written. An official channel is refused (400).",
    )
    def post(self, request):
        report = self.ReportSerializer(data=request.data)
        report.is_valid(raise_exception=True)
        data = report.validated_data
        result = services.ticket_report_fake_channel(
            report=services.ChannelReport(**data),
            reporter=request.user if request.user.is_authenticated else None,
        )
        with translation.override(data["language"]):
            body = {
                "received": True,
                "folded": result.folded,
                "value": defang(data["value"]),
                "warnings": guard.warnings_for(result.secrets_removed),
            }
        return Response(self.ReceivedSerializer(body).data, status=status.HTTP_201_CREATED)
