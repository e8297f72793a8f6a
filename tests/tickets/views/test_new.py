"""The browser ticket form: the type step, per-type fields, guests and customers, hostile input."""

import io
import struct
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tickets.models import Message, Notification, Screenshot, Status, Ticket, TicketEvent

NEW_URL = "/en/tickets/new/"


def png_bytes(size=(64, 48), color=(20, 110, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def png_upload(name="screen.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def png_bomb(width=30000, height=30000) -> bytes:
    """A real 1-bit PNG of width × height: a few hundred KB that would decode to ~112 MB."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw_size = height * (1 + (width + 7) // 8)  # a filter byte per row, then the bits
    compressor = zlib.compressobj(9)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(raw_size // len(block))]
    parts.append(compressor.compress(bytes(raw_size % len(block))))
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


def gif_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (10, 10), (255, 0, 0)).save(buf, "GIF")
    return buf.getvalue()


def form_data(**overrides) -> dict:
    data = {
        "type": "deposit_withdrawal",
        "title": "USDT withdrawal pending for 3 hours",
        "description": "I withdrew 500 USDT at 10:00 and it is still processing.",
        "transaction_id": "0xabc123",
        "asset": "USDT",
        "network": "TRC20",
        "amount": "500",
        "contact_email": "lin@example.com",
    }
    data.update(overrides)
    return data


def counts() -> tuple[int, int, int, int]:
    return Ticket.objects.count(), Screenshot.objects.count(), Message.objects.count(), Notification.objects.count()


def post_new(client, url=NEW_URL, forwarded_for=None, **overrides):
    data = form_data(**overrides)
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(f"{url}?type={data['type']}", data, **extra)


# --- The type step and the fields of a type --------------------------------------------------------------------


def test_type_step_offers_every_active_type_as_a_get_form(client, reference_data):
    response = client.get(NEW_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<form method="get"' in content
    for slug in ("deposit_withdrawal", "trading", "account_security", "account_access", "verification", "api", "other"):
        assert f'name="type" value="{slug}"' in content
    assert "Deposits and withdrawals" in content


def test_unknown_type_answers_a_clear_error_and_stores_nothing(client, reference_data):
    response = client.get(NEW_URL + "?type=no-such-type")
    assert response.status_code == 400
    assert "We do not know that topic" in response.content.decode()

    before = counts()
    response = client.post(NEW_URL + "?type=no-such-type", form_data(type="no-such-type"))
    assert response.status_code == 400
    assert counts() == before


def test_a_very_long_type_is_refused_like_an_unknown_one(client, reference_data):
    response = client.get(NEW_URL, {"type": "x" * 100_000})

    assert response.status_code == 400


def test_deposit_type_asks_for_its_structured_fields_and_requires_the_asset(client, reference_data):
    response = client.get(NEW_URL + "?type=deposit_withdrawal")

    assert response.status_code == 200
    form = response.context["form"]
    for name in ("transaction_id", "asset", "network", "amount", "occurred_at", "attempted_steps"):
        assert not form.fields[name].disabled
    assert form.fields["asset"].required
    assert not form.fields["transaction_id"].required
    content = response.content.decode()
    assert 'data-structured="transaction_id">' in content
    assert 'accept="image/png,image/jpeg,image/webp"' in content
    assert "multiple" in content


def test_other_type_hides_and_disables_the_facts_it_does_not_ask_for(client, reference_data):
    response = client.get(NEW_URL + "?type=other")

    form = response.context["form"]
    assert form.fields["transaction_id"].disabled
    assert not form.fields["attempted_steps"].disabled
    content = response.content.decode()
    assert 'data-structured="transaction_id" hidden' in content
    assert 'data-structured="attempted_steps">' in content


def test_a_required_structured_field_is_enforced(client, reference_data):
    before = counts()

    response = post_new(client, asset="")

    assert response.status_code == 400
    assert "asset" in response.context["form"].errors
    assert counts() == before


def test_facts_the_type_does_not_ask_for_are_ignored(client, reference_data):
    response = post_new(client, type="other", transaction_id="0xdeadbeef", asset="BTC", amount="5")

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.type.slug == "other"
    assert (ticket.transaction_id, ticket.asset, ticket.amount) == ("", "", None)


def test_the_posted_type_wins_over_the_query_string(client, reference_data):
    # With JavaScript the type can be switched in place; the hidden field carries the choice.
    response = client.post(NEW_URL + "?type=deposit_withdrawal", form_data(type="trading", asset="BTC"))

    assert response.status_code == 302
    assert Ticket.objects.get().type.slug == "trading"


# --- Filing a ticket -------------------------------------------------------------------------------------------


def test_guest_files_a_ticket_with_two_screenshots_and_then_sees_the_conversation(client, reference_data):
    response = client.post(
        NEW_URL + "?type=deposit_withdrawal",
        form_data(screenshots=[png_upload("first.png"), png_upload("second.png", color=(200, 80, 10))]),
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/tickets/{ticket.reference}/created/"
    assert ticket.requester is None
    assert ticket.channel == "web"
    assert ticket.language == "en"
    assert ticket.asset == "USDT"
    assert ticket.amount == 500
    shots = list(ticket.screenshots.order_by("id"))
    assert [s.original_name for s in shots] == ["first.png", "second.png"]
    assert all(s.message_id is None for s in shots)

    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    content = confirmation.content.decode()
    assert ticket.reference in content
    assert "within 1 hour" in content  # deposits are high priority: first response in an hour
    assert ticket.first_response_due.strftime("%Y-%m-%d %H:%M") in content
    assert reverse("tickets:detail", kwargs={"reference": ticket.reference}) in content

    conversation = client.get(f"/en/tickets/{ticket.reference}/")
    assert conversation.status_code == 200
    page = conversation.content.decode()
    assert "USDT withdrawal pending for 3 hours" in page
    for shot in shots:
        assert reverse("screenshot", args=[shot.public_id]) in page


def test_another_browser_cannot_open_a_guest_ticket_or_its_confirmation(client, reference_data):
    from django.test import Client

    response = post_new(client)
    ticket = Ticket.objects.get()
    stranger = Client()

    assert stranger.get(response["Location"]).status_code == 404
    assert stranger.get(f"/en/tickets/{ticket.reference}/").status_code == 404


def test_signed_in_customer_gets_a_prefilled_email_and_owns_the_ticket(client, customer):
    client.force_login(customer)

    form_page = client.get(NEW_URL + "?type=trading")
    assert form_page.context["form"]["contact_email"].value() == customer.email

    response = client.post(NEW_URL + "?type=trading", form_data(type="trading", contact_email=customer.email))
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.requester == customer
    assert client.get(response["Location"]).status_code == 200


def test_chinese_pages_work_and_the_ticket_keeps_the_language(client, reference_data):
    page = client.get("/zh-hans/tickets/new/?type=deposit_withdrawal")
    assert page.status_code == 200
    content = page.content.decode()
    assert '<html lang="zh-hans">' in content
    assert "充值与提现" in content

    response = post_new(client, url="/zh-hans/tickets/new/", title="USDT 提现未到账", description="已经三个小时了。")

    ticket = Ticket.objects.get()
    assert ticket.language == "zh-hans"
    assert response["Location"] == f"/zh-hans/tickets/{ticket.reference}/created/"
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert ticket.reference in confirmation.content.decode()


def test_the_language_switch_posts_to_set_language_with_this_page_in_the_other_language(client, reference_data):
    content = client.get(NEW_URL + "?type=trading").content.decode()

    assert 'action="/i18n/setlang/"' in content
    assert 'name="language" value="zh-hans"' in content
    assert 'name="next" value="/zh-hans/tickets/new/?type=trading"' in content
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/zh-hans/tickets/new/?type=trading"})
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/tickets/new/?type=trading"


def test_every_page_carries_the_anti_phishing_notice_and_the_js_catalog(client, reference_data):
    content = client.get(NEW_URL).content.decode()

    assert "Supportdesk staff will never ask for your password, 2FA codes or seed phrase." in content
    assert reverse("javascript-catalog") in content


def test_the_form_posts_with_a_csrf_token(reference_data):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    assert strict.post(NEW_URL + "?type=other", form_data(type="other")).status_code == 403
    assert "csrfmiddlewaretoken" in strict.get(NEW_URL + "?type=other").content.decode()
    assert Ticket.objects.count() == 0


# --- Field checks ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("asset", "US DT"),
        ("asset", "USDT<script>"),
        ("asset", "A" * 21),
        ("amount", "0"),
        ("amount", "-5"),
        ("amount", "NaN"),
        ("amount", "Infinity"),
        ("amount", "1e400"),
        ("transaction_id", "x" * 129),
        ("network", "n" * 41),
        ("occurred_at", "yesterday"),
        ("attempted_steps", "s" * 2001),
        ("description", "d" * 10001),
        ("description", ""),
        ("title", ""),
        ("contact_email", "not-an-email"),
        ("contact_email", "victim@example.com\r\nBcc: everyone@example.com"),
        ("contact_email", "victim@example.com\nBcc: everyone@example.com"),
        ("contact_phone", "020 7946 0958"),
        ("contact_phone", "+1 000"),
    ],
)
def test_bad_values_get_a_field_error_and_store_nothing(client, reference_data, field, value):
    before = counts()

    response = post_new(client, **{field: value})

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert counts() == before


def test_a_refused_form_keeps_the_screenshots_for_the_retry(client, reference_data):
    response = post_new(client, asset="", screenshots=[png_upload()])

    assert response.status_code == 400
    assert "Kept from your last try" in response.content.decode()
    assert "Your screenshots were not kept" not in response.content.decode()
    assert not Screenshot.objects.exists()  # held, not attached to anything yet


def test_a_one_megabyte_title_is_a_form_error_not_a_crash(client, reference_data):
    before = counts()

    response = post_new(client, title="A" * (1024 * 1024))

    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert counts() == before


def test_a_phone_without_country_code_says_what_to_do(client, reference_data):
    response = post_new(client, contact_phone="13800138000")

    assert "Choose your country, or start with + and your country code" in response.content.decode()


def test_phone_is_normalised_to_e164_and_asset_upper_cased(client, reference_data):
    response = post_new(client, contact_phone="+44 20 7946 0958", asset="usdt")

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.contact_phone == "+442079460958"
    assert ticket.asset == "USDT"


def test_when_it_happened_is_read_as_utc_and_may_not_be_in_the_future(client, reference_data):
    with timezone.override("Asia/Shanghai"):
        response = post_new(client, occurred_at="2024-03-01T08:30")
    assert response.status_code == 302
    assert Ticket.objects.get().occurred_at == datetime(2024, 3, 1, 8, 30, tzinfo=UTC)

    tomorrow = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = post_new(client, occurred_at=tomorrow)
    assert response.status_code == 400
    assert "occurred_at" in response.context["form"].errors
    assert Ticket.objects.count() == 1


def test_a_title_is_one_line(client, reference_data):
    post_new(client, title="Withdrawal\r\nstuck\tagain")

    assert Ticket.objects.get().title == "Withdrawal stuck again"


def test_customers_cannot_set_priority_status_assignee_team_tier_or_requester(client, reference_data, agent):
    from tests.factories import UserFactory

    someone_else = UserFactory()
    response = post_new(
        client,
        priority="low",
        status="closed",
        assignee=str(agent.pk),
        team="security",
        tier="3",
        requester=str(someone_else.pk),
        requester_id=str(someone_else.pk),
        channel="api",
        language="xx",
        reference="SD-AAAAAA",
    )

    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.priority == "high"  # the deposit type's default
    assert ticket.status == Status.NEW
    assert ticket.assignee is None
    assert ticket.team.slug == "frontline"
    assert ticket.tier == 1
    assert ticket.requester is None
    assert ticket.channel == "web"
    assert ticket.language == "en"
    assert ticket.reference != "SD-AAAAAA"


# --- Hostile screenshots ---------------------------------------------------------------------------------------

SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML_AS_PNG = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (lambda: [SimpleUploadedFile("x.svg", SVG_WITH_SCRIPT, content_type="image/svg+xml")], "is not a PNG"),
        (lambda: [SimpleUploadedFile("fake.png", HTML_AS_PNG, content_type="image/png")], "is not a PNG"),
        (lambda: [SimpleUploadedFile("cat.gif", gif_bytes(), content_type="image/gif")], "is not a PNG"),
        (lambda: [png_upload(f"s{i}.png") for i in range(6)], "At most 5 screenshots"),
        (
            lambda: [SimpleUploadedFile("big.png", png_bytes() + bytes(6 * 1024 * 1024), content_type="image/png")],
            "larger than 5 MB",
        ),
        # Pillow refuses this size while reading the header; the error names the file either way.
        (lambda: [SimpleUploadedFile("bomb.png", png_bomb(), content_type="image/png")], "bomb.png"),
        (lambda: [png_upload("ok.png"), SimpleUploadedFile("x.svg", SVG_WITH_SCRIPT)], "is not a PNG"),
    ],
    ids=["svg-script", "html-named-png", "gif", "six-files", "six-megabytes", "png-bomb", "one-bad-of-two"],
)
def test_hostile_screenshots_are_refused_with_a_clear_message_and_nothing_is_stored(
    client, reference_data, files, message
):
    before = counts()

    response = post_new(client, screenshots=files())

    assert response.status_code == 400
    errors = response.context["form"].errors["screenshots"]
    assert any(message in error for error in errors)
    assert message in response.content.decode()
    assert counts() == before
    assert not TicketEvent.objects.exists()


def test_bytes_appended_after_a_png_are_dropped_by_re_encoding(client, reference_data):
    upload = SimpleUploadedFile("tail.png", png_bytes() + b"<script>alert(1)</script>", content_type="image/png")

    response = post_new(client, screenshots=[upload])

    assert response.status_code == 302
    shot = Screenshot.objects.get()
    with shot.file.open("rb") as stored:
        assert b"<script>" not in stored.read()


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.png", "a" * 296 + ".png", "evil\r\nX-Injected: yes.png", "line\nbreak.png"],
    ids=["path-traversal", "300-characters", "crlf-header", "lf"],
)
def test_hostile_file_names_are_neutralised(client, reference_data, name):
    response = post_new(client, screenshots=[png_upload(name)])

    assert response.status_code == 302
    shot = Screenshot.objects.get()
    assert len(shot.original_name) <= 100
    assert not any(c in shot.original_name for c in "/\\\r\n")
    assert ".." not in shot.original_name
    # Stored under a random name of our own, never the client's.
    assert shot.file.name.startswith("screenshots/")
    assert shot.public_id.hex in shot.file.name
    assert "passwd" not in shot.file.name
    page = client.get(f"/en/tickets/{shot.ticket.reference}/")
    assert page.status_code == 200
    assert f">{shot.original_name}<" in page.content.decode()


# --- Escaping --------------------------------------------------------------------------------------------------

XSS_TITLE = '"><img src=x onerror=alert(1)>'
MARKDOWN_LINK = "[x](javascript:alert(1))"


def test_a_script_like_title_is_stored_as_text_and_shown_escaped(client, reference_data):
    response = post_new(client, title=XSS_TITLE, description=MARKDOWN_LINK + "\nsecond line <b>bold</b>")

    ticket = Ticket.objects.get()
    assert ticket.title == XSS_TITLE
    escaped = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    for url in (response["Location"], f"/en/tickets/{ticket.reference}/"):
        page = client.get(url).content.decode()
        assert "<img src=x" not in page
        assert "onerror=alert(1)>" not in page
    detail = client.get(f"/en/tickets/{ticket.reference}/").content.decode()
    assert escaped in detail
    # Markdown-looking text stays literal: no link is made, HTML in it is escaped.
    assert MARKDOWN_LINK + "<br>second line &lt;b&gt;bold&lt;/b&gt;" in detail
    assert 'href="javascript:' not in detail


def test_the_search_box_echoes_the_query_escaped(client, reference_data):
    response = client.get("/en/", {"q": "<script>alert(1)</script>"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_confirmation_page_promise_is_the_type_sla(client, reference_data):
    post_new(client, type="account_security", asset="BTC")
    ticket = Ticket.objects.get()

    page = client.get(f"/en/tickets/{ticket.reference}/created/").content.decode()

    assert "within 15 minutes" in page  # account security is urgent


def test_the_form_shares_the_apis_ticket_allowance_and_keeps_what_was_typed(client, customer, settings):
    from tests.conftest import token_client

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ticket_create": "2/min"},
    }
    client.force_login(customer)
    assert post_new(client, title="First").status_code == 302
    # An invalid form uses none of the allowance.
    assert post_new(client, title="").status_code == 400
    assert post_new(client, title="Second").status_code == 302
    response = post_new(client, title="Third, typed with care")
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent many tickets in a short time. Wait" in page
    assert 'value="Third, typed with care"' in page
    assert Ticket.objects.count() == 2
    # The same customer through the API has no allowance left either; someone else has theirs.
    assert token_client(customer).post("/api/v1/tickets/", {}, format="json").status_code == 429
    other = Client()
    assert post_new(other, title="Another customer's", contact_email="other@example.com").status_code == 302


def test_an_emergency_freeze_is_never_held_back_by_the_ticket_allowance(client, reference_data, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ticket_create": "1/min"},
    }
    assert post_new(client, title="First").status_code == 302
    assert post_new(client, title="Second").status_code == 429
    freeze = client.post(
        "/en/tickets/freeze/",
        {"contact_email": "victim@example.com", "what_happened": "Someone changed my 2FA.", "confirm": "on"},
    )
    assert freeze.status_code == 302


def _one_ticket_a_minute(settings, proxies: int) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "ticket_create": "1/min"},
        "NUM_PROXIES": proxies,
    }


def test_a_guest_cannot_name_a_fresh_address_in_x_forwarded_for(client, reference_data, settings):
    _one_ticket_a_minute(settings, proxies=0)  # no proxy trusted: the header is ignored
    assert post_new(client, title="First", forwarded_for="203.0.113.1").status_code == 302
    assert post_new(client, title="Second", forwarded_for="203.0.113.2").status_code == 429


def test_behind_a_trusted_proxy_each_client_address_has_its_allowance(client, reference_data, settings):
    _one_ticket_a_minute(settings, proxies=1)  # the proxy's hop is the client's address
    assert post_new(client, title="First", forwarded_for="203.0.113.1").status_code == 302
    assert post_new(client, title="Again", forwarded_for="203.0.113.1").status_code == 429
    assert post_new(client, title="Someone else", forwarded_for="203.0.113.2").status_code == 302
    # A spoofed first hop does not help: only the last one, added by the proxy, counts.
    spoofed = "198.51.100.9, 203.0.113.1"
    assert post_new(client, title="Spoofed", forwarded_for=spoofed).status_code == 429
