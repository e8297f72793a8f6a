"""``/tickets/``: the caller's tickets (the queue, for agents) and a new ticket; one ticket and its handling."""

import re

from django.contrib.auth import get_user_model
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from supportdesk.api.pagination import BoundedPageNumberPagination
from supportdesk.api.throttling import AnonRateThrottle, LimitThrottle
from supportdesk.languages import Language
from tickets import images, refdata, roles, selectors, services
from tickets.models import Channel, Priority, Status

from ..fields import AwareDateTimeField, PhoneNumberField, SingleLineCharField, SingleLineEmailField, TicketTypeField
from ..serializers import TicketDetailOutputSerializer, ticket_output_class
from ..update import TicketUpdateMixin
from .common import TicketScopedApi, api_errors, get_ticket, ticket_detail, uploaded_screenshots

# Printable ASCII: the key is echoed into logs and compared byte for byte.
_IDEMPOTENCY_KEY = re.compile(r"[\x20-\x7e]{1,255}")


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

    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, LimitThrottle]
    throttle_scope = "ticket_create"

    def get_throttles(self):
        # Creating is limited by its own scope; the general per-user rate would only add two more
        # cache round trips to the hottest write.
        if self.request.method == "POST":
            return [AnonRateThrottle(), LimitThrottle()]
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
        responses={200: ticket_output_class(agent=True, detail=False)(many=True), **api_errors(400, 401, 404, 429)},
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
        responses={201: TicketDetailOutputSerializer, **api_errors(400, 401, 413, 415, 422, 429)},
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
            **serializer.validated_data, screenshots=images.clean_uploads(uploaded_screenshots(request))
        )
        ticket = services.ticket_create(data=data, requester=request.user, channel=Channel.API, idempotency_key=key)
        location = request.build_absolute_uri(reverse("api-ticket-detail", kwargs={"reference": ticket.reference}))
        # A replay (same Idempotency-Key and body) answers in the same shape as the first response.
        body = ticket_detail(request, ticket, new=True, with_screenshots=bool(data.screenshots))
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class TicketDetailApi(TicketUpdateMixin, TicketScopedApi):
    """``GET`` the ticket; ``PATCH`` its handling (agents, ``tickets.api.update``)."""

    def ticket_for(self, request, reference):
        return get_ticket(request, reference)

    def detail_of(self, request, ticket):
        return ticket_detail(request, ticket)

    @extend_schema(
        operation_id="tickets_retrieve",
        responses={200: TicketDetailOutputSerializer, **api_errors(401, 404, 429)},
        description=(
            "The ticket with its messages, screenshots and SLA state. Customers get public messages only; agents "
            "also get internal notes (`internal: true`) and the routing fields."
        ),
    )
    def get(self, request, reference: str):
        ticket = get_ticket(request, reference)
        return Response(ticket_detail(request, ticket))
