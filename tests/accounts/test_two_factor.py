"""Staff two-factor sign-in (TOTP): enrolment, verification per session, who is asked, the API."""

import base64
import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import token_client

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
SETUP = "/en/accounts/2fa/setup/"
VERIFY = "/en/accounts/2fa/verify/"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.STAFF_2FA_REQUIRED = True


def _code(device: TOTPDevice, *, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _signed_in(user) -> Client:
    """A fresh browser session that signed in with the password (the first factor) through the admin."""
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password sign-in itself is not gated"
    return client


def _confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_staff_sign_in_is_sent_to_enrol_an_authenticator(agent):
    client = _signed_in(agent)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=/admin/"
    assert client.get("/admin/tickets/ticket/").status_code == 302


def _shown_key(page: str) -> bytes:
    """The secret the setup page shows (also in its QR code)."""
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def _code_for(key: bytes, *, drift: int = 0) -> str:
    return f"{totp(key, drift=drift):06d}"


def test_setup_page_shows_an_inline_qr_code_and_a_key_that_is_not_stored(agent):
    client = _signed_in(agent)
    response = client.get(SETUP)
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'<div class="qr"[^>]*>\s*(<\?xml[^>]*>\s*)?<svg', page)
    assert len(_shown_key(page)) == 20
    assert not TOTPDevice.objects.filter(user=agent).exists(), "the pending secret lives in this session only"


def test_each_setup_page_draws_a_new_secret_bound_to_its_session(agent):
    """Someone holding the stolen password during enrolment must not learn the secret the real user
    scans, nor confirm one of their own in the real user's place."""
    real = _signed_in(agent)
    thief = _signed_in(agent)
    real_key = _shown_key(real.get(SETUP).content.decode())
    thief_key = _shown_key(thief.get(SETUP).content.decode())
    assert real_key != thief_key
    # The thief's code for the real user's secret is not theirs to give: codes count per session.
    response = thief.post(SETUP, {"token": _code_for(real_key)})
    assert "That code is not right" in response.content.decode()
    assert real.post(SETUP, {"token": _code_for(real_key)}).status_code == 302
    assert TOTPDevice.objects.get(user=agent, confirmed=True).bin_key == real_key
    # Once a device is confirmed, the thief's session is sent to the verify step, secret unused.
    assert thief.get(SETUP).status_code == 302


def test_a_reload_replaces_the_secret(agent):
    client = _signed_in(agent)
    first = _shown_key(client.get(SETUP).content.decode())
    second = _shown_key(client.get(SETUP).content.decode())
    assert first != second
    assert "That code is not right" in client.post(SETUP, {"token": _code_for(first)}).content.decode()
    assert client.post(SETUP, {"token": _code_for(second)}).status_code == 302


def test_a_wrong_code_is_refused_and_stores_nothing(agent):
    client = _signed_in(agent)
    key = _shown_key(client.get(SETUP).content.decode())
    response = client.post(SETUP, {"token": _wrong(_code_for(key))})
    assert response.status_code == 200 and "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert client.get("/admin/").status_code == 302


def test_a_post_without_a_setup_page_draws_a_secret_first(agent):
    client = _signed_in(agent)
    response = client.post(SETUP, {"token": "123456"})
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert not TOTPDevice.objects.filter(user=agent).exists()


@pytest.mark.parametrize("token", ["", "abc", "12345", "1" * 50, "12\x0034", "' OR 1=1 --"])
def test_malformed_codes_are_form_errors(agent, token):
    client = _signed_in(agent)
    client.get(SETUP)
    response = client.post(SETUP, {"token": token})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=agent, confirmed=True).exists()


def test_the_right_code_confirms_the_device_and_opens_the_admin(agent):
    client = _signed_in(agent)
    key = _shown_key(client.get(f"{SETUP}?next=/admin/tickets/ticket/").content.decode())
    response = client.post(SETUP, {"token": _code_for(key), "next": "/admin/tickets/ticket/"})
    assert response.status_code == 302 and response["Location"] == "/admin/tickets/ticket/"
    device = TOTPDevice.objects.get(user=agent)
    assert device.confirmed and device.bin_key == key
    assert client.get("/admin/").status_code == 200
    # Once enrolled, the setup page sends to the verify step instead of showing a secret again.
    assert client.get(SETUP).status_code == 302


def test_setup_ignores_an_offsite_next(agent):
    client = _signed_in(agent)
    key = _shown_key(client.get(SETUP).content.decode())
    response = client.post(SETUP, {"token": _code_for(key), "next": "https://evil.example/"})
    # Not the offsite page: where staff land when they asked for nothing, their queue.
    assert response.status_code == 302 and response["Location"] == "/admin/tickets/ticket/"


def test_a_new_session_must_pass_the_verify_page(agent):
    first = _signed_in(agent)
    key = _shown_key(first.get(SETUP).content.decode())
    first.post(SETUP, {"token": _code_for(key)})
    device = TOTPDevice.objects.get(user=agent)
    assert device.confirmed

    second = _signed_in(agent)
    response = second.get("/admin/")
    assert response.status_code == 302 and response["Location"] == f"{VERIFY}?next=/admin/"
    assert second.get(SETUP).status_code == 302  # no second enrolment from an unverified session
    # The code just used is spent; the authenticator's next one (within the tolerance) is accepted.
    response = second.post(VERIFY, {"token": _code(device, drift=1), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert second.get("/admin/").status_code == 200


def test_verify_refuses_a_wrong_code_and_then_throttles(agent, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 3600  # the lock-out outlasts the test, however slow the machine
    device = _confirmed_device(agent)
    client = _signed_in(agent)
    response = client.post(VERIFY, {"token": _wrong(_code(device))})
    assert response.status_code == 200 and "That code is not right" in response.content.decode()
    # django-otp throttles after a failure: even the right code waits a moment.
    response = client.post(VERIFY, {"token": _code(device)})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_verify_accepts_the_current_code(agent):
    device = _confirmed_device(agent)
    client = _signed_in(agent)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"token": _code(device)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_customers_are_never_asked(customer):
    client = Client()
    client.force_login(customer)
    assert client.get("/en/tickets/").status_code == 200
    assert client.get("/api/v1/tickets/").status_code == 200
    assert client.get(SETUP).status_code == 404
    assert client.get(VERIFY).status_code == 404
    assert not TOTPDevice.objects.exists()


def test_guests_cannot_reach_the_two_factor_pages(reference_data):
    client = Client()
    assert client.get(SETUP).status_code == 404
    assert client.get(VERIFY).status_code == 404


def test_staff_are_not_asked_when_the_setting_is_off(agent, settings):
    settings.STAFF_2FA_REQUIRED = False
    client = _signed_in(agent)
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/v1/tickets/").status_code == 200


def test_an_unverified_staff_session_gets_a_json_403_from_the_api(agent):
    client = _signed_in(agent)
    response = client.get("/api/v1/tickets/")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "Two-factor" in response.json()["detail"]


def test_an_unverified_staff_script_asking_for_json_gets_a_json_403_not_the_html_page(agent, reference_data):
    from tests.tickets.make import make_ticket

    ticket = make_ticket()
    client = _signed_in(agent)
    poll = f"/admin/tickets/ticket/{ticket.pk}/activity/?since=0"
    response = client.get(poll, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert "Two-factor" in response.json()["detail"]
    # A browser's navigation still goes to the verification page.
    browser = client.get(poll, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser.status_code == 302 and "/2fa/" in browser["Location"]
    assert client.get(poll, HTTP_ACCEPT="*/*").status_code == 302


def test_token_authenticated_api_calls_are_unaffected(agent, agent_api):
    assert agent_api.get("/api/v1/tickets/").status_code == 200
    _confirmed_device(agent)
    assert token_client(agent).get("/api/v1/tickets/").status_code == 200


def test_sign_out_works_before_verification(agent):
    client = _signed_in(agent)
    response = client.post("/admin/logout/")
    assert response.status_code in (200, 302)
    assert client.get("/admin/").status_code == 302
    assert "/admin/login/" in client.get("/admin/")["Location"]
