"""Forms keep what people gave: screenshots held across a refused ticket form, local phone numbers
read in the country chosen (or suggested by the language)."""

import os
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from tests.tickets.views._new_helpers import form_data, png_upload
from tickets.models import HeldScreenshot, Screenshot, Ticket
from tickets.services import holding

NEW = "/en/tickets/new/?type=deposit_withdrawal"
TOKEN = re.compile(r'name="held_screenshots" value="([^"]+)"')


def post(client, url=NEW, **overrides):
    return client.post(url, form_data(**overrides))


def held_token(response) -> str:
    match = TOKEN.search(response.content.decode())
    assert match, "the page should carry the kept screenshots' token"
    return match.group(1)


@pytest.mark.parametrize(
    "field, value", [("contact_phone", "12"), ("amount", "five hundred"), ("asset", ""), ("amount", "1e999999")]
)
def test_a_server_side_error_keeps_the_screenshots_and_the_retry_files_them(client, reference_data, field, value):
    refused = post(client, **{field: value}, screenshots=[png_upload("history.png"), png_upload("explorer.png")])

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "history.png" in page and "explorer.png" in page
    assert HeldScreenshot.objects.count() == 2

    accepted = post(client, held_screenshots=held_token(refused), contact_phone="+44 20 7946 0958")

    assert accepted.status_code == 302, accepted.content.decode()[:500]
    ticket = Ticket.objects.get()
    assert sorted(Screenshot.objects.filter(ticket=ticket).values_list("original_name", flat=True)) == [
        "explorer.png",
        "history.png",
    ]
    assert not HeldScreenshot.objects.exists()  # released once filed


def test_new_uploads_on_the_retry_join_the_kept_ones_within_the_limit(client, reference_data, settings):
    refused = post(client, asset="", screenshots=[png_upload(f"s{i}.png") for i in range(3)])
    token = held_token(refused)

    too_many = post(client, held_screenshots=token, screenshots=[png_upload(f"t{i}.png") for i in range(3)])
    assert too_many.status_code == 400
    assert "At most 5 screenshots" in too_many.content.decode()
    assert "s0.png" in too_many.content.decode()  # the kept ones are still kept

    ok = post(client, held_screenshots=held_token(too_many), screenshots=[png_upload("t0.png")])
    assert ok.status_code == 302
    assert Screenshot.objects.count() == 4


def test_the_person_can_drop_the_kept_screenshots(client, reference_data):
    refused = post(client, asset="", screenshots=[png_upload("private.png")])

    response = post(client, held_screenshots=held_token(refused), drop_held="on")

    assert response.status_code == 302
    assert not Screenshot.objects.exists()


def test_a_token_from_another_session_opens_nothing(client, reference_data):
    token = held_token(post(client, asset="", screenshots=[png_upload("mine.png")]))

    response = post(Client(), held_screenshots=token)

    assert response.status_code == 302
    assert not Screenshot.objects.exists()
    assert HeldScreenshot.objects.count() == 1  # still the owner's


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        signing.dumps("0" * 32, salt="something-else"),
        signing.dumps("not-a-uuid", salt=holding.SALT),
        signing.dumps(["a"], salt=holding.SALT),
        "x" * 5000,
        "\x00ab\u202e",
    ],
    # Named, not shown: a signed token carries a timestamp, and test ids must be the same in every
    # process that collects them (pytest-xdist compares them).
    ids=["forged", "another-salt", "not-a-uuid", "a-list", "oversized", "control-characters"],
)
def test_a_hostile_token_is_ignored_never_a_500(client, reference_data, token):
    response = post(client, held_screenshots=token)

    assert response.status_code == 302
    assert not Screenshot.objects.exists()


def test_an_expired_hold_is_ignored_and_purged(client, reference_data, settings):
    token = held_token(post(client, asset="", screenshots=[png_upload("old.png")]))
    path = HeldScreenshot.objects.get().file.path
    expired = timezone.now() - timedelta(minutes=settings.SCREENSHOT_HOLD_MINUTES + 1)
    HeldScreenshot.objects.update(created_at=expired)

    assert holding.screenshots_held(token=token, holder=HeldScreenshot.objects.get().holder, now=timezone.now()) == []
    assert holding.held_screenshots_purge(now=timezone.now()) == 1
    assert holding.held_screenshots_purge(now=timezone.now()) == 0
    assert not HeldScreenshot.objects.exists()
    assert not os.path.exists(path)
    assert post(client, held_screenshots=token).status_code == 302
    assert not Screenshot.objects.exists()


def test_a_bad_new_upload_still_keeps_the_earlier_ones(client, reference_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    token = held_token(post(client, asset="", screenshots=[png_upload("good.png")]))

    bad = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", content_type="image/png")
    response = post(client, held_screenshots=token, screenshots=[bad])

    assert response.status_code == 400
    assert "good.png" in response.content.decode()
    assert post(client, held_screenshots=held_token(response)).status_code == 302
    assert list(Screenshot.objects.values_list("original_name", flat=True)) == ["good.png"]


# --- Local phone numbers ---------------------------------------------------------------------------------------


def test_a_local_number_with_a_chosen_country_is_stored_in_e164(client, reference_data):
    response = post(client, contact_phone="020 7946 0958", contact_phone_country="GB")

    assert response.status_code == 302
    assert Ticket.objects.get().contact_phone == "+442079460958"


def test_chinese_pages_read_a_local_number_as_chinese(client, reference_data):
    page = client.get("/zh-hans/tickets/new/?type=deposit_withdrawal").content.decode()
    assert '<option value="CN" selected>' in page

    response = post(
        client,
        url="/zh-hans/tickets/new/?type=deposit_withdrawal",
        contact_phone="138 0013 8000",
        contact_phone_country="CN",
    )

    assert response.status_code == 302
    assert Ticket.objects.get().contact_phone == "+8613800138000"


def test_the_browser_language_presets_the_country(client, reference_data):
    page = client.get(NEW, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").content.decode()

    assert '<option value="GB" selected>' in page


def test_a_local_number_without_a_country_says_what_to_do(client, reference_data):
    response = post(client, contact_phone="020 7946 0958")

    assert response.status_code == 400
    assert "Choose your country, or start with +" in response.content.decode()


@pytest.mark.parametrize("country", ["ZZ", "gb<script>", "1" * 500, "\x00"])
def test_an_unknown_country_is_a_form_error(client, reference_data, country):
    response = post(client, contact_phone="020 7946 0958", contact_phone_country=country)

    assert response.status_code == 400
    assert "contact_phone_country" in response.context["form"].errors
    assert not Ticket.objects.exists()


def test_a_plus_number_ignores_the_country(client, reference_data):
    assert post(client, contact_phone="+86 138 0013 8000", contact_phone_country="GB").status_code == 302
    assert Ticket.objects.get().contact_phone == "+8613800138000"


def test_the_freeze_form_reads_local_numbers_too(client, reference_data):
    response = client.post(
        "/zh-hans/tickets/freeze/",
        {
            "contact_email": "v@example.com",
            "contact_phone": "13800138000",
            "contact_phone_country": "CN",
            "confirm": "on",
        },
    )

    assert response.status_code == 302
    assert Ticket.objects.get().contact_phone == "+8613800138000"


def test_the_account_page_reads_a_local_phone_in_the_chosen_country(client, reference_data):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    assert '<option value="CN" selected>' in client.get("/zh-hans/account/").content.decode()

    data = {"first_name": "Lin", "language": "en", "anti_phishing_code": ""}
    refused = client.post("/en/account/", {**data, "phone": "020 7946 0958"})
    assert refused.status_code == 400
    assert "Choose your country, or start with +" in refused.content.decode()

    assert client.post("/en/account/", {**data, "phone": "020 7946 0958", "phone_country": "GB"}).status_code == 302
    user.refresh_from_db()
    assert user.phone == "+442079460958"
