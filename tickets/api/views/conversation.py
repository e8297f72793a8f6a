"""Under one ticket: replies, screenshots and the requester's rating."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from safety import guard
from safety.api import WarningSerializer
from supportdesk.api.throttling import ReplyLimitThrottle
from tickets import images, roles, services
from tickets.models import Channel

from ..serializers import MessageOutputSerializer, ScreenshotOutputSerializer
from .common import TicketScopedApi, api_errors, get_ticket, uploaded_screenshots


class TicketMessageCreateApi(TicketScopedApi):
    def get_throttles(self):
        # A customer's replies share one allowance with the conversation page; agents answer many
        # tickets and keep the API's per-account rate.
        throttles = super().get_throttles()
        if not roles.is_agent(self.request.user):
            throttles.append(ReplyLimitThrottle())
        return throttles

    class MessageCreateSerializer(serializers.Serializer):
        body = serializers.CharField(
            max_length=10000,
            required=False,
            allow_blank=True,
            default="",
            help_text="The reply; may be empty when the message carries screenshots (multipart).",
        )
        internal = serializers.BooleanField(
            default=False, help_text="Agents only: a note customers never see. Customers sending `true` get a 400."
        )

    class MessageCreateMultipartSerializer(MessageCreateSerializer):
        screenshots = serializers.ListField(
            child=serializers.FileField(), required=False, help_text="Up to 5 PNG, JPEG or WebP images."
        )

    @extend_schema(
        operation_id="tickets_messages_create",
        request={"application/json": MessageCreateSerializer, "multipart/form-data": MessageCreateMultipartSerializer},
        responses={201: MessageOutputSerializer, **api_errors(400, 401, 404, 409, 413, 415, 429)},
        examples=[OpenApiExample("A reply", request_only=True, value={"body": "The transaction is confirmed now."})],
        description="Reply to a ticket. A customer's reply reopens a pending or solved ticket.",
    )
    def post(self, request, reference: str):
        ticket = get_ticket(request, reference)
        serializer = self.MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        internal = serializer.validated_data["internal"]
        if internal and not roles.is_agent(request.user):
            raise serializers.ValidationError({"internal": [_("Only support agents can write internal notes.")]})
        message = services.ticket_reply(
            ticket=ticket,
            author=request.user,
            body=serializer.validated_data["body"],
            internal=internal,
            channel=Channel.API,
            screenshots=images.clean_uploads(uploaded_screenshots(request)),
        )
        output = MessageOutputSerializer(message, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


class TicketScreenshotCreateApi(TicketScopedApi):
    parser_classes = [MultiPartParser]

    class ScreenshotUploadSerializer(serializers.Serializer):
        screenshots = serializers.ListField(
            child=serializers.FileField(), help_text="One to 5 PNG, JPEG or WebP images of at most 5 MB each."
        )

    @extend_schema(
        operation_id="tickets_screenshots_create",
        request={"multipart/form-data": ScreenshotUploadSerializer},
        responses={201: ScreenshotOutputSerializer(many=True), **api_errors(400, 401, 404, 409, 413, 415, 429)},
        description="Attach screenshots to a ticket outside a message.",
    )
    def post(self, request, reference: str):
        ticket = get_ticket(request, reference)
        files = uploaded_screenshots(request)
        if not files:
            raise serializers.ValidationError({"screenshots": [_("Attach at least one image.")]})
        cleaned = images.clean_uploads(files)
        shots = services.ticket_add_screenshots(ticket=ticket, actor=request.user, screenshots=cleaned)
        output = ScreenshotOutputSerializer(shots, many=True, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


class TicketFeedbackApi(TicketScopedApi):
    class FeedbackSerializer(serializers.Serializer):
        rating = serializers.IntegerField(min_value=1, max_value=5, help_text="1 (very unhappy) to 5 (very happy).")
        comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    class FeedbackOutputSerializer(serializers.Serializer):
        rating = serializers.IntegerField()
        comment = serializers.CharField()
        created_at = serializers.DateTimeField()
        warnings = serializers.SerializerMethodField(help_text="Secrets removed from the comment before it was stored.")

        @extend_schema_field(WarningSerializer(many=True))
        def get_warnings(self, feedback) -> list[dict]:
            return guard.warnings_for(getattr(feedback, "secrets_removed", ()))

    @extend_schema(
        operation_id="tickets_feedback_create",
        request=FeedbackSerializer,
        responses={201: FeedbackOutputSerializer, **api_errors(400, 401, 404, 409, 429)},
        description="The requester rates a solved ticket, once. Agents cannot rate on a customer's behalf.",
    )
    def post(self, request, reference: str):
        ticket = get_ticket(request, reference)
        if ticket.requester_id != request.user.pk:
            raise Http404  # agents see the ticket, but the rating is the customer's alone
        serializer = self.FeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = services.ticket_feedback_give(ticket=ticket, author=request.user, **serializer.validated_data)
        return Response(self.FeedbackOutputSerializer(feedback).data, status=status.HTTP_201_CREATED)
