"""The assistant's services against a real database: turns, facts across turns, handoff, states."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from assistant import services
from assistant.exceptions import ContactNeeded, ConversationClosed, InvalidTransition
from assistant.models import Conversation, Message
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

HASH = "0x" + "3f" * 32
DEPOSIT = f"USDT 走 TRC20 充了 300 U 两个小时还没到账，交易哈希 {HASH}"


@pytest.fixture
def helpdesk(reference_data, kb_content):
    return None


def start(language="en", user=None):
    return services.conversation_start(language=language, user=user, visitor_hash="v1")


def test_chinese_deposit_question_gets_the_deposit_article_and_its_facts(helpdesk):
    conversation = start("zh-hans")
    turn = services.conversation_answer(conversation=conversation, message=DEPOSIT)
    assert turn.reply.articles[0]["slug"] == "deposit-not-credited"
    assert turn.reply.passage and turn.reply.passage["article"] == "deposit-not-credited"
    assert not turn.reply.low_confidence and not turn.reply.handoff
    conversation.refresh_from_db()
    facts = conversation.facts
    assert facts["assets"] == ["USDT"] and facts["networks"] == ["TRC20"] and facts["transaction_ids"] == [HASH]
    assert facts["amounts"][0]["value"] == "300"
    assert conversation.suggested_type == "deposit_withdrawal"
    # the reply asks only for what is still missing
    assert not any("TXID" in item for item in turn.reply.prepare)


def test_asking_for_a_person_then_handing_over_files_a_ticket_with_the_facts(helpdesk):
    conversation = start("zh-hans")
    services.conversation_answer(conversation=conversation, message=DEPOSIT)
    turn = services.conversation_answer(conversation=conversation, message="转人工")
    assert turn.reply.handoff and turn.needs_contact and turn.handoff is None
    result = services.conversation_handoff(conversation=conversation, contact_email="lin@example.com")
    ticket = Ticket.objects.get(reference=result.reference)
    assert (ticket.transaction_id, ticket.asset, ticket.network, ticket.amount) == (
        HASH,
        "USDT",
        "TRC20",
        Decimal("300"),
    )
    assert ticket.type.slug == "deposit_withdrawal" and ticket.channel == "assistant"
    assert DEPOSIT in ticket.description and "转人工" in ticket.description
    assert ticket.occurred_at is not None
    assert result.state == Conversation.State.TICKET and ticket.reference in result.message
    conversation.refresh_from_db()
    assert conversation.ticket_id == ticket.pk and conversation.state == "ticket"
    # a second handoff returns the same ticket
    again = services.conversation_handoff(conversation=conversation, contact_email="lin@example.com")
    assert again.reference == ticket.reference and Ticket.objects.count() == 1


def test_an_emergency_is_urgent_offers_the_freeze_and_hands_over_in_the_same_turn(helpdesk, customer):
    conversation = start("en", user=customer)
    turn = services.conversation_answer(
        conversation=conversation, message="my account was hacked, someone withdrew my BTC", user=customer
    )
    assert turn.reply.intent == "emergency" and turn.reply.freeze_url == "/en/tickets/freeze/"
    ticket = turn.handoff.ticket
    assert ticket.priority == "urgent" and ticket.tier == 3 and ticket.requester == customer
    assert ticket.asset == "BTC"
    conversation.refresh_from_db()
    assert conversation.urgent and conversation.state == "ticket"


@pytest.mark.parametrize(
    ("language", "emergency"),
    [("en", "my account was hacked, someone withdrew my BTC"), ("zh-hans", "账户被盗了，有人把我的 BTC 提走了")],
)
def test_an_emergency_told_after_the_ticket_makes_that_ticket_urgent_at_the_top_tier(helpdesk, language, emergency):
    conversation = start(language)
    services.conversation_answer(conversation=conversation, message=DEPOSIT)
    filed = services.conversation_handoff(conversation=conversation, contact_email="lin@example.com").ticket
    assert filed.priority != "urgent" and filed.tier == 1

    turn = services.conversation_answer(conversation=conversation, message=emergency)
    assert turn.reply.intent == "emergency" and turn.reply.freeze_url
    ticket = Ticket.objects.get(pk=filed.pk)
    assert turn.handoff.ticket.pk == ticket.pk and Ticket.objects.count() == 1  # the same ticket, not a second
    assert (ticket.priority, ticket.tier) == ("urgent", 3) and turn.handoff.as_dict()["priority"] == "urgent"
    assert ticket.first_response_due < filed.first_response_due
    escalated = ticket.events.get(kind="escalated")
    assert emergency in escalated.after["reason"]


def test_a_failure_raising_the_ticket_still_shows_it_and_asks_for_no_address(helpdesk, monkeypatch):
    from assistant.services import turns

    conversation = start("en")
    services.conversation_answer(conversation=conversation, message="My USDT withdrawal is stuck")
    filed = services.conversation_handoff(conversation=conversation, contact_email="lin@example.com").ticket

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(turns, "ticket_declare_emergency", broken)
    turn = services.conversation_answer(conversation=conversation, message="my account was hacked")
    assert turn.reply.intent == "emergency" and not turn.needs_contact
    assert turn.handoff.ticket.pk == filed.pk


def test_an_anonymous_emergency_asks_for_an_address_in_the_same_turn(helpdesk):
    conversation = start("en")
    turn = services.conversation_answer(
        conversation=conversation, message="my account was hacked, someone withdrew my BTC"
    )
    assert turn.reply.handoff and turn.needs_contact and turn.reply.freeze_url
    assert Conversation.objects.get(pk=conversation.pk).urgent
    with pytest.raises(ContactNeeded):
        services.conversation_handoff(conversation=conversation)


def test_facts_are_kept_across_turns(helpdesk):
    conversation = start("en")
    services.conversation_answer(conversation=conversation, message="My USDT withdrawal is stuck")
    services.conversation_answer(conversation=conversation, message=f"network TRC20, txid {HASH}")
    conversation.refresh_from_db()
    assert conversation.facts["assets"] == ["USDT"] and conversation.facts["networks"] == ["TRC20"]
    assert conversation.facts["transaction_ids"] == [HASH]


def test_a_secret_is_removed_before_it_is_stored_and_warned_about(helpdesk):
    phrase = "abandon ability able about above absent absorb abstract absurd abuse access accident"
    conversation = start("en")
    turn = services.conversation_answer(conversation=conversation, message=f"my seed phrase is {phrase}, help")
    assert [w["kind"] for w in turn.warnings] == ["seed_phrase"]
    stored = Message.objects.filter(conversation=conversation, author="visitor").get()
    assert "abandon" not in stored.body and "[redacted: seed_phrase]" in stored.body


def test_nonsense_is_answered_honestly(helpdesk):
    conversation = start("en")
    turn = services.conversation_answer(conversation=conversation, message="purple elephants juggling marmalade")
    assert turn.reply.low_confidence and turn.reply.offer_person
    assert Message.objects.get(conversation=conversation, author="assistant").low_confidence


def test_ticket_status_only_for_its_owner(helpdesk, customer, other_customer):
    from tickets import services as ticket_services
    from tickets.models import TicketType

    ticket = ticket_services.ticket_create(
        data=ticket_services.TicketInput(
            title="Withdrawal", description="stuck", type=TicketType.objects.get(slug="other"),
            contact_email=customer.email,
        ),
        requester=customer,
    )  # fmt: skip
    question = f"any update on {ticket.reference}?"
    mine = services.conversation_answer(conversation=start(user=customer), message=question, user=customer)
    assert ticket.reference in mine.reply.text and "/tickets/" in mine.reply.text
    theirs = services.conversation_answer(
        conversation=start(user=other_customer), message=question, user=other_customer
    )
    unknown = services.conversation_answer(
        conversation=start(user=other_customer), message="any update on SD-AAAAAA?", user=other_customer
    )
    assert ticket.reference not in theirs.reply.text
    assert theirs.reply.text == unknown.reply.text  # no difference between someone else's and none


def test_is_this_really_you_is_answered_with_the_verdict(helpdesk):
    from safety.reference import official_channels_seed

    official_channels_seed()
    turn = services.conversation_answer(
        conversation=start("en"), message="Is support@supportdesk.com really your email?"
    )
    assert turn.reply.intent == "verify_channel" and turn.reply.verdict["official"] is True
    fake = services.conversation_answer(conversation=start("en"), message="is supportdesk-help.com official?")
    assert fake.reply.verdict["official"] is False


def test_an_error_in_the_bot_hands_over_and_keeps_the_message(helpdesk, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("index gone")

    monkeypatch.setattr("assistant.services.turns.respond", broken)
    conversation = start("en")
    turn = services.conversation_answer(conversation=conversation, message="where is my deposit?")
    assert turn.reply.handoff and turn.needs_contact
    assert Message.objects.filter(conversation=conversation, author="visitor", body="where is my deposit?").exists()


def test_once_an_agent_replies_the_bot_never_answers(helpdesk, agent):
    conversation = start("en")
    services.conversation_move(conversation, Conversation.State.WAITING_FOR_AGENT)
    services.conversation_agent_reply(conversation=conversation, agent=agent, body="Hi, I am Ana.")
    conversation.refresh_from_db()
    assert conversation.state == "with_agent"
    turn = services.conversation_answer(conversation=conversation, message="thanks, my deposit is missing")
    assert turn.reply is None and turn.reply_message is None
    assert not Message.objects.filter(conversation=conversation, author="assistant").exists()
    message, warnings = services.conversation_visitor_message(conversation=conversation, body="still there?")
    assert message.author == "visitor" and warnings == []


def test_transitions_follow_the_table(helpdesk):
    conversation = start("en")
    with pytest.raises(InvalidTransition):
        services.conversation_move(conversation, Conversation.State.WITH_AGENT)
    services.conversation_move(conversation, Conversation.State.CLOSED)
    with pytest.raises(InvalidTransition):
        services.conversation_move(conversation, Conversation.State.BOT)
    with pytest.raises(ConversationClosed):
        services.conversation_answer(conversation=conversation, message="hello")
    assert services.agent_available(None) is False


def test_a_stale_writer_loses_the_race(helpdesk):
    conversation = start("en")
    stale = Conversation.objects.get(pk=conversation.pk)
    services.conversation_move(conversation, Conversation.State.CLOSED)
    with pytest.raises(InvalidTransition):
        services.conversation_move(stale, Conversation.State.WAITING_FOR_AGENT)


def test_retention_closes_idle_and_purges_old_conversations(helpdesk, settings):
    settings.ASSISTANT_IDLE_CLOSE_MINUTES = 60
    settings.ASSISTANT_RETENTION_DAYS = 30
    now = datetime(2026, 1, 31, 12, tzinfo=UTC)
    idle = services.conversation_start(language="en", now=now - timedelta(minutes=61))
    fresh = services.conversation_start(language="en", now=now - timedelta(minutes=5))
    old = services.conversation_start(language="en", now=now - timedelta(days=31))
    Message.objects.create(conversation=old, author="visitor", body="hi", created_at=now - timedelta(days=31))
    assert services.conversations_close_idle(now=now) == 2
    assert services.conversations_close_idle(now=now) == 0  # idempotent
    assert Conversation.objects.get(pk=idle.pk).state == "closed"
    assert Conversation.objects.get(pk=fresh.pk).state == "bot"
    assert services.conversations_purge(now=now) == 1
    assert services.conversations_purge(now=now) == 0
    assert not Conversation.objects.filter(pk=old.pk).exists() and not Message.objects.filter(body="hi").exists()


def test_feedback_marks_a_reply_unhelpful_and_it_becomes_a_content_gap(helpdesk):
    from assistant.selectors import content_gaps

    conversation = start("en")
    turn = services.conversation_answer(conversation=conversation, message="how do I turn on two factor")
    services.message_feedback(conversation=conversation, message_id=turn.reply_message.pk, helpful=False)
    gaps = content_gaps(since=datetime(2000, 1, 1, tzinfo=UTC))
    assert gaps and gaps[0]["unhelpful"] == 1
    with pytest.raises(services.NotAnAnswer):
        services.message_feedback(conversation=conversation, message_id=turn.visitor_message.pk, helpful=False)


def test_asking_for_a_person_again_after_the_ticket_shows_the_same_ticket(helpdesk):
    conversation = start("en")
    services.conversation_answer(conversation=conversation, message="my USDT withdrawal is stuck")
    first = services.conversation_handoff(conversation=conversation, contact_email="a@example.com")
    conversation.refresh_from_db()
    turn = services.conversation_answer(conversation=conversation, message="I want a human")
    assert turn.handoff.reference == first.reference and Ticket.objects.count() == 1


def test_a_required_field_we_do_not_know_files_the_ticket_as_other(helpdesk):
    conversation = start("en")
    services.conversation_answer(conversation=conversation, message="my withdrawal is stuck for a day")
    conversation.refresh_from_db()
    assert conversation.suggested_type == "deposit_withdrawal" and not conversation.facts["assets"]
    result = services.conversation_handoff(conversation=conversation, contact_email="a@example.com")
    assert result.ticket.type.slug == "other" and "withdrawal is stuck" in result.ticket.description


def test_a_handover_already_under_way_files_no_second_ticket(helpdesk):
    """ticket_create runs in a transaction of its own, so the row lock cannot cover it: a second
    request while the first is filing (a double click) finds the claim and is refused."""
    conversation = start()
    services.conversation_answer(conversation=conversation, message="I want to talk to a real person")
    Conversation.objects.filter(pk=conversation.pk).update(handed_over_at=datetime.now(UTC))
    with pytest.raises(InvalidTransition):
        services.conversation_handoff(conversation=conversation, contact_email="a@example.com")
    assert Ticket.objects.count() == 0


def test_a_failed_handover_releases_its_claim_and_a_stale_claim_is_taken_again(helpdesk, monkeypatch):
    from assistant.services import handoff

    conversation = start()
    services.conversation_answer(conversation=conversation, message="I want to talk to a real person")

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(handoff, "_file_ticket", broken)
    with pytest.raises(RuntimeError):
        services.conversation_handoff(conversation=conversation, contact_email="a@example.com")
    conversation.refresh_from_db()
    assert conversation.handed_over_at is None and conversation.state == Conversation.State.BOT
    monkeypatch.undo()
    stale = datetime.now(UTC) - handoff.CLAIM_STALE - timedelta(seconds=1)
    Conversation.objects.filter(pk=conversation.pk).update(handed_over_at=stale)
    result = services.conversation_handoff(conversation=conversation, contact_email="a@example.com")
    assert result.reference and Ticket.objects.count() == 1
