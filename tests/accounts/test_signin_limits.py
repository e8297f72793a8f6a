"""Guessing passwords: after five failures for one account (or thirty from one address) the sign-in
forms, the site's and the admin's, refuse without checking the password for fifteen minutes."""

import pytest
from django.test import Client

from accounts import signin_limits
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "right-horse-battery-staple"
SITE = "/en/accounts/signin/"
ADMIN = "/admin/login/"


def _user(email: str, **fields):
    user = UserFactory(email=email, username=email, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", [SITE, ADMIN])
def test_five_failures_lock_the_account_even_for_the_right_password(url):
    _user("lin@example.com", is_staff=url == ADMIN)
    client = Client()
    for _ in range(signin_limits.PER_ACCOUNT):
        response = _sign_in(client, url, "lin@example.com", "wrong")
        assert response.status_code == 200 and "Too many failed sign-ins" not in response.content.decode()
    response = _sign_in(client, url, "LIN@example.com ", PASSWORD)  # the same account, typed differently
    assert response.status_code == 200
    assert "Too many failed sign-ins. Wait 15 minutes, then try again." in response.content.decode()
    assert not _signed_in(client)


def test_a_success_clears_the_count_and_other_accounts_are_not_locked():
    _user("lin@example.com")
    _user("mei@example.com")
    for _round in range(2):  # the second round counts afresh after the first one's success
        client = Client()
        for _ in range(signin_limits.PER_ACCOUNT - 1):
            _sign_in(client, SITE, "lin@example.com", "wrong")
        _sign_in(client, SITE, "lin@example.com", PASSWORD)
        assert _signed_in(client)
    client = Client()
    _sign_in(client, SITE, "mei@example.com", PASSWORD)
    assert _signed_in(client)


def test_one_address_trying_many_accounts_is_stopped(monkeypatch):
    monkeypatch.setattr(signin_limits, "PER_ADDRESS", 3)
    _user("target@example.com")
    client = Client()
    for n in range(3):
        _sign_in(client, SITE, f"someone{n}@example.com", "guess")
    response = _sign_in(client, SITE, "target@example.com", PASSWORD)
    assert "Too many failed sign-ins" in response.content.decode() and not _signed_in(client)
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
    assert "Too many failed sign-ins" in response.content.decode() and not _signed_in(client)


def test_an_unreachable_cache_never_stops_a_sign_in(monkeypatch):
    class Unreachable:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")

            return fail

    monkeypatch.setattr(signin_limits, "cache", Unreachable())
    _user("lin@example.com")
    client = Client()
    for _ in range(signin_limits.PER_ACCOUNT + 1):
        _sign_in(client, SITE, "lin@example.com", "wrong")
    _sign_in(client, SITE, "lin@example.com", PASSWORD)
    assert _signed_in(client)
