"""``/emergency/freeze/``: "someone is in my account", open to anyone."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from supportdesk import limits
from supportdesk.languages import Language
from tickets import services
from tickets.models import Channel

from ..fields import PhoneNumberField, SingleLineEmailField
from ..serializers import TicketDetailOutputSerializer
from .common import api_errors, ticket_detail


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
            **api_errors(400, 429),
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
        return Response(ticket_detail(request, result.ticket), status=status.HTTP_201_CREATED)
