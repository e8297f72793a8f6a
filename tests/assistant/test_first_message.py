"""A conversation's first message (``conversation_open``): stored with its conversation in one
transaction, answered as any later message is, in fewer statements than starting and answering."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assistant import services
from assistant.models import Conversation, Message

pytestmark = pytest.mark.django_db

DEPOSIT = "USDT 走 TRC20 充了 300 U 两个小时还没到账，交易哈希 0x" + "3f" * 32


@pytest.fixture
def helpdesk(reference_data, kb_content):
    return None


def test_the_first_message_is_answered_as_a_later_one_would_be(helpdesk):
    opened = services.conversation_open(language="zh-hans", message=DEPOSIT, visitor_hash="v1")
    started = services.conversation_start(language="zh-hans", visitor_hash="v2")
    answered = services.conversation_answer(conversation=started, message=DEPOSIT)
    assert opened.reply.articles == answered.reply.articles
    assert opened.reply.articles[0]["slug"] == "deposit-not-credited"
    assert opened.reply.text == answered.reply.text
    conversation = Conversation.objects.get(pk=opened.conversation.pk)
    facts, same = conversation.facts, Conversation.objects.get(pk=started.pk).facts
    assert facts.pop("occurred_at") and same.pop("occurred_at")  # "two hours ago", from each turn's now
    assert facts == same
    assert conversation.suggested_type == "deposit_withdrawal"
    assert conversation.visitor_hash == "v1" and conversation.last_activity_at == opened.visitor_message.created_at
    assert list(conversation.messages.values_list("author", flat=True)) == ["visitor", "assistant"]


def test_a_secret_in_the_first_message_is_never_stored(helpdesk):
    seed = "abandon " * 11 + "about"
    turn = services.conversation_open(language="en", message=f"my seed is {seed}", visitor_hash="v1")
    assert turn.warnings
    assert "abandon" not in Message.objects.get(pk=turn.visitor_message.pk).body


def test_an_error_answering_the_first_message_hands_over_and_keeps_it(helpdesk, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("index gone")

    monkeypatch.setattr("assistant.services.turns.respond", broken)
    turn = services.conversation_open(language="en", message="where is my deposit?", visitor_hash="v1")
    assert turn.reply.handoff and turn.needs_contact
    kept = Message.objects.filter(conversation=turn.conversation, author="visitor")
    assert list(kept.values_list("body", flat=True)) == ["where is my deposit?"]


def test_an_unknown_language_opens_an_english_conversation(helpdesk):
    turn = services.conversation_open(language="xx", message="where is my deposit?", visitor_hash="v1")
    assert turn.conversation.language == "en"


def test_opening_takes_fewer_statements_than_starting_and_answering(helpdesk):
    services.conversation_open(language="en", message="my withdrawal is pending", visitor_hash="v0")  # warm caches
    with CaptureQueriesContext(connection) as opened:
        services.conversation_open(language="en", message="my withdrawal is pending", visitor_hash="v1")
    with CaptureQueriesContext(connection) as separately:
        conversation = services.conversation_start(language="en", visitor_hash="v2")
        services.conversation_answer(conversation=conversation, message="my withdrawal is pending")
    # No update of the new conversation's activity and no read of its earlier messages.
    assert len(opened) <= len(separately) - 2
