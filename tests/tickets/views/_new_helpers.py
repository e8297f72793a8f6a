"""Helpers shared by the browser ticket form's tests: PNG uploads, a valid form, counts that must not move, a POST."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tickets.models import Message, Notification, Screenshot, Ticket

NEW_URL = "/en/tickets/new/"


def png_bytes(size=(64, 48), color=(20, 110, 200)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def png_upload(name="screen.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


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
