"""The API's default throttles: a guest draws on the ``anon`` rate, a signed-in account on ``user``.

Each request is counted once, under its own identity's rate, so a guest's call costs one
throttle's cache round trips, not two.
"""

import pytest
from django.core.cache import cache

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
