"""POST /api/v1/tickets/: authentication, shapes, hostile input, idempotency."""

import json
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import token_client
from tests.factories import UserFactory
from tests.tickets.test_images import (
    HTML_PAGE,
    SVG_WITH_SCRIPT,
    gif_bytes,
    jpeg_with_gps_and_orientation,
    png_bytes,
    png_header_only,
)
from tickets import refdata
from tickets.models import IdempotencyRecord, Message, Screenshot, Status, Ticket, TicketEvent, TicketType

URL = "/api/v1/tickets/"
XSS_TITLE = '"><img src=x onerror=alert(1)>'
MARKDOWN_JS = "[x](javascript:alert(1))"


def valid(**overrides) -> dict:
    return {"title": "Order not filled", "description": "My limit order sits there.", "type": "trading", **overrides}


def counts() -> tuple[int, ...]:
    return (
        Ticket.objects.count(),
        Screenshot.objects.count(),
        Message.objects.count(),
        TicketEvent.objects.count(),
        IdempotencyRecord.objects.count(),
    )


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def multipart(fields: dict, files: list[tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart body with file names exactly as given (the test client would basename them)."""
    boundary = "----supportdesk-" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for filename, content, content_type in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="screenshots"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_multipart(client, fields: dict, files: list[tuple[str, bytes, str]], **extra):
    body, content_type = multipart(fields, files)
    return client.generic("POST", URL, body, content_type=content_type, **extra)


# --- authentication -------------------------------------------------------------------------


def test_anonymous_gets_401_and_nothing_is_stored(api_client, reference_data):
    before = counts()
    response = api_client.post(URL, valid(), format="json")
    assert response.status_code == 401
    assert "detail" in response.json()
    assert response.headers["WWW-Authenticate"].startswith("Token")
    assert counts() == before


def test_a_wrong_token_gets_401(reference_data):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.post(URL, valid(), format="json").status_code == 401
    assert Ticket.objects.count() == 0


def test_token_auth_creates_a_ticket(customer_api, customer):
    response = customer_api.post(URL, valid(), format="json")
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get()
    assert ticket.requester == customer
    assert ticket.channel == "api"


def test_bearer_auth_creates_a_ticket(customer):
    token, _ = Token.objects.get_or_create(user=customer)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    response = client.post(URL, valid(), format="json")
    assert response.status_code == 201, response.content
    assert Ticket.objects.get().requester == customer


def test_session_auth_needs_the_csrf_token(customer):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(customer)
    assert client.post(URL, valid(), format="json").status_code == 403
    assert Ticket.objects.count() == 0

    secret = "a" * 32
    client.cookies[django_settings.CSRF_COOKIE_NAME] = secret
    response = client.post(URL, valid(), format="json", HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 201, response.content


# --- the 201 ----------------------------------------------------------------------------------


def test_the_201_body_has_the_contract_fields(customer_api, customer):
    response = customer_api.post(URL, valid(), format="json")
    assert response.status_code == 201
    body = response.json()
    ticket = Ticket.objects.get()
    assert body["reference"] == ticket.reference
    assert body["status"] == "new"
    assert body["priority"] == "normal"  # the type's default
    assert body["type"] == "trading"
    assert body["first_response_due"] and body["resolution_due"]
    assert body["url"] == f"{django_settings.SUPPORT_SITE_URL}/en/tickets/{ticket.reference}/"
    assert body["contact_email"] == customer.email  # defaulted from the account
    assert body["language"] == "en"
    assert body["breached"] is False
    assert body["messages"] == [] and body["screenshots"] == []
    assert response.headers["Location"].endswith(f"/api/v1/tickets/{ticket.reference}/")
    # Never the database id, the requester's account, or the routing a customer does not see.
    for hidden in ("id", "pk", "requester", "team", "tier", "assignee", "password"):
        assert hidden not in body


def test_language_defaults_to_the_users(customer):
    customer.language = "zh-hans"
    customer.save()
    response = token_client(customer).post(URL, valid(), format="json")
    assert response.status_code == 201
    assert response.json()["language"] == "zh-hans"
    assert "/zh-hans/tickets/" in response.json()["url"]


def test_all_structured_fields_are_stored_and_normalised(customer_api):
    payload = valid(
        type="deposit_withdrawal",
        contact_email="Me@Example.com",
        contact_phone="+86 138 0013 8000",
        transaction_id="0xabc123",
        asset="usdt",
        network="TRC20",
        amount="1500.25",
        occurred_at="2024-05-01T13:45:00+08:00",
        attempted_steps="Waited a day.",
        language="zh-hans",
    )
    response = customer_api.post(URL, payload, format="json")
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get()
    assert ticket.contact_phone == "+8613800138000"
    assert ticket.asset == "USDT"
    assert ticket.amount == Decimal("1500.25")
    assert ticket.occurred_at.isoformat() == "2024-05-01T05:45:00+00:00"
    assert ticket.priority == "high"
    body = response.json()
    assert body["amount"] == "1500.25"
    assert body["contact_phone"] == "+8613800138000"


def test_xss_title_and_javascript_link_come_back_as_literal_text(customer_api):
    response = customer_api.post(URL, valid(title=XSS_TITLE, description=MARKDOWN_JS), format="json")
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    assert response.json()["title"] == XSS_TITLE
    assert response.json()["description"] == MARKDOWN_JS
    ticket = Ticket.objects.get()
    assert (ticket.title, ticket.description) == (XSS_TITLE, MARKDOWN_JS)


def test_numbers_are_accepted_as_text(customer_api):
    response = customer_api.post(URL, valid(title=12345, transaction_id=987654321), format="json")
    assert response.status_code == 201
    assert Ticket.objects.get().title == "12345"


def test_customer_cannot_set_routing_or_ownership(customer_api, customer, other_customer, agent):
    payload = valid(
        priority="urgent",
        status="closed",
        assignee=agent.username,
        assignee_id=agent.pk,
        team="security",
        team_id=3,
        tier=3,
        requester=other_customer.pk,
        requester_id=other_customer.pk,
        reference="SD-AAAAAA",
        channel="email",
        first_response_due="2000-01-01T00:00:00Z",
        id=999,
    )
    response = customer_api.post(URL, payload, format="json")
    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.priority == "normal"
    assert ticket.status == Status.NEW
    assert ticket.assignee is None
    assert ticket.team.slug == "frontline"
    assert ticket.tier == 1
    assert ticket.requester == customer
    assert ticket.reference != "SD-AAAAAA"
    assert ticket.channel == "api"
    assert ticket.pk != 999
    assert ticket.first_response_due.year > 2000


def test_multipart_with_two_screenshots(customer_api, customer):
    files = [
        ("one.png", png_bytes(), "image/png"),
        ("two.jpg", jpeg_with_gps_and_orientation(), "image/jpeg"),
    ]
    response = post_multipart(customer_api, valid(), files)
    assert response.status_code == 201, response.content
    shots = response.json()["screenshots"]
    assert [s["name"] for s in shots] == ["one.png", "two.jpg"]
    assert [(s["width"], s["height"]) for s in shots] == [(40, 30), (20, 60)]
    assert all(s["url"].startswith("http://testserver/api/v1/screenshots/") for s in shots)
    stored = Screenshot.objects.order_by("id")
    assert [s.uploaded_by for s in stored] == [customer, customer]
    # Random names under MEDIA_ROOT: nothing the client chose is on disk.
    paths = stored_files()
    assert len(paths) == 2
    assert {p.stem for p in paths} == {s.public_id.hex for s in stored}


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("a" * 300 + ".png", None),
        ("evil\r\nX-Injected: 1.png", None),
    ],
    ids=["path-traversal", "300-characters", "crlf"],
)
def test_hostile_file_names_never_reach_the_disk_or_the_response(customer_api, filename, expected):
    response = post_multipart(customer_api, valid(), [(filename, png_bytes(), "image/png")])
    if response.status_code == 400:  # the multipart parser may refuse the part outright: also fine
        assert Screenshot.objects.count() == 0 and not stored_files()
        return
    assert response.status_code == 201, response.content
    name = response.json()["screenshots"][0]["name"]
    if expected:
        assert name == expected
    assert len(name) <= 100
    assert "\r" not in name and "\n" not in name and "/" not in name and ".." not in name.rsplit(".", 1)[0]
    shot = Screenshot.objects.get()
    assert Path(shot.file.path).resolve().is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    assert Path(shot.file.name).stem == shot.public_id.hex
    assert not Path("/etc/passwd.png").exists()


# --- hostile input: a clear 4xx and nothing stored --------------------------------------------


JSON_CASES = {
    "list-for-email": valid(contact_email=["victim@example.com"]),
    "object-for-title": valid(title={"$gt": ""}),
    "list-for-title": valid(title=["a", "b"]),
    "bool-for-title": valid(title=True),
    "crlf-in-email": valid(contact_email="victim@example.com\r\nBcc: everyone@example.com"),
    "control-character-in-title": valid(title="Hello\x01World"),
    "direction-override-in-title": valid(title="invoice\u202egpj.exe"),
    "zero-width-space-in-transaction-id": valid(transaction_id="ab\u200bcd"),
    "1mb-title": valid(title="A" * 1_000_000),
    "long-description": valid(description="x" * 10_001),
    "unknown-type": valid(type="nonexistent"),
    "object-for-type": valid(type={"slug": "trading"}),
    "missing-title": {"description": "x", "type": "trading"},
    "blank-description": valid(description="   "),
    "phone-without-country-code": valid(contact_phone="4155550123"),
    "phone-nonsense": valid(contact_phone="+999999"),
    "phone-with-control-character": valid(contact_phone="+1415\x075550123"),
    "amount-zero": valid(amount="0"),
    "amount-negative": valid(amount="-5"),
    "amount-nan": valid(amount="NaN"),
    "amount-infinity": valid(amount="Infinity"),
    "amount-too-many-places": valid(amount="1." + "1" * 19),
    "amount-too-many-digits": valid(amount="1" * 21),
    "amount-object": valid(amount={"x": 1}),
    "naive-datetime": valid(occurred_at="2024-05-01T13:45:00"),
    "future-datetime": valid(occurred_at="2999-01-01T00:00:00Z"),
    "datetime-out-of-range": valid(occurred_at="0001-01-01T00:00:00+05:00"),
    "datetime-garbage": valid(occurred_at="yesterday"),
    "asset-with-symbols": valid(asset="USDT;DROP"),
    "asset-too-long": valid(asset="A" * 21),
    "transaction-id-too-long": valid(transaction_id="f" * 129),
    "network-too-long": valid(network="n" * 41),
    "attempted-steps-too-long": valid(attempted_steps="s" * 2001),
    "unknown-language": valid(language="fr"),
    "nul-in-description": valid(description="a\x00b"),
    "deposit-without-required-asset": valid(type="deposit_withdrawal"),
    "body-is-a-list": ["title", "description"],
    "body-is-a-string": "hello",
}


def test_line_breaks_in_a_one_line_field_fold_into_spaces_as_in_the_browser_form(customer_api):
    """One rule for both edges (supportdesk.text.one_line): a pasted line break cannot forge a mail header."""
    response = customer_api.post(URL, valid(title="Hello\r\nBcc: everyone@example.com"), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Hello Bcc: everyone@example.com"


@pytest.mark.parametrize("payload", list(JSON_CASES.values()), ids=list(JSON_CASES))
def test_hostile_json_is_refused_and_nothing_is_stored(customer_api, payload):
    before = counts()
    response = customer_api.post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    assert set(response.json()) == {"errors"}
    assert counts() == before


def test_errors_name_the_field(customer_api):
    response = customer_api.post(URL, valid(contact_email=["a@example.com"], title={"x": 1}), format="json")
    errors = response.json()["errors"]
    assert set(errors) >= {"contact_email", "title"}
    assert all(isinstance(messages, list) and messages for messages in errors.values())


def test_required_structured_field_is_reported(customer_api):
    response = customer_api.post(URL, valid(type="deposit_withdrawal"), format="json")
    assert response.status_code == 400
    assert "asset" in response.json()["errors"]


def test_an_inactive_type_is_refused(customer_api):
    TicketType.objects.filter(slug="trading").update(active=False)
    refdata.invalidate()  # .update() sends no signal
    response = customer_api.post(URL, valid(), format="json")
    assert response.status_code == 400
    assert "type" in response.json()["errors"]


def test_malformed_json_is_a_400(customer_api):
    before = counts()
    response = customer_api.generic("POST", URL, b'{"title": "x",', content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert counts() == before


def test_nan_literal_in_json_is_a_400(customer_api):
    body = b'{"title": "x", "description": "y", "type": "trading", "amount": NaN}'
    response = customer_api.generic("POST", URL, body, content_type="application/json")
    assert response.status_code == 400
    assert Ticket.objects.count() == 0


def test_json_body_over_the_limit_is_refused(customer_api):
    before = counts()
    payload = json.dumps(valid(description="x" * (3 * 1024 * 1024))).encode()
    response = customer_api.generic("POST", URL, payload, content_type="application/json")
    assert response.status_code == 413
    assert "detail" in response.json()
    assert counts() == before


def test_an_unsupported_content_type_is_a_415(customer_api):
    response = customer_api.generic("POST", URL, b"<xml/>", content_type="application/xml")
    assert response.status_code == 415
    assert Ticket.objects.count() == 0


SCREENSHOT_CASES = {
    "svg-with-script": [("drawing.svg", SVG_WITH_SCRIPT, "image/svg+xml")],
    "html-named-png": [("page.png", HTML_PAGE, "image/png")],
    "gif": [("anim.gif", gif_bytes(), "image/gif")],
    "png-bomb-30000x30000": [("bomb.png", png_header_only(30000, 30000), "image/png")],
    "six-files": [(f"{i}.png", png_bytes(), "image/png") for i in range(6)],
    "6mb-file": [("big.png", png_bytes() + b"\x00" * (6 * 1024 * 1024), "image/png")],
    "one-good-one-bad": [("ok.png", png_bytes(), "image/png"), ("bad.png", HTML_PAGE, "image/png")],
    "empty-file": [("empty.png", b"", "image/png")],
}


@pytest.mark.parametrize("files", list(SCREENSHOT_CASES.values()), ids=list(SCREENSHOT_CASES))
def test_hostile_screenshots_are_refused_and_nothing_is_stored(customer_api, files):
    before = counts()
    response = post_multipart(customer_api, valid(), files)
    assert response.status_code == 400, response.content
    assert "screenshots" in response.json()["errors"]
    assert counts() == before
    assert stored_files() == []


def test_more_files_than_django_accepts_is_a_400(customer_api):
    before = counts()
    files = [(f"{i}.png", png_bytes(), "image/png") for i in range(11)]
    response = post_multipart(customer_api, valid(), files)
    assert response.status_code == 400
    assert counts() == before


def test_png_with_appended_script_is_stored_reencoded(customer_api):
    payload = b"<script>alert(1)</script>"
    response = post_multipart(customer_api, valid(), [("shot.png", png_bytes() + payload, "image/png")])
    assert response.status_code == 201, response.content
    shot = Screenshot.objects.get()
    with shot.file.open("rb") as handle:
        assert payload not in handle.read()


def test_multipart_fields_are_validated_like_json(customer_api):
    before = counts()
    response = post_multipart(customer_api, valid(title="A" * 201), [("ok.png", png_bytes(), "image/png")])
    assert response.status_code == 400
    assert "title" in response.json()["errors"]
    assert counts() == before and stored_files() == []


# --- idempotency ----------------------------------------------------------------------------


def test_same_key_and_body_returns_the_same_ticket(customer_api):
    first = customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    second = customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == second.status_code == 201
    assert first.json()["reference"] == second.json()["reference"]
    assert first.json() == second.json()
    assert Ticket.objects.count() == 1
    assert TicketEvent.objects.filter(kind="created").count() == 1


def test_same_key_with_screenshots_does_not_duplicate_them(customer_api):
    files = [("one.png", png_bytes(), "image/png")]
    first = post_multipart(customer_api, valid(), files, HTTP_IDEMPOTENCY_KEY="k")
    second = post_multipart(customer_api, valid(), files, HTTP_IDEMPOTENCY_KEY="k")
    assert first.status_code == second.status_code == 201
    assert Ticket.objects.count() == 1
    assert Screenshot.objects.count() == 1


def test_same_key_with_another_body_is_a_422(customer_api):
    assert customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="k-1").status_code == 201
    before = counts()
    response = customer_api.post(URL, valid(title="Other"), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 422
    assert "idempotency_key" in response.json()["errors"]
    assert counts() == before


def test_different_users_may_use_the_same_key(customer_api, other_customer):
    assert customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="shared").status_code == 201
    response = token_client(other_customer).post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="shared")
    assert response.status_code == 201
    assert Ticket.objects.count() == 2
    assert Ticket.objects.filter(requester=other_customer).count() == 1


def test_without_a_key_each_post_is_a_new_ticket(customer_api):
    customer_api.post(URL, valid(), format="json")
    customer_api.post(URL, valid(), format="json")
    assert Ticket.objects.count() == 2


@pytest.mark.parametrize(
    "key", ["", "k" * 256, "naïve-key", "tab\tkey"], ids=["empty", "256-chars", "non-ascii", "control-char"]
)
def test_a_malformed_idempotency_key_is_a_400(customer_api, key):
    response = customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert "idempotency_key" in response.json()["errors"]
    assert Ticket.objects.count() == 0


def test_a_255_character_key_is_fine(customer_api):
    response = customer_api.post(URL, valid(), format="json", HTTP_IDEMPOTENCY_KEY="k" * 255)
    assert response.status_code == 201


# --- throttling -------------------------------------------------------------------------------


def test_creation_has_its_own_throttle_that_reads_do_not_use(customer_api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ticket_create": "2/min"},
    }
    for _ in range(5):
        assert customer_api.get(URL).status_code == 200
    assert customer_api.post(URL, valid(), format="json").status_code == 201
    assert customer_api.post(URL, valid(), format="json").status_code == 201
    response = customer_api.post(URL, valid(), format="json")
    assert response.status_code == 429
    assert "detail" in response.json()
    assert Ticket.objects.count() == 2
    # Another user has their own allowance.
    assert token_client(UserFactory()).post(URL, valid(), format="json").status_code == 201


def test_user_without_email_must_give_one(reference_data):
    user = UserFactory(username="no-email-user", email="")
    response = token_client(user).post(URL, valid(), format="json")
    assert response.status_code == 400
    assert "contact_email" in response.json()["errors"]
    assert token_client(user).post(URL, valid(contact_email="me@example.org"), format="json").status_code == 201
