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


def test_sign_up_creates_a_customer_named_by_the_lower_cased_email_and_signs_them_in(client, db):
    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/en/tickets/"
    user = get_user_model().objects.get()
    assert user.username == "lin.wei@example.com"
    assert user.email == "lin.wei@example.com"
    assert user.first_name == "Lin"
    assert user.language == "en"
    assert not user.is_staff
    assert user.check_password(PASSWORD)
    assert session_user_id(client) == str(user.pk)
    assert client.get("/en/tickets/").status_code == 200


def test_sign_up_in_chinese_remembers_the_language(client, db):
    client.post("/zh-hans/accounts/signup/", signup_data())

    assert get_user_model().objects.get().language == "zh-hans"


def test_sign_up_honours_a_local_next_and_ignores_an_off_site_one(client, db):
    response = client.post(SIGNUP_URL + "?next=/en/tickets/new/", signup_data())
    assert response["Location"] == "/en/tickets/new/"

    other = Client()
    response = other.post(SIGNUP_URL + "?next=https://evil.example/", signup_data(email="second@example.com"))
    assert response["Location"] == "/en/tickets/"


@pytest.mark.parametrize("existing", ["lin.wei@example.com", "LIN.WEI@EXAMPLE.COM"])
def test_a_duplicate_email_is_refused_whatever_its_case(client, db, existing):
    get_user_model().objects.create_user(username=existing.lower(), email=existing, password=PASSWORD)

    response = client.post(SIGNUP_URL, signup_data(email="Lin.Wei@example.COM"))

    assert response.status_code == 400
    assert "An account with this email already exists" in response.content.decode()
    assert get_user_model().objects.count() == 1
    assert session_user_id(client) is None


def test_a_duplicate_of_a_staff_username_is_refused(client, db):
    get_user_model().objects.create_user(username="agent@example.com", email="", password=PASSWORD, is_staff=True)

    response = client.post(SIGNUP_URL, signup_data(email="Agent@Example.com"))

    assert response.status_code == 400
    assert get_user_model().objects.count() == 1


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
