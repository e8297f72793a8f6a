"""The browser ticket form's checks: field values, fields customers may not set, hostile screenshots, escaping."""

import io
import struct
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.tickets.views._new_helpers import counts, png_bytes, png_upload, post_new
from tickets.models import Screenshot, Status, Ticket, TicketEvent


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
