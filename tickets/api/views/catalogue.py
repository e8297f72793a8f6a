"""``/ticket-types/``: the types, their names in both languages and the facts each asks for."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from tickets import selectors
from tickets.models import StructuredField

from .common import api_errors

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
        responses={200: TicketTypeOutputSerializer(many=True), **api_errors(401, 429)},
        description="Active ticket types, in display order, with their names in both languages. Not paginated.",
    )
    def get(self, request):
        types = selectors.ticket_types_active()
        return Response(self.TicketTypeOutputSerializer(types, many=True).data)
