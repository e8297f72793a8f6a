"""Every route that writes has a limit: post to each, past its limit, and expect a 429.

Walks the URL conf, so a route added later is covered without touching this test. Pages and the
admin draw on ``site_write`` (supportdesk.write_limits) unless they have their own, tighter
allowance; the API on its throttles; the emergency freeze on its own per-address allowance for new
tickets (folding repeats for one address costs nothing, so each post here names a new address).
"""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token

from accounts.tokens import email_verification_token
from tests.factories import AgentFactory, UserFactory
from tests.urlwalk import concrete, routes
from tickets import services
from tickets.models import Team, TicketType

pytestmark = pytest.mark.django_db

LIMIT = 1  # a refusal on the second post proves the route has a limit; more posts prove nothing more
ATTEMPTS = 2 * LIMIT + 2  # a sign-out on the way changes whose allowance is counted: leave room
FREEZE_ROUTES = {"api-emergency-freeze", "tickets:freeze"}


@pytest.fixture
def low_limits(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: f"{LIMIT}/min" for scope in settings.THROTTLE_RATES},
    }


@pytest.fixture
def samples(reference_data, kb_content):
    customer = UserFactory(email="lin@example.com", username="lin@example.com")
    ticket = services.ticket_create(
        data=services.TicketInput(
            title="Help", description="Please", type=TicketType.objects.get(slug="other"), contact_email=customer.email
        ),
        requester=customer,
    )
    supervisor = AgentFactory(teams=list(Team.objects.all()))
    supervisor.groups.add(Group.objects.get(name="Support supervisors"))
    return {
        "customer": customer,
        "supervisor": supervisor,
        "ticket": ticket,
        "values": {
            "reference": ticket.reference,
            "object_id": str(ticket.pk),
            "pk": str(ticket.pk),
            "app_label": "tickets",
            "id": str(customer.pk),
            "content_type_id": "1",
            "slug": "withdrawal-delayed",
            "category": "deposits-withdrawals",
            "public_id": "00000000-0000-0000-0000-000000000000",
            "token": email_verification_token(customer),
            "uidb64": "MQ",
            "conversation": "x" * 32,
        },
    }


def _client_for(route, samples) -> Client:
    """A new client for each route, counted from zero: every limit lives in the cache, so clearing it
    gives the same users a fresh allowance (and no route's count depends on the routes before it)."""
    cache.clear()
    client = Client(REMOTE_ADDR="198.51.100.7")
    if route.is_admin:
        client.force_login(samples["supervisor"])
    elif route.is_api:
        token, _ = Token.objects.get_or_create(user=samples["customer"])
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    else:
        client.force_login(samples["customer"])
    return client


def _post(client, route, url, n):
    if route.name in FREEZE_ROUTES:  # each a new address: a repeat would fold, for free
        data = {"contact_email": f"victim{n}@example.com", "confirm": "on"}
        if route.is_api:
            return client.post(url, data, content_type="application/json")
        return client.post(url, data)
    if route.is_api:
        return client.post(url, {}, content_type="application/json")
    return client.post(url, {})


def _writing_routes(samples):
    """Every route of the URL conf the walk can post to, its URL and a client of its own."""
    for route in routes():
        url = concrete(route, samples["values"])
        if url is not None:
            yield route, url, _client_for(route, samples)


def test_every_writing_route_has_a_limit(low_limits, samples):
    checked = []
    for route, url, client in _writing_routes(samples):
        codes = []
        for n in range(ATTEMPTS):  # up to the first refusal: the posts after it prove nothing more
            codes.append(_post(client, route, url, n).status_code)
            if codes[-1] == 429:
                break
        assert 429 in codes, f"{route.pattern} ({route.name}) took {ATTEMPTS} posts: {codes}"
        checked.append(route.pattern)
    assert len(checked) > 100, "the walk must reach the whole URL conf"


def test_a_refused_write_says_how_long_to_wait(low_limits, samples):
    client = Client()
    client.force_login(samples["customer"])
    for _ in range(LIMIT):
        client.post("/i18n/setlang/", {"language": "en"})
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert "Too many requests in a short time" in response.content.decode()


def test_no_writing_route_fails_when_the_cache_is_unreachable(samples, unreachable_cache):
    checked = []
    for route, url, client in _writing_routes(samples):
        client.raise_request_exception = False
        codes = [_post(client, route, url, n).status_code for n in range(2)]
        assert 500 not in codes and 429 not in codes, f"{route.pattern} ({route.name}): {codes}"
        checked.append(route.pattern)
    assert len(checked) > 100, "the walk must reach the whole URL conf"
