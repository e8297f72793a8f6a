"""A typed e-mail address is a claim; a verified one is an identity.

Sign-up confirms the address with a signed, expiring link; "forgot password" works through Django's
views with the same answer for every address; guest tickets join an account once (and only once)
its address is proven; a password reset ends every other session and revokes API tokens.
"""

import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.tokens import email_verification_token
from tests.conftest import token_client
from tests.factories import UserFactory
from tickets import services
from tickets.access import guest_token
from tickets.models import Ticket, TicketEvent, TicketType

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase-42"


def _guest_ticket(email: str, *, title: str = "Withdrawal pending") -> Ticket:
    return services.ticket_create(
        data=services.TicketInput(
            title=title, description="Since yesterday", type=TicketType.objects.get(slug="other"), contact_email=email
        )
    )


def _account(email="lin@example.com", **fields):
    user = UserFactory(username=email, email=email, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def _link_path(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def _verify_path(user) -> str:
    return f"/en/accounts/verify/{email_verification_token(user)}/"


# -- confirming the address -----------------------------------------------------------------------


def test_the_mailed_link_shows_a_button_and_confirming_signs_in(client, reference_data, mailoutbox):
    client.post(
        "/en/accounts/signup/",
        {"email": "lin@example.com", "name": "Lin", "password1": PASSWORD, "password2": PASSWORD},
    )
    path = _link_path(mailoutbox[0])
    page = client.get(path)
    assert page.status_code == 200 and "Confirm my address" in page.content.decode()
    user = get_user_model().objects.get()
    assert user.email_verified_at is None, "opening the link (a mail scanner does) confirms nothing"

    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/en/tickets/"
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)

    # A second use confirms nothing new and signs nobody else in.
    other = Client()
    other.post(path)
    assert "_auth_user_id" not in other.session


@pytest.mark.parametrize("token", ["forged", "x" * 400, "WyJ4Il0:1abc:zzz"])
def test_a_forged_link_is_refused(client, reference_data, token):
    _account()
    response = client.get(f"/en/accounts/verify/{token}/")
    assert response.status_code == 400 and "This link does not work" in response.content.decode()
    assert client.post(f"/en/accounts/verify/{token}/").status_code == 400


def test_an_expired_link_and_a_link_for_an_old_address_are_refused(client, reference_data):
    user = _account()
    with mock.patch("django.core.signing.time.time", return_value=timezone.now().timestamp() - 8 * 24 * 3600):
        old = email_verification_token(user)
    assert client.post(f"/en/accounts/verify/{old}/").status_code == 400
    path = _verify_path(user)
    user.email = "new@example.com"
    user.save()
    assert client.post(path).status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_until_verified_the_account_sees_no_guest_ticket_filed_under_its_address(client, reference_data):
    ticket = _guest_ticket("lin@example.com")
    user = _account()
    client.force_login(user)
    assert ticket.reference not in client.get("/en/tickets/").content.decode()
    assert client.get(f"/en/tickets/{ticket.reference}/").status_code == 404
    assert token_client(user).get(f"/api/v1/tickets/{ticket.reference}/").status_code == 404


def test_verifying_joins_the_guest_tickets_and_the_accounts_tier_applies(client, reference_data):
    ticket = _guest_ticket("LIN@example.com")
    closed = _guest_ticket("lin@example.com", title="Old question")
    services.ticket_change_status(ticket=closed, actor=None, status="closed")
    someone_elses = _guest_ticket("other@example.com")
    user = _account(tier="vip1")
    assert ticket.priority == "low"  # "other" tickets start low; a guest gets no VIP raise

    client.post(_verify_path(user))

    ticket.refresh_from_db()
    assert ticket.requester == user
    assert ticket.priority == "normal", "the VIP raise applies once the ticket is the account's"
    assert Ticket.objects.get(pk=closed.pk).requester == user
    assert Ticket.objects.get(pk=someone_elses.pk).requester is None
    assert ticket.events.filter(kind=TicketEvent.Kind.JOINED_ACCOUNT).exists()
    page = client.get("/en/tickets/").content.decode()
    assert ticket.reference in page and closed.reference in page


def test_a_guest_who_typed_someone_elses_address_loses_the_ticket_when_the_owner_verifies(reference_data):
    impostor = Client()
    impostor.post(
        "/en/tickets/new/",
        {"type": "other", "title": "Hi", "description": "It is me", "contact_email": "lin@example.com"},
    )
    ticket = Ticket.objects.get()
    assert impostor.get(f"/en/tickets/{ticket.reference}/").status_code == 200
    user = _account()
    Client().post(_verify_path(user))
    assert impostor.get(f"/en/tickets/{ticket.reference}/").status_code == 404


def test_a_guest_who_proved_the_address_keeps_the_ticket_when_it_joins_the_account(reference_data):
    user = _account()
    Client().post(_verify_path(user))
    ticket = _guest_ticket("lin@example.com")
    assert ticket.requester is None, "filed after verification: a claim until proven"
    browser = Client()
    browser.get(f"/en/tickets/{ticket.reference}/", {"token": guest_token(ticket)})
    ticket.refresh_from_db()
    assert ticket.contact_verified_at is not None and ticket.requester == user
    assert browser.get(f"/en/tickets/{ticket.reference}/").status_code == 200


def test_a_guest_link_proves_the_address_for_that_ticket_only(reference_data):
    first, second = _guest_ticket("guest@example.com"), _guest_ticket("guest@example.com")
    Client().get(f"/en/tickets/{first.reference}/", {"token": guest_token(first)})
    assert Ticket.objects.get(pk=first.pk).contact_verified_at is not None
    assert Ticket.objects.get(pk=second.pk).contact_verified_at is None


def test_asking_for_a_new_link_is_limited(client, reference_data, mailoutbox, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "verify_resend": "2/hour"},
    }
    client.force_login(_account())
    for _ in range(4):
        client.post("/en/accounts/verify/resend/")
    assert len(mailoutbox) == 2


# -- forgot password --------------------------------------------------------------------------------


def test_the_sign_in_page_offers_a_password_reset(client, db):
    assert 'href="/en/accounts/password/reset/"' in client.get("/en/accounts/signin/").content.decode()


def test_a_reset_answers_the_same_for_an_unknown_address_and_mails_only_a_known_one(client, reference_data, mailoutbox):
    _account()
    known = client.post("/en/accounts/password/reset/", {"email": "LIN@example.com"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/en/accounts/password/reset/sent/"
    [mail] = mailoutbox
    assert mail.to == ["lin@example.com"] and "/en/accounts/password/reset/" in mail.body


def test_a_reset_ends_every_session_revokes_api_tokens_and_proves_the_address(reference_data, mailoutbox):
    user = _account()
    ticket = _guest_ticket("lin@example.com")
    elsewhere = Client()
    elsewhere.post("/en/accounts/signin/", {"username": "lin@example.com", "password": PASSWORD})
    assert elsewhere.get("/en/tickets/").status_code == 200
    Token.objects.create(user=user)

    browser = Client()
    browser.post("/en/accounts/password/reset/", {"email": "lin@example.com"})
    form_page = browser.get(_link_path(mailoutbox[0]), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "another-unusual-passphrase-77"
    response = browser.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/password/reset/done/"

    user.refresh_from_db()
    assert user.check_password(new)
    assert user.email_verified_at is not None
    assert Ticket.objects.get(pk=ticket.pk).requester == user
    assert not Token.objects.filter(user=user).exists()
    assert elsewhere.get("/en/tickets/").status_code == 302, "the other session was signed out"
    # The link works once.
    assert "This link does not work" in browser.get(_link_path(mailoutbox[0]), follow=True).content.decode()


def test_reset_requests_are_limited_per_network_and_per_address(client, reference_data, mailoutbox, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "password_reset": "5/hour", "password_reset_email": "2/hour"},
    }
    _account()
    for _ in range(5):
        assert client.post("/en/accounts/password/reset/", {"email": "lin@example.com"}).status_code == 302
    assert len(mailoutbox) == 2, "at most two mails per address and window"
    response = client.post("/en/accounts/password/reset/", {"email": "lin@example.com"})
    assert response.status_code == 429
