"""The ticket REST API: each view parses input, calls one service or selector, shapes output.

Permission decisions are the selectors' (``ticket_get_for_user``, ``tickets_visible_to``,
``screenshot_get_for_user``): someone else's ticket is a 404, never a 403.
"""

import re

from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from supportdesk import limits
from supportdesk.api.pagination import BoundedPageNumberPagination
from supportdesk.api.schema import error_responses
from supportdesk.api.throttling import (
    AnonRateThrottle,
    ReplyLimitThrottle,
    ScopedRateThrottle,
    ScopedWriteRateThrottle,
)
from supportdesk.languages import Language
from tickets import images, refdata, roles, selectors, services
from tickets.access import guest_grants
from tickets.models import REFERENCE_REGEX, Channel, Priority, Status, StructuredField

from .fields import AwareDateTimeField, PhoneNumberField, SingleLineCharField, SingleLineEmailField, TicketTypeField
from .serializers import (
    MessageOutputSerializer,
    ScreenshotOutputSerializer,
    TicketDetailOutputSerializer,
    ticket_output_class,
)
from .update import TicketUpdateMixin

_REFERENCE = re.compile(REFERENCE_REGEX)
# Printable ASCII: the key is echoed into logs and compared byte for byte.
_IDEMPOTENCY_KEY = re.compile(r"[\x20-\x7e]{1,255}")


def _errors(*codes: int) -> dict:
    return error_responses(*codes, e409="The ticket is closed.")


def _get_ticket(request, reference: str):
    # Anything that cannot be a reference is a 404 without a query (and without NUL bytes
    # reaching PostgreSQL).
    if not _REFERENCE.fullmatch(reference.upper()):
        raise Http404
    return selectors.ticket_get_for_user(reference=reference, user=request.user)


def _ticket_detail(request, ticket, *, new: bool = False, with_screenshots: bool = True) -> dict:
    """The detail shape; for a ticket just created (``new``) there is nothing to read back but
    the screenshots that came with it."""
    agent = roles.is_agent(request.user)
    if new:
        messages = []
        screenshots = list(selectors.ticket_attachments(ticket=ticket)) if with_screenshots else []
    else:
        messages = selectors.ticket_messages(ticket=ticket, include_internal=agent)
        screenshots = selectors.ticket_screenshots(ticket=ticket, include_internal=agent)
    context = {"request": request, "now": timezone.now(), "messages": messages, "screenshots": screenshots}
    return ticket_output_class(agent=agent, detail=True)(ticket, context=context).data


def _uploaded_screenshots(request) -> list:
    return request.FILES.getlist("screenshots")


IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name="Idempotency-Key",
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    pattern=r"^[\x20-\x7e]{1,255}$",
    description=(
        "Up to 255 printable ASCII characters, unique per request you mean to make. A retry with the same key "
        "and the same body returns the ticket the first request created (201 again, same ticket); the same key "
        "with a different body is refused with 422. Keys are scoped to the authenticated user."
    ),
)


class TicketListCreateApi(APIView):
    """``GET``: the caller's tickets (agents: the queue, filterable). ``POST``: open a ticket."""

    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, ScopedWriteRateThrottle]
    throttle_scope = "ticket_create"

    def get_throttles(self):
        # Creating is limited by its own scope; the general per-user rate would only add two more
        # cache round trips to the hottest write.
        if self.request.method == "POST":
            return [AnonRateThrottle(), ScopedWriteRateThrottle()]
        return super().get_throttles()

    # Read by drf-spectacular to document the paginated envelope and its query parameters.
    pagination_class = BoundedPageNumberPagination

    # Filters a customer may use on their own tickets; the rest describe the queue's routing.
    CUSTOMER_FILTERS = frozenset({"status", "ordering"})

    class TicketFilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=Status.choices, required=False, allow_blank=True)
        priority = serializers.ChoiceField(choices=Priority.choices, required=False, allow_blank=True)
        type = serializers.SlugField(max_length=50, required=False, allow_blank=True, help_text="Ticket type slug.")
        team = serializers.SlugField(max_length=50, required=False, allow_blank=True, help_text="Team slug.")
        assignee = serializers.CharField(max_length=150, required=False, allow_blank=True, help_text="Username.")
        overdue = serializers.BooleanField(
            required=False, allow_null=True, default=None, help_text="true: a running SLA deadline has passed now."
        )
        breached = serializers.BooleanField(
            required=False,
            allow_null=True,
            default=None,
            help_text="true: an SLA target was missed at some point (even if met since); false: never.",
        )
        ordering = serializers.ChoiceField(
            choices=list(selectors.SORTS), required=False, allow_blank=True, default="-created"
        )

        def queue_filters(self) -> selectors.QueueFilters:
            """The queue's filters object (``selectors.ticket_queue``), slugs and usernames looked up;
            one that names nothing matches nothing."""
            data = self.validated_data
            chosen = {name: data.get(name) or None for name in ("status", "priority")}
            if data.get("type"):
                found = refdata.get().types_by_slug.get(data["type"])
                chosen["type_id"] = found.pk if found else 0
            if data.get("team"):
                chosen["team_id"] = next((t.pk for t in refdata.get().teams if t.slug == data["team"]), 0)
            if data.get("assignee"):
                users = get_user_model().objects.filter(username=data["assignee"])
                chosen["assignee"] = users.values_list("pk", flat=True).first() or 0
            return selectors.QueueFilters(**chosen, overdue=data.get("overdue"), breached=data.get("breached"))

    class TicketCreateSerializer(serializers.Serializer):
        title = SingleLineCharField(max_length=200)
        description = serializers.CharField(max_length=10000)
        type = TicketTypeField()
        contact_email = SingleLineEmailField(
            max_length=254, required=False, help_text="Defaults to your account's e-mail address."
        )
        contact_phone = PhoneNumberField(
            required=False, allow_blank=True, help_text="International format with country code, e.g. +14155550123."
        )
        language = serializers.ChoiceField(
            choices=Language.choices, required=False, help_text="Defaults to your account's language."
        )
        transaction_id = SingleLineCharField(max_length=128, required=False, allow_blank=True)
        asset = SingleLineCharField(
            max_length=20,
            required=False,
            allow_blank=True,
            validators=[RegexValidator(r"^[A-Za-z0-9]+$", _("Letters and digits only, e.g. USDT."))],
        )
        network = SingleLineCharField(max_length=40, required=False, allow_blank=True)
        amount = serializers.DecimalField(max_digits=38, decimal_places=18, required=False, allow_null=True)
        occurred_at = AwareDateTimeField(
            required=False, allow_null=True, help_text="ISO 8601 with a time zone offset; not in the future."
        )
        attempted_steps = serializers.CharField(max_length=2000, required=False, allow_blank=True)

        def validate(self, attrs):
            user = self.context["user"]
            if not attrs.get("contact_email"):
                if not user.email:
                    raise serializers.ValidationError({"contact_email": [_("Enter an e-mail address.")]})
                attrs["contact_email"] = user.email
            if not attrs.get("language"):
                attrs["language"] = user.language if user.language in Language.values else Language.EN
            return attrs

    class TicketCreateMultipartSerializer(TicketCreateSerializer):
        screenshots = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            help_text="Repeat the part for several images: up to 5 PNG, JPEG or WebP files of at most 5 MB each.",
        )

    @extend_schema(
        operation_id="tickets_list",
        parameters=[TicketFilterSerializer],
        responses={200: ticket_output_class(agent=True, detail=False)(many=True), **_errors(400, 401, 404, 429)},
        description=(
            "A customer sees only their own tickets and may filter by `status` and order them; agents see the "
            "whole queue and may use every filter. Routing fields (`team`, `tier`, `assignee`) are returned to "
            "agents only."
        ),
    )
    def get(self, request):
        filters = self.TicketFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        agent = roles.is_agent(request.user)
        if not agent:
            forbidden = {
                name: [_("Only support agents can filter by this.")]
                for name, value in filters.validated_data.items()
                if value not in (None, "") and name not in self.CUSTOMER_FILTERS
            }
            if forbidden:
                raise serializers.ValidationError(forbidden)
        now = timezone.now()
        ordering = filters.validated_data.get("ordering") or "-created"
        tickets = selectors.ticket_queue(request.user, filters.queue_filters(), ordering, now=now).select_related(
            "type", "team", "assignee", "sla_policy"
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(tickets, request, view=self)
        output = ticket_output_class(agent=agent, detail=False)(page, many=True, context={"now": now})
        return paginator.get_paginated_response(output.data)

    @extend_schema(
        operation_id="tickets_create",
        request={"application/json": TicketCreateSerializer, "multipart/form-data": TicketCreateMultipartSerializer},
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: TicketDetailOutputSerializer, **_errors(400, 401, 413, 415, 422, 429)},
        examples=[
            OpenApiExample(
                "A delayed withdrawal",
                request_only=True,
                value={
                    "title": "USDT withdrawal pending for 24 hours",
                    "description": "I withdrew 500 USDT on TRC20 yesterday and it still shows pending.",
                    "type": "deposit_withdrawal",
                    "asset": "USDT",
                    "network": "TRC20",
                    "amount": "500",
                    "transaction_id": "9f3c1a7e5b2d4c6a8e0f1b3d5c7a9e1f",
                    "occurred_at": "2024-05-01T13:45:00+08:00",
                    "contact_phone": "+14155550123",
                    "language": "en",
                },
            )
        ],
        description=(
            "Open a ticket. Priority, status, team, tier, assignee and requester are decided by the desk; such "
            "keys in the body are ignored. Required structured fields depend on the type (see `/ticket-types/`)."
        ),
    )
    def post(self, request):
        key = request.headers.get("Idempotency-Key")
        if key is not None and not _IDEMPOTENCY_KEY.fullmatch(key):
            raise serializers.ValidationError(
                {"idempotency_key": [_("Use 1 to 255 printable ASCII characters for the Idempotency-Key.")]}
            )
        serializer = self.TicketCreateSerializer(data=request.data, context={"user": request.user})
        serializer.is_valid(raise_exception=True)
        data = services.TicketInput(
            **serializer.validated_data, screenshots=images.clean_uploads(_uploaded_screenshots(request))
        )
        ticket = services.ticket_create(data=data, requester=request.user, channel=Channel.API, idempotency_key=key)
        location = request.build_absolute_uri(reverse("api-ticket-detail", kwargs={"reference": ticket.reference}))
        # A replay (same Idempotency-Key and body) answers in the same shape as the first response.
        body = _ticket_detail(request, ticket, new=True, with_screenshots=bool(data.screenshots))
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class _TicketScopedApi(APIView):
    """Endpoints under one ticket's reference: throttled so references cannot be swept."""

    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, ScopedRateThrottle]
    throttle_scope = "reference_lookup"


class TicketDetailApi(TicketUpdateMixin, _TicketScopedApi):
    """``GET`` the ticket; ``PATCH`` its handling (agents, ``tickets.api.update``)."""

    def ticket_for(self, request, reference):
        return _get_ticket(request, reference)

    def detail_of(self, request, ticket):
        return _ticket_detail(request, ticket)

    @extend_schema(
        operation_id="tickets_retrieve",
        responses={200: TicketDetailOutputSerializer, **_errors(401, 404, 429)},
        description=(
            "The ticket with its messages, screenshots and SLA state. Customers get public messages only; agents "
            "also get internal notes (`internal: true`) and the routing fields."
        ),
    )
    def get(self, request, reference: str):
        ticket = _get_ticket(request, reference)
        return Response(_ticket_detail(request, ticket))


class TicketMessageCreateApi(_TicketScopedApi):
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
        responses={201: MessageOutputSerializer, **_errors(400, 401, 404, 409, 413, 415, 429)},
        examples=[OpenApiExample("A reply", request_only=True, value={"body": "The transaction is confirmed now."})],
        description="Reply to a ticket. A customer's reply reopens a pending or solved ticket.",
    )
    def post(self, request, reference: str):
        ticket = _get_ticket(request, reference)
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
            screenshots=images.clean_uploads(_uploaded_screenshots(request)),
        )
        output = MessageOutputSerializer(message, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


class TicketScreenshotCreateApi(_TicketScopedApi):
    parser_classes = [MultiPartParser]

    class ScreenshotUploadSerializer(serializers.Serializer):
        screenshots = serializers.ListField(
            child=serializers.FileField(), help_text="One to 5 PNG, JPEG or WebP images of at most 5 MB each."
        )

    @extend_schema(
        operation_id="tickets_screenshots_create",
        request={"multipart/form-data": ScreenshotUploadSerializer},
        responses={201: ScreenshotOutputSerializer(many=True), **_errors(400, 401, 404, 409, 413, 415, 429)},
        description="Attach screenshots to a ticket outside a message.",
    )
    def post(self, request, reference: str):
        ticket = _get_ticket(request, reference)
        files = _uploaded_screenshots(request)
        if not files:
            raise serializers.ValidationError({"screenshots": [_("Attach at least one image.")]})
        cleaned = images.clean_uploads(files)
        shots = services.ticket_add_screenshots(ticket=ticket, actor=request.user, screenshots=cleaned)
        output = ScreenshotOutputSerializer(shots, many=True, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


_BILINGUAL_TEXT = {
    "type": "object",
    "properties": {"en": {"type": "string"}, "zh-hans": {"type": "string"}},
    "required": ["en", "zh-hans"],
}


@extend_schema_field({"type": "string", "enum": StructuredField.values})
class _StructuredFieldName(serializers.CharField):
    pass


class TicketTypeListApi(APIView):
    permission_classes = [AllowAny]

    class TicketTypeOutputSerializer(serializers.Serializer):
        slug = serializers.SlugField()
        name = serializers.SerializerMethodField()
        description = serializers.SerializerMethodField()
        fields = serializers.ListField(
            child=_StructuredFieldName(),
            help_text="Structured fields the form asks for, in order.",
        )
        required_fields = serializers.ListField(
            child=serializers.CharField(),
            help_text="The subset of `fields` a ticket of this type cannot be created without.",
        )

        @extend_schema_field(_BILINGUAL_TEXT)
        def get_name(self, ticket_type) -> dict:
            return {"en": ticket_type.name_en, "zh-hans": ticket_type.name_zh_hans or ticket_type.name_en}

        @extend_schema_field(_BILINGUAL_TEXT)
        def get_description(self, ticket_type) -> dict:
            return {
                "en": ticket_type.description_en,
                "zh-hans": ticket_type.description_zh_hans or ticket_type.description_en,
            }

    @extend_schema(
        operation_id="ticket_types_list",
        responses={200: TicketTypeOutputSerializer(many=True), **_errors(401, 429)},
        description="Active ticket types, in display order, with their names in both languages. Not paginated.",
    )
    def get(self, request):
        types = selectors.ticket_types_active()
        return Response(self.TicketTypeOutputSerializer(types, many=True).data)


class ScreenshotFileApi(APIView):
    """Serves one stored screenshot to those allowed to see its ticket.

    Token, session, or a guest's session holding the ticket's signed link. The bytes are ours
    (re-encoded on upload), and the headers make sure a browser treats them as an image only.
    """

    permission_classes = [AllowAny]

    def perform_content_negotiation(self, request, force=False):
        # The client asks for image/*; errors still go out as JSON rather than a 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="screenshots_retrieve",
        responses={
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            (200, "image/webp"): OpenApiTypes.BINARY,
            **_errors(401, 404, 429),
        },
        description="The image itself, for the ticket's requester (or a guest holding its link) and agents.",
    )
    def get(self, request, public_id):
        shot = selectors.screenshot_get_for_user(
            public_id=public_id, user=request.user, guest_grants=guest_grants(request)
        )
        try:
            handle = shot.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=shot.content_type)
        response["Content-Disposition"] = content_disposition_header(False, _download_name(shot))
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response


def _download_name(shot) -> str:
    # ASCII letters, digits, dot, dash and underscore only, and always the real extension:
    # nothing the uploader chose can break out of the header or pose as another file type.
    stem = (shot.original_name or "").rsplit(".", 1)[0]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:60]
    return f"{stem or 'screenshot'}.{shot.extension}"


class TicketFeedbackApi(_TicketScopedApi):
    class FeedbackSerializer(serializers.Serializer):
        rating = serializers.IntegerField(min_value=1, max_value=5, help_text="1 (very unhappy) to 5 (very happy).")
        comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    class FeedbackOutputSerializer(serializers.Serializer):
        rating = serializers.IntegerField()
        comment = serializers.CharField()
        created_at = serializers.DateTimeField()

    @extend_schema(
        operation_id="tickets_feedback_create",
        request=FeedbackSerializer,
        responses={201: FeedbackOutputSerializer, **_errors(400, 401, 404, 409, 429)},
        description="The requester rates a solved ticket, once. Agents cannot rate on a customer's behalf.",
    )
    def post(self, request, reference: str):
        ticket = _get_ticket(request, reference)
        if ticket.requester_id != request.user.pk:
            raise Http404  # agents see the ticket, but the rating is the customer's alone
        serializer = self.FeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = services.ticket_feedback_give(ticket=ticket, author=request.user, **serializer.validated_data)
        return Response(self.FeedbackOutputSerializer(feedback).data, status=status.HTTP_201_CREATED)


class EmergencyFreezeApi(APIView):
    """Open to anyone: the person whose account was taken over may not be able to sign in.

    Not throttled by the API's shared per-address allowances (a neighbour on the same network must
    not block a victim): new emergency tickets have their own per-address allowance (``freeze``),
    and a repeat for an address already being frozen folds into its ticket for free.
    """

    permission_classes = [AllowAny]
    throttle_classes = []

    class FreezeSerializer(serializers.Serializer):
        contact_email = SingleLineEmailField(
            max_length=254, required=False, help_text="The account's e-mail; defaults to yours when signed in."
        )
        contact_phone = PhoneNumberField(required=False, allow_blank=True)
        what_happened = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
        language = serializers.ChoiceField(choices=Language.choices, required=False, default=Language.EN)

    class FoldedSerializer(serializers.Serializer):
        folded = serializers.BooleanField(help_text="Always true: a freeze for this address is already under way.")
        detail = serializers.CharField()

    @extend_schema(
        operation_id="emergency_freeze",
        request=FreezeSerializer,
        responses={
            201: TicketDetailOutputSerializer,
            200: OpenApiResponse(FoldedSerializer, description="A freeze for this address was already requested."),
            **_errors(400, 429),
        },
        description=(
            "Someone else may be in the account: opens an urgent tier-3 account-security ticket and alerts the "
            "security team at once (201). Works without signing in. A repeat for an address whose freeze is "
            "still open adds to that ticket and answers 200 without it."
        ),
    )
    def post(self, request):
        serializer = self.FreezeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request.user if request.user.is_authenticated else None
        email = data.get("contact_email") or (user.email if user else "")
        if not email:
            raise serializers.ValidationError({"contact_email": [_("Enter the e-mail of your account.")]})
        address = limits.client_address(request)
        result = services.ticket_emergency_freeze(
            data=services.FreezeRequest(
                contact_email=email,
                contact_phone=data.get("contact_phone", ""),
                what_happened=data["what_happened"],
                language=data["language"],
            ),
            requester=user,
            channel=Channel.API,
            admit=lambda: limits.hit("freeze", address),
        )
        if result.folded:
            with translation.override(data["language"]):
                detail = str(_("A freeze for this address is already under way: our security team has it."))
            return Response({"folded": True, "detail": detail}, status=status.HTTP_200_OK)
        return Response(_ticket_detail(request, result.ticket), status=status.HTTP_201_CREATED)
