"""POST /api/v1/tickets/ refused: hostile JSON, bodies and screenshots get a clear 4xx and nothing is stored."""

import json

import pytest

from tests.tickets.api._create_helpers import URL, counts, post_multipart, stored_files, valid
from tests.tickets.test_images import HTML_PAGE, SVG_WITH_SCRIPT, gif_bytes, png_bytes, png_header_only
from tickets import refdata
from tickets.models import Screenshot, Ticket, TicketType

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
