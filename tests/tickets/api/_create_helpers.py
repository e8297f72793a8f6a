"""Helpers shared by the ticket-creation API's tests: a valid body, the counts that must not move, multipart."""

import uuid
from pathlib import Path

from django.conf import settings as django_settings

from tickets.models import IdempotencyRecord, Message, Screenshot, Ticket, TicketEvent

URL = "/api/v1/tickets/"


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
