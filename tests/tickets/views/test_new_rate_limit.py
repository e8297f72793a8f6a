"""The browser ticket form's allowance: shared with the API, never holding back a freeze, per address behind a proxy."""

from django.test import Client

from tests.tickets.views._new_helpers import post_new
from tickets.models import Ticket


def test_the_form_shares_the_apis_ticket_allowance_and_keeps_what_was_typed(client, customer, settings):
    from tests.conftest import token_client

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ticket_create": "2/min"},
    }
    client.force_login(customer)
    assert post_new(client, title="First").status_code == 302
    # An invalid form uses none of the allowance.
    assert post_new(client, title="").status_code == 400
    assert post_new(client, title="Second").status_code == 302
    response = post_new(client, title="Third, typed with care")
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent many tickets in a short time. Wait" in page
    assert 'value="Third, typed with care"' in page
    assert Ticket.objects.count() == 2
    # The same customer through the API has no allowance left either; someone else has theirs.
    assert token_client(customer).post("/api/v1/tickets/", {}, format="json").status_code == 429
    other = Client()
    assert post_new(other, title="Another customer's", contact_email="other@example.com").status_code == 302


def test_an_emergency_freeze_is_never_held_back_by_the_ticket_allowance(client, reference_data, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ticket_create": "1/min"},
    }
    assert post_new(client, title="First").status_code == 302
    assert post_new(client, title="Second").status_code == 429
    freeze = client.post(
        "/en/tickets/freeze/",
        {"contact_email": "victim@example.com", "what_happened": "Someone changed my 2FA.", "confirm": "on"},
    )
    assert freeze.status_code == 302


def _one_ticket_a_minute(settings, proxies: int) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ticket_create": "1/min"},
        "NUM_PROXIES": proxies,
    }


def test_a_guest_cannot_name_a_fresh_address_in_x_forwarded_for(client, reference_data, settings):
    _one_ticket_a_minute(settings, proxies=0)  # no proxy trusted: the header is ignored
    assert post_new(client, title="First", forwarded_for="203.0.113.1").status_code == 302
    assert post_new(client, title="Second", forwarded_for="203.0.113.2").status_code == 429


def test_behind_a_trusted_proxy_each_client_address_has_its_allowance(client, reference_data, settings):
    _one_ticket_a_minute(settings, proxies=1)  # the proxy's hop is the client's address
    assert post_new(client, title="First", forwarded_for="203.0.113.1").status_code == 302
    assert post_new(client, title="Again", forwarded_for="203.0.113.1").status_code == 429
    assert post_new(client, title="Someone else", forwarded_for="203.0.113.2").status_code == 302
    # A spoofed first hop does not help: only the last one, added by the proxy, counts.
    spoofed = "198.51.100.9, 203.0.113.1"
    assert post_new(client, title="Spoofed", forwarded_for=spoofed).status_code == 429
