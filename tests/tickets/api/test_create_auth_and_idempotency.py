"""POST /api/v1/tickets/: authentication, idempotency keys, the creation throttle, a user without an e-mail."""

import pytest
from django.conf import settings as django_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import token_client
from tests.factories import UserFactory
from tests.tickets.api._create_helpers import URL, counts, post_multipart, valid
from tests.tickets.test_images import png_bytes
from tickets.models import Screenshot, Ticket, TicketEvent

# --- authentication -------------------------------------------------------------------------


def test_anonymous_gets_401_and_nothing_is_stored(api_client, reference_data):
    before = counts()
    response = api_client.post(URL, valid(), format="json")
    assert response.status_code == 401
    assert "detail" in response.json()
    assert response.headers["WWW-Authenticate"].startswith("Token")
    assert counts() == before


def test_a_wrong_token_gets_401(reference_data):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.post(URL, valid(), format="json").status_code == 401
    assert Ticket.objects.count() == 0


def test_token_auth_creates_a_ticket(customer_api, customer):
    response = customer_api.post(URL, valid(), format="json")
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get()
    assert ticket.requester == customer
    assert ticket.channel == "api"


def test_bearer_auth_creates_a_ticket(customer):
    token, _ = Token.objects.get_or_create(user=customer)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    response = client.post(URL, valid(), format="json")
    assert response.status_code == 201, response.content
    assert Ticket.objects.get().requester == customer


def test_session_auth_needs_the_csrf_token(customer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(customer)
    assert client.post(URL, valid(), format="json").status_code == 403
    assert Ticket.objects.count() == 0

    secret = "a" * 32
    client.cookies[django_settings.CSRF_COOKIE_NAME] = secret
    response = client.post(URL, valid(), format="json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 201, response.content


# --- idempotency ----------------------------------------------------------------------------


def test_same_key_and_body_returns_the_same_ticket(customer_api):
    first = customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    second = customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == second.status_code == 201
    assert first.json()["reference"] == second.json()["reference"]
    assert first.json() == second.json()
    assert Ticket.objects.count() == 1
    assert TicketEvent.objects.filter(kind="created").count() == 1


def test_same_key_with_screenshots_does_not_duplicate_them(customer_api):
    files = [("one.png", png_bytes(), "image/png")]
    first = post_multipart(customer_api, valid(), files, HTTP_IDEMPOTENCY_KEY="k")
    second = post_multipart(customer_api, valid(), files, HTTP_IDEMPOTENCY_KEY="k")
    assert first.status_code == second.status_code == 201
    assert Ticket.objects.count() == 1
    assert Screenshot.objects.count() == 1


def test_same_key_with_another_body_is_a_422(customer_api):
    assert customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="k-1").status_code == 201
    before = counts()
    response = customer_api.post(URL, valid(title="Other"), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 422
    assert "idempotency_key" in response.json()["errors"]
    assert counts() == before


def test_different_users_may_use_the_same_key(customer_api, other_customer):
    assert customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="shared").status_code == 201
    response = token_client(other_customer).post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert response.status_code == 201
    assert Ticket.objects.count() == 2
    assert Ticket.objects.filter(requester=other_customer).count() == 1


def test_without_a_key_each_post_is_a_new_ticket(customer_api):
    customer_api.post(URL, valid(), format="json")
    customer_api.post(URL, valid(), format="json")
    assert Ticket.objects.count() == 2


@pytest.mark.parametrize(
    "key", ["", "k" * 256, "naïve-key", "tab\tkey"], ids=["empty", "256-chars", "non-ascii", "control-char"]
)
def test_a_malformed_idempotency_key_is_a_400(customer_api, key):
    response = customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert "idempotency_key" in response.json()["errors"]
    assert Ticket.objects.count() == 0


def test_a_255_character_key_is_fine(customer_api):
    response = customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="k" * 255)
    assert response.status_code == 201


# --- throttling -------------------------------------------------------------------------------


def test_creation_has_its_own_throttle_that_reads_do_not_use(customer_api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ticket_create": "2/min"},
    }
    for _ in range(5):
        assert customer_api.get(URL).status_code == 200
    assert customer_api.post(URL, valid(), format="json").status_code == 201
    assert customer_api.post(URL, valid(), format="json").status_code == 201
    response = customer_api.post(URL, valid(), format="json")
    assert response.status_code == 429
    assert "detail" in response.json()
    assert Ticket.objects.count() == 2
    # Another user has their own allowance.
    assert token_client(UserFactory()).post(URL, valid(), format="json").status_code == 201


def test_user_without_email_must_give_one(reference_data):
    user = UserFactory(username="no-email-user", email="")
    response = token_client(user).post(URL, valid(), format="json")
    assert response.status_code == 400
    assert "contact_email" in response.json()["errors"]
    assert token_client(user).post(URL, valid(contact_email="me@example.org"), format="json").status_code == 201
