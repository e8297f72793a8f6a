"""The API's throttles: a guest draws on the ``anon`` rate, a signed-in account on ``user``, each
counted once (a guest's call costs one throttle's cache round trip, not two), atomically (a burst
gets the allowance and no more) and at the rates every other limit reads.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.request import Request

from supportdesk.api.throttling import AnonRateThrottle, LimitThrottle, ScopedRateThrottle

pytestmark = pytest.mark.django_db

URL = "/api/v1/kb/articles/"


@pytest.fixture
def rates(settings):
    cache.clear()

    def apply(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
        }

    yield apply
    cache.clear()


def test_a_guest_is_held_to_the_anon_rate_and_not_counted_as_a_user(api_client, rates):
    # Were a guest also counted under ``user``, its second request would be refused.
    rates(anon="3/min", user="1/min")
    codes = [api_client.get(URL).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_a_signed_in_account_is_held_to_the_user_rate_and_not_counted_as_a_guest(customer_api, rates):
    rates(anon="1/min", user="3/min")
    codes = [customer_api.get(URL).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


@pytest.fixture
def redis_cache(settings, redis_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.mark.integration
@pytest.mark.parametrize("throttle_class", [AnonRateThrottle, ScopedRateThrottle, LimitThrottle])
def test_a_burst_at_once_on_real_redis_gets_exactly_the_allowance(redis_cache, rates, throttle_class):
    # DRF's own throttles read a list, add to it and write it back: requests that read it at the same
    # moment all pass. Counted with one atomic increment each, a burst gets the allowance, no more.
    rates(anon="5/min", ticket_create="5/min")
    request = Request(RequestFactory().post("/api/v1/tickets/", REMOTE_ADDR="203.0.113.9"))
    request.user = AnonymousUser()
    view = SimpleNamespace(throttle_scope="ticket_create")
    burst = 24
    start = threading.Barrier(burst)

    def attempt(_):
        throttle = throttle_class()
        start.wait()
        return throttle.allow_request(request, view)

    with ThreadPoolExecutor(burst) as pool:
        allowed = list(pool.map(attempt, range(burst)))
    assert allowed.count(True) == 5
    refused = throttle_class()
    assert not refused.allow_request(request, view) and 1 <= refused.wait() <= 60


def test_a_rate_in_the_limits_notation_is_read_the_same_by_the_api(api_client, rates):
    # "2/5m": two every five minutes (supportdesk.limits' notation); DRF alone would read one minute.
    rates(anon="2/5m")
    codes = [api_client.get(URL).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert 1 <= int(api_client.get(URL)["Retry-After"]) <= 300
