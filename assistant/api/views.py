"""``/api/v1/assistant/``: the conversation, its transcript, the handoff, messages to a person and
feedback on a reply. Open to anyone; the conversation id is the key (CONTRACT.md). Each view parses
with its serializer, calls one service or selector and shapes the result with the presenters."""

from django.http import Http404
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from assistant import presenters, selectors, services
from assistant.models import Conversation
from supportdesk.api.schema import error_responses
from supportdesk.api.throttling import LimitThrottle
from supportdesk.languages import supported

from .serializers import (
    AssistantFeedbackSerializer,
    AssistantHandoffOutSerializer,
    AssistantHandoffSerializer,
    AssistantMessageSerializer,
    AssistantReplySerializer,
    AssistantTranscriptQuerySerializer,
    AssistantTranscriptSerializer,
    AssistantVisitorMessageSerializer,
)


class _AssistantApi(APIView):
    permission_classes = [AllowAny]
    # The no-JavaScript page draws on the same allowances (supportdesk.limits).
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, LimitThrottle]
    throttle_scope = "assistant"

    @staticmethod
    def conversation(public_id: str) -> Conversation:
        conversation = selectors.conversation_get(public_id=public_id)
        if conversation is None:
            raise Http404
        return conversation


class AssistantMessageApi(_AssistantApi):
    @extend_schema(
        operation_id="assistant_message",
        request=AssistantMessageSerializer,
        responses={200: AssistantReplySerializer, **error_responses(400, 404, 429)},
        description=(
            "Ask the assistant. Omit `conversation` on the first message and send back the id it returns; a "
            "closed conversation's id starts a new one. `handoff` is true when a person takes over."
        ),
    )
    def post(self, request):
        data = AssistantMessageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        public_id = data.validated_data.get("conversation")
        conversation = self.conversation(public_id) if public_id else None
        message = data.validated_data["message"]
        if conversation is None or conversation.state == Conversation.State.CLOSED:
            turn = services.conversation_open(
                language=supported(data.validated_data.get("lang") or translation.get_language()),
                message=message,
                user=request.user,
                visitor_hash=presenters.visitor_hash_for(request),
            )
        else:
            turn = services.conversation_answer(conversation=conversation, message=message, user=request.user)
        return Response(presenters.turn_payload(turn))


class ConversationApi(_AssistantApi):
    @extend_schema(
        operation_id="assistant_transcript",
        parameters=[AssistantTranscriptQuerySerializer],
        responses={200: AssistantTranscriptSerializer, **error_responses(400, 404, 429)},
        description="The transcript, oldest first, its state and the ticket reference; `?after=<id>` for newer only.",
    )
    def get(self, request, conversation: str):
        query = AssistantTranscriptQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = self.conversation(conversation)
        messages = selectors.conversation_transcript(conversation=found, after=query.validated_data.get("after"))
        return Response(presenters.transcript_payload(found, messages))


class ConversationHandoffApi(_AssistantApi):
    throttle_scope = "assistant_handoff"

    @extend_schema(
        operation_id="assistant_handoff",
        request=AssistantHandoffSerializer,
        responses={
            201: AssistantHandoffOutSerializer,
            200: AssistantHandoffOutSerializer,
            **error_responses(400, 404, 409, 429),
        },
        description=(
            "Hand the conversation to a person: a live agent when one is free (`state` waiting_for_agent), otherwise "
            "a ticket with the transcript and the extracted fields (201 with `reference`). `contact_email` is "
            "required unless signed in."
        ),
    )
    def post(self, request, conversation: str):
        data = AssistantHandoffSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = self.conversation(conversation)
        had_ticket = found.ticket_id is not None
        result = services.conversation_handoff(
            conversation=found,
            contact_email=data.validated_data.get("contact_email", ""),
            contact_phone=data.validated_data.get("contact_phone", ""),
            user=request.user,
        )
        created = result.ticket is not None and not had_ticket
        return Response(result.as_dict(), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class ConversationMessagesApi(_AssistantApi):
    @extend_schema(
        operation_id="assistant_visitor_message",
        request=AssistantVisitorMessageSerializer,
        responses={201: None, **error_responses(400, 404, 409, 429)},
        description="The visitor's message while an agent has the conversation or is about to (409 otherwise).",
    )
    def post(self, request, conversation: str):
        data = AssistantVisitorMessageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = self.conversation(conversation)
        message, warnings = services.conversation_visitor_message(conversation=found, body=data.validated_data["body"])
        return Response({**presenters.message_payload(message), "warnings": warnings}, status=status.HTTP_201_CREATED)


class ConversationFeedbackApi(_AssistantApi):
    @extend_schema(
        operation_id="assistant_feedback",
        request=AssistantFeedbackSerializer,
        responses={200: None, **error_responses(400, 404, 429)},
        description="Mark an assistant reply helpful or not; unhelpful ones feed the editors' content gaps.",
    )
    def post(self, request, conversation: str):
        data = AssistantFeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        found = self.conversation(conversation)
        message = services.message_feedback(
            conversation=found, message_id=data.validated_data["message"], helpful=data.validated_data["helpful"]
        )
        return Response({"message": message.pk, "helpful": message.helpful})
