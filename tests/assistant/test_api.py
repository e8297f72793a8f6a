"""POST /api/v1/assistant/ and the conversation's endpoints: shapes, hostile input, throttles, scope."""

from decimal import Decimal

import pytest

from assistant.models import Conversation, Message
from tests.conftest import token_client
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

URL = "/api/v1/assistant/"
HASH = "0x" + "ab" * 32


@pytest.fixture
def helpdesk(reference_data, kb_content):
    return None


def ask(client, message, conversation=None, lang="en", **extra):
    body = {"message": message, "lang": lang}
    if conversation:
        body["conversation"] = conversation
    return client.post(URL, body, format="json", **extra)


def test_first_message_returns_the_contract_shape(api_client, helpdesk):
    response = ask(api_client, f"My USDT deposit on TRC20 has not arrived, txid {HASH}")
    assert response.status_code == 200
    data = response.json()
    contract = {"conversation", "reply", "articles", "extracted", "suggested_type", "urgent", "handoff", "warnings"}
    assert contract <= set(data)
    assert len(data["conversation"]) >= 32 and not data["conversation"].isdigit()
    assert data["articles"][0]["slug"] == "deposit-not-credited"
    assert set(data["articles"][0]) == {"slug", "title", "url", "score"}
    assert data["articles"][0]["url"].startswith("/en/kb/a/")
    assert set(data["extracted"]) == {"transaction_ids", "addresses", "assets", "networks", "amounts", "references"}
    assert data["extracted"]["transaction_ids"] == [HASH] and data["suggested_type"] == "deposit_withdrawal"
    assert data["urgent"] is False and data["handoff"] is False and data["warnings"] == []
    # the conversation continues with the id it returned
    again = ask(api_client, "thanks", conversation=data["conversation"])
    assert again.json()["conversation"] == data["conversation"]
    assert Message.objects.filter(conversation__public_id=data["conversation"]).count() == 4


def test_done_when_scenario_in_chinese(api_client, helpdesk):
    text = f"USDT 走 TRC20 充了 300 U 两个小时还没到账，交易哈希 {HASH}"
    first = ask(api_client, text, lang="zh-hans").json()
    assert first["articles"][0]["slug"] == "deposit-not-credited" and first["articles"][0]["url"].startswith(
        "/zh-hans/"
    )
    assert first["extracted"]["assets"] == ["USDT"] and first["extracted"]["networks"] == ["TRC20"]
    assert first["extracted"]["amounts"][0]["value"] == "300" and first["extracted"]["transaction_ids"] == [HASH]
    person = ask(api_client, "转人工", conversation=first["conversation"], lang="zh-hans").json()
    assert person["handoff"] is True and person["needs_contact"] is True
    handoff = api_client.post(
        f"{URL}{first['conversation']}/handoff/", {"contact_email": "lin@example.com"}, format="json"
    )
    assert handoff.status_code == 201
    reference = handoff.json()["reference"]
    assert reference in handoff.json()["message"]
    ticket = Ticket.objects.get(reference=reference)
    assert (ticket.asset, ticket.network, ticket.transaction_id, ticket.amount) == (
        "USDT",
        "TRC20",
        HASH,
        Decimal("300"),
    )
    assert text in ticket.description and "转人工" in ticket.description and ticket.language == "zh-hans"
    transcript = api_client.get(f"{URL}{first['conversation']}/").json()
    assert transcript["state"] == "ticket" and transcript["reference"] == reference
    assert api_client.post(f"{URL}{first['conversation']}/handoff/", {}, format="json").status_code == 200


def test_the_conversation_and_its_handoff_work_while_redis_is_down(api_client, helpdesk, unreachable_cache):
    # Throttles, the search's index version and the presence of agents all live in Redis: none of
    # them may cost the visitor an answer or the ticket.
    first = ask(api_client, f"My USDT deposit on TRC20 has not arrived, txid {HASH}").json()
    assert first["articles"][0]["slug"] == "deposit-not-credited"
    assert ask(api_client, "agent please", conversation=first["conversation"]).json()["handoff"] is True
    handoff = api_client.post(
        f"{URL}{first['conversation']}/handoff/", {"contact_email": "lin@example.com"}, format="json"
    )
    assert handoff.status_code == 201
    assert Ticket.objects.get(reference=handoff.json()["reference"]).transaction_id == HASH


def test_emergency_is_urgent_with_the_freeze_and_a_handoff_in_one_turn(api_client, helpdesk):
    data = ask(api_client, "my account was hacked, someone withdrew my BTC").json()
    assert data["urgent"] is True and data["handoff"] is True
    assert data["freeze_url"] == "/en/tickets/freeze/" and data["needs_contact"] is True


def test_signed_in_emergency_becomes_a_ticket_in_the_same_turn(customer, helpdesk):
    data = ask(token_client(customer), "someone stole my USDT, not me!").json()
    assert data["ticket"]["reference"] and data["ticket"]["priority"] == "urgent" and data["state"] == "ticket"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"message": ""},
        {"message": "x" * 2001},
        {"message": ["a", "b"]},
        {"message": {"$gt": ""}},
        {"message": "hi\x00there"},
        {"message": "hi", "lang": "fr"},
        {"message": "hi", "conversation": "y" * 65},
        {"message": "hi", "conversation": "abc\x07"},
    ],
)
def test_hostile_input_is_a_clear_400(api_client, helpdesk, body):
    response = api_client.post(URL, body, format="json")
    assert response.status_code == 400 and "errors" in response.json()


def test_malformed_json_is_a_400(api_client, helpdesk):
    response = api_client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_a_long_question_with_identifiers_works(api_client, helpdesk):
    story = ("I sent it from my other exchange wallet and waited, " * 30)[:1800]
    response = ask(api_client, f"{story} my USDT deposit via TRC20 is not credited, txid {HASH}")
    assert response.status_code == 200 and response.json()["articles"]


def test_an_unknown_or_foreign_conversation_is_404(api_client, helpdesk):
    assert api_client.get(f"{URL}{'z' * 32}/").status_code == 404
    assert ask(api_client, "hello", conversation="z" * 32).status_code == 404
    assert (
        api_client.post(f"{URL}{'z' * 32}/handoff/", {"contact_email": "a@example.com"}, format="json").status_code
        == 404
    )


def test_one_visitor_cannot_read_another(api_client, helpdesk):
    from rest_framework.test import APIClient

    mine = ask(api_client, "my secret withdrawal question about USDT").json()["conversation"]
    other = APIClient()
    theirs = ask(other, "trading fees?", REMOTE_ADDR="10.0.0.7").json()["conversation"]
    assert mine != theirs
    transcript = other.get(f"{URL}{theirs}/").json()
    assert all("withdrawal question" not in m["body"] for m in transcript["messages"])


def test_transcript_after_returns_only_newer(api_client, helpdesk):
    data = ask(api_client, "hello").json()
    conversation = data["conversation"]
    whole = api_client.get(f"{URL}{conversation}/").json()
    assert [m["author"] for m in whole["messages"]] == ["visitor", "assistant"]
    first_id = whole["messages"][0]["id"]
    newer = api_client.get(f"{URL}{conversation}/", {"after": first_id}).json()
    assert [m["author"] for m in newer["messages"]] == ["assistant"]
    assert api_client.get(f"{URL}{conversation}/", {"after": "abc"}).status_code == 400


def test_handoff_needs_an_address_when_not_signed_in(api_client, helpdesk):
    conversation = ask(api_client, "hello").json()["conversation"]
    response = api_client.post(f"{URL}{conversation}/handoff/", {}, format="json")
    assert response.status_code == 400 and "contact_email" in response.json()["errors"]
    bad = api_client.post(f"{URL}{conversation}/handoff/", {"contact_email": "nope"}, format="json")
    assert bad.status_code == 400


def test_visitor_messages_only_while_with_a_person(api_client, helpdesk):
    conversation = ask(api_client, "hello").json()["conversation"]
    assert api_client.post(f"{URL}{conversation}/messages/", {"body": "hi"}, format="json").status_code == 409
    Conversation.objects.filter(public_id=conversation).update(state="waiting_for_agent")
    response = api_client.post(f"{URL}{conversation}/messages/", {"body": "hi"}, format="json")
    assert response.status_code == 201 and response.json()["author"] == "visitor"
    silent = ask(api_client, "are you there?", conversation=conversation).json()
    assert silent["reply"] == "" and silent["handoff"] is True


def test_feedback_on_a_reply(api_client, helpdesk):
    data = ask(api_client, "how do I enable 2FA").json()
    url = f"{URL}{data['conversation']}/feedback/"
    assert api_client.post(url, {"message": data["message_id"], "helpful": False}, format="json").status_code == 200
    assert Message.objects.get(pk=data["message_id"]).helpful is False
    assert (
        api_client.post(url, {"message": data["visitor_message_id"], "helpful": False}, format="json").status_code
        == 400
    )


def test_ticket_status_only_to_its_owner(customer, other_customer, helpdesk):
    from tickets import services as ticket_services
    from tickets.models import TicketType

    ticket = ticket_services.ticket_create(
        data=ticket_services.TicketInput(
            title="Help", description="stuck", type=TicketType.objects.get(slug="other"), contact_email=customer.email
        ),
        requester=customer,
    )
    question = f"status of ticket {ticket.reference}?"
    assert ticket.reference in ask(token_client(customer), question).json()["reply"]
    assert ticket.reference not in ask(token_client(other_customer), question).json()["reply"]


def test_secrets_are_redacted_and_warned(api_client, helpdesk):
    phrase = "abandon ability able about above absent absorb abstract absurd abuse access accident"
    data = ask(api_client, f"my seed is {phrase}").json()
    assert data["warnings"][0]["code"] == "secret_redacted" and data["warnings"][0]["kind"] == "seed_phrase"
    assert not Message.objects.filter(body__contains="abandon").exists()


def test_messages_are_throttled(api_client, helpdesk, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "assistant": "2/min"},
    }
    codes = [ask(api_client, "hello").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_handoffs_are_throttled(api_client, helpdesk, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "assistant_handoff": "1/min"},
    }
    conversation = ask(api_client, "hello").json()["conversation"]
    url = f"{URL}{conversation}/handoff/"
    assert api_client.post(url, {"contact_email": "a@example.com"}, format="json").status_code == 201
    assert api_client.post(url, {"contact_email": "a@example.com"}, format="json").status_code == 429


def test_a_closed_conversation_starts_a_new_one(api_client, helpdesk):
    conversation = ask(api_client, "hello").json()["conversation"]
    Conversation.objects.filter(public_id=conversation).update(state="closed")
    assert ask(api_client, "hello again", conversation=conversation).json()["conversation"] != conversation


def test_the_page_and_the_api_share_one_message_allowance(api_client, client, helpdesk, settings):
    # Counted under one key (supportdesk.limits.writer_key): switching channel gives no new allowance.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "assistant": "2/min"},
    }
    assert ask(api_client, "hello").status_code == 200
    assert client.post("/en/assistant/", {"message": "hello"}).status_code == 302
    assert client.post("/en/assistant/", {"message": "hello"}).status_code == 429
    assert ask(api_client, "hello").status_code == 429
