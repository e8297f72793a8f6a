"""POST /api/v1/tickets/ accepted: the 201's fields, normalised facts, literal text, screenshots and their names."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.conftest import token_client
from tests.tickets.api._create_helpers import URL, post_multipart, stored_files, valid
from tests.tickets.test_images import jpeg_with_gps_and_orientation, png_bytes
from tickets.models import Screenshot, Status, Ticket

XSS_TITLE = '"><img src=x onerror=alert(1)>'
MARKDOWN_JS = "[x](javascript:alert(1))"


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
