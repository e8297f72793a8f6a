"""Guessing passwords, without locking the real user out (accounts.signin_limits).

- one address guessing one account is stopped after five failures (for that account only);
- one address guessing many accounts is stopped after thirty;
- many addresses guessing one account slow it to one attempt per 30 seconds, except from a browser
  the account signed in from before;
- the username and the e-mail address of an account are one counter.
"""

import pytest
from django.test import Client

from accounts import signin_limits
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "right-horse-battery-staple"
SITE = "/en/accounts/signin/"
ADMIN = "/admin/login/"
LOCKED = "Too many failed sign-ins"
SLOWED = "This account had many failed sign-ins"


def _user(email: str, **fields):
    user = UserFactory(email=email, username=email, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


@pytest.mark.parametrize("url", [SITE, ADMIN])
def test_five_failures_from_one_address_stop_that_address_for_that_account(url):
    _user("lin@example.com", is_staff=url == ADMIN)
    client = _from("203.0.113.5")
    for _ in range(signin_limits.PER_ACCOUNT_AND_ADDRESS):
        response = _sign_in(client, url, "lin@example.com", "wrong")
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    response = _sign_in(client, url, "LIN@example.com ", PASSWORD)  # the same account, typed differently
    assert "Too many failed sign-ins. Wait 15 minutes, then try again." in response.content.decode()
    assert not _signed_in(client)


@pytest.mark.parametrize("url", [SITE, ADMIN])
def test_the_real_user_elsewhere_still_signs_in_while_a_guesser_is_locked(url):
    """The old lockout refused the right password for 15 minutes to everyone: a denial of service."""
    _user("lin@example.com", is_staff=url == ADMIN)
    guesser = _from("203.0.113.5")
    for _ in range(signin_limits.PER_ACCOUNT_AND_ADDRESS + 3):
        _sign_in(guesser, url, "lin@example.com", "wrong")
    real_user = _from("198.51.100.7")
    _sign_in(real_user, url, "lin@example.com", PASSWORD)
    assert _signed_in(real_user)


def test_the_username_and_the_email_of_an_account_share_one_counter():
    _user("lin@example.com")
    staff = UserFactory(username="supervisor", email="sup@example.com", is_staff=True)
    staff.set_password(PASSWORD)
    staff.save()
    client = _from("203.0.113.5")
    for n in range(signin_limits.PER_ACCOUNT_AND_ADDRESS):
        _sign_in(client, ADMIN, "supervisor" if n % 2 else "SUP@example.com", "wrong")
    response = _sign_in(client, ADMIN, "supervisor", PASSWORD)
    assert LOCKED in response.content.decode() and not _signed_in(client)


def test_many_addresses_slow_an_account_down_but_a_known_browser_is_not_slowed(monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(signin_limits.time, "time", lambda: clock[0])
    _user("lin@example.com")
    # The real user signed in from this browser before: it carries the "known device" cookie.
    known = _from("198.51.100.7")
    _sign_in(known, SITE, "lin@example.com", PASSWORD)
    assert _signed_in(known)
    known.post("/en/accounts/signout/")
    assert signin_limits.DEVICE_COOKIE in known.cookies

    for n in range(signin_limits.SLOW_AFTER):  # a botnet: one guess from each address
        _sign_in(_from(f"203.0.113.{n + 1}"), SITE, "lin@example.com", "wrong")

    stranger = _from("192.0.2.50")
    response = _sign_in(stranger, SITE, "lin@example.com", PASSWORD)
    assert SLOWED in response.content.decode() and not _signed_in(stranger)
    clock[0] += signin_limits.SLOW_INTERVAL + 1
    _sign_in(stranger, SITE, "lin@example.com", PASSWORD)
    assert _signed_in(stranger), "after the interval, an attempt is checked again"

    for n in range(3):  # the botnet goes on
        _sign_in(_from(f"203.0.113.{n + 50}"), SITE, "lin@example.com", "wrong")
    _sign_in(known, SITE, "lin@example.com", PASSWORD)
    assert _signed_in(known), "the browser the account used before is never slowed"


def test_a_success_clears_this_address_count_and_other_accounts_are_not_locked():
    _user("lin@example.com")
    _user("mei@example.com")
    for _round in range(2):  # the second round counts afresh after the first one's success
        client = _from("203.0.113.5")
        for _ in range(signin_limits.PER_ACCOUNT_AND_ADDRESS - 1):
            _sign_in(client, SITE, "lin@example.com", "wrong")
        _sign_in(client, SITE, "lin@example.com", PASSWORD)
        assert _signed_in(client)
    client = _from("203.0.113.5")
    _sign_in(client, SITE, "mei@example.com", PASSWORD)
    assert _signed_in(client)


def test_one_address_trying_many_accounts_is_stopped(monkeypatch):
    monkeypatch.setattr(signin_limits, "PER_ADDRESS", 3)
    _user("target@example.com")
    client = Client()
    for n in range(3):
        _sign_in(client, SITE, f"someone{n}@example.com", "guess")
    response = _sign_in(client, SITE, "target@example.com", PASSWORD)
    assert LOCKED in response.content.decode() and not _signed_in(client)
    other_address = Client(REMOTE_ADDR="198.51.100.7")
    _sign_in(other_address, SITE, "target@example.com", PASSWORD)
    assert _signed_in(other_address)


def test_an_address_in_x_forwarded_for_is_not_trusted_by_default(monkeypatch):
    monkeypatch.setattr(signin_limits, "PER_ADDRESS", 2)
    _user("target@example.com")
    client = Client()
    for n in range(2):
        client.post(
            SITE, {"username": f"someone{n}@example.com", "password": "x"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        )
    response = client.post(
        SITE, {"username": "target@example.com", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.99"
    )
    assert LOCKED in response.content.decode() and not _signed_in(client)


def test_a_forged_known_device_cookie_is_ignored(monkeypatch):
    _user("lin@example.com")
    for n in range(signin_limits.SLOW_AFTER):
        _sign_in(_from(f"203.0.113.{n + 1}"), SITE, "lin@example.com", "wrong")
    _sign_in(_from("203.0.113.200"), SITE, "lin@example.com", "wrong")  # takes the slot
    client = _from("192.0.2.50")
    client.cookies[signin_limits.DEVICE_COOKIE] = "forged-value"
    response = _sign_in(client, SITE, "lin@example.com", PASSWORD)
    assert SLOWED in response.content.decode()


def test_an_unreachable_cache_never_stops_a_sign_in(monkeypatch):
    class Unreachable:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")

            return fail

    monkeypatch.setattr(signin_limits, "cache", Unreachable())
    _user("lin@example.com")
    client = Client()
    for _ in range(signin_limits.PER_ACCOUNT_AND_ADDRESS + 1):
        _sign_in(client, SITE, "lin@example.com", "wrong")
    _sign_in(client, SITE, "lin@example.com", PASSWORD)
    assert _signed_in(client)
