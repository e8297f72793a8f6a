"""``PATCH /api/v1/tickets/<reference>/``: agents change status, priority, type, team, assignee and
tags through the same services as the ticket page (events, SLA recomputation, notifications, the
team's tier), so the API cannot do what the workspace may not.

Mixed into ``TicketDetailApi``; parse, validate everything first, then call one service per field.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from supportdesk.api.schema import error_responses
from tickets import refdata, roles, selectors, services
from tickets.exceptions import DomainError, InvalidTransition
from tickets.models import Priority, Status, Tag, can_transition

from .fields import TicketTypeField
from .serializers import TicketDetailOutputSerializer

MAX_TAGS = 50
# The order the services run in: re-typing and re-prioritising move the deadlines first, routing
# next, and the status last, so "solved" is the final word of the request.
FIELDS = ("type", "priority", "team", "assignee", "tags", "status")


@extend_schema_field(OpenApiTypes.STR)
class TeamSlugField(serializers.Field):
    """A team's slug (null: unrouted), looked up in the per-process reference data."""

    default_error_messages = {"invalid": _("Enter a team slug."), "unknown": _("Unknown team.")}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data or len(data) > 50:
            self.fail("invalid")
        team = next((team for team in refdata.get().teams if team.slug == data), None)
        if team is None:
            self.fail("unknown")
        return team


@extend_schema_field(OpenApiTypes.STR)
class AssigneeField(serializers.Field):
    """The username of someone tickets can be assigned to (null: unassigned)."""

    default_error_messages = {
        "invalid": _("Enter a username."),
        "unknown": _("No agent has this username."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data or len(data) > 150:
            self.fail("invalid")
        user = selectors.staff_assignable().filter(username=data).first()
        if user is None:
            self.fail("unknown")
        return user


class TicketUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    type = TicketTypeField(required=False)
    team = TeamSlugField(required=False, allow_null=True, help_text="Team slug; the ticket's tier becomes the team's.")
    assignee = AssigneeField(required=False, allow_null=True, help_text="An agent's username, or null to unassign.")
    tags = serializers.ListField(
        child=serializers.CharField(max_length=Tag._meta.get_field("name").max_length),
        required=False,
        max_length=MAX_TAGS,
        help_text="The ticket's tags become exactly these (lower-cased, single spaces).",
    )

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields)) if isinstance(self.initial_data, dict) else []
        if unknown:
            raise serializers.ValidationError({name: [_("This field cannot be changed here.")] for name in unknown})
        if not attrs:
            raise serializers.ValidationError(_("Send at least one of: %(fields)s.") % {"fields": ", ".join(FIELDS)})
        if "tags" in attrs:
            try:
                attrs["tags"] = sorted({services.tag_name_clean(name) for name in attrs["tags"]})
            except DomainError as exc:
                raise serializers.ValidationError({"tags": [str(exc.message)]}) from None
        return attrs


class TicketUpdateMixin:
    @extend_schema(
        operation_id="tickets_partial_update",
        request=TicketUpdateSerializer,
        responses={
            200: TicketDetailOutputSerializer,
            **error_responses(
                400,
                401,
                403,
                404,
                409,
                429,
                e403="Customers cannot change a ticket's handling.",
                e409="That status change is not allowed from the ticket's current status.",
            ),
        },
        examples=[
            OpenApiExample(
                "Hand over to the specialists",
                request_only=True,
                value={"team": "specialists", "assignee": None, "priority": "high", "tags": ["trc20", "delay"]},
            )
        ],
        description=(
            "Agents only. Each field goes through the workspace's service: every change leaves a timeline event, "
            "priority and type move the SLA deadlines, a team change moves the tier with it, assigning to a "
            "colleague notifies them, `tags` replaces the ticket's tags. Every field is validated before anything "
            "changes; a status the ticket cannot move to is a 409."
        ),
    )
    def patch(self, request, reference: str):
        ticket = self.ticket_for(request, reference)
        if not roles.is_agent(request.user):
            raise PermissionDenied  # the requester may read their ticket, not handle it
        serializer = TicketUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = serializer.validated_data
        status = changes.get("status")
        if status not in (None, ticket.status) and not can_transition(ticket.status, status):
            raise InvalidTransition()  # before anything changes: a 409 leaves the ticket as it was
        for name in FIELDS:
            if name in changes:
                ticket = _apply(name, ticket, changes[name], request.user)
        return Response(self.detail_of(request, selectors.agent_ticket(request.user, ticket.pk) or ticket))


def _apply(name, ticket, value, actor):
    if name == "type":
        return services.ticket_set_type(ticket=ticket, actor=actor, ticket_type=value)
    if name == "priority":
        return services.ticket_set_priority(ticket=ticket, actor=actor, priority=value)
    if name == "team":
        return services.ticket_set_team(ticket=ticket, actor=actor, team=value)
    if name == "assignee":
        return services.ticket_assign(ticket=ticket, actor=actor, assignee=value)
    if name == "tags":
        current = set(ticket.tags.values_list("name", flat=True))
        return services.ticket_tags_change(ticket=ticket, actor=actor, add=value, remove=current - set(value))
    return services.ticket_change_status(ticket=ticket, actor=actor, status=value)
