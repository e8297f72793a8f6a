"""The secret guard at every edge that writes a ticket or a message (issue 13's acceptance):

pasting a Chinese and an English seed phrase, a WIF key and "my password is ..." into the ticket
form and a reply stores none of them anywhere (every row of every table, and the logs), shows the
warning, and leaves a transaction ID and an address in the same text untouched. Agents may not
ask for a secret, in a reply or a canned response.
"""

import logging

import pytest
from django.apps import apps
from django.core import serializers
from django.test import Client

from tests.conftest import deliver_outbox, token_client
from tests.safety.material import phrase_words, wif
from tests.tickets.make import make_ticket
from tickets import services
from tickets.exceptions import AsksForSecret
from tickets.models import CannedResponse, CustomerNote, Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

ENGLISH_PHRASE = " ".join(phrase_words("english", bytes(range(16))))
CHINESE_PHRASE = " ".join(phrase_words("chinese_simplified", bytes(range(100, 116))))
WIF_KEY = wif(bytes(range(1, 33)), compressed=True)
PASSWORD = "Tr0ub4dor&3-horse"
TXID = "0x" + "ab12" * 16
ADDRESS = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"
SECRETS = (
    " ".join(ENGLISH_PHRASE.split()[:4]),
    " ".join(ENGLISH_PHRASE.split()[-4:]),
    CHINESE_PHRASE[:7],
    WIF_KEY,
    PASSWORD,
)


def _pasted() -> str:
    return (
        f"My withdrawal {TXID} to {ADDRESS} never arrived.\n"
        f"My recovery phrase is {ENGLISH_PHRASE}\n"
        f"助记词：{CHINESE_PHRASE}\n"
        f"WIF {WIF_KEY}\n"
        f"my password is {PASSWORD}"
    )


def _everything_stored() -> str:
    """Every row of every table, as text: a secret must be nowhere."""
    rows = []
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            rows.append(serializers.serialize("json", model.objects.all()))
    return "\n".join(rows)


def _assert_stored_nowhere(caplog):
    stored = _everything_stored()
    logged = caplog.text
    for secret in SECRETS:
        assert secret not in stored, secret
        assert secret not in logged, secret
    assert TXID in stored and ADDRESS in stored, "transaction IDs and addresses are never redacted"


def test_the_ticket_form_and_a_reply_store_no_secret_and_say_so(client, reference_data, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post(
        "/en/tickets/new/",
        {
            "type": "deposit_withdrawal",
            "title": f"Withdrawal stuck, my password is {PASSWORD}",
            "description": _pasted(),
            "asset": "USDT",
            "transaction_id": TXID,
            "attempted_steps": f"I typed {ENGLISH_PHRASE}",
            "contact_email": "lin@example.com",
        },
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "recovery (seed) phrase" in page and "private key" in page and "password" in page
    ticket = Ticket.objects.get()
    assert ticket.transaction_id == TXID
    assert "[redacted: seed_phrase]" in ticket.description and "[redacted: private_key]" in ticket.description
    assert ticket.tags.filter(name="secret removed").exists()
    kinds = ticket.events.get(kind=TicketEvent.Kind.SECRET_REMOVED).after["kinds"]
    assert set(kinds) == {"seed_phrase", "private_key", "password"}

    response = client.post(f"/en/tickets/{ticket.reference}/", {"body": _pasted()}, follow=True)
    assert response.status_code == 200 and "recovery (seed) phrase" in response.content.decode()
    message = Message.objects.get(ticket=ticket)
    assert "[redacted: seed_phrase]" in message.body
    deliver_outbox()
    _assert_stored_nowhere(caplog)


def test_the_api_answers_what_it_removed(customer, reference_data):
    api = token_client(customer)
    response = api.post(
        "/api/v1/tickets/",
        {"title": "Deposit", "description": _pasted(), "type": "other"},
        format="json",
    )
    assert response.status_code == 201, response.content
    kinds = [(w["code"], w["kind"]) for w in response.json()["warnings"]]
    assert kinds == [
        ("secret_redacted", "seed_phrase"),
        ("secret_redacted", "private_key"),
        ("secret_redacted", "password"),
    ]
    reference = response.json()["reference"]
    reply = api.post(f"/api/v1/tickets/{reference}/messages/", {"body": f"2FA code 582916 and {TXID}"}, format="json")
    assert reply.status_code == 201
    assert [w["kind"] for w in reply.json()["warnings"]] == ["otp"]
    assert "582916" not in reply.json()["body"] and TXID in reply.json()["body"]
    assert api.get(f"/api/v1/tickets/{reference}/").json()["warnings"] == [], "only the answer that stored it"


@pytest.mark.parametrize(
    "body",
    [
        "Please send us your 2FA code so we can unlock the account.",
        "请提供您的助记词，以便我们核实。",
        "Could you reply with your password?",
    ],
)
def test_an_agent_may_not_ask_for_a_secret(agent, customer, body):
    ticket = make_ticket(customer)
    with pytest.raises(AsksForSecret):
        services.ticket_reply(ticket=ticket, author=agent, body=body)
    assert not Message.objects.exists()
    # An internal note about the customer is not a request to the customer.
    services.ticket_reply(ticket=ticket, author=agent, body=body, internal=True)


def test_the_ticket_page_and_the_api_refuse_an_agents_request_for_a_secret(client, agent, customer):
    ticket = make_ticket(customer)
    client.force_login(agent)
    response = client.post(
        f"/admin/tickets/ticket/{ticket.pk}/reply/", {"body": "Please send us your seed phrase.", "seen_message": 0}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Support never asks customers for their recovery (seed) phrase" in page
    assert "Please send us your seed phrase." in page, "the draft is kept for rewording"
    api = token_client(agent)
    answer = api.post(
        f"/api/v1/tickets/{ticket.reference}/messages/", {"body": "What is your password?"}, format="json"
    )
    assert answer.status_code == 400 and "body" in answer.json()["errors"]
    assert not Message.objects.exists()


def test_a_canned_response_that_asks_for_a_secret_is_refused(client, admin_user, reference_data):
    client.force_login(admin_user)
    response = client.post(
        "/admin/tickets/cannedresponse/add/",
        {"title": "Unlock", "language": "en", "body": "Please send us your 2FA code.", "position": 0, "active": "on"},
    )
    assert response.status_code == 200
    assert "Support never asks customers for their 2FA" in response.content.decode()
    assert not CannedResponse.objects.exists()


def test_notes_and_repeated_freezes_are_guarded_too(agent, customer, reference_data):
    ticket = make_ticket(customer)
    note = services.customer_note_add(ticket=ticket, body=f"He pasted {ENGLISH_PHRASE}", author=agent)
    assert ENGLISH_PHRASE.split()[2] not in note.body
    request = services.FreezeRequest(contact_email="v@example.com", what_happened=f"my password is {PASSWORD}")
    first = services.ticket_emergency_freeze(data=request)
    services.ticket_emergency_freeze(data=request)  # folds: the repeat's text is guarded too
    assert PASSWORD not in _everything_stored()
    assert first.ticket.events.filter(kind=TicketEvent.Kind.SECRET_REMOVED).exists()


def test_the_browser_asks_the_guard_while_typing(reference_data):
    client = Client()
    page = client.get("/en/tickets/new/?type=deposit_withdrawal").content.decode()
    assert 'data-secret-guard="/api/v1/guard/check/"' in page and "js/secret-guard.js" in page
    response = client.post("/api/v1/guard/check/", {"text": _pasted()}, content_type="application/json")
    assert response.status_code == 200
    assert {w["kind"] for w in response.json()["warnings"]} == {"seed_phrase", "private_key", "password"}
    assert all("if you send it, we remove it" in w["message"] for w in response.json()["warnings"]), (
        "nothing was removed yet: the words are for text not sent"
    )
    clean = client.post(
        "/api/v1/guard/check/", {"text": f"I forgot my password, tx {TXID}"}, content_type="application/json"
    )
    assert clean.json() == {"warnings": []}
    assert not CustomerNote.objects.exists() and not Ticket.objects.exists(), "nothing is stored"
