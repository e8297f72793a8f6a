"""The anti-phishing code: set on the account page or ``PATCH /api/v1/me/``, shown at the top of every
e-mail we send the customer, in both languages, and never shown to anyone else."""

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import deliver_outbox, token_client
from tests.factories import AgentFactory, UserFactory
from tests.tickets.make import make_ticket
from tickets import services
from tickets.models import Notification

pytestmark = pytest.mark.django_db

CODE = "BlueHeron42"


@pytest.fixture
def lin(reference_data):
    return UserFactory(
        username="lin@example.com", email="lin@example.com", email_verified_at=timezone.now(), anti_phishing_code=CODE
    )


def test_every_mail_to_the_customer_shows_the_code_in_both_languages(lin, agent):
    ticket = make_ticket(lin)
    services.ticket_reply(ticket=ticket, author=agent, body="We are on it.")
    deliver_outbox()
    to_lin = [m for m in mail.outbox if m.to == ["lin@example.com"]]
    assert len(to_lin) == 2  # created, replied
    for message in to_lin:
        assert message.body.startswith(f"Your anti-phishing code: {CODE}\n您的防钓鱼码：{CODE}")


def test_the_code_is_never_stored_in_a_body_agents_read_nor_shown_in_the_admin(lin, client, admin_user):
    make_ticket(lin)
    deliver_outbox()
    assert not Notification.objects.filter(body__contains=CODE).exists()
    client.force_login(admin_user)
    page = client.get(f"/admin/accounts/user/{lin.pk}/change/").content.decode()
    assert CODE not in page and "B••••" in page


def test_the_code_is_not_sent_to_another_address_a_ticket_names(lin):
    make_ticket(lin, email="someone.else@example.com")
    deliver_outbox()
    [other] = [m for m in mail.outbox if m.to == ["someone.else@example.com"]]
    assert CODE not in other.body


def test_an_unverified_address_gets_no_code(reference_data):
    user = UserFactory(username="mei@example.com", email="mei@example.com", anti_phishing_code=CODE)
    make_ticket(user)
    deliver_outbox()
    assert CODE not in mail.outbox[0].body


def test_account_mails_show_it_too(lin, client):
    client.post("/en/accounts/password/reset/", {"email": "lin@example.com"})
    assert mail.outbox[0].body.startswith(f"Your anti-phishing code: {CODE}")


def test_me_api_reads_and_sets_the_profile_and_the_code(lin):
    api = token_client(lin)
    me = api.get("/api/v1/me/").json()
    assert me["anti_phishing_code"] == CODE and me["email_verified"] is True
    response = api.patch(
        "/api/v1/me/", {"anti_phishing_code": "新代码-2024", "phone": "+44 20 7946 0958"}, format="json"
    )
    assert response.status_code == 200, response.content
    lin.refresh_from_db()
    assert (lin.anti_phishing_code, lin.phone) == ("新代码-2024", "+442079460958")
    for bad in (
        {"anti_phishing_code": "abc"},
        {"anti_phishing_code": "x" * 21},
        {"anti_phishing_code": "<b>hi</b>"},
        {"phone": "12345"},
        {"name": "a\x01b"},
        {"email": "new@example.com"},
    ):
        response = api.patch("/api/v1/me/", bad, format="json")
        if "email" in bad:
            assert response.status_code == 200 and response.json()["email"] == "lin@example.com"  # read-only
        else:
            assert response.status_code == 400, bad


def test_nobody_else_reads_the_code_through_the_api(lin, customer):
    ticket = make_ticket(lin)
    agent_view = token_client(AgentFactory()).get(f"/api/v1/tickets/{ticket.reference}/").content.decode()
    assert CODE not in agent_view
    assert token_client(customer).get("/api/v1/me/").json()["anti_phishing_code"] == ""


def test_the_account_page_explains_and_sets_the_code(lin, client):
    client.force_login(lin)
    page = client.get("/zh-hans/account/").content.decode()
    assert "防钓鱼码" in page
    response = client.post(
        "/en/account/", {"first_name": "Lin", "phone": "", "language": "zh-hans", "anti_phishing_code": "Heron-7"}
    )
    assert response.status_code == 302
    lin.refresh_from_db()
    assert (lin.anti_phishing_code, lin.language) == ("Heron-7", "zh-hans")
    assert client.post("/en/account/", {"language": "en", "anti_phishing_code": "a"}).status_code == 400


def test_the_account_page_needs_a_signed_in_customer(client):
    assert client.get("/en/account/").status_code == 302
