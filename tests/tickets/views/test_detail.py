"""The conversation page: who may open it, what they see, replying."""

import io
import time
from unittest import mock

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.tickets.make import make_ticket as shared_make_ticket
from tickets import services
from tickets.access import GUEST_LINK_SALT, guest_token
from tickets.models import Message, Screenshot, Status, Ticket


def png_upload(name="reply.png") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 150, 90)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def make_ticket(requester=None, **overrides) -> Ticket:
    facts = {
        "title": "Deposit not credited",
        "description": "Sent 0.1 BTC two hours ago.\nStill nothing.",
        "asset": "BTC",
        "transaction_id": "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16",
        "email": overrides.pop("contact_email", "someone@example.com"),
        **overrides,
    }
    return shared_make_ticket(requester, **facts)


def detail_url(ticket, lang="en") -> str:
    return f"/{lang}/tickets/{ticket.reference}/"


# --- Who may open a ticket -------------------------------------------------------------------------------------


def test_owner_sees_their_ticket_with_its_facts(client, customer):
    ticket = make_ticket(requester=customer)
    client.force_login(customer)

    response = client.get(detail_url(ticket))

    assert response.status_code == 200
    content = response.content.decode()
    assert ticket.reference in content
    assert "Deposit not credited" in content
    assert "Sent 0.1 BTC two hours ago.<br>Still nothing." in content
    assert "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16" in content
    assert "Received" in content  # the customer's word for a new ticket
    assert "no-store" in response["Cache-Control"]


def test_owner_may_use_a_lower_case_reference(client, customer):
    ticket = make_ticket(requester=customer)
    client.force_login(customer)

    assert client.get(f"/en/tickets/{ticket.reference.lower()}/").status_code == 200


def test_another_customer_gets_404(client, customer, other_customer):
    ticket = make_ticket(requester=customer)
    client.force_login(other_customer)

    assert client.get(detail_url(ticket)).status_code == 404
    assert client.get(detail_url(ticket) + "created/").status_code == 404
    assert client.post(detail_url(ticket), {"body": "hello"}).status_code == 404
    assert not Message.objects.exists()


def test_anonymous_visitor_gets_404_not_a_login_prompt(client, customer):
    ticket = make_ticket(requester=customer)

    assert client.get(detail_url(ticket)).status_code == 404


@pytest.mark.parametrize("reference", ["SD-ZZZZZZ", "SD-22222", "1", "..%2F..%2Fetc%2Fpasswd", "SD-" + "A" * 5000])
def test_unknown_or_malformed_reference_is_404(client, customer, reference):
    client.force_login(customer)

    response = client.get(f"/en/tickets/{reference}/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_agent_may_open_a_customer_ticket(client, customer, agent):
    ticket = make_ticket(requester=customer)
    client.force_login(agent)

    assert client.get(detail_url(ticket)).status_code == 200


# --- Guests with the signed link -------------------------------------------------------------------------------


def test_guest_with_a_valid_token_is_let_in_and_the_token_is_dropped_from_the_address(client, reference_data):
    ticket = make_ticket()

    response = client.get(detail_url(ticket), {"token": guest_token(ticket)})

    assert response.status_code == 302
    assert response["Location"] == detail_url(ticket)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Deposit not credited" in page.content.decode()
    # The session remembers: the confirmation page opens too, and in the other language.
    assert client.get(detail_url(ticket) + "created/").status_code == 200
    assert client.get(detail_url(ticket, "zh-hans")).status_code == 200


def test_without_the_token_a_guest_ticket_is_404(client, reference_data):
    ticket = make_ticket()

    assert client.get(detail_url(ticket)).status_code == 404


@pytest.mark.parametrize("token", ["forged", "", "x" * 10_000, "SD-AAAAAA:1abcde:bad-signature"])
def test_a_forged_token_is_404(client, reference_data, token):
    ticket = make_ticket()

    assert client.get(detail_url(ticket), {"token": token}).status_code == 404


def test_a_token_signed_with_another_key_or_salt_is_404(client, reference_data):
    ticket = make_ticket()

    other_key = signing.dumps(ticket.reference, salt=GUEST_LINK_SALT, key="not-our-secret-key-0123456789abcdef")
    other_salt = signing.dumps(ticket.reference, salt="some.other.purpose")

    assert client.get(detail_url(ticket), {"token": other_key}).status_code == 404
    assert client.get(detail_url(ticket), {"token": other_salt}).status_code == 404


def test_an_expired_token_is_404(client, reference_data):
    ticket = make_ticket()
    a_year_ago = time.time() - 365 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=a_year_ago):
        token = guest_token(ticket)

    assert client.get(detail_url(ticket), {"token": token}).status_code == 404


def test_a_token_for_one_ticket_does_not_open_another(client, reference_data):
    mine, other = make_ticket(), make_ticket()

    response = client.get(detail_url(other), {"token": guest_token(mine)})

    assert response.status_code == 404
    assert client.get(detail_url(mine)).status_code == 404  # nothing was remembered either


def test_a_token_does_not_open_a_ticket_that_belongs_to_an_account(client, customer):
    ticket = make_ticket(requester=customer)

    assert client.get(detail_url(ticket), {"token": guest_token(ticket)}).status_code == 404
    assert client.get(detail_url(ticket)).status_code == 404


# --- What the customer sees ------------------------------------------------------------------------------------


def test_internal_notes_are_never_shown_to_the_customer(client, customer, agent):
    ticket = make_ticket(requester=customer)
    services.ticket_reply(
        ticket=ticket, author=agent, body="INTERNAL: customer looks like a scam victim", internal=True
    )
    services.ticket_reply(ticket=ticket, author=agent, body="We are checking with the wallet team.")
    client.force_login(customer)

    content = client.get(detail_url(ticket)).content.decode()

    assert "INTERNAL: possible scam victim" not in content
    assert "We are checking with the wallet team." in content
    assert "Support agent" in content


def test_internal_note_screenshots_are_not_linked_for_the_customer(client, customer, agent):
    from tickets.images import sanitize_image

    ticket = make_ticket(requester=customer)
    note = services.ticket_reply(
        ticket=ticket, author=agent, body="note", internal=True, screenshots=[sanitize_image(png_upload("x.png"))]
    )
    shot = Screenshot.objects.get(message=note)
    client.force_login(customer)

    content = client.get(detail_url(ticket)).content.decode()

    assert reverse("screenshot", args=[shot.public_id]) not in content


def test_messages_are_shown_as_text(client, customer):
    ticket = make_ticket(requester=customer)
    services.ticket_reply(ticket=ticket, author=customer, body="<script>alert(1)</script>\n[x](javascript:alert(1))")
    client.force_login(customer)

    content = client.get(detail_url(ticket)).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>[x](javascript:alert(1))" in content
    assert 'href="javascript:' not in content


def test_the_first_response_promise_shows_until_support_answers(client, customer, agent):
    ticket = make_ticket(requester=customer)
    client.force_login(customer)
    assert "We aim to reply" in client.get(detail_url(ticket)).content.decode()

    services.ticket_reply(ticket=ticket, author=agent, body="Hello, looking into it.")

    assert "We aim to reply" not in client.get(detail_url(ticket)).content.decode()


# --- Replying --------------------------------------------------------------------------------------------------


def test_owner_replies_with_a_screenshot(client, customer):
    ticket = make_ticket(requester=customer)
    client.force_login(customer)

    response = client.post(detail_url(ticket), {"body": "Here is the explorer page.", "screenshots": [png_upload()]})

    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(ticket)}#message-{message.pk}"
    assert message.author == customer
    assert message.author_role == Message.AuthorRole.CUSTOMER
    assert message.channel == "web"
    assert not message.internal
    shot = message.screenshots.get()
    assert shot.original_name == "reply.png"
    page = client.get(detail_url(ticket)).content.decode()
    assert "Here is the explorer page." in page
    assert reverse("screenshot", args=[shot.public_id]) in page
    assert "Your reply was sent." in page


def test_guest_replies_through_the_remembered_ticket(client, reference_data):
    ticket = make_ticket()
    client.get(detail_url(ticket), {"token": guest_token(ticket)})

    response = client.post(detail_url(ticket), {"body": "Any news?"})

    assert response.status_code == 302
    message = Message.objects.get()
    assert message.author is None
    assert message.author_role == Message.AuthorRole.CUSTOMER


def test_a_customer_cannot_post_an_internal_note(client, customer):
    ticket = make_ticket(requester=customer)
    client.force_login(customer)

    client.post(detail_url(ticket), {"body": "pretend note", "internal": "true", "author_role": "agent"})

    message = Message.objects.get()
    assert not message.internal
    assert message.author_role == Message.AuthorRole.CUSTOMER


@pytest.mark.parametrize(
    "data",
    [
        {"body": ""},
        {"body": "x" * 10001},
        {"body": "ok", "screenshots": [SimpleUploadedFile("x.svg", b"<svg><script>alert(1)</script></svg>")]},
    ],
    ids=["empty", "too-long", "svg"],
)
def test_a_bad_reply_is_refused_and_nothing_is_stored(client, customer, data):
    ticket = make_ticket(requester=customer)
    client.force_login(customer)

    response = client.post(detail_url(ticket), data)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Message.objects.exists()
    assert not Screenshot.objects.exists()


def test_a_closed_ticket_has_no_reply_form_and_refuses_a_reply_with_a_message(client, customer, agent):
    ticket = make_ticket(requester=customer)
    services.ticket_change_status(ticket=ticket, actor=agent, status=Status.CLOSED)
    client.force_login(customer)

    page = client.get(detail_url(ticket)).content.decode()
    assert "This ticket is closed" in page
    assert 'name="body"' not in page
    assert reverse("tickets:new") in page

    response = client.post(detail_url(ticket), {"body": "Please reopen"}, follow=True)

    assert response.redirect_chain == [(detail_url(ticket), 302)]
    assert "This ticket is closed. Please open a new ticket." in response.content.decode()
    assert not Message.objects.exists()


def test_another_browser_cannot_reply_to_a_guest_ticket(reference_data):
    ticket = make_ticket()

    response = Client().post(detail_url(ticket), {"body": "hijack"})

    assert response.status_code == 404
    assert not Message.objects.exists()
