"""Output shapes shared by several ticket API views.

Input serializers live inside the view that uses them; what is here only shapes data that a
selector or service already decided the caller may see.
"""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from safety import guard
from safety.api import WarningSerializer
from supportdesk.languages import Language
from tickets.access import ticket_url
from tickets.models import Channel, Message, Priority, Status, Tier
from tickets.services import clocks


class ScreenshotOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    url = serializers.SerializerMethodField(help_text="Opens only for the ticket's requester and agents.")
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    size = serializers.IntegerField(help_text="Bytes, after re-encoding.")
    created_at = serializers.DateTimeField()

    def get_url(self, shot) -> str:
        path = reverse("screenshot", kwargs={"public_id": shot.public_id})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


def _warnings(obj) -> list[dict]:
    # Set by the service that just stored the text (``secrets_removed``); absent on a later read.
    return guard.warnings_for(getattr(obj, "secrets_removed", ()))


class MessageOutputSerializer(serializers.Serializer):
    author_role = serializers.ChoiceField(choices=Message.AuthorRole.choices)
    body = serializers.CharField()
    internal = serializers.BooleanField(help_text="An agents-only note; never sent to customers.")
    channel = serializers.ChoiceField(choices=Channel.choices)
    created_at = serializers.DateTimeField()
    screenshots = ScreenshotOutputSerializer(many=True)
    warnings = serializers.SerializerMethodField(help_text="Secrets removed from this message before it was stored.")

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, message) -> list[dict]:
        return _warnings(message)


class TicketOutputSerializer(serializers.Serializer):
    """What the requester may know about their ticket. Never the database id."""

    reference = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The ticket's page for the requester.")
    title = serializers.CharField()
    description = serializers.CharField()
    type = serializers.CharField(source="type.slug")
    status = serializers.ChoiceField(choices=Status.choices)
    priority = serializers.ChoiceField(choices=Priority.choices)
    language = serializers.ChoiceField(choices=Language.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    contact_email = serializers.EmailField()
    contact_phone = serializers.CharField()
    transaction_id = serializers.CharField()
    asset = serializers.CharField()
    network = serializers.CharField()
    amount = serializers.DecimalField(max_digits=38, decimal_places=18, allow_null=True, normalize_output=True)
    occurred_at = serializers.DateTimeField(allow_null=True)
    attempted_steps = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    first_response_due = serializers.DateTimeField(allow_null=True)
    next_response_due = serializers.DateTimeField(
        allow_null=True, help_text="Armed by a customer message after the first response."
    )
    resolution_due = serializers.DateTimeField(allow_null=True)
    sla_due = serializers.DateTimeField(allow_null=True, help_text="The nearest deadline still open.")
    first_responded_at = serializers.DateTimeField(allow_null=True)
    sla_paused = serializers.SerializerMethodField(help_text="The clocks stop while we wait on the customer.")
    overdue = serializers.SerializerMethodField(help_text="A running SLA deadline has passed, now.")
    breached = serializers.SerializerMethodField(help_text="An SLA target was missed at some point, even if met since.")

    def get_url(self, ticket) -> str:
        return ticket_url(ticket, absolute=True)

    def get_overdue(self, ticket) -> bool:
        now = self.context.get("now") or timezone.now()
        return ticket.sla_due is not None and ticket.sla_due < now

    def get_breached(self, ticket) -> bool:
        return ticket.sla_breached_at is not None

    def get_sla_paused(self, ticket) -> bool:
        return ticket.sla_paused_at is not None


class SlaStateSerializer(serializers.Serializer):
    """The SLA bookkeeping agents work with."""

    policy = serializers.CharField(source="sla_policy.name", allow_null=True, default=None)
    paused_since = serializers.DateTimeField(source="sla_paused_at", allow_null=True)
    breached_at = serializers.DateTimeField(
        source="sla_breached_at", allow_null=True, help_text="When a target was first missed (stays set)."
    )
    time_left = serializers.SerializerMethodField(
        help_text="Seconds left per running target (negative when overdue; what a paused clock keeps)."
    )

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_time_left(self, ticket):
        now = self.context.get("now") or timezone.now()
        return clocks.time_left(ticket, now=now)


class AgentTicketOutputSerializer(TicketOutputSerializer):
    """The requester's view plus the routing only agents see (absent for customers)."""

    team = serializers.CharField(source="team.slug", allow_null=True, required=False)
    tier = serializers.ChoiceField(choices=Tier.choices, required=False)
    assignee = serializers.CharField(source="assignee.username", allow_null=True, required=False)
    sla = SlaStateSerializer(source="*", required=False)


class _DetailFields(serializers.Serializer):
    """Messages and screenshots as the selectors returned them (passed in the context).

    Never read through ``ticket.messages``: that related manager includes internal notes.
    """

    messages = serializers.SerializerMethodField(help_text="Agents also receive internal notes.")
    screenshots = serializers.SerializerMethodField()

    @extend_schema_field(MessageOutputSerializer(many=True))
    def get_messages(self, ticket):
        return MessageOutputSerializer(self.context["messages"], many=True, context=self.context).data

    @extend_schema_field(ScreenshotOutputSerializer(many=True))
    def get_screenshots(self, ticket):
        return ScreenshotOutputSerializer(self.context["screenshots"], many=True, context=self.context).data


class _Warnings(serializers.Serializer):
    warnings = serializers.SerializerMethodField(
        help_text="Secrets removed from the request before it was stored (only in the answer that stored it)."
    )

    @extend_schema_field(WarningSerializer(many=True))
    def get_warnings(self, ticket) -> list[dict]:
        return _warnings(ticket)


class CustomerTicketDetailOutputSerializer(TicketOutputSerializer, _DetailFields, _Warnings):
    pass


class TicketDetailOutputSerializer(AgentTicketOutputSerializer, _DetailFields, _Warnings):
    pass


def ticket_output_class(*, agent: bool, detail: bool) -> type[serializers.Serializer]:
    """The output shape for the caller: customers never get the agent-only fields."""
    if detail:
        return TicketDetailOutputSerializer if agent else CustomerTicketDetailOutputSerializer
    return AgentTicketOutputSerializer if agent else TicketOutputSerializer
