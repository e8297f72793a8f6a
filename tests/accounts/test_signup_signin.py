"""Customer accounts: sign up, sign in with the e-mail address, sign out by POST."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

SIGNUP_URL = "/en/accounts/signup/"
LOGIN_URL = "/en/accounts/signin/"
LOGOUT_URL = "/en/accounts/signout/"
PASSWORD = "a-long-unusual-passphrase-42"


def signup_data(**overrides) -> dict:
    data = {"email": "Lin.Wei@Example.com", "name": "Lin", "password1": PASSWORD, "password2": PASSWORD}
    data.update(overrides)
    return data


def session_user_id(client):
    return client.session.get("_auth_user_id")


def test_sign_up_creates_an_unverified_customer_and_mails_a_confirmation_link(client, db, mailoutbox):
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/signup/done/"
    user = get_user_model().objects.get()
    assert user.username == "lin.wei@example.com"
    assert user.email == "lin.wei@example.com"
    assert user.first_name == "Lin"
    assert user.language == "en"
    assert not user.is_staff
    assert user.email_verified_at is None
    assert user.check_password(PASSWORD)
    assert session_user_id(client) is None, "signing in waits for the link (or the password)"
    [mail] = mailoutbox
    assert mail.to == ["lin.wei@example.com"]
    assert "/en/accounts/verify/" in mail.body
    page = client.get(response["Location"]).content.decode()
    assert "Check your inbox" in page and "lin.wei@example.com" in page


def test_sign_up_in_chinese_remembers_the_language(client, db, mailoutbox):
    client.post("/zh-hans/accounts/signup/", signup_data())

    assert get_user_model().objects.get().language == "zh-hans"
    assert "/zh-hans/accounts/verify/" in mailoutbox[0].body


@pytest.mark.parametrize("existing", ["lin.wei@example.com", "LIN.WEI@EXAMPLE.COM"])
def test_sign_up_answers_the_same_for_an_address_that_has_an_account(client, db, mailoutbox, existing, settings):
    """Sign-up never tells a stranger who is a customer: the owner gets an e-mail instead."""
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "signup_existing": "1/hour"},
    }
    get_user_model().objects.create_user(username=existing.lower(), email=existing, password=PASSWORD)
    fresh = Client().post(SIGNUP_URL, signup_data(email="someone.new@example.com"))
    mailoutbox.clear()

    response = client.post(SIGNUP_URL, signup_data(email="Lin.Wei@example.COM"))

    assert response.status_code == fresh.status_code == 302
    assert response["Location"] == fresh["Location"]
    assert get_user_model().objects.filter(email__iexact="lin.wei@example.com").count() == 1
    assert session_user_id(client) is None
    [mail] = mailoutbox
    assert [address.lower() for address in mail.to] == [existing.lower()]
    assert "already has one" in mail.body and "/en/accounts/password/reset/" in mail.body
    client.post(SIGNUP_URL, signup_data(email="Lin.Wei@example.COM"))
    assert len(mailoutbox) == 1, "the owner is told once per window, not once per attempt"


def test_a_sign_up_with_a_staff_username_as_address_changes_nothing(client, db):
    get_user_model().objects.create_user(username="agent@example.com", email="", password=PASSWORD, is_staff=True)

    response = client.post(SIGNUP_URL, signup_data(email="Agent@Example.com"))

    assert response.status_code == 302
    assert get_user_model().objects.count() == 1


def test_sign_up_is_limited_per_address(client, db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "signup": "2/hour"},
    }
    for n in range(2):
        assert client.post(SIGNUP_URL, signup_data(email=f"n{n}@example.com")).status_code == 302
    response = client.post(SIGNUP_URL, signup_data(email="n3@example.com"))
    assert response.status_code == 429
    assert "Too many attempts from your network" in response.content.decode()
    assert response.context["form"]["email"].value() == "n3@example.com", "what was typed stays"
    assert get_user_model().objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password2": "something-else-entirely-99"}, "password2"),
        ({"password1": "short", "password2": "short"}, "password1"),
        ({"password1": "password123", "password2": "password123"}, "password1"),
        ({"password1": "12345678901234", "password2": "12345678901234"}, "password1"),
        ({"password1": "lin.wei@example.com", "password2": "lin.wei@example.com"}, "password1"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@example.com\r\nBcc: x@example.com"}, "email"),
        ({"email": "x" * 140 + "@example.com"}, "email"),
        ({"name": "n" * 151}, "name"),
        ({"name": "Lin\x01Wei"}, "name"),
    ],
    ids=[
        "mismatch",
        "short",
        "common",
        "numeric",
        "same-as-email",
        "bad-email",
        "crlf-email",
        "long-email",
        "long-name",
        "control-character-name",
    ],
)
def test_bad_sign_up_input_is_refused_with_a_field_error(client, db, overrides, field):
    response = client.post(SIGNUP_URL, signup_data(**overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not get_user_model().objects.exists()


def test_sign_up_and_sign_in_pages_render_with_csrf_and_labels(client, db):
    signup = client.get(SIGNUP_URL).content.decode()
    signin = client.get(LOGIN_URL).content.decode()

    assert "csrfmiddlewaretoken" in signup
    assert "csrfmiddlewaretoken" in signin
    assert '<label for="id_username">Email' in signin


@pytest.fixture
def customer_account(db):
    return get_user_model().objects.create_user(
        username="lin.wei@example.com", email="lin.wei@example.com", password=PASSWORD
    )


def test_sign_in_with_the_email_in_any_case_lands_on_my_tickets(client, customer_account):
    response = client.post(LOGIN_URL, {"username": "Lin.Wei@EXAMPLE.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/tickets/"
    assert session_user_id(client) == str(customer_account.pk)


def test_sign_in_follows_a_local_next_but_not_an_off_site_one(client, customer_account):
    response = client.post(
        LOGIN_URL, {"username": "lin.wei@example.com", "password": PASSWORD, "next": "/en/tickets/new/"}
    )
    assert response["Location"] == "/en/tickets/new/"

    other = Client()
    response = other.post(
        LOGIN_URL, {"username": "lin.wei@example.com", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/en/tickets/"


def test_a_wrong_password_is_a_clear_error(client, customer_account):
    response = client.post(LOGIN_URL, {"username": "lin.wei@example.com", "password": "wrong-password-123"})

    assert response.status_code == 200  # Django's LoginView re-renders the form
    assert "That email and password do not match an account." in response.content.decode()
    assert session_user_id(client) is None


def test_sign_out_is_post_only(client, customer_account):
    client.force_login(customer_account)

    assert client.get(LOGOUT_URL).status_code == 405
    assert session_user_id(client) == str(customer_account.pk)

    response = client.post(LOGOUT_URL)

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert session_user_id(client) is None
    assert "You are signed out." in client.get("/en/").content.decode()


def test_signed_in_nav_offers_my_tickets_and_a_sign_out_button(client, customer_account):
    client.force_login(customer_account)

    content = client.get("/en/").content.decode()

    assert 'href="/en/tickets/"' in content
    assert 'action="/en/accounts/signout/"' in content
    assert 'href="/en/accounts/signin/"' not in content


def test_my_tickets_requires_sign_in(client, db):
    response = client.get("/en/tickets/")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/signin/?next=/en/tickets/"
