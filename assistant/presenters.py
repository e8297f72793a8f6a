"""A turn, a handoff and a transcript shaped for the API and the pages (the contract's shapes)."""

from django.utils.crypto import salted_hmac

from assistant.answers.stored_facts import facts_from_json
from assistant.models import Conversation, Message
from assistant.services import HandoffResult, Turn
from supportdesk import limits


def visitor_hash_for(request) -> str:
    """Who is talking, for containment's "same visitor within 72 hours": the account, else the
    network address and browser. Only a keyed hash is stored."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        identity = f"user:{user.pk}"
    else:
        identity = f"visitor:{limits.client_address(request)}|{request.headers.get('User-Agent', '')[:300]}"
    return salted_hmac("assistant.visitor", identity, algorithm="sha256").hexdigest()


def message_payload(message: Message) -> dict:
    return {
        "id": message.pk,
        "author": message.author,
        "body": message.body,
        "articles": message.articles,
        "created_at": message.created_at.isoformat(),
    }


def handoff_payload(result: HandoffResult | None) -> dict | None:
    return result.as_dict() if result is not None else None


def turn_payload(turn: Turn) -> dict:
    conversation = turn.conversation
    reply = turn.reply
    return {
        "conversation": conversation.public_id,
        "reply": reply.text if reply else "",
        "articles": reply.articles if reply else [],
        "extracted": facts_from_json(conversation.facts).as_dict(),
        "suggested_type": conversation.suggested_type or None,
        "urgent": conversation.urgent,
        "handoff": bool(reply is None or reply.handoff or turn.handoff),
        "warnings": turn.warnings,
        # Beyond the contract's fields, for the panel:
        "state": conversation.state,
        "message_id": turn.reply_message.pk if turn.reply_message else None,
        "visitor_message_id": turn.visitor_message.pk,
        "intent": reply.intent if reply else None,
        "passage": reply.passage if reply else None,
        "prepare": reply.prepare if reply else [],
        "low_confidence": reply.low_confidence if reply else False,
        "offer_person": bool(reply and reply.offer_person),
        "freeze_url": reply.freeze_url if reply else None,
        "verdict": reply.verdict if reply else None,
        "needs_contact": turn.needs_contact,
        "ticket": handoff_payload(turn.handoff),
    }


def transcript_payload(conversation: Conversation, messages) -> dict:
    ticket = conversation.ticket
    return {
        "conversation": conversation.public_id,
        "state": conversation.state,
        "language": conversation.language,
        "reference": ticket.reference if ticket else None,
        "messages": [message_payload(m) for m in messages],
    }
